"""Reads of a registration's ODF (Stop BABS) data: counts, the gate, and the village table.

The percentage is over every desa/kelurahan of the regency (as SIPANTAS reports it:
jumlah_desa_kelurahan, jumlah_desa_stop_babs, persentase_desa_stop_babs), not over the lokus.
A village without a row is not ODF. Every function here runs a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, Exists, OuterRef, Q

from wistara.regions.models import Village

from . import engine
from .models import Registration, VillageOdf

FILTERS = ("all", "odf", "not_odf", "lokus")


@dataclass
class OdfRow:
    code: str
    name: str
    kind: str
    kind_label: str
    district_code: str
    district_name: str
    lokus: bool
    is_odf: bool = False
    verified_on: date | None = None
    updated_at: datetime | None = None
    updated_by: str = ""


@dataclass
class OdfDistrict:
    code: str
    name: str
    rows: list[OdfRow] = field(default_factory=list)
    villages: int = 0  # before filtering
    odf: int = 0


def _lokus(registration: Registration):
    through = Registration.lokus_villages.through
    return through.objects.filter(registration_id=registration.id, village_id=OuterRef("pk"))


def odf_summary(registration: Registration) -> dict:
    """Counts for the regency and per kecamatan, in one query."""
    odf = VillageOdf.objects.filter(registration=registration, village=OuterRef("pk"), is_odf=True)
    verified = odf.filter(verified_on__isnull=False)
    lokus = _lokus(registration)
    rows = list(
        Village.objects.filter(district__regency_id=registration.regency_id)
        .values("district__code", "district__name")
        .annotate(
            villages=Count("id"),
            desa=Count("id", filter=Q(kind=Village.Kind.DESA)),
            kelurahan=Count("id", filter=Q(kind=Village.Kind.KELURAHAN)),
            odf=Count("id", filter=Exists(odf)),
            lokus=Count("id", filter=Exists(lokus)),
            lokus_odf=Count("id", filter=Exists(lokus) & Exists(odf)),
            verified=Count("id", filter=Exists(verified)),
            lokus_verified=Count("id", filter=Exists(lokus) & Exists(verified)),
        )
        .order_by("district__code")
    )
    keys = ("villages", "desa", "kelurahan", "odf", "lokus", "lokus_odf")
    districts: list[dict[str, Any]] = [
        {
            "code": r["district__code"],
            "name": r["district__name"],
            **{k: cast("dict[str, int]", r)[k] for k in keys},
            "percent": _percent(r["odf"], r["villages"]),
        }
        for r in rows
    ]
    totals = {key: sum(d[key] for d in districts) for key in keys}
    # The verified counts only for the award's ODF rule (issue 13), not per kecamatan.
    totals |= {key: sum(r[key] for r in rows) for key in ("verified", "lokus_verified")}
    return {
        "districts": districts,
        "district_count": len(districts),
        **totals,
        "not_odf": totals["villages"] - totals["odf"],
        "percent": _percent(totals["odf"], totals["villages"]),
    }


def _percent(part: int, whole: int) -> Decimal | None:
    # The dashboard and the award engine round the same way (engine.percent).
    return engine.percent(part, whole) if whole else None


def odf_gate(registration: Registration, summary: dict) -> tuple[bool, Decimal, Decimal | None]:
    """(met, needed, actual) for the registration's target category; the share as the award
    reads it (the version's ODF denominator, status and rounding, issue 13)."""
    from .selectors import settings_of

    needed = registration.target_category.min_odf_percent
    counts = engine.OdfCounts(
        summary["villages"],
        summary["odf"],
        summary["verified"],
        summary["lokus"],
        summary["lokus_odf"],
        summary["lokus_verified"],
    )
    actual = engine.odf_share(settings_of(registration.cycle.instrument), counts)
    if not needed:
        return True, needed, actual
    return actual is not None and actual >= needed, needed, actual


def odf_rows(
    registration: Registration, *, show: str = "all", village_code: str | None = None
) -> list[OdfDistrict]:
    """The regency's villages grouped by kecamatan, filtered (see FILTERS), in three queries."""
    villages = Village.objects.filter(district__regency_id=registration.regency_id)
    states = VillageOdf.objects.filter(registration=registration)
    lokus = registration.lokus_villages.all()
    if village_code is not None:
        villages, states = villages.filter(code=village_code), states.filter(village__code=village_code)
        lokus = lokus.filter(code=village_code)
    lokus_ids = set(lokus.values_list("id", flat=True))
    by_village = {s.village_id: s for s in states.select_related("updated_by")}
    districts: dict[str, OdfDistrict] = {}
    for village in villages.select_related("district").order_by("district__code", "code"):
        row = _row(village, village.id in lokus_ids, by_village.get(village.id))
        district = districts.setdefault(row.district_code, OdfDistrict(row.district_code, row.district_name))
        district.villages += 1
        district.odf += row.is_odf
        if _shown(row, show):
            district.rows.append(row)
    return [district for district in districts.values() if district.rows]


def odf_row(registration: Registration, village_code: str) -> OdfRow | None:
    districts = odf_rows(registration, village_code=village_code)
    return districts[0].rows[0] if districts else None


def _row(village: Village, lokus: bool, state: VillageOdf | None) -> OdfRow:
    row = OdfRow(
        code=village.code,
        name=village.name,
        kind=village.kind,
        kind_label=str(village.get_kind_display()),
        district_code=village.district.code,
        district_name=village.district.name,
        lokus=lokus,
    )
    if state is not None:
        row.is_odf, row.verified_on, row.updated_at = state.is_odf, state.verified_on, state.updated_at
        row.updated_by = str(state.updated_by or "")
    return row


def _shown(row: OdfRow, show: str) -> bool:
    return {"odf": row.is_odf, "not_odf": not row.is_odf, "lokus": row.lokus}.get(show, True)


# A page of the village table holds whole kecamatan up to about this many villages: 852 villages
# were 1.07 MB of HTML on one page (issue 10, slow lines); a page of ~200 stays far under 100 KB
# on the wire, and a kecamatan is never split, so its heading and counts stay with its rows.
PAGE_VILLAGES = 200


@dataclass
class OdfPage:
    number: int
    first: str  # the first and last kecamatan on the page, to name it in the pager
    last: str
    districts: list[OdfDistrict]

    @property
    def rows(self) -> int:
        return sum(len(d.rows) for d in self.districts)


def odf_pages(districts: list[OdfDistrict], size: int = PAGE_VILLAGES) -> list[OdfPage]:
    """The (filtered) kecamatan cut into pages of whole kecamatan of at most `size` rows each
    (a kecamatan larger than that gets a page of its own)."""
    pages: list[OdfPage] = []
    current: list[OdfDistrict] = []
    count = 0
    for district in districts:
        if current and count + len(district.rows) > size:
            pages.append(OdfPage(len(pages) + 1, current[0].name, current[-1].name, current))
            current, count = [], 0
        current.append(district)
        count += len(district.rows)
    if current:
        pages.append(OdfPage(len(pages) + 1, current[0].name, current[-1].name, current))
    return pages
