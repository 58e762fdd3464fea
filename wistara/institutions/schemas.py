from datetime import date, datetime

from ninja import Schema

from wistara.common.api_input import InSchema


class InstitutionFileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    taken_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None
    url: str


class DecreeOut(Schema):
    id: int
    number: str
    signed_on: date
    signer_name: str
    signer_authority: str
    valid_until: date | None
    is_draft: bool
    names_kks: bool
    problems: list[str]
    file: InstitutionFileOut | None
    removed: bool


class BodyStateOut(Schema):
    """One body as the instrument judges it (an FKK or Pokja of the lokus may be unrecorded)."""

    body: str
    institution_id: int | None
    name: str
    area_code: str | None
    decree_ok: bool
    decree_number: str | None
    decree_problems: list[str]
    plan_years: list[int]
    budget_years: list[int]
    budget_totals: dict[int, int]
    has_secretariat: bool


class RegistryOut(Schema):
    reference_date: date
    data_years: list[int]
    bodies: list[BodyStateOut]
    flags: list[str]


class EstimateOut(Schema):
    code: str
    name: str
    response_id: int | None
    points: int
    current_points: int | None
    reasons: list[str]
    files: int


class PrefillOut(Schema):
    changed: list[str]
    attached: int
    skipped: list[str]


class InstitutionIn(InSchema):
    body: str
    area_code: str = ""


class InstitutionPatch(InSchema):
    revision: int
    name: str
    address: str = ""


class MemberIn(InSchema):
    name: str
    position: str
    office: int | None = None
    organisation: str = ""
    period_start: date | None = None
    period_end: date | None = None


class ActivityIn(InSchema):
    year: int
    name: str
    target: str
    section: int | None = None


class InstitutionOut(Schema):
    id: int
    body: str
    name: str
    address: str
    area_code: str | None
    revision: int
    decrees: list[DecreeOut]
    members: list[dict]
    work_plans: list[dict]
    budgets: list[dict]
    photos: list[dict]


class RecordOut(Schema):
    kind: str
    id: int
    removed: bool


class MeetingIn(InSchema):
    title: str
    starts_at: datetime
    place: str
    chair: str
    agenda: str
    invited_offices: list[int] = []
    invited_institutions: list[int] = []


class MeetingUpdate(MeetingIn):
    revision: int
    status: str = "scheduled"


class MinutesIn(InSchema):
    revision: int
    minutes: str
    decisions: str = ""


class AttendanceIn(InSchema):
    id: int
    present: bool
    represented_by: str = ""


class AttachIn(InSchema):
    response_ids: list[int]
    data_year: int


class ActionItemIn(InSchema):
    description: str
    office: int
    assignee: int | None = None
    due_on: date
    indicators: list[int] = []


class ActionItemPatch(InSchema):
    revision: int
    status: str
    progress_note: str = ""


class ActionItemOut(Schema):
    id: int
    meeting_id: int
    description: str
    office: str
    assignee: str | None
    due_on: date
    status: str
    overdue: bool
    indicators: list[str]
    progress_note: str
    revision: int


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: datetime
    place: str
    chair: str
    agenda: str
    status: str
    minutes: str
    decisions: str
    revision: int
    invited_offices: list[str]
    invited_institutions: list[str]
    attendance: list[dict]
    minutes_file: InstitutionFileOut | None
    attendance_file: InstitutionFileOut | None
    action_items: list[ActionItemOut]


class HandoverIn(InSchema):
    predecessor: int
    successor: int


class HandoverOut(Schema):
    roles: list[str]
    action_items: int
