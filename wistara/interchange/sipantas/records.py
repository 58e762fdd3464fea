"""The national system's records for one registration, with its own ids.

Three record kinds, field for field as SIPANTAS takes them (docs: /work/shared/reference/KKS.md
section 7 and issue 13): per tatanan indicator ("capaian"), per kelembagaan item and one ODF
record. Files are the signed links to the merged PDF per indicator per data year (files.py).
`status` is 1 once the regency has submitted its self-assessment, else 0 (draft); `tahun` is the
award year of the cycle's instrument.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.assessments import selectors_odf
from wistara.assessments.models import Registration, Response
from wistara.instruments.models import Indicator, InstrumentVersion, Section
from wistara.verification.models import Review

from ..models import SipantasId
from .files import file_url

CAPAIAN_FIELDS = (
    "indikator_id",
    "capaian",
    "capaian_sebelumnya",
    "file_capaian",
    "file_sebelumnya",
    "penjelasan_kabupaten",
    "penjelasan_provinsi",
    "nilai_mandiri",
    "nilai_provinsi",
    "status",
    "tahun",
    "kabupaten_id",
)
ODF_FIELDS = (
    "jumlah_kecamatan",
    "jumlah_desa_kelurahan",
    "jumlah_desa_stop_babs",
    "persentase_desa_stop_babs",
    "tahun",
    "status",
    "kabupaten_id",
)
KELEMBAGAAN_FIELDS = (
    "indikator_id",
    "jumlah_kecamatan",
    "jumlah_desa_kelurahan",
    "capaian",
    "capaian_sebelumnya",
    "file_capaian",
    "file_sebelumnya",
    "nilai_mandiri",
    "nilai_provinsi",
    "penjelasan_kabupaten",
    "penjelasan_provinsi",
    "status",
    "tahun",
    "kabupaten_id",
)
SUBMITTED = {
    s
    for s in Registration.Status.values
    if s not in (Registration.Status.REGISTERED, Registration.Status.SELF_ASSESSMENT)
}


# --- The id table ----------------------------------------------------------------------------------


def ids_for(version: InstrumentVersion) -> dict[tuple[str, str], str]:
    from django.db.models import Q

    return {
        (kind, code): remote
        for kind, code, remote in SipantasId.objects.filter(
            Q(instrument=version) | Q(instrument__isnull=True)
        ).values_list("kind", "local_code", "remote_id")
    }


def _kind_of(indicator: Indicator) -> str:
    return (
        SipantasId.Kind.KELEMBAGAAN
        if indicator.section.kind == Section.Kind.KELEMBAGAAN
        else SipantasId.Kind.INDICATOR
    )


def unmapped(registration: Registration) -> list[tuple[str, str, str]]:
    """(kind, our code, name) of everything the registration's records need an id for."""
    version = registration.cycle.instrument
    known = ids_for(version)
    missing: list[tuple[str, str, str]] = []
    if (SipantasId.Kind.REGENCY, registration.regency.code) not in known:
        missing.append((SipantasId.Kind.REGENCY, registration.regency.code, registration.regency.name))
    for section in version.sections.filter(kind=Section.Kind.TATANAN):
        if (SipantasId.Kind.TATANAN, section.code) not in known:
            missing.append((SipantasId.Kind.TATANAN, section.code, section.name))
    for indicator in Indicator.objects.filter(section__version=version).select_related("section"):
        kind = _kind_of(indicator)
        if (kind, indicator.code) not in known:
            missing.append((kind, indicator.code, indicator.name))
    return missing


_KIND_WORDS = {
    "regency": "regency",
    "kabupaten": "regency",
    "kabupaten_kota": "regency",
    "tatanan": "tatanan",
    "indicator": "indicator",
    "indikator": "indicator",
    "kelembagaan": "kelembagaan",
}


