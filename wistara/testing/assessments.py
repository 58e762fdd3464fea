"""Cycles and registrations for tests, made through the real services."""

from datetime import date, timedelta

from django.utils import timezone

from wistara.assessments.models import Cycle, Registration
from wistara.assessments.services import cycle_open, registration_create
from wistara.instruments.models import InstrumentVersion
from wistara.regions.models import District, Regency, Village


def open_test_cycle(
    instrument: InstrumentVersion | None = None,
    *,
    code: str = "TEST-2025",
    deadline: date | None = None,
) -> Cycle:
    """A cycle whose registration is open today and whose self-assessment deadline is ahead."""
    existing = Cycle.objects.filter(code=code).first()
    if existing:
        return existing
    today = timezone.localdate()
    deadline = deadline or today + timedelta(days=30)
    day = timedelta(days=1)
    return cycle_open(
        code=code,
        name=f"Siklus {code}",
        instrument=instrument or InstrumentVersion.objects.get(code="TEST-2025"),
        registration_opens=min(today - 10 * day, deadline),
        registration_closes=today + 5 * day,
        self_assessment_deadline=deadline,
        provincial_verification_start=deadline + 2 * day,
        provincial_verification_end=deadline + 10 * day,
        national_verification_start=deadline + 11 * day,
        national_verification_end=deadline + 20 * day,
        field_validation_start=deadline + 21 * day,
        field_validation_end=deadline + 25 * day,
        award_date=deadline + 40 * day,
    )


def register(regency: Regency, cycle: Cycle | None = None, *, target: str = "wiwerda") -> Registration:
    cycle = cycle or open_test_cycle()
    districts = list(District.objects.filter(regency=regency).values_list("code", flat=True))
    villages = list(Village.objects.filter(district__regency=regency).values_list("code", flat=True))
    return registration_create(
        cycle=cycle,
        regency=regency,
        target_category=target,
        district_codes=districts,
        village_codes=villages,
        contacts=[{"name": "Kontak Uji", "phone": "0812"}],
        allow_late=True,
    )
