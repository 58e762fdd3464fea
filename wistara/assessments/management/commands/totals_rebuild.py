from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wistara.assessments.models import Cycle, Registration, Response, SectionTotal
from wistara.assessments.services.totals import COLUMNS, recount, totals_recount


def differences(registrations) -> list[str]:
    """Where the stored totals differ from a recount of the items (registration/section: what)."""
    stored = {
        (t.registration_id, t.section_id): tuple(getattr(t, c) for c in COLUMNS)
        for t in SectionTotal.objects.filter(registration__in=registrations)
    }
    counted = {
        (r, s): values for r, s, values in recount(Response.objects.filter(registration__in=registrations))
    }
    return [
        f"{key[0]}/{key[1]}: stored {stored.get(key)}, counted {counted.get(key)}"
        for key in sorted(stored.keys() | counted.keys())
        if stored.get(key) != counted.get(key)
    ]


class Command(BaseCommand):
    help = (
        "Recount the per-registration, per-section totals (what the national dashboard reads) "
        "from the items, in one transaction; --check only reports the differences."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cycle", help="Only this cycle's registrations (a cycle code).")
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; list the totals that differ from a recount."
        )

    def handle(self, *args, cycle: str | None, check: bool, **options) -> None:
        registrations = Registration.objects.all()
        if cycle:
            if not Cycle.objects.filter(code=cycle).exists():
                raise CommandError(f"No cycle {cycle}.")
            registrations = registrations.filter(cycle__code=cycle)
        found = differences(registrations)
        for line in found[:20]:
            self.stdout.write(line)
        if check:
            self.stdout.write(f"{len(found)} totals differ from a recount.")
            if found:
                raise CommandError("The totals differ from a recount: run without --check.")
            return
        with transaction.atomic():
            written = totals_recount(registrations=registrations)
        self.stdout.write(
            f"{len(found)} totals differed; {written} rows recounted for "
            f"{registrations.count()} registrations."
        )
