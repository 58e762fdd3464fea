"""Assessment endpoints: cycles, registrations, progress, responses. Same services and access."""

from django.utils.translation import gettext as _
from ninja import Router, Status

from wistara.accounts.access import get_office_for_user, get_regency_for_user, scope_for
from wistara.accounts.http import AuthedRequest
from wistara.common.api_errors import READ, REVISED, WRITE
from wistara.common.errors import Invalid
from wistara.instruments.models import InstrumentVersion

from . import selectors, services
from .access import (
    API_FIELDS,
    API_RELATED,
    ensure_national_admin,
    get_cycle,
    get_registration_for_user,
    get_response_for_user,
    responses_for_user,
)
from .models import Cycle, Registration, Response
from .schemas import (
    AssignedOut,
    AssignIn,
    AssignSectionIn,
    ChangeOut,
    CycleIn,
    CycleOut,
    OfficeMissingOut,
    ProgressOut,
    RegistrationIn,
    RegistrationOut,
    RegistrationUpdateIn,
    ResponseOut,
    ResponsePatchIn,
    StatusIn,
)
from .services.cycles import MILESTONES

router = Router()


def _cycle_out(cycle: Cycle) -> dict:
    return {
        "code": cycle.code,
        "name": cycle.name,
        "instrument": cycle.instrument.code,
        **{name: getattr(cycle, name) for name in MILESTONES},
    }


@router.get("/cycles", response={200: list[CycleOut], **READ}, summary="Assessment cycles")
def cycle_list(request: AuthedRequest):
    return [_cycle_out(c) for c in Cycle.objects.select_related("instrument")]


@router.post("/cycles", response={201: CycleOut, **WRITE}, summary="Open a cycle (national admin)")
def cycle_create(request: AuthedRequest, payload: CycleIn):
    ensure_national_admin(request.user)
    instrument = InstrumentVersion.objects.filter(code=payload.instrument).first()
    if instrument is None:
        raise Invalid({"instrument": _("Unknown instrument version.")})
    previous = Cycle.objects.filter(code=payload.previous).first() if payload.previous else None
    cycle = services.cycle_open(
        code=payload.code,
        name=payload.name,
        instrument=instrument,
        previous=previous,
        **{n: getattr(payload, n) for n in MILESTONES},
    )
    return Status(201, _cycle_out(cycle))


def _registration_out(registration: Registration) -> dict:
    return {
        "regency": registration.regency.code,
        "cycle": registration.cycle.code,
        "target_category": registration.target_category.code,
        "status": registration.status,
        "revision": registration.revision,
        "contacts": registration.contacts,
        "lokus_districts": list(registration.lokus_districts.values_list("code", flat=True)),
        "lokus_villages": list(registration.lokus_villages.values_list("code", flat=True)),
    }


REG = "/registrations/{regency_code}/{cycle_code}"


@router.post(REG, response={201: RegistrationOut, **WRITE}, summary="Register a regency")
def registration_create(request: AuthedRequest, regency_code: str, cycle_code: str, payload: RegistrationIn):
    regency = get_regency_for_user(request.user, regency_code, change=True)
    registration = services.registration_create(
        cycle=get_cycle(cycle_code),
        regency=regency,
        target_category=payload.target_category,
        district_codes=payload.lokus_districts,
        village_codes=payload.lokus_villages,
        contacts=[c.dict() for c in payload.contacts],
        user=request.user,
        allow_late=scope_for(request.user).national_admin,
    )
    return Status(201, _registration_out(registration))


@router.get(REG, response={200: RegistrationOut, **READ}, summary="A regency's registration")
def registration_detail(request: AuthedRequest, regency_code: str, cycle_code: str):
    return _registration_out(get_registration_for_user(request.user, regency_code, cycle_code))


@router.put(REG, response={200: RegistrationOut, **REVISED}, summary="Change target, lokus or contacts")
def registration_update(
    request: AuthedRequest, regency_code: str, cycle_code: str, payload: RegistrationUpdateIn
):
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    registration = services.registration_update(
        registration=registration,
        base_revision=payload.revision,
        target_category=payload.target_category,
        district_codes=payload.lokus_districts,
        village_codes=payload.lokus_villages,
        contacts=[c.dict() for c in payload.contacts],
        user=request.user,
    )
    return _registration_out(registration)


def _section_out(section) -> dict:
    return {
        "code": section.code,
        "name": section.name,
        "items": section.items,
        "answered": section.answered,
        "complete": section.complete,
        "score": section.score,
        "completion": section.completion,
    }


