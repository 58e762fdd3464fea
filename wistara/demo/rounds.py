"""Indragiri Hilir in the province's second round: submitted, three items returned with notes,
two of them fixed by Dinkes (new values, a unit, an explanation, files replaced), resubmitted.
The province's review list then shows what changed since round 1 beside its notes."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wistara.accounts.models import User
from wistara.assessments.models import Registration, Response
from wistara.assessments.services import response_update
from wistara.dossier.models import GeneralData
from wistara.dossier.services import general_data_update
from wistara.evidence.models import Evidence
from wistara.evidence.services import evidence_remove, evidence_upload
from wistara.verification.models import Review
from wistara.verification.services import (
    correction_resubmit,
    correction_return,
    review_record,
    submission_submit,
)

from .files import demo_pdf

RETURNS = {
    "T1.1": "Kematian ibu dilaporkan dalam jumlah kasus, bukan persen. Perbaiki capaian dan "
    "satuannya, lalu lampirkan laporan KIA yang ditandatangani.",
    "T1.4": "Lampirkan daftar fasilitas kesehatan beserta jaraknya dari permukiman.",
    "T1.6": "Prevalensi stunting 2024 harus dari e-PPGBM, bukan survei; ganti data dukung 2024 "
    "dan sesuaikan capaiannya.",
}


@transaction.atomic
def demo_second_round(registration: Registration) -> None:
    """Idempotent: a registration already submitted is left as it is."""
    if registration.submissions.exists():
        return
    coordinator = User.objects.get(username="koordinator.inhil")
    _general_data(registration, coordinator)
    submission_submit(registration=registration, user=coordinator, confirm_incomplete=True)
    _review_round_one(registration, User.objects.get(username="verifikator.riau"))
    _fix(registration, User.objects.get(username="dinkes.inhil"))
    correction_resubmit(registration=registration, user=coordinator)


def _general_data(registration: Registration, user: User) -> None:
    """What the berita acara prints, which a submission requires (dossier.readiness)."""
    if GeneralData.objects.filter(regency=registration.regency, revision__gt=0).exists():
        return
    general_data_update(
        regency=registration.regency,
        user=user,
        base_revision=0,
        data={
            "leader_name": "Bupati Indragiri Hilir (demo)",
            "leader_office_address": "Jl. Akasia No. 1, Tembilahan",
            "tim_pembina_chair": "Sekretaris Daerah Kabupaten Indragiri Hilir",
            "forum_name": "Forum Inhil Sehat",
            "forum_chair": "Ketua TP-PKK Kabupaten Indragiri Hilir",
            "population": "660.000",
            "population_year": "2024",
        },
    )


def _review_round_one(registration: Registration, verifier: User) -> None:
    for response in registration.responses.select_related("indicator"):
        note = RETURNS.get(response.indicator.code)
        if note:
            review_record(
                response=response,
                level="provincial",
                user=verifier,
                verdict=Review.Verdict.NEEDS_CORRECTION,
                note=note,
            )
        else:
            option = response.option_id
            if option is None:  # the lowest option of the scale every indicator has
                lowest = response.indicator.options.order_by("points").first()
                assert lowest is not None
                option = lowest.id
            review_record(
                response=response,
                level="provincial",
                user=verifier,
                verdict=Review.Verdict.ACCEPTED,
                option_id=option,
            )
    correction_return(registration=registration, level="provincial", user=verifier)


def _item(registration: Registration, code: str) -> Response:
    return registration.responses.select_related(
        "indicator", "registration__cycle__instrument", "registration__regency"
    ).get(indicator__code=code)


def _upload(response: Response, title: str, year: int, user: User) -> None:
    file = SimpleUploadedFile(f"{title}.pdf", demo_pdf(title), content_type="application/pdf")
    evidence_upload(
        response=response,
        uploaded_file=file,
        data_year=year,
        kind=Evidence.Kind.REPORT,
        title=title,
        user=user,
    )


def _fix(registration: Registration, operator: User) -> None:
    """Dinkes fixes two of the three returned items; the third stays as it was."""
    second = registration.cycle.data_years[-1]
    deaths = _item(registration, "T1.1")
    response_update(
        response=deaths,
        user=operator,
        base_revision=deaths.revision,
        data={"value_prev": "4", "value_curr": "3", "unit": "kasus"},
    )
    _upload(deaths, f"Laporan KIA {second} (bertanda tangan)", second, operator)
    stunting = _item(registration, "T1.6")
    stunting = response_update(
        response=stunting,
        user=operator,
        base_revision=stunting.revision,
        data={
            "value_curr": "14,2",
            "explanation": f"Capaian {second} diganti dengan rekap e-PPGBM Agustus {second}.",
        },
    )
    for old in stunting.evidence.filter(data_year=second, removed_at__isnull=True):
        evidence_remove(evidence=old, user=operator)
    _upload(stunting, f"Rekap e-PPGBM Agustus {second}", second, operator)
