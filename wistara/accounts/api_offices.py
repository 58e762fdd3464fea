"""Offices (OPD) endpoints: the same access functions and services as the /opd/ pages.

Reading needs a user who sees the regency; every write needs its coordinator or a national
admin (403 for the others who see it, 404 for everyone else). Refused data answer 400 with the
API's one error body, per-field messages under "fields".
"""

from collections.abc import Callable
from typing import TypeVar

from ninja import Router, Schema, Status
from pydantic import Field

from wistara.common.api_errors import READ, WRITE
from wistara.common.api_input import InSchema
from wistara.common.errors import NotFound
from wistara.regions.models import Regency

from . import services
from .access import get_office_for_user, get_regency_for_user
from .http import AuthedRequest
from .models import Office, Role, RoleAssignment
from .selectors import offices_with_operators

router = Router()
T = TypeVar("T")


class OperatorOut(Schema):
    assignment_id: int
    username: str
    full_name: str
    position: str
    email: str
    is_active: bool


class OfficeOut(Schema):
    id: int
    short_name: str
    name: str
    is_active: bool
    operators: list[OperatorOut]


class OfficeIn(InSchema):
    short_name: str = Field(max_length=40)
    name: str = Field(max_length=200)


class OfficePatchIn(InSchema):
    short_name: str | None = Field(default=None, max_length=40)
    name: str | None = Field(default=None, max_length=200)
    is_active: bool | None = None


class OperatorCreateIn(InSchema):
    username: str = Field(max_length=150)
    full_name: str = Field(max_length=150)
    password: str = Field(max_length=128)
    position: str = Field(default="", max_length=150)
    email: str = Field(default="", max_length=254)


class OperatorGrantIn(InSchema):
    username: str = Field(max_length=150)


def _written(status: int, write: Callable[[], T], out: Callable[[T], dict]) -> Status:
    """`status` with what the service wrote (a refusal answers 400 with per-field messages)."""
    result = write()
    return Status(status, out(result))


def _regency(request: AuthedRequest, code: str, *, change: bool = False) -> Regency:
    return get_regency_for_user(request.user, code, change=change)


def _office(request: AuthedRequest, regency_code: str, office_id: int) -> Office:
    office = get_office_for_user(request.user, office_id, change=True)
    if office.regency.code != regency_code:
        raise NotFound
    return office


def _office_out(office: Office, operators: list[RoleAssignment] | None = None) -> dict:
    rows = operators if operators is not None else getattr(office, "operators", [])
    return {
        "id": office.id,
        "short_name": office.short_name,
        "name": office.name,
        "is_active": office.is_active,
        "operators": [_operator_out(a) for a in rows],
    }


def _operator_out(assignment: RoleAssignment) -> dict:
    user = assignment.user
    return {
        "assignment_id": assignment.id,
        "username": user.username,
        "full_name": user.full_name,
        "position": user.position,
        "email": user.email,
        "is_active": user.is_active,
    }


def _with_operators(office: Office) -> dict:
    rows = RoleAssignment.objects.filter(office=office, role=Role.OPD_OPERATOR).select_related("user")
    return _office_out(office, list(rows))


@router.get(
    "/{regency_code}", response={200: list[OfficeOut], **READ}, summary="A regency's offices and operators"
)
def office_list(request: AuthedRequest, regency_code: str):
    return [_office_out(office) for office in offices_with_operators(_regency(request, regency_code))]


@router.post("/{regency_code}", response={201: OfficeOut, **WRITE}, summary="Add an office")
def office_create(request: AuthedRequest, regency_code: str, payload: OfficeIn):
    regency = _regency(request, regency_code, change=True)
    return _written(
        201,
        lambda: services.office_add(regency=regency, short_name=payload.short_name, name=payload.name),
        lambda office: _office_out(office, []),
    )


@router.post(
    "/{regency_code}/defaults",
    response={200: list[OfficeOut], **WRITE},
    summary="Add the usual offices that the regency does not have yet",
)
def office_defaults(request: AuthedRequest, regency_code: str):
    regency = _regency(request, regency_code, change=True)
    services.offices_create_defaults(regency=regency)
    return [_office_out(office) for office in offices_with_operators(regency)]


@router.patch(
    "/{regency_code}/{office_id}",
    response={200: OfficeOut, **WRITE},
    summary="Rename, deactivate or reactivate an office (offices are never deleted)",
)
def office_update(request: AuthedRequest, regency_code: str, office_id: int, payload: OfficePatchIn):
    office = _office(request, regency_code, office_id)
    if payload.short_name is not None or payload.name is not None:
        services.office_update(
            office=office,
            short_name=payload.short_name or office.short_name,
            name=payload.name or office.name,
        )
    if payload.is_active is True:
        services.office_reactivate(office=office)
    elif payload.is_active is False:
        services.office_deactivate(office=office)
    return Status(200, _with_operators(office))


@router.post(
    "/{regency_code}/{office_id}/operators",
    response={201: OperatorOut, **WRITE},
    summary="Create an operator account for an office",
)
def operator_create(request: AuthedRequest, regency_code: str, office_id: int, payload: OperatorCreateIn):
    office = _office(request, regency_code, office_id)
    return _written(
        201,
        lambda: services.office_user_create(office=office, granted_by=request.user, **payload.model_dump()),
        _operator_out,
    )


@router.post(
    "/{regency_code}/{office_id}/operators/grant",
    response={201: OperatorOut, **WRITE},
    summary="Make an existing user of the regency an operator of an office",
)
def operator_grant(request: AuthedRequest, regency_code: str, office_id: int, payload: OperatorGrantIn):
    office = _office(request, regency_code, office_id)
    return _written(
        201,
        lambda: services.office_operator_grant(
            office=office, username=payload.username, granted_by=request.user
        ),
        _operator_out,
    )


@router.delete(
    "/{regency_code}/operators/{assignment_id}",
    response={204: None, **WRITE},
    summary="Revoke an office operator's role (the account stays)",
)
def operator_revoke(request: AuthedRequest, regency_code: str, assignment_id: int):
    regency = _regency(request, regency_code, change=True)
    assignment = RoleAssignment.objects.filter(
        id=assignment_id, regency=regency, role=Role.OPD_OPERATOR
    ).first()
    if assignment is None:
        raise NotFound
    services.office_user_revoke(assignment=assignment)
    return Status(204, None)
