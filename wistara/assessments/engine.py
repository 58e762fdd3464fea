"""The award rules engine: one evaluator of an instrument version's rules (data) on given facts.

Pure functions over plain values, so that the projection on a regency's dashboard, the provincial
and national decisions and the what-if view all ask the same question the same way. The facts
come from whichever level scored each item last; the engine does not care.
"""

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CategoryRule:
    code: str
    name: str
    rank: int
    min_score: Decimal
    min_tatanan_score: Decimal | None = None
    min_odf_percent: Decimal = Decimal(0)
    requires_kelembagaan_pass: bool = True
    previous_categories: tuple[str, ...] = ()


# Issue 13: the award rules the guidelines leave open, as settings of the instrument version
# (wistara.instruments.models.InstrumentVersion). The defaults are the behaviour before them.
INCLUSIVE, EXCLUSIVE = "inclusive", "exclusive"
ALL_VILLAGES, LOKUS = "all_villages", "lokus"
CLAIMED, VERIFIED = "claimed", "verified"
ROUND, TRUNCATE = "round", "truncate"
IP_SPM, INNOVATION = "ip_spm", "innovation"


@dataclass(frozen=True)
class Rules:
    categories: tuple[CategoryRule, ...]
    score_method: str = "per_indicator"
    kelembagaan_pass_mark: Decimal = Decimal(60)
    band_edge: str = INCLUSIVE  # a score equal to a band's lower edge counts (inclusive) or not
    min_tatanan_percent: Decimal | None = None  # every tatanan, for every category
    odf_denominator: str = ALL_VILLAGES
    odf_status: str = CLAIMED
    rounding: str = ROUND
    decimals: int = 2
    # Paripurna's further conditions: (IP_SPM or INNOVATION, the indicator code whose documents a
    # verifier must have accepted), asked of every category with a history rule.
    paripurna_documents: tuple[tuple[str, str], ...] = ()

    @property
    def default_rounding(self) -> bool:
        return self.rounding == ROUND and self.decimals == 2

    def percent(self, points: int | Decimal, max_points: int | Decimal) -> Decimal:
        """A percentage rounded as this version says (the one place the award rounds)."""
        if self.default_rounding:
            return percent(points, max_points)
        if not max_points:
            return Decimal(0)
        return self.quantize(Decimal(points) * HUNDRED / Decimal(max_points))

    def quantize(self, value: Decimal) -> Decimal:
        return value.quantize(
            Decimal(1).scaleb(-self.decimals),
            rounding=ROUND_DOWN if self.rounding == TRUNCATE else ROUND_HALF_UP,
        )

    def section_percent(self, section: "SectionScore") -> Decimal:
        return section.percent if self.default_rounding else self.percent(section.points, section.max_points)


# SectionScore and Unmet are values, never changed once made, but neither frozen nor with a
# __dict__: a national dashboard makes thousands of them per request, a frozen dataclass's
# __init__ costs three times as much, and every object with a __dict__ is two for the garbage
# collector (whose full passes were the dashboard's slowest requests).
@dataclass(slots=True)
class SectionScore:
    code: str
    name: str
    points: int
    max_points: int
    answered: int = 0
    items: int = 0
    _percent: Decimal | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def percent(self) -> Decimal:
        # Read by every category's rules in turn: worked out once.
        if self._percent is None:
            self._percent = percent(self.points, self.max_points)
        return self._percent


@dataclass(frozen=True, slots=True)
class OdfCounts:
    """The desa/kelurahan counts the ODF rule chooses from (denominator and status)."""

    villages: int
    claimed: int
    verified: int = 0
    lokus_villages: int = 0
    lokus_claimed: int = 0
    lokus_verified: int = 0

    def part_and_whole(self, rules: "Rules") -> tuple[int, int]:
        if rules.odf_denominator == LOKUS:
            return (
                self.lokus_verified if rules.odf_status == VERIFIED else self.lokus_claimed,
                self.lokus_villages,
            )
        return self.verified if rules.odf_status == VERIFIED else self.claimed, self.villages


