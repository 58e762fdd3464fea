"""Issue 13: each award setting of the instrument version at its boundaries, through the engine.

Every default is the behaviour before the settings (test_engine.py runs on the defaults); here
each setting is moved and the score, share or mark put exactly on its edge, and the reason is
checked to name the rule that decided.
"""

from dataclasses import replace
from decimal import Decimal as D

import pytest
from django.utils import translation

from wistara.assessments.engine import (
    CategoryRule,
    Facts,
    OdfCounts,
    Rules,
    SectionScore,
    evaluate,
    points_needed,
    reached,
)

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


def facts(points: int, max_points: int, *, odf=D(100), kel=KEL_PASS, previous=None, **extra) -> Facts:
    return Facts(
        tatanan=(SectionScore("T1", "Satu", points, max_points),),
        kelembagaan=kel,
        odf_percent=odf,
        previous_category=previous,
        **extra,
    )


def code(result) -> str | None:
    return result.reached.code if result.reached else None


def unmet(result, category: str) -> list:
    return result.check_for(category).unmet


# --- band edges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edge", "points", "category"),
    [
        ("inclusive", 8099, "padapa"),
        ("inclusive", 8100, "wiwerda"),
        ("exclusive", 8100, "padapa"),
        ("exclusive", 8101, "wiwerda"),
    ],
)
def test_a_score_on_the_band_edge_counts_only_when_edges_are_inclusive(edge, points, category):
    rules = replace(RULES, band_edge=edge)
    result = evaluate(rules, facts(points, 10000))
    assert code(result) == category
    assert reached(rules, facts(points, 10000)).code == category  # the dashboards' shortcut


def test_the_score_reason_names_the_band_edge_rule():
    result = evaluate(replace(RULES, band_edge="exclusive"), facts(8100, 10000))
    [score] = unmet(result, "wiwerda")
    with translation.override("en"):
        assert score.message.startswith("Overall score 81% is not above 81%.")
        assert "band edges exclusive" in score.message
    with translation.override("id"):
        assert "batas kategori eksklusif" in score.message


# --- rounding -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rounding", "decimals", "points", "max_points", "overall", "category"),
    [
        # 70.995 %: rounded to 2 decimals reaches Padapa's 71, truncated it does not.
        ("round", 2, 14199, 20000, D("71.00"), "padapa"),
        ("truncate", 2, 14199, 20000, D("70.99"), None),
        # 70.5 %: with no decimals, rounding half up gives 71, truncating 70.
        ("round", 0, 141, 200, D("71"), "padapa"),
        ("truncate", 0, 141, 200, D("70"), None),
        # Just under the half: 70.49... rounds down either way.
        ("round", 0, 7049, 10000, D("70"), None),
    ],
)
def test_percentages_are_rounded_or_truncated_to_the_decimals_of_the_version(
    rounding, decimals, points, max_points, overall, category
):
    rules = replace(RULES, rounding=rounding, decimals=decimals)
    result = evaluate(rules, facts(points, max_points))
    assert result.overall == overall
    assert code(result) == category


def test_rounding_applies_to_kelembagaan_and_names_itself():
    # 59.995 % kelembagaan: rounded it is 60.00 and passes, truncated 59.99 fails.
    kel = SectionScore("K", "K", 11999, 20000)
    rounded = evaluate(RULES, facts(9500, 10000, kel=kel))
    truncated = evaluate(replace(RULES, rounding="truncate"), facts(9500, 10000, kel=kel))
    assert (rounded.kelembagaan, code(rounded)) == (D("60.00"), "wistara")
    assert (truncated.kelembagaan, code(truncated)) == (D("59.99"), None)
    with translation.override("en"):
        assert "percentages truncated to 2 decimals" in unmet(truncated, "padapa")[0].message


# --- total points or the mean of the tatanan percentages --------------------------------------------


