"""Institutions and coordination meetings in the JSON API: the same services and access as the pages."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile
from ninja.decorators import decorate_view

from wistara.accounts.http import AuthedRequest
from wistara.accounts.models import User
from wistara.common.api_errors import READ, REVISED, UPLOAD, WRITE
from wistara.common.errors import Invalid, NotFound
from wistara.evidence.models import EvidenceFile
from wistara.evidence.uploads import OptionalFile, refuse_oversize

from . import selectors, services
from .access import get_action_item_for_user, get_meeting_for_user, get_record_for_user
from .checks import reference_date
from .models import ActionItem, Institution, Meeting
from .schemas import (
    ActionItemIn,
    ActionItemOut,
    ActionItemPatch,
    ActivityIn,
    AttachIn,
    AttendanceIn,
    EstimateOut,
    HandoverIn,
    HandoverOut,
    InstitutionIn,
    InstitutionOut,
    InstitutionPatch,
    MeetingIn,
    MeetingOut,
    MeetingUpdate,
    MemberIn,
    MinutesIn,
    PrefillOut,
    RecordOut,
    RegistryOut,
)
from .services import scoring
from .views.common import data_years, registration_for

router = Router()
BASE = "/{regency_code}/{cycle_code}"


def _file(file: EvidenceFile | None, regency_code: str, cycle_code: str) -> dict | None:
    if file is None:
        return None
    return {
        "id": file.id,
        "name": file.download_name,
        "content_type": file.content_type,
        "size": file.size,
        "taken_at": file.exif_taken_at,
        "latitude": file.exif_lat,
        "longitude": file.exif_lon,
        "url": reverse("institutions:file", args=[regency_code, cycle_code, file.id]),
    }


def _institution(registration, institution_id: int) -> Institution:
    found = (
        Institution.objects.select_related("regency", "district", "village")
        .filter(id=institution_id, regency_id=registration.regency_id)
        .first()
    )
    if found is None:
        raise NotFound
    return found


# --- Registry --------------------------------------------------------------------------------------


@router.get(
    BASE, response={200: RegistryOut, **READ}, summary="Every body of the regency as the instrument judges it"
)
def registry(request: AuthedRequest, regency_code: str, cycle_code: str):
    reg = selectors.registry(registration_for(request, regency_code, cycle_code))
    bodies = [
        {
            "body": body,
            "institution_id": s.institution.id if s.institution else None,
            "name": s.name,
            "area_code": s.area.code if s.area is not None else None,
            "decree_ok": s.decree_ok,
            "decree_number": s.decree.number if s.decree else None,
            "decree_problems": s.decree_problems,
            "plan_years": sorted(s.plan_files),
            "budget_years": sorted(s.budget_files),
            "budget_totals": s.budget_totals,
            "has_secretariat": s.has_secretariat,
        }
        for body, states in reg.bodies
        for s in states
    ]
    return {"reference_date": reg.reference, "data_years": reg.years, "bodies": bodies, "flags": reg.flags()}


@router.get(
    BASE + "/kelembagaan",
    response={200: list[EstimateOut], **READ},
    summary="The score each kelembagaan item would get from the registry",
)
def kelembagaan(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = registration_for(request, regency_code, cycle_code)
    return [
        {
            "code": e.indicator.code,
            "name": e.indicator.name,
            "response_id": e.response.id if e.response else None,
            "points": e.points,
            "current_points": e.current_points,
            "reasons": e.reasons,
            "files": len(e.files),
        }
        for e in scoring.kelembagaan_estimates(registration)
    ]


@router.post(
    BASE + "/kelembagaan/prefill",
    response={200: PrefillOut, **WRITE},
    summary="Fill the kelembagaan items (options, explanation, evidence) from the registry",
)
def kelembagaan_prefill(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = registration_for(request, regency_code, cycle_code, change=True)
    result = services.kelembagaan_prefill(registration=registration, user=request.user)
    return {"changed": result.changed, "attached": result.attached, "skipped": result.skipped}


def _institution_out(registration, institution: Institution) -> dict:
    code, cycle = registration.regency.code, registration.cycle.code
    years = data_years(registration)
    records = selectors.body_records(institution, years, reference_date(years))
    area = institution.district or institution.village
    return {
        "id": institution.id,
        "body": institution.body,
        "name": institution.name,
        "address": institution.address,
        "area_code": area.code if area else None,
        "revision": institution.revision,
        "decrees": [
            {
                "id": d.id,
                "number": d.number,
                "signed_on": d.signed_on,
                "signer_name": d.signer_name,
                "signer_authority": d.signer_authority,
                "valid_until": d.valid_until,
                "is_draft": d.is_draft,
                "names_kks": d.names_kks,
                "problems": problems,
                "file": _file(d.file, code, cycle),
                "removed": d.removed_at is not None,
            }
            for d, problems in records.decrees
        ],
        "members": [
            {
                "id": m.id,
                "name": m.name,
                "position": m.position,
                "office": m.office.short_name if m.office else None,
                "organisation": m.organisation,
                "period_start": m.period_start,
                "period_end": m.period_end,
                "removed": m.removed_at is not None,
            }
            for m in records.members
        ],
        "work_plans": [
            {
                "year": year,
                "file": _file(plan.file if plan else None, code, cycle),
                "activities": [
                    {
                        "id": a.id,
                        "name": a.name,
                        "target": a.target,
                        "tatanan": a.section.code if a.section else None,
                        "removed": a.removed_at is not None,
                    }
                    for a in activities
                ],
            }
            for year, plan, activities in records.plans
        ],
        "budgets": [
            {
                "id": b.id,
                "year": b.year,
                "source": b.source,
                "amount": int(b.amount),
                "file": _file(b.file, code, cycle),
                "removed": b.removed_at is not None,
            }
            for b in records.budgets
        ],
        "photos": [
            {
                "id": p.id,
                "caption": p.caption,
                "file": _file(p.file, code, cycle),
                "removed": p.removed_at is not None,
            }
            for p in records.photos
        ],
    }


@router.post(
    BASE + "/bodies",
    response={201: InstitutionOut, **WRITE},
    summary="Record a body (for an FKK a kecamatan code, for a Pokja a village code)",
)
def institution_create(request: AuthedRequest, regency_code: str, cycle_code: str, payload: InstitutionIn):
    registration = registration_for(request, regency_code, cycle_code, change=True)
    institution = services.institution_get_or_create(
        regency=registration.regency, body=payload.body, area_code=payload.area_code, user=request.user
    )
    return Status(201, _institution_out(registration, institution))


@router.get(
    BASE + "/bodies/{institution_id}",
    response={200: InstitutionOut, **READ},
    summary="One body with its decrees, members, work plans, budgets and photos",
)
def institution_detail(request: AuthedRequest, regency_code: str, cycle_code: str, institution_id: int):
    registration = registration_for(request, regency_code, cycle_code)
    return _institution_out(registration, _institution(registration, institution_id))


@router.patch(
    BASE + "/bodies/{institution_id}",
    response={200: InstitutionOut, **REVISED},
    summary="Rename a body or set its secretariat address (send the revision you read)",
)
def institution_update(
    request: AuthedRequest, regency_code: str, cycle_code: str, institution_id: int, payload: InstitutionPatch
):
    registration = registration_for(request, regency_code, cycle_code, change=True)
    institution = services.institution_update(
        institution=_institution(registration, institution_id),
        user=request.user,
        base_revision=payload.revision,
        data=payload.dict(),
    )
    return _institution_out(registration, institution)


def _add(request, regency_code, cycle_code, institution_id, add) -> Status:
    registration = registration_for(request, regency_code, cycle_code, change=True)
    institution = _institution(registration, institution_id)
    add(institution)
    return Status(201, _institution_out(registration, institution))


@router.post(
    BASE + "/bodies/{institution_id}/decrees",
    response={201: InstitutionOut, **UPLOAD},
    summary="Add a decree (multipart, with the scan as `file`)",
)
@decorate_view(refuse_oversize)
def decree_add(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    institution_id: int,
    number: Form[str],
    signed_on: Form[str],
    signer_name: Form[str],
    signer_authority: Form[str],
    valid_until: Form[str] = "",
    is_draft: Form[bool] = False,
    names_kks: Form[bool] = True,
    file: OptionalFile = None,
):
    data = {
        "number": number,
        "signed_on": signed_on,
        "signer_name": signer_name,
        "signer_authority": signer_authority,
        "valid_until": valid_until,
        "is_draft": is_draft,
        "names_kks": names_kks,
    }
    return _add(
        request,
        regency_code,
        cycle_code,
        institution_id,
        lambda i: services.decree_add(institution=i, user=request.user, data=data, uploaded_file=file),
    )


@router.post(
    BASE + "/bodies/{institution_id}/members", response={201: InstitutionOut, **WRITE}, summary="Add a member"
)
def member_add(
    request: AuthedRequest, regency_code: str, cycle_code: str, institution_id: int, payload: MemberIn
):
    return _add(
        request,
        regency_code,
        cycle_code,
        institution_id,
        lambda i: services.member_add(institution=i, user=request.user, data=payload.dict()),
    )


@router.post(
    BASE + "/bodies/{institution_id}/activities",
    response={201: InstitutionOut, **WRITE},
    summary="Add a work plan activity with its target for a year",
)
def activity_add(
    request: AuthedRequest, regency_code: str, cycle_code: str, institution_id: int, payload: ActivityIn
):
    return _add(
        request,
        regency_code,
        cycle_code,
        institution_id,
        lambda i: services.activity_add(institution=i, user=request.user, data=payload.dict()),
    )


@router.post(
    BASE + "/bodies/{institution_id}/work-plans/{year}/file",
    response={201: InstitutionOut, **UPLOAD},
    summary="Upload a year's signed work plan document (multipart `file`)",
)
@decorate_view(refuse_oversize)
def work_plan_file(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    institution_id: int,
    year: int,
    file: File[UploadedFile],
):
    return _add(
        request,
        regency_code,
        cycle_code,
        institution_id,
        lambda i: services.work_plan_file_set(
            institution=i, user=request.user, data={"year": year}, uploaded_file=file
        ),
    )


@router.post(
    BASE + "/bodies/{institution_id}/budgets",
    response={201: InstitutionOut, **UPLOAD},
    summary="Add a budget line (multipart, the document as `file`, optional)",
)
@decorate_view(refuse_oversize)
def budget_add(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    institution_id: int,
    year: Form[int],
    source: Form[str],
    amount: Form[str],
    file: OptionalFile = None,
):
    return _add(
        request,
        regency_code,
        cycle_code,
        institution_id,
        lambda i: services.budget_add(
            institution=i,
            user=request.user,
            data={"year": year, "source": source, "amount": amount},
            uploaded_file=file,
        ),
    )


@router.post(
    BASE + "/bodies/{institution_id}/photos",
    response={201: InstitutionOut, **UPLOAD},
    summary="Add a photo of the secretariat (multipart `file`)",
)
@decorate_view(refuse_oversize)
def photo_add(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    institution_id: int,
    file: File[UploadedFile],
    caption: Form[str] = "",
):
    return _add(
        request,
        regency_code,
        cycle_code,
        institution_id,
        lambda i: services.photo_add(institution=i, user=request.user, uploaded_file=file, caption=caption),
    )


@router.post(
    BASE + "/records/{kind}/{record_id}/{verb}",
    response={200: RecordOut, **WRITE},
    summary="Remove (verb `remove`) or restore (`restore`) a decree (kind `sk`), member "
    "(`anggota`), activity (`kegiatan`), budget (`anggaran`) or photo (`foto`)",
)
def record_change(
    request: AuthedRequest, regency_code: str, cycle_code: str, kind: str, record_id: int, verb: str
):
    registration = registration_for(request, regency_code, cycle_code, change=True)
    record = get_record_for_user(request.user, registration, kind, record_id)
    change = {"remove": services.record_remove, "restore": services.record_restore}.get(verb)
    if change is None:
        raise NotFound
    record = change(record=record, user=request.user)
    return {"kind": kind, "id": record.pk, "removed": record.removed_at is not None}


# --- Meetings --------------------------------------------------------------------------------------


def _item_out(item: ActionItem) -> dict:
    return {
        "id": item.id,
        "meeting_id": item.meeting_id,
        "description": item.description,
        "office": item.office.short_name,
        "assignee": (item.assignee.get_full_name() or item.assignee.username) if item.assignee else None,
        "due_on": item.due_on,
        "status": item.status,
        "overdue": item.is_open and item.due_on < timezone.localdate(),
        "indicators": [i.code for i in item.indicators.all()],
        "progress_note": item.progress_note,
        "revision": item.revision,
    }


def _meeting_out(registration, meeting: Meeting) -> dict:
    meeting = Meeting.objects.select_related("minutes_file", "attendance_file").get(pk=meeting.pk)
    code, cycle = registration.regency.code, registration.cycle.code
    return {
        "id": meeting.id,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "chair": meeting.chair,
        "agenda": meeting.agenda,
        "status": meeting.status,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "revision": meeting.revision,
        "invited_offices": [o.short_name for o in meeting.invited_offices.all()],
        "invited_institutions": [i.name for i in meeting.invited_institutions.all()],
        "attendance": [
            {
                "id": row.id,
                "office": row.office.short_name if row.office else None,
                "institution": row.institution.name if row.institution else None,
                "present": row.present,
                "represented_by": row.represented_by,
            }
            for row in meeting.attendance.select_related("office", "institution")
        ],
        "minutes_file": _file(meeting.minutes_file, code, cycle),
        "attendance_file": _file(meeting.attendance_file, code, cycle),
        "action_items": [
            _item_out(i)
            for i in meeting.action_items.select_related("office", "assignee").prefetch_related("indicators")
        ],
    }


@router.get(
    BASE + "/meetings",
    response={200: list[MeetingOut], **READ},
    summary="The regency's coordination meetings",
)
def meeting_list(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = registration_for(request, regency_code, cycle_code)
    return [_meeting_out(registration, m) for m in Meeting.objects.filter(regency=registration.regency)]


@router.post(BASE + "/meetings", response={201: MeetingOut, **WRITE}, summary="Schedule a meeting")
def meeting_create(request: AuthedRequest, regency_code: str, cycle_code: str, payload: MeetingIn):
    registration = registration_for(request, regency_code, cycle_code, change=True)
    meeting = services.meeting_create(regency=registration.regency, user=request.user, data=payload.dict())
    return Status(201, _meeting_out(registration, meeting))


@router.get(BASE + "/meetings/{meeting_id}", response={200: MeetingOut, **READ}, summary="One meeting")
def meeting_detail(request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int):
    registration = registration_for(request, regency_code, cycle_code)
    return _meeting_out(registration, get_meeting_for_user(request.user, registration, meeting_id))


def _meeting_step(request, regency_code, cycle_code, meeting_id, step) -> dict:
    registration = registration_for(request, regency_code, cycle_code, change=True)
    meeting = step(registration, get_meeting_for_user(request.user, registration, meeting_id))
    return _meeting_out(registration, meeting)


@router.put(
    BASE + "/meetings/{meeting_id}",
    response={200: MeetingOut, **REVISED},
    summary="Change the schedule, invitations or status (scheduled, cancelled)",
)
def meeting_update(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int, payload: MeetingUpdate
):
    return _meeting_step(
        request,
        regency_code,
        cycle_code,
        meeting_id,
        lambda r, m: services.meeting_update(
            meeting=m, user=request.user, base_revision=payload.revision, data=payload.dict()
        ),
    )


@router.post(
    BASE + "/meetings/{meeting_id}/minutes",
    response={200: MeetingOut, **REVISED},
    summary="Record the minutes and decisions of a meeting that took place",
)
def meeting_minutes(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int, payload: MinutesIn
):
    return _meeting_step(
        request,
        regency_code,
        cycle_code,
        meeting_id,
        lambda r, m: services.meeting_record(
            meeting=m, user=request.user, base_revision=payload.revision, data=payload.dict()
        ),
    )


@router.post(
    BASE + "/meetings/{meeting_id}/attendance",
    response={200: MeetingOut, **WRITE},
    summary="Tick who came (one entry per attendance row)",
)
def meeting_attendance(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int, payload: list[AttendanceIn]
):
    return _meeting_step(
        request,
        regency_code,
        cycle_code,
        meeting_id,
        lambda r, m: services.meeting_attendance_set(
            meeting=m, user=request.user, entries=[e.dict() for e in payload]
        ),
    )


@router.post(
    BASE + "/meetings/{meeting_id}/files",
    response={200: MeetingOut, **UPLOAD},
    summary="Upload the signed minutes (which=minutes) or attendance list (which=attendance)",
)
@decorate_view(refuse_oversize)
def meeting_file(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    meeting_id: int,
    which: Form[str],
    file: File[UploadedFile],
):
    return _meeting_step(
        request,
        regency_code,
        cycle_code,
        meeting_id,
        lambda r, m: services.meeting_file_set(meeting=m, user=request.user, which=which, uploaded_file=file),
    )


@router.post(
    BASE + "/meetings/{meeting_id}/evidence",
    response={200: MeetingOut, **WRITE},
    summary="Attach the minutes and attendance list to items as evidence, in one step",
)
def meeting_evidence(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int, payload: AttachIn
):
    def attach(registration, meeting):
        services.meeting_attach_evidence(
            meeting=meeting,
            registration=registration,
            user=request.user,
            response_ids=payload.response_ids,
            data_year=payload.data_year,
        )
        return meeting

    return _meeting_step(request, regency_code, cycle_code, meeting_id, attach)


@router.post(
    BASE + "/meetings/{meeting_id}/action-items",
    response={201: ActionItemOut, **WRITE},
    summary="Add an action item (owner office, due date, indicators served)",
)
def action_item_add(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int, payload: ActionItemIn
):
    registration = registration_for(request, regency_code, cycle_code, change=True)
    item = services.action_item_add(
        meeting=get_meeting_for_user(request.user, registration, meeting_id),
        user=request.user,
        data=payload.dict(),
    )
    return Status(201, _item_out(item))


@router.get(
    BASE + "/action-items",
    response={200: list[ActionItemOut], **READ},
    summary="Action items of every meeting (status: open, overdue, closed, all)",
)
def action_item_list(request: AuthedRequest, regency_code: str, cycle_code: str, status: str = "open"):
    registration = registration_for(request, regency_code, cycle_code)
    items = selectors.action_items_of(registration.regency).prefetch_related("indicators")
    if status == "overdue":
        items = selectors.overdue_action_items(registration.regency).prefetch_related("indicators")
    elif status == "open":
        items = items.filter(status__in=ActionItem.OPEN_STATUSES)
    elif status == "closed":
        items = items.exclude(status__in=ActionItem.OPEN_STATUSES)
    return [_item_out(i) for i in items]


@router.patch(
    BASE + "/action-items/{item_id}",
    response={200: ActionItemOut, **REVISED},
    summary="Move an action item along (its office's operators or the coordinator)",
)
def action_item_update(
    request: AuthedRequest, regency_code: str, cycle_code: str, item_id: int, payload: ActionItemPatch
):
    registration = registration_for(request, regency_code, cycle_code)
    item = get_action_item_for_user(request.user, registration, item_id, change=True)
    item = services.action_item_update(
        item=item, user=request.user, base_revision=payload.revision, data=payload.dict(), progress_only=True
    )
    return _item_out(item)


@router.post(
    BASE + "/handover",
    response={200: HandoverOut, **WRITE},
    summary="Move a person's office roles and open action items to a successor",
)
def handover(request: AuthedRequest, regency_code: str, cycle_code: str, payload: HandoverIn):
    registration = registration_for(request, regency_code, cycle_code, change=True)
    people = {
        u.id: u
        for u in User.objects.filter(
            id__in=[payload.predecessor, payload.successor], role_assignments__regency=registration.regency
        )
    }
    if payload.predecessor not in people or payload.successor not in people:
        raise Invalid(_("Choose someone who works in this regency."))
    result = services.handover(
        regency=registration.regency,
        user=request.user,
        predecessor=people[payload.predecessor],
        successor=people[payload.successor],
    )
    return {"roles": result.roles, "action_items": result.action_items}