@dataclass(frozen=True, slots=True)
class Facts:
    tatanan: tuple[SectionScore, ...]
    kelembagaan: SectionScore
    odf_percent: Decimal | None
    previous_category: str | None = None
    # When given, the ODF share is worked out from these by the version's ODF rule (and
    # odf_percent is ignored); callers with only a percentage pass odf_percent alone.
    odf: OdfCounts | None = None
    # Paripurna's further conditions met (IP_SPM, INNOVATION): documents a verifier accepted.
    accepted_documents: frozenset[str] = frozenset()


def odf_percent_of(rules: Rules, facts: Facts) -> Decimal | None:
    """The ODF share the award reads: by the version's denominator and status when counts are
    given; None when there is nothing to divide by."""
    if facts.odf is None:
        return facts.odf_percent
    return odf_share(rules, facts.odf)


def odf_share(rules: Rules, counts: OdfCounts) -> Decimal | None:
    part, whole = counts.part_and_whole(rules)
    return rules.percent(part, whole) if whole else None


@dataclass(slots=True)
class Unmet:
    """One condition a category lacks. The message is written only when read: a dashboard that
    evaluates 514 regencies reads none of them, and formatting them all cost most of its time."""

    condition: str  # score | tatanan | odf | kelembagaan | history | document
    template: str  # an English msgid, translated when read
    params: tuple[tuple[str, object], ...] = ()
    needed: Decimal | None = None
    actual: Decimal | None = None
    # The rule (and setting) that decided, as a callable giving its text when read (issue 13).
    rule: Callable[[], str] | None = None

    @property
    def message(self) -> str:
        values = {key: _fmt(value) if isinstance(value, Decimal) else value for key, value in self.params}
        text = _(self.template) % values
        if not self.rule:
            return text
        return _("%(reason)s Rule: %(rule)s.") % {"reason": text, "rule": self.rule()}

    @property
    def rule_text(self) -> str:
        return self.rule() if self.rule else ""


@dataclass(slots=True)
class CategoryCheck:
    rule: CategoryRule
    unmet: list[Unmet] = field(default_factory=list)

    @property
    def reached(self) -> bool:
        return not self.unmet


@dataclass
class AwardResult:
    overall: Decimal
    kelembagaan: Decimal
    odf_percent: Decimal | None
    checks: list[CategoryCheck]
    reached: CategoryRule | None
    next: CategoryCheck | None

    def check_for(self, code: str) -> CategoryCheck | None:
        return next((c for c in self.checks if c.rule.code == code), None)


def percent(points: int | Decimal, max_points: int | Decimal) -> Decimal:
    if not max_points:
        return Decimal(0)
    value = Decimal(points) * HUNDRED / Decimal(max_points)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def overall_score(rules: Rules, tatanan: tuple[SectionScore, ...]) -> Decimal:
    return overall_of(rules, [(t.points, t.max_points) for t in tatanan])


def overall_of(rules: Rules, tatanan: list[tuple[int, int]]) -> Decimal:
    """overall_score from (points, max points) per tatanan: a dashboard scores 514 regencies
    without building their sections."""
    if rules.score_method == "per_tatanan_mean":
        if not tatanan:
            return Decimal(0)
        mean = sum((rules.percent(p, m) for p, m in tatanan), Decimal(0)) / len(tatanan)
        return rules.quantize(mean)
    return rules.percent(sum(p for p, _m in tatanan), sum(m for _p, m in tatanan))


def score_reaches(rules: Rules, score: Decimal, edge: Decimal) -> bool:
    """Whether a score is inside a band that starts at `edge` (the band-edge setting)."""
    return score > edge if rules.band_edge == EXCLUSIVE else score >= edge


def points_needed(rules: Rules, edge: Decimal, have: int, max_total: int) -> int:
    """The fewest points to add to `have` (of `max_total`, summed over the tatanan) for the
    overall score to reach a band starting at `edge`, by the version's band edge and rounding.
    Exact for the sum of points; for the mean of tatanan percentages an estimate on the sum."""
    if not max_total:
        return 0
    low = math.ceil(Decimal(max_total) * (edge - 1) / HUNDRED) if edge > 1 else 0
    total = max(low, 0)
    while total <= max_total and not score_reaches(rules, rules.percent(total, max_total), edge):
        total += 1
    return max(0, total - have)


