"""python manage.py import_assessment PATH.xlsx --regency CODE --cycle CODE [--dry-run] [--json]"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.accounts.models import User
from wistara.assessments.models import Registration
from wistara.interchange.services_import import ImportRefused, import_apply, import_read


class Command(BaseCommand):
    help = (
        "Bring a regency's filled workbook (2023 or 2025 layout) in as drafts: matched and "
        "probable indicators get their answer, links and history. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--regency", required=True, help="regency code, e.g. 14.01")
        parser.add_argument("--cycle", required=True, help="cycle code, e.g. KKS-2025")
        parser.add_argument(
            "--data-year", type=int, help="data year of links that name none (default: the later data year)"
        )
        parser.add_argument("--user", help="username recorded as the author of the changes")
        parser.add_argument("--dry-run", action="store_true", help="show what would be created")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        registration = (
            Registration.objects.select_related("cycle__instrument", "regency")
            .filter(regency__code=options["regency"], cycle__code=options["cycle"])
            .first()
        )
        if registration is None:
            raise CommandError(f"{options['regency']} is not registered in {options['cycle']}")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No such user: {options['user']}")
        data_year = options["data_year"] or max(int(y) for y in registration.cycle.instrument.data_years)
        try:
            content = import_read(path=path, registration=registration)
            summary = import_apply(
                registration=registration,
                content=content,
                user=user,
                data_year=data_year,
                dry_run=options["dry_run"],
            )
        except ImportRefused as exc:
            if options["json"]:
                self.stdout.write(
                    json.dumps(
                        {"ok": False, "problems": exc.problems, **exc.summary}, indent=2, ensure_ascii=False
                    )
                )
            raise CommandError("Nothing was imported:\n" + "\n".join(exc.problems)) from exc
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        if options["json"]:
            self.stdout.write(json.dumps({"ok": True, **summary}, indent=2, ensure_ascii=False))
            return
        self.stdout.write(_text(summary))


def _text(summary: dict) -> str:
    verb = "would create" if summary["dry_run"] else "created"
    lines = [
        f"{summary['file']}: {len(summary['sheets'])} sheets, {summary['indicators']} indicators "
        f"({summary['matched']} matched, {summary['probable']} probable, "
        f"{summary['unmatched']} not matched)",
        f"{verb}: {summary['answers']} answers, {summary['links']} links, "
        f"{summary['history']} earlier scores",
    ]
    lines += [f"  {s['name']}: {s['items']} indicators" for s in summary["sheets"]]
    lines += [f"  skipped {s['name']}: {s['why']}" for s in summary["skipped"]]
    lines += [f"  ! {flag}" for flag in summary["flagged"]]
    return "\n".join(lines)
