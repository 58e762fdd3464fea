from datetime import date, datetime
from decimal import Decimal

from ninja import Schema

from wistara.common.api_input import InSchema


class ContactIn(InSchema):
    name: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""


class GeneralDataIn(InSchema):
    """Only the fields sent change; `revision` is the one the caller read (0 before the first save)."""

    revision: int
    leader_name: str | None = None
    leader_office_address: str | None = None
    tim_pembina_chair: str | None = None
    forum_name: str | None = None
    forum_chair: str | None = None
    forum_address: str | None = None
    forum_phone: str | None = None
    forum_email: str | None = None
    area_km2: str | None = None
    population: str | None = None
    population_year: str | None = None
    contacts: list[ContactIn] | None = None


class CountsOut(Schema):
    districts: int
    villages: int
    desa: int
    kelurahan: int
    lokus_districts: int | None
    lokus_villages: int | None
    lokus_desa: int | None
    lokus_kelurahan: int | None


class GeneralDataOut(Schema):
    province: str
    regency: str
    leader_title: str
    leader_name: str
    leader_office_address: str
    tim_pembina_chair: str
    forum_name: str
    forum_chair: str
    forum_address: str
    forum_phone: str
    forum_email: str
    area_km2: Decimal | None
    population: int | None
    population_year: int | None
    contacts: list[dict]
    counts: CountsOut
    revision: int
    locked: str | None
    updated_at: datetime | None


class NarrativeReviewOut(Schema):
    level: str
    round: int
    verdict: str
    note: str
    reviewer: str | None
    reviewed_at: datetime


class NarrativeOut(Schema):
    key: str
    title: str
    section: str | None
    body: str
    word_count: int
    guide_min: int
    guide_max: int
    pdf_url: str | None
    status: str
    returned_until: datetime | None
    revision: int
    locked: str | None
    updated_by: str | None
    updated_at: datetime | None
    reviews: list[NarrativeReviewOut]


class NarrativeIn(InSchema):
    revision: int
    body: str
    remove_pdf: bool = False


class NarrativeVersionOut(Schema):
    revision: int
    body: str
    word_count: int
    has_pdf: bool
    saved_by: str | None
    saved_at: datetime


class ImageOut(Schema):
    id: int
    url: str
    title: str


class DossierReviewIn(InSchema):
    verdict: str
    note: str = ""


class CorrectionOut(Schema):
    level: str
    round: int
    deadline: datetime
    resubmitted_at: datetime | None


class FundingIn(InSchema):
    data_year: int
    source: str
    section: str = ""
    office_id: int | None = None
    activity: str
    amount: str
    note: str = ""


class FundingUpdateIn(FundingIn):
    revision: int


class DossierFileOut(Schema):
    id: int
    title: str
    name: str
    size: int
    content_type: str
    url: str
    removed: bool


class FundingOut(Schema):
    id: int
    data_year: int
    source: str
    source_label: str
    section: str | None
    office: str | None
    activity: str
    amount: Decimal
    note: str
    revision: int
    removed: bool
    evidence: list[DossierFileOut]


class FundingTotalsOut(Schema):
    years: list[int]
    by_year: dict[str, Decimal]
    by_source: dict[str, Decimal]
    table: dict[str, dict[str, Decimal]]
    total: Decimal


class FundingListOut(Schema):
    rows: list[FundingOut]
    totals: FundingTotalsOut
    locked: str | None


class DossierOut(Schema):
    regency: str
    cycle: str
    narratives_written: int
    narratives_total: int
    accepted_provincial: int
    accepted_national: int
    funding_total: Decimal
    correction: CorrectionOut | None
    locked: str | None


class DocumentReviewOut(Schema):
    round: int
    verdict: str
    note: str
    reviewer: str | None
    reviewed_at: datetime


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    description: str
    document_date: date | None
    status: str
    revision: int
    file: DossierFileOut
    versions: int
    removed: bool
    reviews: list[DocumentReviewOut]


class DocumentUpdateIn(InSchema):
    revision: int
    kind: str
    title: str
    description: str = ""
    document_date: date | None = None


class ProvincialDossierOut(Schema):
    province: str
    cycle: str
    status: str
    submitted_at: datetime | None
    correction_deadline: datetime | None
    missing_kinds: list[str]
    locked: str | None
    documents: list[DocumentOut]


class ProvincialSubmitIn(InSchema):
    confirm_incomplete: bool = False


class ProvinceStatusOut(Schema):
    province_code: str
    province: str
    status: str
    documents: int
    decree: int
    work_plan: int
    coaching_report: int
    accepted: int
    returned: int
    complete: bool
    verified: bool