@router.get(REG + "/progress", response={200: ProgressOut, **READ}, summary="Progress and projected category")
def registration_progress(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    p = selectors.registration_progress(registration)
    return {
        "completion": p.completion,
        "items": p.items,
        "complete": p.complete,
        "score": p.award.overall,
        "kelembagaan": p.award.kelembagaan,
        "odf_percent": p.odf_percent,
        "projected_category": p.award.reached.code if p.award.reached else None,
        "target_category": registration.target_category.code,
        "categories": [
            {"category": c.rule.code, "reached": c.reached, "unmet": [u.message for u in c.unmet]}
            for c in p.award.checks
        ],
        "tatanan": [_section_out(s) for s in p.tatanan],
        "kelembagaan_components": [_section_out(s) for s in p.kelembagaan],
        "ready": p.ready,
        "offices": [
            {
                "office": o.short_name,
                "items": o.items,
                "complete": o.complete,
                "validated": o.validated,
                "ready": o.ready,
                "completion": o.completion,
            }
            for o in p.offices
        ],
        "milestones": [
            {
                "label": str(m.label),
                "start": m.start,
                "end": m.end,
                "days_left": m.days_left,
                "state": m.state,
            }
            for m in p.milestones
        ],
    }


@router.get(
    REG + "/missing",
    response={200: list[OfficeMissingOut], **READ},
    summary="What each office still owes, item by item, with the reasons",
)
def registration_missing(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    missing = selectors.missing_by_office(registration, responses_for_user(request.user, registration))
    return [
        {
            "office": office,
            "items": [
                {
                    "response_id": m.response.id,
                    "indicator": m.response.indicator.code,
                    "name": m.response.indicator.name,
                    "reasons": m.reasons,
                    "stage": m.stage,
                }
                for m in items
            ],
        }
        for office, items in missing.items()
    ]


@router.post(
    REG + "/assign-section",
    response={200: AssignedOut, **WRITE},
    summary="Give every item of a tatanan or kelembagaan component to one office",
)
def registration_assign_section(
    request: AuthedRequest, regency_code: str, cycle_code: str, payload: AssignSectionIn
):
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    office = get_office_for_user(request.user, payload.office_id) if payload.office_id else None
    count = services.responses_assign_section(
        registration=registration, office=office, section_code=payload.section_code, user=request.user
    )
    return {"assigned": count}


@router.post(
    REG + "/assign-suggested",
    response={200: AssignedOut, **WRITE},
    summary="Assign unassigned items to the office their data source names",
)
def registration_assign_suggested(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    return {"assigned": services.responses_assign_suggested(registration=registration, user=request.user)}


def _response_out(response: Response) -> dict:
    return {
        "id": response.id,
        "indicator": response.indicator.code,
        "office": response.office.short_name if response.office else None,
        **{
            f: getattr(response, f)
            for f in (
                "value_prev",
                "value_curr",
                "unit",
                "note_prev",
                "note_curr",
                "option_id",
                "points",
                "explanation",
                "status",
                "evidence_prev",
                "evidence_curr",
                "revision",
            )
        },
        "locked": services.response_lock_reason(response),
    }


@router.get(
    REG + "/responses",
    response={200: list[ResponseOut], **READ},
    summary="The items the caller may see (an operator: its office's)",
)
def response_list(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    rows = responses_for_user(request.user, registration).select_related(
        "indicator", "office", "registration__cycle"
    )
    return [_response_out(r) for r in rows]


@router.get("/responses/{response_id}", response={200: ResponseOut, **READ}, summary="One item")
def response_detail(request: AuthedRequest, response_id: int):
    return _response_out(
        get_response_for_user(request.user, response_id, related=API_RELATED, fields=API_FIELDS)
    )


@router.patch(
    "/responses/{response_id}",
    response={200: ResponseOut, **REVISED},
    summary="Save an item (send the revision you read; 409 if someone saved first)",
)
def response_update(request: AuthedRequest, response_id: int, payload: ResponsePatchIn):
    response = get_response_for_user(request.user, response_id, change=True, for_save=True)
    data = payload.dict(exclude_unset=True)
    revision = data.pop("revision")
    if "option_id" in data:
        data["option"] = data.pop("option_id")
    response = services.response_update(
        response=response, user=request.user, base_revision=revision, data=data
    )
    return _response_out(response)


@router.post(
    "/responses/{response_id}/status",
    response={200: ResponseOut, **REVISED},
    summary="Validate, submit or reopen an item",
)
def response_status(request: AuthedRequest, response_id: int, payload: StatusIn):
    response = get_response_for_user(request.user, response_id, change=True)
    response = services.response_set_status(
        response=response, user=request.user, base_revision=payload.revision, status=payload.status
    )
    return _response_out(response)


@router.put(
    "/responses/{response_id}/office",
    response={200: ResponseOut, **WRITE},
    summary="Assign the item to an office (coordinator)",
)
def response_assign(request: AuthedRequest, response_id: int, payload: AssignIn):
    response = get_response_for_user(request.user, response_id)
    get_registration_for_user(
        request.user, response.registration.regency.code, response.registration.cycle.code, change=True
    )
    office = get_office_for_user(request.user, payload.office_id) if payload.office_id else None
    response = services.response_assign(response=response, office=office, user=request.user)
    return _response_out(response)


def _change_out(change) -> dict:
    return {
        "revision": change.revision,
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "changed_by": change.changed_by.username if change.changed_by else None,
        "changed_at": change.changed_at.isoformat(),
    }


@router.get(
    "/responses/{response_id}/history", response={200: list[ChangeOut], **READ}, summary="Changes of an item"
)
def response_history(request: AuthedRequest, response_id: int):
    response = get_response_for_user(request.user, response_id)
    return [_change_out(c) for c in response.changes.select_related("changed_by")]
