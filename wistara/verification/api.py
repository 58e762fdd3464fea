"""Verification endpoints: the same services and access functions as the pages."""

import json
from datetime import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import ValidationError as PydanticValidationError

from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_registration_for_user
from wistara.common.api_errors import READ, WRITE
from wistara.common.api_input import InSchema

from . import services
from .access import ensure_national_decider, get_registration_for_review, visible_response_ids
from .awards import award_result, result_as_dict, what_if
from .models import Review
from .selectors_rounds import ItemChanges, item_changes

router = Router()
REG = "/{regency_code}/{cycle_code}"


class SelfAssessmentSubmitIn(InSchema):
    confirm_incomplete: bool = False


class ItemReviewIn(InSchema):
    option_id: int | None = None
    verdict: str
    note: str = ""


class ItemReviewOut(Schema):
    response_id: int
    indicator: str
    level: str
    round: int
    points: int | None
    verdict: str
    note: str
    reviewer: str | None


class FieldChangeOut(Schema):
    field: str = Field(
        description="value_prev, value_curr, unit, note_prev, note_curr, explanation or option"
    )
    label: str
    old: str = Field(description="As submitted for the round that returned the item")
    new: str = Field(description="As resubmitted, or as it is now while still with the office")
    changed_by: str | None
    changed_at: datetime | None


class EvidenceChangeOut(Schema):
    change: str = Field(description="added or removed")
    evidence_id: int
    data_year: int
    title: str
    name: str = Field(description="The file's name, or the link")
    is_link: bool
    by: str | None
    at: datetime | None


class PreviousReviewOut(Schema):
    round: int
    verdict: str
    points: int | None
    note: str
    reviewer: str | None
    reviewed_at: datetime


class ItemChangesOut(Schema):
    response_id: int
    indicator: str
    returned_in_round: int | None = Field(
        description="The level's last round that returned this item; null if it did not"
    )
    returned_at: datetime | None
    resubmitted_at: datetime | None
    previous_review: PreviousReviewOut | None = Field(
        description="The verifier's verdict and note in that round"
    )
    edits: int = Field(description="The office's edits since the return (undone ones included)")
    fields: list[FieldChangeOut]
    evidence: list[EvidenceChangeOut]


class DecisionIn(InSchema):
    category: str | None = None
    reason: str


class WorkflowStateOut(Schema):
    status: str


def _state_after(action, registration, **kwargs) -> dict:
    """Run a workflow step on the registration; its new status, or 400 with the step's reason."""
    action(registration=registration, **kwargs)
    registration.refresh_from_db()
    return {"status": registration.status}


def _review_out(review: Review) -> dict:
    return {
        "response_id": review.response_id,
        "indicator": review.response.indicator.code,
        "level": review.level,
        "round": review.round,
        "points": review.points,
        "verdict": review.verdict,
        "note": review.note,
        "reviewer": review.reviewer.username if review.reviewer else None,
    }


@router.post(
    REG + "/submit",
    response={200: WorkflowStateOut, **WRITE},
    summary="Submit the self-assessment (incomplete items need confirm_incomplete)",
)
def submit(request: AuthedRequest, regency_code: str, cycle_code: str, payload: SelfAssessmentSubmitIn):
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    # An IncompleteError lists the incomplete items under "items" of the error body.
    services.submission_submit(
        registration=registration, user=request.user, confirm_incomplete=payload.confirm_incomplete
    )
    registration.refresh_from_db()
    return {"status": registration.status}


@router.post(
    REG + "/resubmit",
    response={200: WorkflowStateOut, **WRITE},
    summary="Send corrected items back to the level that returned them",
)
def resubmit(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    return _state_after(services.correction_resubmit, registration, user=request.user)


@router.get(
    REG + "/{level}/reviews", response={200: list[ItemReviewOut], **READ}, summary="Every review at a level"
)
def review_list(request: AuthedRequest, regency_code: str, cycle_code: str, level: str):
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level)
    reviews = Review.objects.filter(response__registration=registration, level=level).select_related(
        "response__indicator", "reviewer"
    )
    visible = visible_response_ids(request.user, registration)
    if visible is not None:  # an office's operator: its own items' reviews only
        reviews = reviews.filter(response_id__in=visible)
    return [_review_out(r) for r in reviews]