def _fmt(value: Decimal) -> str:
    # In the user's language: "71,32" in Indonesian, "71.32" in English.
    return formats.number_format(value.normalize(), use_l10n=True)


SCORE = gettext_noop("Overall score %(actual)s%% is below %(needed)s%%.")
SCORE_EXCLUSIVE = gettext_noop("Overall score %(actual)s%% is not above %(needed)s%%.")
TATANAN = gettext_noop("Tatanan %(name)s scores %(actual)s%%, below %(needed)s%%.")
ODF = gettext_noop("ODF villages: %(actual)s%%, needs at least %(needed)s%%.")
ODF_NONE = gettext_noop("ODF villages: no data, needs at least %(needed)s%%.")
KELEMBAGAAN = gettext_noop("Kelembagaan scores %(actual)s%%, below the pass mark of %(needed)s%%.")
HISTORY = gettext_noop("Needs %(needed)s in the previous cycle.")
DOCUMENT = gettext_noop("No %(document)s (item %(code)s) accepted by a verifier.")
DOCUMENTS = {IP_SPM: gettext_noop("IP SPM document"), INNOVATION: gettext_noop("adopted innovation document")}


# What each reason names as the rule that decided (issue 13): the setting and its value.
def _method(rules: Rules) -> str:
    if rules.score_method == "per_tatanan_mean":
        return _("score = mean of the tatanan percentages")
    return _("score = sum of indicator points / maximum points")


def _rounding(rules: Rules) -> str:
    if rules.rounding == TRUNCATE:
        return _("percentages truncated to %(n)s decimals") % {"n": rules.decimals}
    return _("percentages rounded to %(n)s decimals") % {"n": rules.decimals}


def _score_rule(rules: Rules) -> Callable[[], str]:
    def text() -> str:
        edge = (
            _("band edges exclusive (a score equal to the lower edge does not count)")
            if rules.band_edge == EXCLUSIVE
            else _("band edges inclusive (a score equal to the lower edge counts)")
        )
        return f"{edge}; {_method(rules)}; {_rounding(rules)}"

    return text


def _tatanan_rule(rules: Rules, rule: CategoryRule, from_version: bool) -> Callable[[], str]:
    def text() -> str:
        which = (
            _("minimum per tatanan of the instrument version")
            if from_version
            else _("minimum per tatanan of the category %(name)s") % {"name": rule.name}
        )
        return f"{which}; {_rounding(rules)}"

    return text


def _odf_rule(rules: Rules) -> Callable[[], str]:
    def text() -> str:
        whole = (
            _("ODF share over the lokus villages")
            if rules.odf_denominator == LOKUS
            else _("ODF share over every desa/kelurahan of the regency")
        )
        status = (
            _("counting verified ODF status only")
            if rules.odf_status == VERIFIED
            else _("counting claimed ODF status")
        )
        return f"{whole}, {status}; {_rounding(rules)}"

    return text


def _kelembagaan_rule(rules: Rules) -> Callable[[], str]:
    def text() -> str:
        # Outside the f-string: xgettext does not look inside f-string braces, so a _() there
        # never reached the catalogue and the Indonesian page showed this rule in English.
        mark = _("kelembagaan pass mark of the instrument version")
        return f"{mark}; {_rounding(rules)}"

    return text


def _history_rule() -> str:
    return _("history: the category of the previous period")


def _document_rule() -> str:
    return _("Paripurna's further conditions of the instrument version")


def _below(condition: str, template: str, needed: Decimal, actual: Decimal, rule=None, **extra) -> Unmet:
    params = (("needed", needed), ("actual", actual), *extra.items())
    return Unmet(condition, template, params, needed, actual, rule)


