"""The award rules engine: one evaluator of an instrument version's rules (data) on given facts.

Pure functions over plain values, so that the projection on a regency's dashboard, the provincial
and national decisions and the what-if view all ask the same question the same way. The facts
come from whichever level scored each item last; the engine does not care.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

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


@dataclass(frozen=True)
class Rules:
    categories: tuple[CategoryRule, ...]
    score_method: str = "per_indicator"
    kelembagaan_pass_mark: Decimal = Decimal(60)


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
class Facts:
    tatanan: tuple[SectionScore, ...]
    kelembagaan: SectionScore
    odf_percent: Decimal | None
    previous_category: str | None = None


@dataclass(slots=True)
class Unmet:
    """One condition a category lacks. The message is written only when read: a dashboard that
    evaluates 514 regencies reads none of them, and formatting them all cost most of its time."""

    condition: str  # score | tatanan | odf | kelembagaan | history
    template: str  # an English msgid, translated when read
    params: tuple[tuple[str, object], ...] = ()
    needed: Decimal | None = None
    actual: Decimal | None = None

    @property
    def message(self) -> str:
        values = {key: _fmt(value) if isinstance(value, Decimal) else value
                  for key, value in self.params}
        return _(self.template) % values


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
        mean = sum((percent(p, m) for p, m in tatanan), Decimal(0)) / len(tatanan)
        return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return percent(sum(p for p, _m in tatanan), sum(m for _p, m in tatanan))


def _fmt(value: Decimal) -> str:
    # In the user's language: "71,32" in Indonesian, "71.32" in English.
    return formats.number_format(value.normalize(), use_l10n=True)


SCORE = gettext_noop("Overall score %(actual)s%% is below %(needed)s%%.")
TATANAN = gettext_noop("Tatanan %(name)s scores %(actual)s%%, below %(needed)s%%.")
ODF = gettext_noop("ODF villages: %(actual)s%%, needs at least %(needed)s%%.")
ODF_NONE = gettext_noop("ODF villages: no data, needs at least %(needed)s%%.")
KELEMBAGAAN = gettext_noop("Kelembagaan scores %(actual)s%%, below the pass mark of %(needed)s%%.")
HISTORY = gettext_noop("Needs %(needed)s in the previous cycle.")


def _below(condition: str, template: str, needed: Decimal, actual: Decimal, **extra) -> Unmet:
    params = (("needed", needed), ("actual", actual), *extra.items())
    return Unmet(condition, template, params, needed, actual)


def _unmet(rule: CategoryRule, rules: Rules, facts: Facts, overall: Decimal) -> Iterator[Unmet]:
    """The conditions of `rule` that the facts do not meet, in order, one at a time."""
    if overall < rule.min_score:
        yield _below("score", SCORE, rule.min_score, overall)
    if rule.min_tatanan_score is not None:
        for section in facts.tatanan:
            if section.percent < rule.min_tatanan_score:
                yield _below("tatanan", TATANAN, rule.min_tatanan_score, section.percent,
                             name=section.name)
    odf = facts.odf_percent
    if rule.min_odf_percent and odf is None:
        yield Unmet("odf", ODF_NONE, (("needed", rule.min_odf_percent),), rule.min_odf_percent, None)
    elif rule.min_odf_percent and odf is not None and odf < rule.min_odf_percent:
        yield _below("odf", ODF, rule.min_odf_percent, odf)
    kelembagaan = facts.kelembagaan.percent
    if rule.requires_kelembagaan_pass and kelembagaan < rules.kelembagaan_pass_mark:
        yield _below("kelembagaan", KELEMBAGAAN, rules.kelembagaan_pass_mark, kelembagaan)
    if rule.previous_categories and facts.previous_category not in rule.previous_categories:
        yield Unmet("history", HISTORY, (("needed", " / ".join(rule.previous_categories)),))


def _check(rule: CategoryRule, rules: Rules, facts: Facts, overall: Decimal) -> CategoryCheck:
    return CategoryCheck(rule, list(_unmet(rule, rules, facts, overall)))


def reached(rules: Rules, facts: Facts) -> CategoryRule | None:
    """evaluate(rules, facts).reached, by the same conditions, without listing what each category
    lacks: a dashboard that sorts 514 regencies by category reads nothing else."""
    overall = overall_score(rules, facts.tatanan)
    best = None
    for rule in sorted(rules.categories, key=lambda r: r.rank):
        if next(_unmet(rule, rules, facts, overall), None) is None:
            best = rule
    return best


def evaluate(rules: Rules, facts: Facts) -> AwardResult:
    """The category reached (highest with every condition met) and what the next one lacks."""
    overall = overall_score(rules, facts.tatanan)
    checks = [_check(rule, rules, facts, overall)
              for rule in sorted(rules.categories, key=lambda r: r.rank)]
    best = None
    for check in checks:
        if check.reached:
            best = check.rule
    above = [c for c in checks if best is None or c.rule.rank > best.rank]
    return AwardResult(
        overall=overall, kelembagaan=facts.kelembagaan.percent, odf_percent=facts.odf_percent,
        checks=checks, reached=best, next=above[0] if above else None,
    )
