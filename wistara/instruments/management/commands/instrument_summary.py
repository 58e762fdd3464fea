"""python manage.py instrument_summary KKS-2025 [--json]: counts per tatanan and component."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.instruments.selectors import instrument_summary, instrument_version_get


def _table(rows: list[dict], count_key: str) -> list[str]:
    width = max((len(row["name"]) for row in rows), default=0)
    return [f"  {row['code']:<4} {row['name']:<{width}}  {row[count_key]:>3}" for row in rows]


def _text(summary: dict) -> str:
    years = ", ".join(str(year) for year in summary["data_years"])
    lines = [
        f"{summary['code']}: {summary['name']}",
        f"Award year {summary['award_year']}, data years {years}" + (", frozen" if summary["frozen"] else ""),
        "",
        f"Tatanan ({summary['indicators']} indicators)",
        *_table(summary["tatanan"], "indicators"),
        "",
        f"Kelembagaan ({summary['kelembagaan_items']} items)",
        *_table(summary["kelembagaan"], "items"),
        "",
        "Option patterns (tatanan indicators)",
    ]
    lines += [f"  {pattern:<16} {count:>3}" for pattern, count in summary["option_patterns"].items()]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the number of indicators per tatanan and items per kelembagaan component."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="version code, e.g. KKS-2025")
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")

    def handle(self, *args: object, **options: object) -> None:
        version = instrument_version_get(code=str(options["code"]))
        if version is None:
            raise CommandError(f"No instrument version with code {options['code']!r}")
        summary = instrument_summary(version)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_text(summary))