def test_the_score_method_decides_between_total_points_and_the_mean_of_tatanan():
    tatanan = (SectionScore("T1", "Satu", 100, 100), SectionScore("T2", "Dua", 620, 1000))
    data = Facts(tatanan=tatanan, kelembagaan=KEL_PASS, odf_percent=D(100))
    total = evaluate(RULES, data)  # 720 / 1100 = 65.45 %
    mean = evaluate(replace(RULES, score_method="per_tatanan_mean"), data)  # (100 + 62) / 2 = 81
    assert (total.overall, code(total)) == (D("65.45"), None)
    assert (mean.overall, code(mean)) == (D("81.00"), "wiwerda")
    with translation.override("en"):
        assert "mean of the tatanan percentages" in unmet(mean, "wistara")[0].message


# --- an optional minimum per tatanan --------------------------------------------------------------


@pytest.mark.parametrize(("weak_points", "category"), [(5999, None), (6000, "wistara")])
def test_the_version_minimum_per_tatanan_holds_just_under_and_at(weak_points, category):
    tatanan = (
        SectionScore("T1", "Satu", 10000, 10000),
        SectionScore("T2", "Dua", weak_points, 10000),
        SectionScore("T3", "Tiga", 10000, 10000),
        SectionScore("T4", "Empat", 10000, 10000),
        SectionScore("T5", "Lima", 10000, 10000),
        SectionScore("T6", "Enam", 10000, 10000),
    )
    data = Facts(tatanan=tatanan, kelembagaan=KEL_PASS, odf_percent=D(100))
    assert code(evaluate(RULES, data)) == "wistara"  # no minimum: the default
    result = evaluate(replace(RULES, min_tatanan_percent=D(60)), data)
    assert code(result) == category
    if category is None:
        [weak] = unmet(result, "padapa")
        assert (weak.condition, weak.needed, weak.actual) == ("tatanan", D(60), D("59.99"))
        with translation.override("en"):
            assert "minimum per tatanan of the instrument version" in weak.message


def test_the_stricter_of_the_category_and_version_minimum_decides():
    rules = replace(
        RULES,
        min_tatanan_percent=D(50),
        categories=(
            CategoryRule(
                "padapa", "Padapa", 1, D(0), min_tatanan_score=D(70), requires_kelembagaan_pass=False
            ),
        ),
    )
    [weak] = unmet(evaluate(rules, facts(6900, 10000)), "padapa")
    assert weak.needed == D(70)
    with translation.override("en"):
        assert "minimum per tatanan of the category Padapa" in weak.message


# --- the ODF denominator and the status that counts -----------------------------------------------

COUNTS = OdfCounts(villages=10, claimed=9, verified=8, lokus_villages=5, lokus_claimed=5, lokus_verified=4)


@pytest.mark.parametrize(
    ("denominator", "status", "share", "category"),
    [
        ("all_villages", "claimed", D("90.00"), "wiwerda"),
        ("all_villages", "verified", D("80.00"), "padapa"),
        ("lokus", "claimed", D("100.00"), "wistara"),
        ("lokus", "verified", D("80.00"), "padapa"),
    ],
)
def test_the_odf_share_is_over_the_chosen_villages_and_status(denominator, status, share, category):
    rules = replace(RULES, odf_denominator=denominator, odf_status=status)
    # The counts decide; the plain percentage beside them is not read.
    result = evaluate(
        rules,
        Facts(
            tatanan=(SectionScore("T1", "Satu", 9500, 10000),),
            kelembagaan=KEL_PASS,
            odf_percent=D(0),
            odf=COUNTS,
        ),
    )
    assert (result.odf_percent, code(result)) == (share, category)


def test_the_odf_reason_names_the_denominator_and_status():
    rules = replace(RULES, odf_denominator="lokus", odf_status="verified")
    result = evaluate(
        rules,
        Facts(
            tatanan=(SectionScore("T1", "Satu", 9500, 10000),),
            kelembagaan=KEL_PASS,
            odf_percent=None,
            odf=COUNTS,
        ),
    )
    [odf] = unmet(result, "wiwerda")
    with translation.override("en"):
        assert "over the lokus villages, counting verified ODF status only" in odf.message


