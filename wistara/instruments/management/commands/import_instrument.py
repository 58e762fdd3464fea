"""python manage.py import_instrument PATH --code KKS-2025 [--award-year N] [--data-years ...]"""

import argparse
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.instruments.importer import InstrumentImportError
from wistara.instruments.models import InstrumentVersion
from wistara.instruments.selectors import instrument_summary
from wistara.instruments.services import (
    ImportStatus,
    instrument_import_workbook,
    instrument_import_yaml,
)

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
YAML_SUFFIXES = {".yaml", ".yml"}


def _years(value: str) -> list[int]:
    try:
        return [int(part) for part in value.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected years like 2023,2024, not {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Import an instrument version from the official KKS workbook (.xlsx) or from a YAML "
        "export (.yaml/.yml). Nothing is written unless the whole file is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the .xlsx workbook or .yaml/.yml file")
        parser.add_argument("--code", help="version code, e.g. KKS-2025 (YAML: defaults to the file's code)")
        parser.add_argument("--award-year", type=int, help="default: the year in the title row")
        parser.add_argument(
            "--data-years", type=_years, help="comma-separated, default: the two years before the award year"
        )
        parser.add_argument("--rules", help="award rules YAML, default: the shipped KKS rules")

    def handle(self, *args: object, **options: object) -> None:
        try:
            version, status = self._import(Path(str(options["path"])), options)
        except InstrumentImportError as exc:
            raise CommandError(_failure(exc.errors)) from exc
        except ValidationError as exc:
            raise CommandError(_failure(exc.messages)) from exc
        self.stdout.write(_summary_line(version, status))

    def _import(self, path: Path, options: dict) -> tuple[InstrumentVersion, ImportStatus]:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        overrides = {
            "award_year": options["award_year"],
            "data_years": options["data_years"],
            "rules_path": options["rules"],
        }
        suffix = path.suffix.lower()
        if suffix in WORKBOOK_SUFFIXES:
            if not options["code"]:
                raise CommandError("--code is required for a workbook, e.g. --code KKS-2025")
            return instrument_import_workbook(path=path, code=options["code"], **overrides)
        if suffix in YAML_SUFFIXES:
            return instrument_import_yaml(path=path, code=options["code"], **overrides)
        raise CommandError(f"Unknown file type {suffix!r}: expected .xlsx, .yaml or .yml")


def _failure(errors: list[str]) -> str:
    lines = "\n".join(f"  - {error}" for error in errors)
    return f"Import failed, nothing was written ({len(errors)} problem(s)):\n{lines}"


def _summary_line(version: InstrumentVersion, status: str) -> str:
    summary = instrument_summary(version)
    return (
        f"{version.code} {status}: {len(summary['tatanan'])} tatanan with "
        f"{summary['indicators']} indicators, {len(summary['kelembagaan'])} kelembagaan "
        f"components with {summary['kelembagaan_items']} items "
        f"(award year {version.award_year}, data years "
        f"{', '.join(str(y) for y in version.data_years)})"
    )
