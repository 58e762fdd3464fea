"""A small cycle with its three regencies at different states, built through the services.

- 11.01 KABUPATEN A SATU: every item 100, evidence for both years on T1.1 and T1.2 only
  (completion 2/5 = 40%), both villages ODF; submitted; the province gives T1.1 0 points and
  the rest 100, and verifies. Self 100%, provincial 75%, latest 75%, kelembagaan 100%: Padapa.
- 11.71 KOTA A DUA: self-assessing; T1.1 = 100 with evidence for both years, T1.2 = 0 without,
  the rest unanswered (completion 1/5 = 20%, self 25%); one village of two ODF: no category.
- 12.01 KABUPATEN B SATU: every item 100, both villages ODF; through both levels at 100 and
  decided Wistara. Self, provincial, national 100%: projected and final Wistara.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from wistara.assessments.models import Registration
from wistara.assessments.services import response_update
from wistara.assessments.services.odf import odf_set
from wistara.dossier.testing import general_data_filled
from wistara.evidence.services import evidence_add_link
from wistara.testing.assessments import register
from wistara.verification.services import (
    decision_record,
    review_record,
    submission_submit,
    verification_complete,
)


@dataclass
class Cycle:
    a1: Registration
    a2: Registration
    b1: Registration

    @property
    def code(self) -> str:
        return self.a1.cycle.code


def answer(registration, world, points: dict[str, int]) -> None:
    user = world.user("national_admin")
    for response in registration.responses.select_related("indicator"):
        if response.indicator.code in points:
            option = response.indicator.options.get(points=points[response.indicator.code])
            response_update(
                response=response, user=user, base_revision=response.revision, data={"option": option.id}
            )


def evidence(registration, world, codes: list[str]) -> None:
    for response in registration.responses.filter(indicator__code__in=codes):
        for year in (2023, 2024):
            evidence_add_link(
                response=response,
                url=f"https://data.example.go.id/{response.id}/{year}",
                data_year=year,
                kind="report",
                user=world.user("national_admin"),
            )


def odf(registration, world, codes: list[str]) -> None:
    for code in codes:
        odf_set(
            registration=registration,
            village_code=code,
            is_odf=True,
            verified_on=date(2025, 1, 15),
            user=world.user("national_admin"),
        )


def review(registration, level: str, user, points: dict[str, int] | None = None) -> None:
    """Accept every item at `level` with 100 points, or with the points given per code."""
    for response in registration.responses.select_related("indicator"):
        value = (points or {}).get(response.indicator.code, 100)
        review_record(
            response=response,
            level=level,
            user=user,
            verdict="accepted",
            option_id=response.indicator.options.get(points=value).id,
        )
    verification_complete(registration=registration, level=level, user=user)


ALL = {"T1.1": 100, "T1.2": 100, "T2.1": 100, "T2.2": 100, "K1.1": 100}


@pytest.fixture
def cycle(world) -> Cycle:
    a1, a2, b1 = (register(r) for r in (world.regency_a1, world.regency_a2, world.regency_b1))
    answer(a1, world, ALL)
    evidence(a1, world, ["T1.1", "T1.2"])
    odf(a1, world, ["11.01.01.2001", "11.01.01.1001"])
    general_data_filled(a1, world.user("regency_coordinator"))
    submission_submit(registration=a1, user=world.user("regency_coordinator"), confirm_incomplete=True)
    review(a1, "provincial", world.user("provincial_verifier"), {"T1.1": 0})

    answer(a2, world, {"T1.1": 100, "T1.2": 0})
    evidence(a2, world, ["T1.1"])
    odf(a2, world, ["11.71.01.2001"])

    answer(b1, world, ALL)
    odf(b1, world, ["12.01.01.2001", "12.01.01.1001"])
    general_data_filled(b1, world.user("other_coordinator"))
    submission_submit(registration=b1, user=world.user("other_coordinator"), confirm_incomplete=True)
    review(b1, "provincial", world.user("national_admin"))
    review(b1, "national", world.user("national_verifier"))
    decision_record(
        registration=b1,
        category_code="wistara",
        reason="Semua syarat terpenuhi.",
        user=world.user("national_admin"),
    )
    return Cycle(*(Registration.objects.get(pk=r.pk) for r in (a1, a2, b1)))