def _user(user) -> str | None:
    return user.username if user else None


def _changes_out(response, item: ItemChanges | None) -> dict:
    if item is None:
        return {
            "response_id": response.id,
            "indicator": response.indicator.code,
            "returned_in_round": None,
            "returned_at": None,
            "resubmitted_at": None,
            "previous_review": None,
            "edits": 0,
            "fields": [],
            "evidence": [],
        }
    review = item.review
    return {
        "response_id": response.id,
        "indicator": response.indicator.code,
        "returned_in_round": item.round,
        "returned_at": item.returned_at,
        "resubmitted_at": item.resubmitted_at,
        "edits": item.edits,
        "previous_review": review
        and {
            "round": review.round,
            "verdict": review.verdict,
            "points": review.points,
            "note": review.note,
            "reviewer": _user(review.reviewer),
            "reviewed_at": review.reviewed_at,
        },
        "fields": [
            {
                "field": c.field,
                "label": c.label,
                "old": c.old,
                "new": c.new,
                "changed_by": _user(c.changed_by),
                "changed_at": c.changed_at,
            }
            for c in item.fields
        ],
        "evidence": [
            {
                "change": "added" if e.added else "removed",
                "evidence_id": e.evidence_id,
                "data_year": e.data_year,
                "title": e.title,
                "name": e.name,
                "is_link": e.is_link,
                "by": _user(e.by),
                "at": e.at,
            }
            for e in item.evidence
        ],
    }


@router.get(
    REG + "/{level}/changes",
    response={200: list[ItemChangesOut], **READ},
    summary="What changed on the items returned in the level's last round",
)
def changes_list(
    request: AuthedRequest, regency_code: str, cycle_code: str, level: str, changed_only: bool = False
):
    """Each item returned in the level's last round: the verifier's note of that round beside
    every field the office changed (old and new value, who, when) and the evidence added or
    removed. `changed_only` keeps the items the office edited."""
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level)
    items = item_changes(registration, level).values()
    visible = visible_response_ids(request.user, registration)
    return [
        _changes_out(i.response, i)
        for i in items
        if (i.edits or not changed_only) and (visible is None or i.response.id in visible)
    ]


@router.get(
    REG + "/{level}/changes/{response_id}",
    response={200: ItemChangesOut, **READ},
    summary="What changed on one item since the level's last round returned it",
)
def changes_item(request: AuthedRequest, regency_code: str, cycle_code: str, level: str, response_id: int):
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level)
    response = get_object_or_404(registration.responses.select_related("indicator"), id=response_id)
    visible = visible_response_ids(request.user, registration)
    if visible is not None and response.id not in visible:
        raise Http404  # another office's item, as /assessments/responses/<id> answers
    found = item_changes(registration, level, response_ids=[response.id])
    return _changes_out(response, found.get(response.id))


@router.post(
    REG + "/{level}/reviews/{response_id}",
    response={200: ItemReviewOut, **WRITE},
    summary="Record a verifier's option, note and verdict on one item",
)
def review_save(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    level: str,
    response_id: int,
    payload: ItemReviewIn,
):
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    response = get_object_or_404(registration.responses.select_related("indicator"), id=response_id)
    review = services.review_record(
        response=response,
        level=level,
        user=request.user,
        option_id=payload.option_id,
        note=payload.note,
        verdict=payload.verdict,
    )
    return _review_out(review)


def _step(request, regency_code, cycle_code, level, action) -> dict:
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    return _state_after(action, registration, level=level, user=request.user)


class ReturnIn(InSchema):
    deadline: datetime | None = Field(
        None,
        description="When the correction window closes; default: the cycle's "
        "(2x24 hours, closing at 15.00 WIB)",
    )


class ExtendIn(InSchema):
    deadline: datetime
    reason: str = ""


