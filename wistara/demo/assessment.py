"""A demo cycle on the 2025 instrument: Kampar well under way in its self-assessment, Indragiri
Hilir answered, submitted and in the province's second round of verification."""

import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wistara.accounts.models import User
from wistara.assessments.models import Cycle, Registration, Response
from wistara.assessments.services import (
    cycle_open,
    registration_create,
    response_set_status,
    response_update,
)
from wistara.assessments.services.odf import odf_set
from wistara.evidence.models import Evidence
from wistara.evidence.services import evidence_upload
from wistara.instruments.models import InstrumentVersion
from wistara.regions.models import District, Regency, Village

from .files import demo_pdf
from .rounds import demo_second_round

CYCLE_CODE = "KKS-2025"


def demo_cycle() -> Cycle | None:
    existing = Cycle.objects.filter(code=CYCLE_CODE).first()
    instrument = InstrumentVersion.objects.filter(code="KKS-2025").first()
    if existing or instrument is None:
        return existing
    today, day = timezone.localdate(), timedelta(days=1)
    deadline = today + 24 * day  # the demo always has the deadline ahead, as a regency in season
    return cycle_open(
        code=CYCLE_CODE,
        name="Swasti Saba 2025 (demo)",
        instrument=instrument,
        registration_opens=today - 40 * day,
        registration_closes=today + 10 * day,
        self_assessment_deadline=deadline,
        provincial_verification_start=deadline + 2 * day,
        provincial_verification_end=deadline + 12 * day,
        national_verification_start=deadline + 14 * day,
        national_verification_end=deadline + 24 * day,
        field_validation_start=deadline + 26 * day,
        field_validation_end=deadline + 28 * day,
        award_date=deadline + 40 * day,
    )


def _register(cycle: Cycle, code: str, target: str, n_districts: int, user: User) -> Registration:
    regency = Regency.objects.get(code=code)
    existing = Registration.objects.filter(cycle=cycle, regency=regency).first()
    if existing:
        return existing
    districts = list(District.objects.filter(regency=regency).order_by("code")[:n_districts])
    villages = Village.objects.filter(district__in=districts).values_list("code", flat=True)
    return registration_create(
        cycle=cycle,
        regency=regency,
        target_category=target,
        district_codes=[d.code for d in districts],
        village_codes=list(villages),
        contacts=[{"name": "Sekretariat Tim Pembina", "position": "Bappeda", "phone": "0762-20000"}],
        user=user,
        allow_late=True,
    )


def _evidence(response, user: User, rng: random.Random) -> None:
    years = response.registration.cycle.data_years
    for year in years if rng.random() < 0.8 else years[:1]:
        title = f"Laporan {response.indicator.code} tahun {year}"
        upload = SimpleUploadedFile(f"{title}.pdf", demo_pdf(title), content_type="application/pdf")
        evidence_upload(
            response=response,
            uploaded_file=upload,
            data_year=year,
            kind=Evidence.Kind.REPORT,
            title=title,
            user=user,
        )


def _fill(registration: Registration, user: User, share: float) -> None:
    """Answer a share of the items the way a regency part-way through would.

    Each item draws from its own generator (regency and indicator code), so whether it is
    answered, and how, never depends on the items before it: a second run (every `make run`)
    finds the same items answered and skips them, and changes nothing (issue 10)."""
    for response in registration.responses.select_related("indicator").order_by("id"):
        rng = random.Random(f"{registration.regency.code}/{response.indicator.code}")
        if rng.random() > share or response.revision:
            continue
        options = list(response.indicator.options.all())
        option = rng.choices(options, weights=[6, 3, 1, 1, 1][: len(options)])[0]
        before = rng.randint(40, 95)
        response = response_update(
            response=response,
            user=user,
            base_revision=0,
            data={
                "value_prev": before,
                "value_curr": before + rng.randint(-3, 6),
                "unit": "%",
                "option": option.id,
                "explanation": "Data dari laporan tahunan perangkat daerah.",
            },
        )
        if rng.random() < 0.75:
            _evidence(response, user, rng)
            if rng.random() < 0.6:
                response_set_status(
                    response=response,
                    user=user,
                    base_revision=response.revision,
                    status=Response.Status.VALIDATED,
                )


def _odf(registration: Registration, user: User, share: float) -> None:
    verified = timezone.localdate() - timedelta(days=200)
    villages = Village.objects.filter(district__regency=registration.regency).order_by("code")
    for village in villages:
        if registration.odf.filter(village=village).exists():
            continue
        # One generator per village, for the same reason as the items' (_fill).
        is_odf = random.Random(f"{registration.regency.code}:odf:{village.code}").random() < share
        odf_set(
            registration=registration,
            village_code=village.code,
            is_odf=is_odf,
            verified_on=verified if is_odf else None,
            user=user,
        )


def demo_assessment() -> list[Registration]:
    cycle = demo_cycle()
    if cycle is None:
        return []
    kampar_user = User.objects.get(username="koordinator.kampar")
    kampar = _register(cycle, "14.01", "wiwerda", 6, kampar_user)
    _fill(kampar, kampar_user, share=0.7)
    _odf(kampar, kampar_user, share=0.88)
    inhil_user = User.objects.get(username="koordinator.inhil")
    inhil = _register(cycle, "14.04", "padapa", 3, inhil_user)
    if not inhil.submissions.exists():
        _fill(inhil, inhil_user, share=1.0)
        _odf(inhil, inhil_user, share=0.95)
        demo_second_round(inhil)
    return [kampar, inhil]
