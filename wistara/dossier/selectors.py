"""Reads of the dossier: general data with its computed counts, narratives with their reviews,
funding totals and chart, and the provinces' documents (these apply no user access: callers pass
objects from wistara.dossier.access)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from wistara.assessments.models import Cycle, Registration
from wistara.instruments.models import Section
from wistara.regions.models import District, Province, Regency, Village
from wistara.verification.models import Level

from .locking import dossier_lock_reason, general_data_lock_reason, narrative_lock_reason
from .models import (
    OVERVIEW_KEY,
    Attachment,
    Funding,
    GeneralData,
    Narrative,
    NarrativeReview,
    ProvincialDocument,
    ProvincialDocumentReview,
    ProvincialDossier,
    Verdict,
)
from .selectors_rounds import accepted_before, current_round, open_correction

# The word count a narrative should fall within (a guide, never enforced).
WORDS = {"overview": (500, 2500), "tatanan": (250, 1500)}


# --- General data ----------------------------------------------------------------------------------


@dataclass
class Counts:
    districts: int
    villages: int
    desa: int
    kelurahan: int
    lokus_districts: int | None = None
    lokus_villages: int | None = None
    lokus_desa: int | None = None
    lokus_kelurahan: int | None = None


def region_counts(regency: Regency, registration: Registration | None = None) -> Counts:
    """From the region list, and the registration's lokus when given: never typed."""
    villages = Village.objects.filter(district__regency=regency).aggregate(
        n=Count("id"), desa=Count("id", filter=Q(kind=Village.Kind.DESA))
    )
    counts = Counts(
        districts=District.objects.filter(regency=regency).count(),
        villages=villages["n"],
        desa=villages["desa"],
        kelurahan=villages["n"] - villages["desa"],
    )
    if registration is not None:
        lokus = registration.lokus_villages.aggregate(n=Count("id"), desa=Count("id", filter=Q(kind="desa")))
        counts.lokus_districts = registration.lokus_districts.count()
        counts.lokus_villages, counts.lokus_desa = lokus["n"], lokus["desa"]
        counts.lokus_kelurahan = lokus["n"] - lokus["desa"]
    return counts


def general_data_for(regency: Regency) -> GeneralData:
    """The regency's record, or an empty unsaved one (revision 0) before the first save."""
    return GeneralData.objects.select_related("updated_by").filter(regency=regency).first() or GeneralData(
        regency=regency
    )


def general_data_context(registration: Registration) -> dict:
    """What the shared general-data block shows (pages, berita acara, exports)."""
    regency = registration.regency
    data = general_data_for(regency)
    return {
        "general": data,
        "counts": region_counts(regency, registration),
        "regency": regency,
        "leader_title": _("Walikota") if regency.kind == Regency.Kind.KOTA else _("Bupati"),
        "contacts": data.contacts or registration.contacts,
        "general_lock_reason": general_data_lock_reason(regency),
    }


# --- Narratives ------------------------------------------------------------------------------------


@dataclass
class NarrativeRow:
    key: str
    section: Section | None
    title: str
    narrative: Narrative | None
    guide: tuple[int, int]
    reviews: list[NarrativeReview] = field(default_factory=list)
    pdf_body: str = ""  # the body as the PDF prints it (exports.dossier_pdf_context)

    @property
    def written(self) -> bool:
        return self.narrative is not None and not self.narrative.is_empty

    @property
    def words(self) -> int:
        return self.narrative.word_count if self.narrative else 0

    @property
    def latest(self) -> dict[str, NarrativeReview]:
        """The latest review at each level, by level."""
        return {review.level: review for review in self.reviews}

    @property
    def returned(self) -> bool:
        return bool(self.narrative and self.narrative.status == Narrative.Status.RETURNED)