@transaction.atomic
def ids_import_csv(*, text: str, version: InstrumentVersion) -> int:
    """Rows `jenis,kode,id_sipantas` (or kind,code,id); all or nothing, every bad row listed."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    table = [r for r in reader if any(c.strip() for c in r)]
    if table and table[0] and table[0][0].strip().lower() in ("jenis", "kind"):
        rows = list(enumerate(table[1:], start=2))
    else:
        rows = list(enumerate(table, start=1))
    tatanan = version.sections.filter(kind=Section.Kind.TATANAN).values_list("code", flat=True)
    codes: dict[str, set[str]] = {SipantasId.Kind.TATANAN: set(tatanan)}
    for indicator in Indicator.objects.filter(section__version=version).select_related("section"):
        codes.setdefault(_kind_of(indicator), set()).add(indicator.code)
    from wistara.regions.models import Regency

    problems, clean = [], []
    for number, row in rows:
        if len(row) < 3:
            problems.append(_("Row %(n)s: three columns needed (jenis, kode, id_sipantas).") % {"n": number})
            continue
        kind = _KIND_WORDS.get(row[0].strip().lower().replace(" ", "_").replace("/", "_"))
        code, remote = row[1].strip(), row[2].strip()
        if kind is None:
            problems.append(
                _("Row %(n)s: unknown kind “%(kind)s” (regency, tatanan, indicator or kelembagaan).")
                % {"n": number, "kind": row[0].strip()}
            )
        elif not remote or len(remote) > 40:
            problems.append(_("Row %(n)s: the SIPANTAS id is empty or too long.") % {"n": number})
        elif kind == "regency" and not Regency.objects.filter(code=code).exists():
            problems.append(_("Row %(n)s: no regency/city with code %(code)s.") % {"n": number, "code": code})
        elif kind != "regency" and code not in codes.get(kind, set()):
            problems.append(
                _("Row %(n)s: %(code)s is not a %(kind)s of %(version)s.")
                % {"n": number, "code": code, "kind": kind, "version": version.code}
            )
        else:
            clean.append((kind, code, remote))
    if problems:
        raise ValidationError(problems)
    for kind, code, remote in clean:
        SipantasId.objects.update_or_create(
            kind=kind,
            local_code=code,
            instrument=None if kind == "regency" else version,
            defaults={"remote_id": remote},
        )
    return len(clean)


# --- The records -----------------------------------------------------------------------------------


@overload
def odf_integer(percent: Decimal) -> int: ...
@overload
def odf_integer(percent: None) -> None: ...
def odf_integer(percent: Decimal | None) -> int | None:
    """The national system takes a whole percentage: half up, as a person would round it."""
    return None if percent is None else int(percent.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Records:
    capaian: list[dict] = field(default_factory=list)
    kelembagaan: list[dict] = field(default_factory=list)
    odf: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unmapped: list[tuple[str, str, str]] = field(default_factory=list)

    def keyed(self) -> list[tuple[str, str, dict]]:
        """(record key, endpoint kind, payload) in sending order."""
        rows = [(f"capaian:{r['_code']}", "capaian", r) for r in self.capaian]
        rows += [(f"kelembagaan:{r['_code']}", "kelembagaan", r) for r in self.kelembagaan]
        if self.odf:
            rows.append(("odf", "odf", self.odf))
        return rows


def _number(value):
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else float(value)


def _value(value, note: str):
    return _number(value) if value is not None else (note or "")


def build_records(registration: Registration, *, links: bool = True) -> Records:
    version = registration.cycle.instrument
    known = ids_for(version)
    years = [int(y) for y in version.data_years]
    regency_id = known.get((SipantasId.Kind.REGENCY, registration.regency.code), "")
    status = 1 if registration.status in SUBMITTED else 0
    notes = dict(
        ((r, lvl), n)
        for r, lvl, n in Review.objects.filter(response__registration=registration, level="provincial")
        .order_by("response_id", "round")
        .values_list("response_id", "level", "note")
    )
    records = Records(unmapped=unmapped(registration))
    # Which evidence each item has per year: what the merged PDF holds (a re-push compares it,
    # not the signed link, whose timestamp changes every time).
    held: dict[tuple[int, int], list[int]] = {}
    for r, y, e in (
        registration.responses.filter(evidence__removed_at__isnull=True)
        .values_list("id", "evidence__data_year", "evidence__id")
        .order_by("evidence__id")
    ):
        if y is not None:
            held.setdefault((r, y), []).append(e)
    counts = set(held)
    lokus = (registration.lokus_districts.count(), registration.lokus_villages.count())
    for response in Response.objects.filter(registration=registration).select_related(
        "indicator__section", "registration__regency", "registration__cycle"
    ):
        indicator = response.indicator

        def link(year: int, response=response) -> str:
            return file_url(response, year) if links and (response.id, year) in counts else ""

        common = {
            "indikator_id": known.get((_kind_of(indicator), indicator.code), ""),
            "capaian": _value(response.value_curr, response.note_curr),
            "capaian_sebelumnya": _value(response.value_prev, response.note_prev),
            "file_capaian": link(years[-1]),
            "file_sebelumnya": link(years[0]),
            "penjelasan_kabupaten": response.explanation,
            "penjelasan_provinsi": notes.get((response.id, "provincial"), ""),
            "nilai_mandiri": "" if response.points is None else response.points,
            "nilai_provinsi": "" if response.provincial_points is None else response.provincial_points,
            "status": status,
            "tahun": version.award_year,
            "kabupaten_id": regency_id,
            "_code": indicator.code,
            "_name": indicator.name,
            "_section": indicator.section.code,
            "_files": {
                "file_capaian": held.get((response.id, years[-1]), []),
                "file_sebelumnya": held.get((response.id, years[0]), []),
            },
        }
        if indicator.section.kind == Section.Kind.KELEMBAGAAN:
            records.kelembagaan.append(
                {"jumlah_kecamatan": lokus[0], "jumlah_desa_kelurahan": lokus[1], **common}
            )
        else:
            records.capaian.append(common)
    summary = selectors_odf.odf_summary(registration)
    percent = summary["percent"]
    records.odf = {
        "jumlah_kecamatan": summary["district_count"],
        "jumlah_desa_kelurahan": summary["villages"],
        "jumlah_desa_stop_babs": summary["odf"],
        "persentase_desa_stop_babs": odf_integer(percent) if percent is not None else 0,
        "tahun": version.award_year,
        "status": status,
        "kabupaten_id": regency_id,
    }
    records.warnings = odf_rounding_warnings(version, percent)
    return records


def odf_rounding_warnings(version: InstrumentVersion, percent: Decimal | None) -> list[str]:
    """A warning for each category whose ODF gate the whole percentage passes and the exact one
    does not (or the other way round)."""
    if percent is None:
        return []
    whole = odf_integer(percent)
    warnings = []
    for category in version.award_categories.order_by("rank"):
        gate = category.min_odf_percent
        if gate and (percent >= gate) != (whole >= gate):
            warnings.append(
                _(
                    "The ODF share is %(exact)s%%; the national system takes %(whole)s%%, "
                    "which %(verb)s the %(category)s gate of %(gate)s%%."
                )
                % {
                    "exact": percent,
                    "whole": whole,
                    "category": category.name,
                    # Fixed-point: normalize() alone writes 90.00 as "9E+1", which the page showed.
                    "gate": format(gate.normalize(), "f"),
                    "verb": _("passes") if whole >= gate else _("fails"),
                }
            )
    return warnings


def payload(record: dict, fields: tuple[str, ...]) -> dict[str, str]:
    """The form fields of one record, as strings."""
    return {name: "" if record.get(name) is None else str(record.get(name)) for name in fields}