def test_no_lokus_means_no_odf_data():
    rules = replace(RULES, odf_denominator="lokus")
    result = evaluate(
        rules,
        Facts(
            tatanan=(SectionScore("T1", "Satu", 9500, 10000),),
            kelembagaan=KEL_PASS,
            odf_percent=D(100),
            odf=OdfCounts(10, 10),
        ),
    )
    assert result.odf_percent is None and code(result) is None
    assert unmet(result, "padapa")[0].condition == "odf"


# --- the kelembagaan pass mark --------------------------------------------------------------------


@pytest.mark.parametrize(("mark", "category"), [(D(75), "wistara"), (D("75.01"), None)])
def test_the_kelembagaan_pass_mark_at_and_just_above_the_score(mark, category):
    result = evaluate(replace(RULES, kelembagaan_pass_mark=mark), facts(9500, 10000))  # K = 75 %
    assert code(result) == category
    if category is None:
        [kel] = unmet(result, "padapa")
        with translation.override("en"):
            assert "kelembagaan pass mark of the instrument version" in kel.message
        with translation.override("id"):  # the rule is named in the user's language too
            assert "batas lulus kelembagaan dari versi instrumen" in kel.message


# --- Paripurna's further conditions ---------------------------------------------------------------

PARIPURNA = replace(RULES, paripurna_documents=(("ip_spm", "T1.1"), ("innovation", "T2.1")))


@pytest.mark.parametrize(
    ("accepted", "category"),
    [
        (frozenset(), "wistara"),
        (frozenset({"ip_spm"}), "wistara"),
        (frozenset({"innovation"}), "wistara"),
        (frozenset({"ip_spm", "innovation"}), "wistara-paripurna"),
    ],
)
def test_paripurna_needs_every_further_document_a_verifier_accepted(accepted, category):
    result = evaluate(PARIPURNA, facts(9500, 10000, previous="wistara", accepted_documents=accepted))
    assert code(result) == category


def test_paripurna_without_further_conditions_is_the_history_rule_alone():
    result = evaluate(RULES, facts(9500, 10000, previous="wistara"))
    assert code(result) == "wistara-paripurna"


def test_the_document_reason_names_the_item_and_the_rule():
    result = evaluate(
        PARIPURNA, facts(9500, 10000, previous="wistara", accepted_documents=frozenset({"ip_spm"}))
    )
    [doc] = unmet(result, "wistara-paripurna")
    assert doc.condition == "document"
    with translation.override("en"):
        assert doc.message == (
            "No adopted innovation document (item T2.1) accepted by a verifier. "
            "Rule: Paripurna's further conditions of the instrument version."
        )
    with translation.override("id"):
        assert "T2.1" in doc.message and "verifikator" in doc.message


# --- the what-if reads the same band --------------------------------------------------------------


@pytest.mark.parametrize(
    ("edge", "rounding", "decimals", "have", "needed"),
    [
        ("inclusive", "round", 2, 8000, 100),  # 8100 / 10000 = 81.00
        ("exclusive", "round", 2, 8000, 101),  # 81.01 is the first above 81
        ("inclusive", "round", 0, 8000, 50),  # 80.50 rounds to 81
        ("inclusive", "truncate", 0, 8000, 100),  # 80.99 truncates to 80
        ("exclusive", "truncate", 0, 8000, 200),  # the first whole percent above 81 is 82
        ("inclusive", "round", 2, 9000, 0),  # already there
    ],
)
def test_the_points_needed_follow_the_band_edge_and_rounding(edge, rounding, decimals, have, needed):
    rules = replace(RULES, band_edge=edge, rounding=rounding, decimals=decimals)
    assert points_needed(rules, D(81), have, 10000) == needed
    after = evaluate(rules, facts(have + needed, 10000))
    assert after.reached.rank >= 2
    if needed:
        assert evaluate(rules, facts(have + needed - 1, 10000)).reached.rank < 2