def narrative_rows(registration: Registration) -> list[NarrativeRow]:
    """The overview, then one row per tatanan of the instrument, written or not."""
    reviews = NarrativeReview.objects.select_related("reviewer").order_by("level", "round")
    narratives = {
        n.section_id: n
        for n in registration.narratives.select_related("pdf__file", "updated_by").prefetch_related(
            Prefetch("reviews", queryset=reviews, to_attr="all_reviews")
        )
    }
    rows = [
        NarrativeRow(
            OVERVIEW_KEY, None, _("Overview of the regency"), narratives.get(None), WORDS["overview"]
        )
    ]
    for section in registration.cycle.instrument.sections.filter(kind="tatanan").order_by("order"):
        rows.append(
            NarrativeRow(
                section.code,
                section,
                f"{section.code} {section.name}",
                narratives.get(section.id),
                WORDS["tatanan"],
            )
        )
    for row in rows:
        row.reviews = getattr(row.narrative, "all_reviews", []) if row.narrative else []
    return rows


def narrative_row(registration: Registration, section: Section | None) -> NarrativeRow:
    key = section.code if section else OVERVIEW_KEY
    return next(row for row in narrative_rows(registration) if row.key == key)


def narrative_page_context(registration: Registration, section: Section | None) -> dict:
    rows = narrative_rows(registration)
    key = section.code if section else OVERVIEW_KEY
    row = next(row for row in rows if row.key == key)
    narrative = row.narrative or Narrative(registration=registration, section=section)
    return {
        "row": row,
        "narrative_rows": rows,
        "narrative": narrative,
        "lock_reason": narrative_lock_reason(narrative),
        "versions": list(narrative.versions.select_related("saved_by")[:30]) if narrative.pk else [],
        "correction": open_correction(registration),
    }


@dataclass
class ReviewRow:
    row: NarrativeRow
    current: NarrativeReview | None
    in_round: bool
    changed_since: int  # saves since this level's previous review


def review_rows(registration: Registration, level: str) -> tuple[int, list[ReviewRow]]:
    rnd = current_round(registration, level)
    accepted = accepted_before(registration, level, rnd)
    result = []
    for row in narrative_rows(registration):
        mine = [r for r in row.reviews if r.level == level]
        current = next((r for r in mine if r.round == rnd), None)
        previous = next((r for r in reversed(mine) if r.round < rnd), None)
        changed = (row.narrative.revision - previous.revision) if (row.narrative and previous) else 0
        in_round = not (row.narrative and row.narrative.id in accepted)
        result.append(ReviewRow(row, current, in_round, max(changed, 0)))
    return rnd, result


def level_summary(rows: list[NarrativeRow], level: str) -> dict:
    latest = [row.latest.get(level) for row in rows]
    return {
        "accepted": sum(1 for r in latest if r and r.verdict == Verdict.ACCEPTED),
        "needs_correction": sum(1 for r in latest if r and r.verdict == Verdict.NEEDS_CORRECTION),
        "total": len(rows),
    }


def dossier_overview(registration: Registration) -> dict:
    rows = narrative_rows(registration)
    return {
        "rows": rows,
        "written": sum(1 for r in rows if r.written),
        "levels": {level: level_summary(rows, level) for level in Level.values},
        "correction": open_correction(registration),
        "lock_reason": dossier_lock_reason(registration),
    }


# --- Funding ---------------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    amount: Decimal
    percent: int  # of the largest bar, for the chart's width
    parts: list[tuple[str, Decimal, int]] = field(default_factory=list)  # (source, amount, % of bar)


def funding_rows(registration: Registration, *, removed: bool = False) -> QuerySet[Funding]:
    qs = registration.funding.select_related("section", "office", "updated_by").prefetch_related(
        Prefetch(
            "evidence",
            queryset=Attachment.objects.filter(removed_at__isnull=True).select_related("file"),
            to_attr="active_evidence",
        )
    )
    return qs.filter(removed_at__isnull=not removed)


