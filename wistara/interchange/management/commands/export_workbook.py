"""python manage.py export_workbook --regency CODE --cycle CODE OUT.xlsx"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wistara.assessments.models import Registration
from wistara.interchange.exports import write_official_workbook


class Command(BaseCommand):
    help = "Write a regency's assessment in the official workbook layout, answers filled."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="the .xlsx file to write")
        parser.add_argument("--regency", required=True)
        parser.add_argument("--cycle", required=True)

    def handle(self, *args, **options) -> None:
        registration = (
            Registration.objects.select_related("cycle__instrument", "regency")
            .filter(regency__code=options["regency"], cycle__code=options["cycle"])
            .first()
        )
        if registration is None:
            raise CommandError(f"{options['regency']} is not registered in {options['cycle']}")
        out = Path(options["out"])
        write_official_workbook(registration, out)
        self.stdout.write(f"{out}: {registration.regency.name}, {registration.cycle.code}")
