"""python manage.py export_instrument KKS-2025 [--output FILE]: the version as YAML."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.instruments.selectors import instrument_version_get
from wistara.instruments.services import instrument_to_yaml


class Command(BaseCommand):
    help = (
        "Export an instrument version as YAML (stdout by default); the file can be edited "
        "and imported again with import_instrument."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="version code, e.g. KKS-2025")
        parser.add_argument("--output", "-o", help="write to this file instead of stdout")

    def handle(self, *args: object, **options: object) -> None:
        version = instrument_version_get(code=str(options["code"]))
        if version is None:
            raise CommandError(f"No instrument version with code {options['code']!r}")
        text = instrument_to_yaml(version)
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        output = Path(str(options["output"]))
        output.write_text(text, encoding="utf-8")
        self.stderr.write(f"Wrote {version.code} to {output}")