def _tatanan_minimum(rules: Rules, rule: CategoryRule) -> tuple[Decimal | None, bool]:
    """The stricter of the category's and the version's minimum per tatanan, and whether the
    version's decided."""
    own, version = rule.min_tatanan_score, rules.min_tatanan_percent
    if version is not None and (own is None or version > own):
        return version, True
    return own, False


def _unmet(
    rule: CategoryRule, rules: Rules, facts: Facts, overall: Decimal, odf: Decimal | None
) -> Iterator[Unmet]:
    """The conditions of `rule` that the facts do not meet, in order, one at a time."""
    if not score_reaches(rules, overall, rule.min_score):
        yield _below(
            "score",
            SCORE_EXCLUSIVE if rules.band_edge == EXCLUSIVE else SCORE,
            rule.min_score,
            overall,
            _score_rule(rules),
        )
    minimum, from_version = _tatanan_minimum(rules, rule)
    if minimum is not None:
        for section in facts.tatanan:
            score = rules.section_percent(section)
            if score < minimum:
                yield _below(
                    "tatanan",
                    TATANAN,
                    minimum,
                    score,
                    _tatanan_rule(rules, rule, from_version),
                    name=section.name,
                )
    if rule.min_odf_percent and odf is None:
        yield Unmet(
            "odf", ODF_NONE, (("needed", rule.min_odf_percent),), rule.min_odf_percent, None, _odf_rule(rules)
        )
    elif rule.min_odf_percent and odf is not None and odf < rule.min_odf_percent:
        yield _below("odf", ODF, rule.min_odf_percent, odf, _odf_rule(rules))
    kelembagaan = rules.section_percent(facts.kelembagaan)
    if rule.requires_kelembagaan_pass and kelembagaan < rules.kelembagaan_pass_mark:
        yield _below(
            "kelembagaan", KELEMBAGAAN, rules.kelembagaan_pass_mark, kelembagaan, _kelembagaan_rule(rules)
        )
    if rule.previous_categories and facts.previous_category not in rule.previous_categories:
        yield Unmet(
            "history", HISTORY, (("needed", " / ".join(rule.previous_categories)),), rule=_history_rule
        )
    if rule.previous_categories:
        for key, code in rules.paripurna_documents:
            if key not in facts.accepted_documents:
                yield Unmet(
                    "document",
                    DOCUMENT,
                    (("document", _Lazy(DOCUMENTS[key])), ("code", code)),
                    rule=_document_rule,
                )


class _Lazy:
    """A msgid translated when the message is written."""

    __slots__ = ("msgid",)

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid

    def __str__(self) -> str:
        return _(self.msgid)


def _check(
    rule: CategoryRule, rules: Rules, facts: Facts, overall: Decimal, odf: Decimal | None
) -> CategoryCheck:
    return CategoryCheck(rule, list(_unmet(rule, rules, facts, overall, odf)))


def reached(rules: Rules, facts: Facts) -> CategoryRule | None:
    """evaluate(rules, facts).reached, by the same conditions, without listing what each category
    lacks: a dashboard that sorts 514 regencies by category reads nothing else."""
    overall = overall_score(rules, facts.tatanan)
    odf = odf_percent_of(rules, facts)
    best = None
    for rule in sorted(rules.categories, key=lambda r: r.rank):
        if next(_unmet(rule, rules, facts, overall, odf), None) is None:
            best = rule
    return best


def evaluate(rules: Rules, facts: Facts) -> AwardResult:
    """The category reached (highest with every condition met) and what the next one lacks."""
    overall = overall_score(rules, facts.tatanan)
    odf = odf_percent_of(rules, facts)
    checks = [
        _check(rule, rules, facts, overall, odf) for rule in sorted(rules.categories, key=lambda r: r.rank)
    ]
    best = None
    for check in checks:
        if check.reached:
            best = check.rule
    above = [c for c in checks if best is None or c.rule.rank > best.rank]
    return AwardResult(
        overall=overall,
        kelembagaan=rules.section_percent(facts.kelembagaan),
        odf_percent=odf,
        checks=checks,
        reached=best,
        next=above[0] if above else None,
    )
