"""python manage.py carry_forward --regency CODE --from PREVIOUS --cycle CODE [--office SHORT]
[--dry-run] [--json]"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.accounts.models import User
from wistara.assessments.models import Registration
from wistara.interchange.carry import carry_content
from wistara.interchange.services_import import ImportRefused, import_apply

from .import_assessment import _text


class Command(BaseCommand):
    help = "Carry a regency's answers, links and lasting files forward from its previous cycle, as drafts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--regency", required=True)
        parser.add_argument("--from", dest="previous", required=True, help="the previous cycle's code")
        parser.add_argument("--cycle", required=True)
        parser.add_argument("--office", action="append", help="an office's short name (repeatable)")
        parser.add_argument("--user")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options) -> None:
        codes = [options["previous"], options["cycle"]]
        found = {
            r.cycle.code: r
            for r in Registration.objects.select_related("cycle__instrument", "regency").filter(
                regency__code=options["regency"], cycle__code__in=codes
            )
        }
        previous, registration = found.get(options["previous"]), found.get(options["cycle"])
        if previous is None or registration is None or previous == registration:
            raise CommandError("Both cycles need a registration of the regency (and must differ).")
        offices = None
        if options["office"]:
            offices = set(
                registration.regency.offices.filter(short_name__in=options["office"]).values_list(
                    "id", flat=True
                )
            )
        user = User.objects.filter(username=options["user"]).first() if options["user"] else None
        data_year = max(int(y) for y in registration.cycle.instrument.data_years)
        content = carry_content(previous=previous, registration=registration, office_ids=offices)
        try:
            summary = import_apply(
                registration=registration,
                content=content,
                user=user,
                data_year=data_year,
                dry_run=options["dry_run"],
            )
        except ImportRefused as exc:
            raise CommandError("Nothing was carried forward:\n" + "\n".join(exc.problems)) from exc
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            json.dumps({"ok": True, **summary}, indent=2, ensure_ascii=False)
            if options["json"]
            else _text(summary)
        )
