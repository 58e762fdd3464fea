"""A regency taken through a provincial return and a correction, all through the services."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PDF
from wistara.assessments.models import Registration, Response
from wistara.assessments.services import response_update
from wistara.dossier.testing import general_data_filled
from wistara.evidence.services import evidence_upload
from wistara.testing.assessments import register
from wistara.testing.world import World
from wistara.verification.services import (
    correction_resubmit,
    correction_return,
    review_record,
    submission_submit,
)

NOTE = "Capaian 2024 belum sesuai laporan; lampirkan laporan bertanda tangan."


def upload(response: Response, name: str, user, year: int = 2023):
    file = SimpleUploadedFile(name, PDF + name.encode(), content_type="application/pdf")
    return evidence_upload(
        response=response,
        uploaded_file=file,
        data_year=year,
        kind="report",
        title=name.removesuffix(".pdf"),
        user=user,
    )


@dataclass
class Rounds:
    """The registration, its items by code and the people who worked on them."""

    registration: Registration
    world: World

    def item(self, code: str) -> Response:
        return self.registration.responses.select_related("indicator").get(indicator__code=code)

    @property
    def operator(self):
        return self.world.user("opd_operator")

    @property
    def verifier(self):
        return self.world.user("provincial_verifier")

    def fix(self, code: str) -> None:
        """What an office does with a returned item: a new value and the signed report."""
        item = self.item(code)
        response_update(
            response=item, user=self.operator, base_revision=item.revision, data={"value_curr": "2,5"}
        )
        upload(item, f"laporan-{code}-2023-ttd.pdf", self.operator)

    def resubmit(self) -> None:
        correction_resubmit(registration=self.registration, user=self.world.user("regency_coordinator"))


def build_rounds(world, *, returned: tuple[str, ...] = ("T1.1",), regency=None, before_submit=None) -> Rounds:
    """Answered, one file per item, submitted, reviewed by the province with `returned` items
    needing correction, and returned: the office may now fix them."""
    registration = register(regency or world.regency_a1)
    coordinator = world.user("regency_coordinator")
    for item in registration.responses.select_related("indicator"):
        best = item.indicator.options.get(points=100)
        response_update(
            response=item,
            user=coordinator,
            base_revision=item.revision,
            data={"option": best.id, "value_prev": "0.5", "value_curr": "1", "unit": "%"},
        )
        upload(item, f"laporan-{item.indicator.code}-2023.pdf", coordinator)
    general_data_filled(registration, coordinator)
    if before_submit:
        before_submit(registration)
    submission_submit(registration=registration, user=coordinator, confirm_incomplete=True)
    rounds = Rounds(registration, world)
    for item in registration.responses.select_related("indicator"):
        if item.indicator.code in returned:
            review_record(
                response=item, level="provincial", user=rounds.verifier, verdict="needs_correction", note=NOTE
            )
        else:
            review_record(
                response=item,
                level="provincial",
                user=rounds.verifier,
                verdict="accepted",
                option_id=item.indicator.options.get(points=100).id,
            )
    if returned:
        correction_return(registration=registration, level="provincial", user=rounds.verifier)
    return rounds


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rounds(world, media) -> Rounds:
    """T1.1 returned with a note; the office changed its value and added a file; resubmitted."""
    rounds = build_rounds(world)
    rounds.fix("T1.1")
    rounds.resubmit()
    return rounds
