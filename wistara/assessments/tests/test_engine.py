from decimal import Decimal as D

import pytest

from wistara.assessments.engine import CategoryRule, Facts, Rules, SectionScore, evaluate, reached

RULES = Rules(
    categories=(
        CategoryRule("padapa", "Padapa", 1, D(71), min_odf_percent=D(80)),
        CategoryRule("wiwerda", "Wiwerda", 2, D(81), min_odf_percent=D(90)),
        CategoryRule("wistara", "Wistara", 3, D(91), min_odf_percent=D(100)),
        CategoryRule(
            "wistara-paripurna",
            "Wistara Paripurna",
            4,
            D(91),
            min_odf_percent=D(100),
            previous_categories=("wistara", "wistara-paripurna"),
        ),
    ),
    kelembagaan_pass_mark=D(60),
)
KEL_PASS = SectionScore("K", "Kelembagaan", 1200, 1600)


def facts(points: int, odf=D(100), kel=KEL_PASS, previous=None, max_points=13600) -> Facts:
    return Facts(
        tatanan=(SectionScore("T1", "Satu", points, max_points),),
        kelembagaan=kel,
        odf_percent=odf,
        previous_category=previous,
    )


def test_it_reaches_padapa_at_exactly_71_percent():
    result = evaluate(RULES, facts(9656))
    assert result.overall == D("71.00")
    assert result.reached.code == "padapa"


@pytest.mark.parametrize(
    ("score", "category"),
    [
        (D("70.99"), None),
        (D("71"), "padapa"),
        (D("80.99"), "padapa"),
        (D("81"), "wiwerda"),
        (D("90.99"), "wiwerda"),
        (D("91"), "wistara"),
        (D("100"), "wistara"),
    ],
)
def test_it_places_every_band_boundary(score, category):
    result = evaluate(RULES, facts(int(score * 100), max_points=10000))
    assert (result.reached.code if result.reached else None) == category


def test_it_holds_back_a_high_score_at_the_odf_gate_and_says_why():
    result = evaluate(RULES, facts(9500, odf=D("95.5"), max_points=10000))
    assert result.reached.code == "wiwerda"
    assert result.next.rule.code == "wistara"
    [unmet] = result.next.unmet
    assert unmet.condition == "odf" and unmet.actual == D("95.5")


def test_it_treats_missing_odf_data_as_unmet():
    result = evaluate(RULES, facts(9500, odf=None, max_points=10000))
    assert result.reached is None
    assert result.check_for("padapa").unmet[0].condition == "odf"


def test_it_needs_the_kelembagaan_pass():
    weak = SectionScore("K", "Kelembagaan", 800, 1600)
    result = evaluate(RULES, facts(9500, kel=weak, max_points=10000))
    assert result.reached is None
    assert {u.condition for u in result.check_for("wistara").unmet} == {"kelembagaan"}


def test_it_gives_paripurna_only_after_wistara_in_the_previous_cycle():
    assert evaluate(RULES, facts(9500, max_points=10000)).reached.code == "wistara"
    result = evaluate(RULES, facts(9500, previous="wistara", max_points=10000))
    assert result.reached.code == "wistara-paripurna" and result.next is None
    result = evaluate(RULES, facts(9500, previous="wiwerda", max_points=10000))
    assert result.next.unmet[0].condition == "history"


def test_it_can_average_per_tatanan_and_demand_each_tatanan():
    rules = Rules(
        categories=(CategoryRule("x", "X", 1, D(70), min_tatanan_score=D(50)),),
        score_method="per_tatanan_mean",
    )
    tatanan = (SectionScore("T1", "A", 100, 100), SectionScore("T2", "B", 40, 100))
    result = evaluate(rules, Facts(tatanan=tatanan, kelembagaan=KEL_PASS, odf_percent=D(100)))
    assert result.overall == D("70.00")
    assert [u.condition for u in result.check_for("x").unmet] == ["tatanan"]


@pytest.mark.parametrize(
    ("points", "odf", "kel", "previous"),
    [
        (9656, D(100), KEL_PASS, None),
        (9500, D("95.5"), KEL_PASS, None),
        (9500, None, KEL_PASS, None),
        (9500, D(100), SectionScore("K", "Kelembagaan", 800, 1600), None),
        (13600, D(100), KEL_PASS, "wistara"),
        (13600, D(100), KEL_PASS, "wiwerda"),
        (0, D(0), KEL_PASS, None),
    ],
)
def test_it_reaches_the_same_category_without_the_reasons(points, odf, kel, previous):
    """The dashboards' shortcut gives evaluate's category, whatever holds a regency back."""
    given = facts(points, odf=odf, kel=kel, previous=previous)
    assert reached(RULES, given) == evaluate(RULES, given).reached
    mean = Rules(
        categories=(CategoryRule("x", "X", 1, D(70), min_tatanan_score=D(50)),),
        score_method="per_tatanan_mean",
    )
    for tatanan in (
        (SectionScore("T1", "A", 100, 100), SectionScore("T2", "B", 40, 100)),
        (SectionScore("T1", "A", 100, 100), SectionScore("T2", "B", 60, 100)),
    ):
        given = Facts(tatanan=tatanan, kelembagaan=kel, odf_percent=odf)
        assert reached(mean, given) == evaluate(mean, given).reached
