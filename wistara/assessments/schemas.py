from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from wistara.common.api_input import InSchema


class CycleMilestones(Schema):
    registration_opens: date
    registration_closes: date
    self_assessment_deadline: date
    provincial_verification_start: date
    provincial_verification_end: date
    national_verification_start: date
    national_verification_end: date
    field_validation_start: date
    field_validation_end: date
    award_date: date


class CycleOut(CycleMilestones):
    code: str
    name: str
    instrument: str


class CycleIn(CycleOut):
    previous: str | None = None


class Contact(Schema):
    name: str
    position: str = ""
    phone: str = ""
    email: str = ""


class RegistrationIn(InSchema):
    target_category: str
    lokus_districts: list[str] = []
    lokus_villages: list[str] = []
    contacts: list[Contact] = []


class RegistrationUpdateIn(RegistrationIn):
    revision: int


class RegistrationOut(Schema):
    regency: str
    cycle: str
    target_category: str
    status: str
    revision: int
    lokus_districts: list[str]
    lokus_villages: list[str]
    contacts: list[Contact]


class SectionProgressOut(Schema):
    code: str
    name: str
    items: int
    answered: int
    complete: int
    score: Decimal
    completion: Decimal


class OfficeProgressOut(Schema):
    office: str
    items: int
    complete: int
    validated: int
    ready: int = Field(description="Complete and validated by the head of office")
    completion: Decimal


class CategoryCheckOut(Schema):
    category: str
    reached: bool
    unmet: list[str]


class MilestoneOut(Schema):
    label: str
    start: date
    end: date | None
    days_left: int
    state: str


class ProgressOut(Schema):
    completion: Decimal
    items: int
    complete: int = Field(description="Items with a score option and evidence for both data years")
    ready: int = Field(description="Complete items the head of office has validated")
    score: Decimal
    kelembagaan: Decimal
    odf_percent: Decimal | None
    projected_category: str | None
    target_category: str
    categories: list[CategoryCheckOut]
    tatanan: list[SectionProgressOut]
    kelembagaan_components: list[SectionProgressOut]
    offices: list[OfficeProgressOut]
    milestones: list[MilestoneOut]


class ResponseOut(Schema):
    id: int
    indicator: str
    office: str | None
    value_prev: Decimal | None
    value_curr: Decimal | None
    unit: str
    note_prev: str
    note_curr: str
    option_id: int | None
    points: int | None
    explanation: str
    status: str
    evidence_prev: int
    evidence_curr: int
    revision: int
    locked: str | None


class ResponsePatchIn(InSchema):
    revision: int
    value_prev: str | None = None
    value_curr: str | None = None
    unit: str | None = None
    note_prev: str | None = None
    note_curr: str | None = None
    option_id: int | None = None
    explanation: str | None = None


class StatusIn(InSchema):
    revision: int
    # The statuses a client may move an item to (services.responses.ALLOWED's targets; "returned"
    # is the verifiers' alone): another value is refused as input (422), never reaches the service.
    status: Literal["draft", "validated", "submitted"]


class AssignIn(InSchema):
    office_id: int | None


class ChangeOut(Schema):
    revision: int
    field: str
    old: str
    new: str
    changed_by: str | None
    changed_at: str


class MissingItemOut(Schema):
    response_id: int
    indicator: str
    name: str
    reasons: list[str]
    stage: str = Field(description="not_started, incomplete, waiting (for validation) or returned")


class OfficeMissingOut(Schema):
    office: str
    items: list[MissingItemOut]


class AssignSectionIn(InSchema):
    section_code: str
    office_id: int | None


class AssignedOut(Schema):
    assigned: int
