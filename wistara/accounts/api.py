"""API authentication (personal tokens or session) and the caller's own account."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from wistara.common.api_errors import READ

from .access import scope_for
from .http import AuthedRequest
from .models import User
from .services import api_token_authenticate


class ApiKeyAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionCsrfAuth(SessionAuth):
    """Browser session; ninja's cookie auth also demands the CSRF token on unsafe methods."""


class RoleOut(Schema):
    role: str
    province: str | None
    regency: str | None
    office: str | None


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    national: bool
    roles: list[RoleOut]


router = Router()


@router.get("", response={200: MeOut, **READ}, summary="The authenticated user and their roles")
def me(request: AuthedRequest) -> dict:
    user = request.user
    rows = user.role_assignments.select_related("province", "regency", "office")
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "national": scope_for(user).national,
        "roles": [
            {
                "role": r.role,
                "province": r.province.code if r.province else None,
                "regency": r.regency.code if r.regency else None,
                "office": r.office.short_name if r.office else None,
            }
            for r in rows
        ],
    }
