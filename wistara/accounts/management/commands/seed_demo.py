from django.core.management.base import BaseCommand, CommandError

from wistara.accounts.demo import DEMO_PASSWORD, demo_seed
from wistara.regions.models import Province


class Command(BaseCommand):
    help = "Create the demo province, regencies, offices and one user for every role."

    def handle(self, *args, **options) -> None:
        if not Province.objects.exists():
            raise CommandError("Regions are not loaded yet: run `python manage.py load_regions`.")
        logins = demo_seed()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role} · {login.scope}")
