"""Coordination meetings (rakor): scheduling, attendance, minutes, action items, and turning the
minutes and the attendance list into evidence for the items they support."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import Office, User
from wistara.assessments.models import Registration
from wistara.assessments.services.revisions import lock, revise
from wistara.audit.capture import capture_rows
from wistara.common.dates import check_plausible
from wistara.common.text import clean_text
from wistara.evidence.models import Evidence
from wistara.evidence.services import evidence_attach_file, stored_file
from wistara.instruments.models import Indicator
from wistara.notifications import events
from wistara.regions.models import Regency

from ..models import ActionItem, Attendance, Institution, Meeting
from .common import audit, day

MEETING_FILES = {
    "minutes": ("minutes_file", Evidence.Kind.MINUTES),
    "attendance": ("attendance_file", Evidence.Kind.ATTENDANCE),
}


def _starts_at(data: dict) -> datetime:
    raw = data.get("starts_at")
    if isinstance(raw, datetime):
        value = raw
    else:
        try:
            value = datetime.fromisoformat(str(raw or "").strip())
        except ValueError:
            raise ValidationError(
                {"starts_at": _("Enter the date and time, e.g. 2025-03-14 09:00.")}
            ) from None
    check_plausible(value, "starts_at")  # before make_aware, which overflows near year 1
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _ids(data: dict, field: str) -> list[int]:
    try:
        return sorted({int(v) for v in data.get(field) or []})
    except (TypeError, ValueError):
        raise ValidationError({field: _("Choose from the list.")}) from None


def _invitees(regency: Regency, data: dict) -> tuple[list[Office], list[Institution]]:
    office_ids, institution_ids = _ids(data, "invited_offices"), _ids(data, "invited_institutions")
    offices = list(Office.objects.filter(regency=regency, id__in=office_ids))
    institutions = list(Institution.objects.filter(regency=regency, id__in=institution_ids))
    if len(offices) != len(office_ids):
        raise ValidationError({"invited_offices": _("Choose offices of this regency.")})
    if len(institutions) != len(institution_ids):
        raise ValidationError({"invited_institutions": _("Choose bodies of this regency.")})
    return offices, institutions


def _fields(data: dict) -> dict:
    return {
        "title": clean_text(data.get("title"), "title", limit=200, required=True, one_line=True),
        "starts_at": _starts_at(data),
        "place": clean_text(data.get("place"), "place", limit=200, required=True, one_line=True),
        "chair": clean_text(data.get("chair"), "chair", limit=200, required=True, one_line=True),
        "agenda": clean_text(data.get("agenda"), "agenda", limit=5000, required=True),
    }


@transaction.atomic
def meeting_create(*, regency: Regency, user: User, data: dict) -> Meeting:
    fields = _fields(data)
    offices, institutions = _invitees(regency, data)
    meeting = Meeting.objects.create(regency=regency, created_by=user, **fields)
    _invite(meeting, offices, institutions)
    events.rakor_invitation(meeting=meeting)  # issue 12
    audit(
        "meeting.created",
        user,
        meeting,
        regency,
        title=meeting.title,
        starts_at=meeting.starts_at.isoformat(),
    )
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, user: User, base_revision: int | None, data: dict) -> Meeting:
    """Change the schedule and the invitations, or cancel (status "cancelled")."""
    current = _lock(meeting, base_revision)
    fields = _fields(data)
    status = data.get("status") or current.status
    if status not in (Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED, current.status):
        raise ValidationError({"status": _("A meeting is held by recording its minutes.")})
    offices, institutions = _invitees(current.regency, data)
    revise(current, {**fields, "status": status}, always=True)  # the invitations may change alone
    _invite(current, offices, institutions)
    if current.status == Meeting.Status.SCHEDULED:
        events.rakor_invitation(meeting=current)  # issue 12: a new time is a new invitation
    audit(
        "meeting.updated",
        user,
        current,
        current.regency,
        title=current.title,
        starts_at=current.starts_at.isoformat(),
        status=current.status,
    )
    return current


def _invite(meeting: Meeting, offices: list[Office], institutions: list[Institution]) -> None:
    meeting.invited_offices.set(offices)
    meeting.invited_institutions.set(institutions)
    # Attendance keeps a row per invitee; rows of people no longer invited go unless marked present.
    meeting.attendance.filter(present=False).exclude(office__in=offices).exclude(
        institution__in=institutions
    ).delete()
    have = set(meeting.attendance.values_list("office_id", "institution_id"))
    capture_rows(
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, office=o) for o in offices if (o.id, None) not in have]
            + [Attendance(meeting=meeting, institution=i) for i in institutions if (None, i.id) not in have]
        ),
        "created",
    )  # bulk_create sends no signal


@transaction.atomic
def meeting_record(*, meeting: Meeting, user: User, base_revision: int | None, data: dict) -> Meeting:
    """Write the minutes and decisions of a meeting that took place; it becomes "held"."""
    current = _lock(meeting, base_revision)
    if current.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if current.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not taken place yet; record its minutes afterwards."))
    revise(
        current,
        {
            "minutes": clean_text(data.get("minutes"), "minutes", limit=20000, required=True),
            "decisions": clean_text(data.get("decisions"), "decisions", limit=20000),
            "status": Meeting.Status.HELD,
        },
        always=True,
    )
    audit("meeting.recorded", user, current, current.regency, title=current.title)
    return current


@transaction.atomic
def meeting_attendance_set(*, meeting: Meeting, user: User, entries: list[dict]) -> Meeting:
    """Tick who came: entries of {"id": attendance row, "present": bool, "represented_by": str}."""
    current = _lock(meeting, None)
    rows = {row.id: row for row in current.attendance.all()}
    for entry in entries:
        row_id = _int(entry.get("id"))
        row = rows.get(row_id) if row_id is not None else None
        if row is None:
            raise ValidationError(_("That invitee is not on this meeting's list."))
        row.present = bool(entry.get("present"))
        represented_by = clean_text(entry.get("represented_by"), "represented_by", limit=150, one_line=True)
        row.represented_by = represented_by if row.present else ""
    Attendance.objects.bulk_update(rows.values(), ["present", "represented_by"])
    capture_rows(list(rows.values()), "updated", ["present", "represented_by"])
    revise(current, {}, always=True)  # the attendance list is part of the meeting
    audit(
        "meeting.attendance",
        user,
        current,
        current.regency,
        present=sum(r.present for r in rows.values()),
        invited=len(rows),
    )
    return current


def meeting_file_set(*, meeting: Meeting, user: User, which: str, uploaded_file: File) -> Meeting:
    """Attach the signed minutes or the signed attendance list (a scan or photo)."""
    if which not in MEETING_FILES:
        raise ValidationError(_("Choose the minutes or the attendance list."))
    column = MEETING_FILES[which][0]
    with stored_file(regency=meeting.regency, uploaded_file=uploaded_file, user=user) as (file, _name):
        current = _lock(meeting, None)
        revise(current, {column: file}, always=True)
        audit(f"meeting.{which}_file", user, current, current.regency, file=file.original_name)
    return current


@transaction.atomic
def meeting_attach_evidence(
    *, meeting: Meeting, registration: Registration, user: User, response_ids: list[int], data_year: int | str
) -> int:
    """Attach the meeting's minutes and attendance list to each chosen item, in one step.

    All or nothing: a locked item stops the whole step. Returns how many attachments were added
    (a file already attached to an item for that year is left as it is)."""
    if registration.regency_id != meeting.regency_id:
        raise ValidationError(_("This meeting belongs to another regency."))
    meeting = _lock(meeting, None)  # its files as they are now, not as the caller loaded them
    files = [
        (getattr(meeting, column), kind)
        for column, kind in MEETING_FILES.values()
        if getattr(meeting, f"{column}_id")
    ]
    if not files:
        raise ValidationError(_("Upload the signed minutes or attendance list first."))
    responses = list(
        registration.responses.filter(id__in=response_ids).select_related(
            "registration__cycle__instrument", "registration__regency", "indicator"
        )
    )
    if not responses:
        raise ValidationError(_("Choose at least one item."))
    added = 0
    date_text = timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y")
    for response in responses:
        for file, kind in files:
            title = f"{meeting.title} ({date_text})"
            if kind == Evidence.Kind.ATTENDANCE:
                title = _("Attendance: %(title)s") % {"title": title}
            try:
                if evidence_attach_file(
                    response=response,
                    file=file,
                    data_year=data_year,
                    kind=kind,
                    title=title,
                    user=user,
                    skip_duplicate=True,
                ):
                    added += 1
            except ValidationError as exc:
                raise ValidationError(
                    f"{response.indicator.code}: {' '.join(exc.messages)}", code=exc.code
                ) from None
    audit(
        "meeting.evidence",
        user,
        meeting,
        meeting.regency,
        items=[r.indicator.code for r in responses],
        data_year=data_year,
        added=added,
    )
    return added


# --- Action items ----------------------------------------------------------------------------------


def _action_fields(meeting: Meeting, data: dict) -> dict:
    office_id = _int(data.get("office"))
    office = (
        Office.objects.filter(id=office_id, regency_id=meeting.regency_id).first()
        if office_id is not None
        else None
    )
    if office is None:
        raise ValidationError({"office": _("Choose the office responsible.")})
    assignee = None
    if data.get("assignee"):
        assignee = _regency_user(meeting.regency, _int(data.get("assignee")))
        if assignee is None:
            raise ValidationError({"assignee": _("Choose someone who works in this regency.")})
    return {
        "description": clean_text(data.get("description"), "description", limit=2000, required=True),
        "office": office,
        "assignee": assignee,
        "due_on": day(data, "due_on"),
    }


def _regency_user(regency: Regency, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    return (
        User.objects.filter(id=user_id, is_active=True, role_assignments__regency=regency).distinct().first()
    )


def _indicators(data: dict) -> list[Indicator]:
    ids = _ids(data, "indicators")
    found = list(Indicator.objects.filter(id__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"indicators": _("Choose indicators of the instrument.")})
    return found


@transaction.atomic
def action_item_add(*, meeting: Meeting, user: User, data: dict) -> ActionItem:
    fields = _action_fields(meeting, data)
    indicators = _indicators(data)
    item = ActionItem.objects.create(meeting=meeting, **fields)
    item.indicators.set(indicators)
    events.action_assigned(item=item)  # issue 12
    audit(
        "meeting.action_added",
        user,
        item,
        meeting.regency,
        description=item.description,
        office=item.office.short_name,
        due_on=item.due_on,
    )
    return item


@transaction.atomic
def action_item_update(
    *, item: ActionItem, user: User, base_revision: int | None, data: dict, progress_only: bool = False
) -> ActionItem:
    """Move an action item along (open, in progress, done, cancelled) with a progress note; the
    coordinator may also change what, who and when (progress_only=False)."""
    current = lock(
        ActionItem.objects.select_related("meeting__regency"), pk=item.pk, base_revision=base_revision
    )
    status = data.get("status") or current.status
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    values = {} if progress_only else _action_fields(current.meeting, data)
    if not progress_only and "indicators" in data:
        current.indicators.set(_indicators(data))
    old_status = current.status
    values["status"] = status
    if "progress_note" in data:
        values["progress_note"] = clean_text(data.get("progress_note"), "progress_note", limit=2000)
    if status in ActionItem.OPEN_STATUSES:
        values["closed_at"], values["closed_by"] = None, None
    elif old_status in ActionItem.OPEN_STATUSES:
        values["closed_at"], values["closed_by"] = timezone.now(), user
    revise(current, values, always=True)
    audit(
        "meeting.action_updated",
        user,
        current,
        current.meeting.regency,
        old_status=old_status,
        status=current.status,
        due_on=current.due_on,
    )
    return current


# --- Helpers ---------------------------------------------------------------------------------------


def _lock(meeting: Meeting, base_revision: int | None) -> Meeting:
    return lock(Meeting.objects.select_related("regency"), pk=meeting.pk, base_revision=base_revision)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def combine(day_value, time_value) -> datetime:
    """A form's separate date and time as one aware datetime."""
    return timezone.make_aware(datetime.combine(day_value, time_value or time(9, 0)))
