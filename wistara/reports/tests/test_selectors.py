from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wistara.accounts.access import provinces_for_user, regencies_for_user
from wistara.assessments.access import get_cycle
from wistara.assessments.models import Registration
from wistara.regions.models import Province, Regency
from wistara.reports.selectors import cycle_overview, province_grid, totals
from wistara.testing.assessments import open_test_cycle, register
from wistara.verification.awards import award_result
from wistara.verification.models import Decision

pytestmark = pytest.mark.django_db
S = Registration.Status


def _overview(user=None, code="TEST-2025"):
    regencies = regencies_for_user(user) if user else Regency.objects.all()
    return {r.regency_code: r for r in cycle_overview(cycle=get_cycle(code), regencies_qs=regencies)}


def test_it_computes_state_completion_scores_and_categories_by_hand(cycle):
    rows = _overview()
    a1, a2, b1 = rows["11.01"], rows["11.71"], rows["12.01"]
    assert (a1.status, a2.status, b1.status) == (S.PROVINCIAL_VERIFIED, S.SELF_ASSESSMENT, S.DECIDED)
    assert (a1.province_code, a1.province_name, a1.regency_name) == ("11", "PROVINSI A", "KABUPATEN A SATU")
    assert (a1.items, a1.complete, a1.completion) == (5, 2, Decimal("40.00"))
    assert (a2.complete, a2.completion, b1.completion) == (1, Decimal("20.00"), Decimal("0.00"))
    # Tatanan only: 4 items of 100 points; kelembagaan apart.
    assert (a1.self_score, a1.provincial_score, a1.national_score) == (100, 75, None)
    assert (a1.latest_score, a1.kelembagaan) == (75, 100)
    assert (a2.self_score, a2.provincial_score, a2.latest_score, a2.kelembagaan) == (25, None, 25, 0)
    assert (b1.self_score, b1.provincial_score, b1.national_score, b1.latest_score) == (100, 100, 100, 100)
    assert (a1.odf_villages, a1.odf_count, a1.odf_percent) == (2, 2, 100)
    assert (a2.odf_count, a2.odf_percent) == (1, 50)
    assert a1.projected.code == "padapa" and a2.projected is None and b1.projected.code == "wistara"
    assert (a1.target_code, a1.decided, a1.final_code) == ("wiwerda", False, None)
    assert (b1.decided, b1.final_code, b1.final_name) == (True, "wistara", "Wistara")


def test_it_agrees_with_the_award_engine_of_the_verification_app(cycle):
    rows = _overview()
    for registration in (cycle.a1, cycle.a2, cycle.b1):
        expected = award_result(registration)
        row = rows[registration.regency.code]
        assert row.latest_score == expected.overall
        assert row.kelembagaan == expected.kelembagaan
        assert row.odf_percent == expected.odf_percent
        assert (row.projected and row.projected.code) == (expected.reached and expected.reached.code)


def test_it_lists_only_the_regencies_it_is_given(cycle, world):
    assert set(_overview(world.user("provincial_verifier"))) == {"11.01", "11.71"}
    assert set(_overview(world.user("national_verifier"))) == {"11.01", "11.71", "12.01"}


def _count_queries(regencies) -> tuple[int, int]:
    cycle = get_cycle("TEST-2025")
    with CaptureQueriesContext(connection) as ctx:
        rows = cycle_overview(cycle=cycle, regencies_qs=regencies)
        # Everything a page, the xlsx or the API reads.
        read = [
            (r.projected, r.self_score, r.provincial_score, r.national_score, r.kelembagaan) for r in rows
        ]
    assert len(read) == len(rows)
    return len(ctx.captured_queries), len(rows)


def test_it_makes_the_same_few_queries_for_one_or_three_registrations(cycle):
    one = _count_queries(Regency.objects.filter(code="11.71"))
    three = _count_queries(Regency.objects.all())
    assert one[1] == 1 and three[1] == 3
    assert one[0] == three[0] <= 6


def test_it_reads_the_previous_cycles_decision_for_the_history_rule(cycle, world):
    previous = open_test_cycle(code="TEST-2024")
    earlier = register(world.regency_b1, previous)
    Registration.objects.filter(pk=earlier.pk).update(status=S.DECIDED)
    Decision.objects.create(
        registration=earlier, category=cycle.b1.target_category, reason="x", decided_at=earlier.created_at
    )
    now = get_cycle("TEST-2025")
    now.previous = previous
    now.save(update_fields=["previous"])
    row = _overview()["12.01"]
    assert row.previous_category == cycle.b1.target_category.code
    assert _overview()["11.01"].previous_category is None


def test_it_counts_each_provinces_regencies_by_stage(cycle, world):
    rows = cycle_overview(cycle=get_cycle("TEST-2025"), regencies_qs=Regency.objects.all())
    cards = {
        c.code: c
        for c in province_grid(
            cycle=get_cycle("TEST-2025"),
            provinces_qs=Province.objects.all(),
            regencies_qs=Regency.objects.all(),
            rows=rows,
        )
    }
    a, b = cards["11"], cards["12"]
    assert (a.regencies, a.registered, a.submitted, a.verified, a.decided) == (2, 2, 1, 1, 0)
    assert (b.regencies, b.registered, b.submitted, b.verified, b.decided) == (1, 1, 1, 1, 1)
    assert a.average_score == Decimal("50.00")  # (75 + 25) / 2
    assert b.average_score == Decimal("100.00")
    # A1 verified by the province (1/2), A2 self-assessing at 20% (0.2 / 4 = 0.05).
    assert a.progress == Decimal("27.50") and a.band == "q1"
    assert b.progress == Decimal("100.00") and b.band == "done"
    total = totals(rows)
    assert (total.registered, total.submitted, total.verified, total.decided) == (3, 2, 2, 1)


def test_it_shows_a_provincial_verifier_only_its_provinces_in_the_grid(cycle, world):
    user = world.user("provincial_verifier")
    cards = province_grid(
        cycle=get_cycle("TEST-2025"),
        provinces_qs=provinces_for_user(user),
        regencies_qs=regencies_for_user(user),
    )
    assert [c.code for c in cards] == ["11"]
