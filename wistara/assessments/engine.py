"""The award rules engine: one evaluator of an instrument version's rules (data) on given facts.

Pure functions over plain values, so that the projection on a regency's dashboard, the provincial
and national decisions and the what-if view all ask the same question the same way. The facts
come from whichever level scored each item last; the engine does not care.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

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


@dataclass(frozen=True)
class Rules:
    categories: tuple[CategoryRule, ...]
    score_method: str = "per_indicator"
    kelembagaan_pass_mark: Decimal = Decimal(60)


@dataclass(frozen=True)
class SectionScore:
    code: str
    name: str
    points: int
    max_points: int
    answered: int = 0
    items: int = 0

    @property
    def percent(self) -> Decimal:
        return percent(self.points, self.max_points)


@dataclass(frozen=True)
class Facts:
    tatanan: tuple[SectionScore, ...]
    kelembagaan: SectionScore
    odf_percent: Decimal | None
    previous_category: str | None = None


@dataclass(frozen=True)
class Unmet:
    condition: str  # score | tatanan | odf | kelembagaan | history
    message: str
    needed: Decimal | None = None
    actual: Decimal | None = None


@dataclass
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
    if rules.score_method == "per_tatanan_mean":
        if not tatanan:
            return Decimal(0)
        mean = sum((t.percent for t in tatanan), Decimal(0)) / len(tatanan)
        return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return percent(sum(t.points for t in tatanan), sum(t.max_points for t in tatanan))


def _fmt(value: Decimal) -> str:
    # In the user's language: "71,32" in Indonesian, "71.32" in English.
    return formats.number_format(value.normalize(), use_l10n=True)


def _check(rule: CategoryRule, rules: Rules, facts: Facts, overall: Decimal) -> CategoryCheck:
    check = CategoryCheck(rule)
    if overall < rule.min_score:
        check.unmet.append(Unmet("score", _("Overall score %(actual)s%% is below %(needed)s%%.") % {
            "actual": _fmt(overall), "needed": _fmt(rule.min_score)}, rule.min_score, overall))
    if rule.min_tatanan_score is not None:
        for section in facts.tatanan:
            if section.percent < rule.min_tatanan_score:
                check.unmet.append(Unmet("tatanan", _(
                    "Tatanan %(name)s scores %(actual)s%%, below %(needed)s%%.") % {
                    "name": section.name, "actual": _fmt(section.percent),
                    "needed": _fmt(rule.min_tatanan_score)}, rule.min_tatanan_score, section.percent))
    odf = facts.odf_percent
    if rule.min_odf_percent and (odf is None or odf < rule.min_odf_percent):
        message = _("ODF villages: %(actual)s, needs at least %(needed)s%%.") % {
            "actual": _("no data") if odf is None else f"{_fmt(odf)}%",
            "needed": _fmt(rule.min_odf_percent)}
        check.unmet.append(Unmet("odf", message, rule.min_odf_percent, odf))
    kelembagaan = facts.kelembagaan.percent
    if rule.requires_kelembagaan_pass and kelembagaan < rules.kelembagaan_pass_mark:
        check.unmet.append(Unmet("kelembagaan", _(
            "Kelembagaan scores %(actual)s%%, below the pass mark of %(needed)s%%.") % {
            "actual": _fmt(kelembagaan), "needed": _fmt(rules.kelembagaan_pass_mark)},
            rules.kelembagaan_pass_mark, kelembagaan))
    if rule.previous_categories and facts.previous_category not in rule.previous_categories:
        check.unmet.append(Unmet("history", _(
            "Needs %(needed)s in the previous cycle.") % {
            "needed": " / ".join(rule.previous_categories)}))
    return check


def evaluate(rules: Rules, facts: Facts) -> AwardResult:
    """The category reached (highest with every condition met) and what the next one lacks."""
    overall = overall_score(rules, facts.tatanan)
    checks = [_check(rule, rules, facts, overall)
              for rule in sorted(rules.categories, key=lambda r: r.rank)]
    reached = None
    for check in checks:
        if check.reached:
            reached = check.rule
    above = [c for c in checks if reached is None or c.rule.rank > reached.rank]
    return AwardResult(
        overall=overall, kelembagaan=facts.kelembagaan.percent, odf_percent=facts.odf_percent,
        checks=checks, reached=reached, next=above[0] if above else None,
    )
