from django.core.management.base import BaseCommand, CommandError

from wistara.demo.assessment import demo_assessment
from wistara.demo.dossier import demo_dossier
from wistara.demo.institutions import demo_institutions
from wistara.demo.people import DEMO_PASSWORD, demo_seed
from wistara.regions.models import Province


class Command(BaseCommand):
    help = "Create the demo province, regencies, offices, a user for every role and a demo cycle."

    def handle(self, *args, **options) -> None:
        if not Province.objects.exists():
            raise CommandError("Regions are not loaded yet: run `python manage.py load_regions`.")
        logins = demo_seed()
        registrations = demo_assessment()
        if registrations:
            demo_institutions(registrations[0])
            demo_dossier(registrations[0])
        for registration in registrations:
            self.stdout.write(f"Demo registration: {registration}")
        if not registrations:
            self.stdout.write("No KKS-2025 instrument: run import_instrument for a demo cycle.")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role} · {login.scope}")
