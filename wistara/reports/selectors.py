"""Dashboard aggregates: every registered regency of a cycle, in a fixed number of queries.

The caller passes the regencies the user may see (see reports.access), so tenancy holds here as
everywhere. `cycle_overview` makes five queries whatever the number of regencies:

1. the registrations with regency, province, target, decision and previous-cycle category;
2. the registrations' totals per section (models.SectionTotal, kept by every write that changes
   them: counts and, for every level, the points and the maximum; per section rather than per
   section kind because the award rules may set a minimum per tatanan or average the tatanan);
3. one over the villages and their ODF status per registered regency;
4. the instrument's sections;  5. its award rules (and a sixth, only when the version sets
   Paripurna's further conditions: the registrations whose named items a verifier accepted).

The award engine then runs in Python per regency, on the same facts as
wistara.verification.awards.award_result, when a row's category is first read: a page that
shows 100 rows and sorts by name pays for 100 evaluations, a sort by category for all of them.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from wistara.assessments import engine
from wistara.assessments.models import Cycle, Registration, SectionTotal, VillageOdf
from wistara.assessments.selectors import rules_for
from wistara.assessments.services.totals import COLUMNS as TOTAL_COLUMNS
from wistara.instruments.models import Section
from wistara.regions.models import Province, Regency, Village
from wistara.verification.awards import accepted_documents_of
from wistara.verification.models import Decision

S = Registration.Status
SELF_ASSESSING = frozenset({S.REGISTERED, S.SELF_ASSESSMENT})
# Verified by the province, or further along.
VERIFIED = frozenset(
    {
        S.PROVINCIAL_VERIFIED,
        S.NATIONAL_REVIEW,
        S.NATIONAL_RETURNED,
        S.NATIONAL_VERIFIED,
        S.FIELD_VALIDATION,
        S.DECIDED,
    }
)
# How far along the workflow a state is (0-1), for the province cards; self-assessment adds its
# completion on top of 0, up to the first quarter.
STAGE = {
    S.SUBMITTED: Decimal("0.25"),
    S.PROVINCIAL_REVIEW: Decimal("0.25"),
    S.PROVINCIAL_RETURNED: Decimal("0.25"),
    S.PROVINCIAL_VERIFIED: Decimal("0.5"),
    S.NATIONAL_REVIEW: Decimal("0.5"),
    S.NATIONAL_RETURNED: Decimal("0.5"),
    S.NATIONAL_VERIFIED: Decimal("0.75"),
    S.FIELD_VALIDATION: Decimal("0.75"),
    S.DECIDED: Decimal(1),
}
# Positions in a section's sums (the rows as read): the registration and section ids, then the
# totals' columns (counts, the maximum, and points and number of items scored per level).
_AT = {name: i for i, name in enumerate(TOTAL_COLUMNS, start=2)}
ITEMS, ANSWERED, COMPLETE_, MAX = (_AT[n] for n in ("items", "answered", "complete", "max_points"))
POINTS = {
    "self": _AT["points"],
    "provincial": _AT["provincial_points"],
    "national": _AT["national_points"],
    "latest": _AT["latest_points"],
}
SCORED = {"provincial": _AT["provincial_scored"], "national": _AT["national_scored"]}
EMPTY = (0,) * (2 + len(TOTAL_COLUMNS))


@dataclass(frozen=True)
class Context:
    """What every row of one overview shares: the sections in order and the rules."""

    sections: tuple[tuple[int, str, str, str], ...]  # id, code, name, kind
    rules: engine.Rules

    @cached_property
    def tatanan(self) -> tuple[tuple[int, str, str], ...]:
        """(position in a row's sums, code, name) of the tatanan, worked out once for every row."""
        return tuple(
            (i, code, name)
            for i, (_id, code, name, kind) in enumerate(self.sections)
            if kind == Section.Kind.TATANAN
        )

    @cached_property
    def kelembagaan(self) -> tuple[int, ...]:
        return tuple(i for i, section in enumerate(self.sections) if section[3] == Section.Kind.KELEMBAGAAN)


@dataclass
class RegencyRow:
    registration_id: int
    regency_code: str
    regency_name: str
    province_code: str
    province_name: str
    status: str
    target_code: str
    target_name: str
    target_rank: int
    decided: bool
    final_code: str | None
    final_name: str | None
    final_rank: int | None
    odf_villages: int
    odf_count: int
    previous_category: str | None
    sums: list[tuple]  # per section of the context, in its order
    context: Context
    # Issue 13: every ODF count the version's ODF rule may choose from, and Paripurna's further
    # conditions met (documents a verifier accepted).
    odf: engine.OdfCounts | None = None
    accepted_documents: frozenset[str] = frozenset()

    @property
    def status_label(self) -> str:
        return str(S(self.status).label)

    @property
    def self_assessing(self) -> bool:
        return self.status in SELF_ASSESSING

    @cached_property
    def items(self) -> int:
        return sum(s[ITEMS] for s in self.sums)

    @cached_property
    def complete(self) -> int:
        return sum(s[COMPLETE_] for s in self.sums)

    @cached_property
    def completion(self) -> Decimal:
        return engine.percent(self.complete, self.items)

    @property
    def odf_percent(self) -> Decimal | None:
        """The ODF share as the award reads it (the version's denominator, status and rounding)."""
        if self.odf is not None:
            return engine.odf_percent_of(self.context.rules, self._facts())
        return engine.percent(self.odf_count, self.odf_villages) if self.odf_villages else None

    @property
    def progress(self) -> Decimal:
        if self.self_assessing:
            return self.completion / 400
        return STAGE[S(self.status)]

    def _tatanan(self, level: str) -> tuple[engine.SectionScore, ...]:
        at, sums = POINTS[level], self.sums
        return tuple(
            engine.SectionScore(code, name, sums[i][at], sums[i][MAX], sums[i][ANSWERED], sums[i][ITEMS])
            for i, code, name in self.context.tatanan
        )

    def _overall(self, level: str) -> Decimal:
        at, sums = POINTS[level], self.sums
        return engine.overall_of(
            self.context.rules, [(sums[i][at], sums[i][MAX]) for i, _c, _n in self.context.tatanan]
        )

    def _scored(self, level: str) -> Decimal | None:
        """A verifier level's score; None while that level has scored no tatanan item."""
        if not any(self.sums[i][SCORED[level]] for i, _c, _n in self.context.tatanan):
            return None
        return self._overall(level)

    @cached_property
    def self_score(self) -> Decimal:
        return self._overall("self")

    @cached_property
    def provincial_score(self) -> Decimal | None:
        return self._scored("provincial")

    @cached_property
    def national_score(self) -> Decimal | None:
        return self._scored("national")

    @cached_property
    def latest_score(self) -> Decimal:
        """Each item at the last level that scored it: what the award engine reads."""
        return self._overall("latest")

    @cached_property
    def kelembagaan_score(self) -> engine.SectionScore:
        kel = [self.sums[i] for i in self.context.kelembagaan]
        return engine.SectionScore(
            "K", "Kelembagaan", sum(s[POINTS["latest"]] for s in kel), sum(s[MAX] for s in kel)
        )

    @property
    def kelembagaan(self) -> Decimal:
        """At the latest level, as the award engine reads it."""
        return self.context.rules.section_percent(self.kelembagaan_score)

    def _facts(self) -> engine.Facts:
        plain = engine.percent(self.odf_count, self.odf_villages) if self.odf_villages else None
        return engine.Facts(
            tatanan=self._tatanan("latest"),
            kelembagaan=self.kelembagaan_score,
            odf_percent=plain,
            previous_category=self.previous_category,
            odf=self.odf,
            accepted_documents=self.accepted_documents,
        )

    @cached_property
    def award(self) -> engine.AwardResult:
        return engine.evaluate(self.context.rules, self._facts())

    @cached_property
    def projected(self) -> engine.CategoryRule | None:
        """The category reached (the award engine's, without the reasons: the table shows none)."""
        if "award" in self.__dict__:
            return self.award.reached
        return engine.reached(self.context.rules, self._facts())


def _registrations(cycle: Cycle, regencies_qs: QuerySet[Regency]) -> QuerySet[Registration]:
    return Registration.objects.filter(cycle=cycle, regency__in=regencies_qs)


FIELDS = (
    "id",
    "status",
    "regency__code",
    "regency__name",
    "regency__province__code",
    "regency__province__name",
    "target_category__code",
    "target_category__name",
    "target_category__rank",
    "decision__id",
    "decision__category__code",
    "decision__category__name",
    "decision__category__rank",
    "previous_category",
)


def _registration_rows(cycle: Cycle, regencies_qs: QuerySet[Regency]) -> list[tuple]:
    from wistara.awards.selectors import past_category_subquery  # issue 13: past awards

    previous: Subquery | Value | Coalesce = past_category_subquery(cycle.instrument.award_year)
    if cycle.previous_id is not None:
        previous = Coalesce(
            Subquery(
                Decision.objects.filter(
                    registration__cycle_id=cycle.previous_id,
                    registration__regency_id=OuterRef("regency_id"),
                ).values("category__code")[:1]
            ),
            previous,
        )
    qs = _registrations(cycle, regencies_qs).annotate(previous_category=previous)
    return list(qs.values_list(*FIELDS).order_by("regency__code"))


def _section_sums(cycle: Cycle, regencies_qs: QuerySet[Regency]) -> dict[int, dict[int, tuple]]:
    """registration id -> section id -> the sums (positions above), from the kept totals: 514 x 13
    small rows instead of a GROUP BY over 78,000 items."""
    qs = (
        SectionTotal.objects.filter(registration__cycle=cycle, registration__regency__in=regencies_qs)
        .values_list("registration_id", "section_id", *TOTAL_COLUMNS)
        .order_by()
    )
    result: dict[int, dict[int, tuple]] = defaultdict(dict)
    # Every column is an integer: read the rows straight from the cursor, without the ORM's
    # per-value converters.
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            result[row[0]][row[1]] = row  # as read: a copy per row is 6,682 more objects
    return result


def _odf(cycle: Cycle, regencies_qs: QuerySet[Regency]) -> dict[int, engine.OdfCounts]:
    """registration id -> the ODF counts (engine.OdfCounts: desa/kelurahan of the regency and of
    the lokus, each with those claimed ODF and those verified), in one query.

    The ODF services accept only the regency's own villages, so the registration's ODF rows
    are counted as they are.
    """
    count = Func("id", function="COUNT", output_field=IntegerField())  # no GROUP BY in the subquery
    # order_by(): the models' default ordering would put an ORDER BY into the aggregate, which
    # PostgreSQL refuses.
    villages = (
        Village.objects.filter(district__regency_id=OuterRef("regency_id")).order_by().annotate(n=count)
    )
    odf = VillageOdf.objects.filter(registration_id=OuterRef("pk"), is_odf=True).order_by()
    verified = odf.filter(verified_on__isnull=False)
    lokus = Registration.lokus_villages.through.objects.filter(registration_id=OuterRef("pk")).order_by()
    in_lokus = Exists(
        Registration.lokus_villages.through.objects.filter(
            registration_id=OuterRef("registration_id"), village_id=OuterRef("village_id")
        )
    )
    rows = _registrations(cycle, regencies_qs).values_list(
        "id",
        Subquery(villages.values("n")),
        *(
            # The stubs lose the annotation on the generated through model's queryset.
            Subquery(qs.annotate(n=count).values("n"))  # type: ignore[misc]
            for qs in (odf, verified, lokus, odf.filter(in_lokus), verified.filter(in_lokus))
        ),
    )
    return {pk: engine.OdfCounts(*(n or 0 for n in counts)) for pk, *counts in rows}


def _context(cycle: Cycle) -> Context:
    sections = tuple(
        Section.objects.filter(version_id=cycle.instrument_id)
        .order_by("order")
        .values_list("id", "code", "name", "kind")
    )
    # Prefetched so that the caller reads the categories (say, filter choices) without a query.
    prefetch_related_objects([cycle.instrument], "award_categories")
    return Context(sections, rules_for(cycle.instrument))


def _row(
    reg: tuple,
    sums: dict[int, tuple],
    odf: engine.OdfCounts,
    context: Context,
    accepted: frozenset[str] = frozenset(),
) -> RegencyRow:
    (
        pk,
        status,
        regency_code,
        regency_name,
        province_code,
        province_name,
        target_code,
        target_name,
        target_rank,
        decision_id,
        final_code,
        final_name,
        final_rank,
        previous_category,
    ) = reg
    return RegencyRow(
        registration_id=pk,
        regency_code=regency_code,
        regency_name=regency_name,
        province_code=province_code,
        province_name=province_name,
        status=status,
        target_code=target_code,
        target_name=target_name,
        target_rank=target_rank,
        decided=decision_id is not None,
        final_code=final_code,
        final_name=final_name,
        final_rank=final_rank,
        odf_villages=odf.villages,
        odf_count=odf.claimed,
        previous_category=previous_category,
        sums=[sums.get(section[0], EMPTY) for section in context.sections],
        context=context,
        odf=odf,
        accepted_documents=accepted,
    )


def cycle_overview(*, cycle: Cycle, regencies_qs: QuerySet[Regency]) -> list[RegencyRow]:
    """One row per registered regency of `regencies_qs`, by regency code. Five queries.

    `cycle` should come with its instrument (wistara.assessments.access.get_cycle does that),
    else reading it costs one more query.
    """
    registrations = _registration_rows(cycle, regencies_qs)
    sums = _section_sums(cycle, regencies_qs)
    odf = _odf(cycle, regencies_qs)
    context = _context(cycle)
    accepted = _accepted_documents(cycle, regencies_qs, context.rules)
    none = engine.OdfCounts(0, 0)
    return [
        _row(reg, sums.get(reg[0], {}), odf.get(reg[0], none), context, accepted.get(reg[0], frozenset()))
        for reg in registrations
    ]


def _accepted_documents(
    cycle: Cycle, regencies_qs: QuerySet[Regency], rules: engine.Rules
) -> dict[int, frozenset[str]]:
    """registration id -> Paripurna's further conditions met; no query when the version sets none.
    The same reading as verification.awards.accepted_documents (one query for every regency)."""
    if not rules.paripurna_documents:
        return {}
    return accepted_documents_of(_registrations(cycle, regencies_qs), rules.paripurna_documents)


@dataclass
class ProvinceCard:
    code: str
    name: str
    regencies: int
    registered: int = 0
    submitted: int = 0
    verified: int = 0
    decided: int = 0
    average_score: Decimal | None = None
    progress: Decimal | None = None  # 0-100, None when nothing is registered

    @property
    def band(self) -> str:
        """A CSS class for the card's colour: how far its regencies are, in quarters."""
        if self.progress is None:
            return "none"
        if self.progress >= 100:
            return "done"
        return f"q{int(self.progress // 25)}"


def _card(code: str, name: str, regencies: int, rows: list[RegencyRow]) -> ProvinceCard:
    card = ProvinceCard(code, name, regencies, registered=len(rows))
    if not rows:
        return card
    card.submitted = sum(1 for r in rows if not r.self_assessing)
    card.verified = sum(1 for r in rows if r.status in VERIFIED)
    card.decided = sum(1 for r in rows if r.decided)
    card.average_score = _mean([r.latest_score for r in rows])
    card.progress = _mean([r.progress * 100 for r in rows])
    return card


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))


def totals(rows: list[RegencyRow]) -> ProvinceCard:
    """The same counts over every row (no query)."""
    return _card("", "", len(rows), rows)


def province_grid(
    *,
    cycle: Cycle,
    provinces_qs: QuerySet[Province],
    regencies_qs: QuerySet[Regency],
    rows: list[RegencyRow] | None = None,
) -> list[ProvinceCard]:
    """Per province: regencies registered, submitted, verified (by the province or further) and
    decided, the average score at the latest level, and how far along they are.

    Pass the `rows` of cycle_overview when you have them: then this is one query (the provinces).
    """
    if rows is None:
        rows = cycle_overview(cycle=cycle, regencies_qs=regencies_qs)
    by_province: dict[str, list[RegencyRow]] = defaultdict(list)
    for row in rows:
        by_province[row.province_code].append(row)
    provinces = provinces_qs.annotate(n_regencies=Count("regencies")).order_by("code")
    return [_card(p.code, p.name, p.n_regencies, by_province.get(p.code, [])) for p in provinces]
