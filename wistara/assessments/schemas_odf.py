"""The ODF endpoints' schemas (api_odf)."""

from datetime import date
from decimal import Decimal

from ninja import Schema

from wistara.common.api_input import InSchema


class OdfDistrictOut(Schema):
    code: str
    name: str
    villages: int
    desa: int
    kelurahan: int
    odf: int
    lokus: int
    percent: Decimal | None


class OdfGateOut(Schema):
    category: str
    needed: Decimal
    met: bool


class SipantasOdfOut(Schema):
    """The ODF fields of the national system, ready to send."""

    tahun: int
    jumlah_kecamatan: int
    jumlah_desa_kelurahan: int
    jumlah_desa_stop_babs: int
    persentase_desa_stop_babs: Decimal | None


class OdfSummaryOut(Schema):
    regency: str
    cycle: str
    villages: int
    desa: int
    kelurahan: int
    odf: int
    not_odf: int
    lokus: int
    lokus_odf: int
    percent: Decimal | None
    gate: OdfGateOut
    locked: str | None
    can_change: bool
    districts: list[OdfDistrictOut]
    sipantas: SipantasOdfOut


class OdfVillageOut(Schema):
    code: str
    name: str
    kind: str
    district_code: str
    district_name: str
    lokus: bool
    is_odf: bool
    verified_on: date | None


class OdfVillageIn(InSchema):
    is_odf: bool
    verified_on: date | None = None


class OdfImportOut(Schema):
    rows: int
    changed: int
    unchanged: int
    odf: int