class AcceptIn(InSchema):
    response_ids: list[int] | None = Field(
        None,
        description="The items to take over; null: every item the province accepted, "
        "nobody changed since and the nation has not judged in this round",
    )


class AcceptedOut(Schema):
    accepted: list[ItemReviewOut]


@router.post(
    REG + "/{level}/return",
    response={200: WorkflowStateOut, **WRITE},
    summary="Return this round's items that need correction, until a deadline",
)
def review_return(request: AuthedRequest, regency_code: str, cycle_code: str, level: str):
    """Body optional: {"deadline": ...}; without one, the cycle's default deadline."""
    payload = _optional_body(request, ReturnIn)
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    return _state_after(
        services.correction_return, registration, level=level, user=request.user, deadline=payload.deadline
    )


@router.post(
    REG + "/{level}/extend",
    response={200: WorkflowStateOut, **WRITE},
    summary="Move the open correction window's deadline later (recorded)",
)
def deadline_extend(
    request: AuthedRequest, regency_code: str, cycle_code: str, level: str, payload: ExtendIn
):
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    return _state_after(
        services.correction_extend,
        registration,
        level=level,
        user=request.user,
        deadline=payload.deadline,
        reason=payload.reason,
    )


@router.post(
    REG + "/national/accept-provincial",
    response={200: AcceptedOut, **WRITE},
    summary="Take over the province's accepted, unchanged results as national reviews",
)
def accept_provincial(request: AuthedRequest, regency_code: str, cycle_code: str):
    """Body optional: {"response_ids": [...]}; without one, every acceptable item."""
    payload = _optional_body(request, AcceptIn)
    registration = get_registration_for_review(
        request.user, regency_code, cycle_code, "national", change=True
    )
    reviews = services.national_accept_provincial(
        registration=registration, user=request.user, response_ids=payload.response_ids
    )
    codes = dict(registration.responses.values_list("id", "indicator__code"))
    return {"accepted": [{**_review_out_plain(r), "indicator": codes[r.response_id]} for r in reviews]}


def _optional_body(request: HttpRequest, schema):
    """An optional JSON body (a POST without one keeps working as before issue 11)."""
    is_json = request.content_type == "application/json"
    try:
        return schema.model_validate(json.loads(request.body or b"{}") if is_json else {})
    except (ValueError, PydanticValidationError) as exc:
        raise HttpError(400, str(exc)) from exc


def _review_out_plain(review: Review) -> dict:
    return {
        "response_id": review.response_id,
        "level": review.level,
        "round": review.round,
        "points": review.points,
        "verdict": review.verdict,
        "note": review.note,
        "reviewer": review.reviewer.username if review.reviewer else None,
    }


@router.post(
    REG + "/{level}/complete",
    response={200: WorkflowStateOut, **WRITE},
    summary="Close the level's verification",
)
def review_complete(request: AuthedRequest, regency_code: str, cycle_code: str, level: str):
    return _step(request, regency_code, cycle_code, level, services.verification_complete)


@router.get(
    REG + "/award",
    response={200: dict, **READ},
    summary="The award engine on the latest level: category, reasons, gap",
)
def award(request: AuthedRequest, regency_code: str, cycle_code: str) -> dict:
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    plan = what_if(registration)
    return {
        **result_as_dict(award_result(registration)),
        "what_if": {
            "target": plan.target,
            "points_needed": plan.points_needed,
            "changes": [
                {"indicator": s.response.indicator.code, "from": s.points_now, "to": s.points_next}
                for s in plan.chosen
            ],
        },
    }


@router.post(
    REG + "/decision",
    response={200: WorkflowStateOut, **WRITE},
    summary="Record the final category, or none, with its reason (national)",
)
def decision(request: AuthedRequest, regency_code: str, cycle_code: str, payload: DecisionIn):
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    ensure_national_decider(request.user)
    return _state_after(
        services.decision_record,
        registration,
        category_code=payload.category,
        reason=payload.reason,
        user=request.user,
    )