def funding_totals(registration: Registration) -> dict:
    """Totals by data year and source (one query), and the chart's bars per year."""
    years = [int(y) for y in registration.cycle.data_years]
    sums = (
        registration.funding.filter(removed_at__isnull=True)
        .order_by()
        .values_list("data_year", "source")
        .annotate(total=Sum("amount"))
    )
    table: dict[int, dict[str, Decimal]] = {year: defaultdict(Decimal) for year in years}
    for year, source, total in sums:
        table.setdefault(year, defaultdict(Decimal))[source] += total or 0
    sources = [
        (value, label) for value, label in Funding.Source.choices if any(table[y].get(value) for y in table)
    ]
    by_year = {year: sum(table[year].values(), Decimal(0)) for year in table}
    by_source = {
        value: sum((table[y].get(value, Decimal(0)) for y in table), Decimal(0)) for value, _label in sources
    }
    top = max(by_year.values(), default=Decimal(0))
    bars = [
        Bar(
            str(year),
            by_year[year],
            _share(by_year[year], top),
            [
                (
                    src,
                    table[year].get(src, Decimal(0)),
                    _share(table[year].get(src, Decimal(0)), by_year[year]),
                )
                for src, _label in sources
                if table[year].get(src)
            ],
        )
        for year in table
    ]
    return {
        "years": list(table),
        "sources": sources,
        "table": {y: dict(v) for y, v in table.items()},
        "by_year": by_year,
        "by_source": by_source,
        "total": sum(by_year.values(), Decimal(0)),
        "bars": bars,
    }


def _share(part: Decimal, whole: Decimal) -> int:
    return int(round(part * 100 / whole)) if whole else 0


# --- Provincial documents --------------------------------------------------------------------------


def provincial_dossier_for(province: Province, cycle: Cycle) -> ProvincialDossier:
    return ProvincialDossier.objects.select_related("province", "cycle", "submitted_by").filter(
        province=province, cycle=cycle
    ).first() or ProvincialDossier(province=province, cycle=cycle)


def provincial_documents(dossier: ProvincialDossier, *, removed: bool = False) -> list[ProvincialDocument]:
    if dossier.pk is None:
        return []
    reviews = Prefetch(
        "reviews",
        queryset=ProvincialDocumentReview.objects.select_related("reviewer").order_by("round"),
        to_attr="all_reviews",
    )
    return list(
        dossier.documents.filter(removed_at__isnull=not removed)
        .select_related("file", "added_by")
        .prefetch_related(reviews, "versions__uploaded_by")
    )


@dataclass
class ProvinceStatus:
    province: Province
    status: str
    kinds: dict[str, int]
    documents: int
    accepted: int
    returned: int

    @property
    def complete(self) -> bool:
        return self.status != ProvincialDossier.Status.DRAFT and all(
            self.kinds.get(k) for k in ProvincialDocument.REQUIRED
        )

    @property
    def verified(self) -> bool:
        return self.complete and self.documents > 0 and self.accepted == self.documents


def province_statuses(cycle: Cycle, provinces: QuerySet[Province]) -> list[ProvinceStatus]:
    """Per province: its documents per kind, submitted or not, how many the nation accepted.

    Two queries whatever the number of provinces; no part of the dashboard's own aggregate."""
    dossiers = {
        d.province_id: d for d in ProvincialDossier.objects.filter(cycle=cycle, province__in=provinces)
    }
    kinds: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        ProvincialDocument.objects.filter(dossier__in=dossiers.values(), removed_at__isnull=True)
        .order_by()
        .values_list("dossier__province_id", "kind")
        .annotate(n=Count("id"))
    )
    for province_id, kind, n in rows:
        kinds[province_id][kind] = n
    verdicts = _latest_verdicts(list(dossiers.values()))
    result = []
    for province in provinces.order_by("code"):
        dossier = dossiers.get(province.id)
        mine = verdicts.get(province.id, {})
        result.append(
            ProvinceStatus(
                province,
                dossier.status if dossier else ProvincialDossier.Status.DRAFT,
                kinds.get(province.id, {}),
                sum(kinds.get(province.id, {}).values()),
                sum(1 for v in mine.values() if v == Verdict.ACCEPTED),
                sum(1 for v in mine.values() if v == Verdict.NEEDS_CORRECTION),
            )
        )
    return result


def _latest_verdicts(dossiers: list[ProvincialDossier]) -> dict[int, dict[int, str]]:
    """province id -> {document id: its latest verdict} for active documents."""
    latest: dict[int, dict[int, str]] = defaultdict(dict)
    rows = (
        ProvincialDocumentReview.objects.filter(
            document__dossier__in=dossiers, document__removed_at__isnull=True
        )
        .order_by("document_id", "round")
        .values_list("document__dossier__province_id", "document_id", "verdict")
    )
    for province_id, document_id, verdict in rows:
        latest[province_id][document_id] = verdict
    return latest
