"""Every write to accounts: users, roles, offices, API tokens and login throttling."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.regions.models import Province, Regency

from .access import scope_from_roles
from .defaults import DEFAULT_OFFICES
from .models import ApiToken, Office, Role, RoleAssignment, User

# --- Users and roles -------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    position: str = "",
    password_hash: str | None = None,
) -> User:
    """Create a user. `password_hash` lets bulk generators reuse one hash (hashing is slow)."""
    user = User(username=username, full_name=full_name, email=email, position=position)
    if password_hash:
        user.password = password_hash
    elif password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


USER_PROFILE_FIELDS = ("full_name", "email", "position", "phone", "is_active")


@transaction.atomic
def user_update(*, user: User, data: dict) -> User:
    """Change a user's profile and whether it may sign in (the admin's user page); the username
    and password have their own ways (Django's password forms)."""
    changed = [name for name in USER_PROFILE_FIELDS if name in data and getattr(user, name) != data[name]]
    for name in changed:
        setattr(user, name, data[name])
    user.full_clean(exclude=["password"])
    if changed:
        user.save(update_fields=changed)
    return user


def role_scope_validate(
    role: str, province: Province | None, regency: Regency | None, office: Office | None
) -> dict:
    if office is not None:
        regency = regency or office.regency
        if office.regency_id != regency.id:
            raise ValidationError(_("The office does not belong to that regency."))
    needs = {
        Role.NATIONAL_ADMIN: (),
        Role.NATIONAL_VERIFIER: (),
        Role.PROVINCIAL_VERIFIER: ("province",),
        Role.REGENCY_COORDINATOR: ("regency",),
        Role.LEADER: ("regency",),
        Role.OPD_OPERATOR: ("regency", "office"),
        Role.OFFICE_HEAD: ("regency", "office"),
    }[Role(role)]
    given = {"province": province, "regency": regency, "office": office}
    for name, value in given.items():
        if (name in needs) != (value is not None):
            raise ValidationError(
                _("This role needs a scope of: %(scope)s.")
                % {"scope": ", ".join(needs) or _("the whole nation")}
            )
    return given


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: str,
    province: Province | None = None,
    regency: Regency | None = None,
    office: Office | None = None,
    granted_by: User | None = None,
) -> RoleAssignment:
    scope = role_scope_validate(role, province, regency, office)
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, **scope, defaults={"granted_by": granted_by}
    )
    user.__dict__.pop("_wistara_scope", None)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    assignment.delete()


# --- Offices ---------------------------------------------------------------------------------------


@transaction.atomic
def office_create(*, regency: Regency, short_name: str, name: str) -> Office:
    office = Office(regency=regency, short_name=short_name.strip(), name=name.strip())
    office.full_clean()
    office.save()
    return office


@transaction.atomic
def offices_create_defaults(*, regency: Regency) -> list[Office]:
    """Give a regency the usual list of offices; offices it already has are kept."""
    existing = set(Office.objects.filter(regency=regency).values_list("short_name", flat=True))
    # One save per office (a score of rows, once per regency), not bulk_create: each save sends
    # the signal the audit trail captures (accounts sits below audit and cannot call it).
    for short, name in DEFAULT_OFFICES:
        if short not in existing:
            Office.objects.create(regency=regency, short_name=short, name=name)
    return list(Office.objects.filter(regency=regency))


# --- API tokens ------------------------------------------------------------------------------------
TOKEN_PREFIX = "wst"  # noqa: S105 - a public marker, not a secret


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the full secret, which is never stored or shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=prefix, digest=_digest(secret))
    return token, f"{TOKEN_PREFIX}_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# Everything a token request needs before its view runs, in one statement: the token, its user
# and the user's roles (an API request has no session to keep them in). Through the ORM these
# were three queries whose compilation cost more than a whole save's SQL (bench/saves.py).
_AUTH_SQL = (  # noqa: S105 - SQL, not a secret
    "SELECT u.*, t.id AS wst_token_id, t.digest AS wst_digest,"
    " t.revoked_at IS NOT NULL AS wst_revoked,"
    " (t.last_used_at IS NULL OR t.last_used_at < %s) AS wst_stale,"
    " r.role AS wst_role, r.province_id AS wst_province, r.regency_id AS wst_regency,"
    " r.office_id AS wst_office"
    " FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id"
    " LEFT JOIN accounts_roleassignment r ON r.user_id = u.id"
    " WHERE t.prefix = %s"
)


def api_token_authenticate(raw: str) -> User | None:
    """The token's user, with its role scope already read (see access.scope_for), or None."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    # Record use at most once a minute so that a busy script does not write on every call.
    now = timezone.now()
    stale_before = connection.ops.adapt_datetimefield_value(now - timedelta(minutes=1))
    # Any: the rows carry _AUTH_SQL's extra columns (wst_*), which User's type does not know.
    rows: list[Any] = list(User.objects.raw(_AUTH_SQL, [stale_before, parts[1]]))
    if not rows:
        return None
    user = rows[0]
    if user.wst_revoked or not user.is_active:
        return None
    if not hmac.compare_digest(user.wst_digest, _digest(parts[2])):
        return None
    if user.wst_stale:
        ApiToken.objects.filter(id=user.wst_token_id).update(last_used_at=now)
    user._wistara_scope = scope_from_roles(
        (r.wst_role, r.wst_province, r.wst_regency, r.wst_office) for r in rows
    )
    return user


# --- Offices: editing, deactivating, their operators -----------------------------------------------


def _check_short_name_free(office: Office) -> None:
    # The database constraint is case-sensitive; "DINKES" next to "Dinkes" would only confuse.
    clash = Office.objects.filter(regency_id=office.regency_id, short_name__iexact=office.short_name)
    if clash.exclude(pk=office.pk).exists():
        raise ValidationError(
            {
                "short_name": _("This regency already has an office with the short name “%(name)s”.")
                % {"name": office.short_name}
            }
        )


@transaction.atomic
def office_add(*, regency: Regency, short_name: str, name: str) -> Office:
    """office_create for the pages and the API: also refuses a short name differing only in case."""
    _check_short_name_free(Office(regency=regency, short_name=short_name.strip()))
    return office_create(regency=regency, short_name=short_name, name=name)


@transaction.atomic
def office_update(*, office: Office, short_name: str, name: str) -> Office:
    office.short_name, office.name = short_name.strip(), name.strip()
    _check_short_name_free(office)
    office.full_clean()
    office.save(update_fields=["short_name", "name", "updated_at"])
    return office


@transaction.atomic
def office_deactivate(*, office: Office) -> Office:
    """Hide an office from every choice; items and operators that point to it stay as they are."""
    if office.is_active:
        office.is_active = False
        office.save(update_fields=["is_active", "updated_at"])
    return office


@transaction.atomic
def office_reactivate(*, office: Office) -> Office:
    if not office.is_active:
        office.is_active = True
        office.save(update_fields=["is_active", "updated_at"])
    return office


def _check_office_open(office: Office) -> None:
    if not office.is_active:
        raise ValidationError(
            _("%(office)s is no longer active: reactivate it first.") % {"office": office.short_name}
        )


def _new_user_problems(user: User, password: str) -> dict[str, list[str]]:
    from django.contrib.auth.password_validation import validate_password

    problems: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if User.objects.filter(username__iexact=user.username).exists() and "username" not in problems:
        problems["username"] = [_("That username is taken.")]
    if not user.full_name:
        problems["full_name"] = [_("Enter the operator's full name.")]
    try:
        validate_password(password, user)
    except ValidationError as exc:
        problems["password"] = exc.messages
    return problems


@transaction.atomic
def office_user_create(
    *,
    office: Office,
    username: str,
    full_name: str,
    password: str,
    position: str = "",
    email: str = "",
    granted_by: User | None = None,
) -> RoleAssignment:
    """Open an account for an office's operator, its password checked by the site's validators."""
    _check_office_open(office)
    candidate = User(
        username=username.strip(), full_name=full_name.strip(), position=position.strip(), email=email.strip()
    )
    problems = _new_user_problems(candidate, password)
    if problems:
        raise ValidationError(problems)
    user = user_create(
        username=candidate.username,
        password=password,
        full_name=candidate.full_name,
        email=candidate.email,
        position=candidate.position,
    )
    return role_grant(
        user=user, role=Role.OPD_OPERATOR, regency=office.regency, office=office, granted_by=granted_by
    )


@transaction.atomic
def office_operator_grant(*, office: Office, username: str, granted_by: User | None = None) -> RoleAssignment:
    """Make an existing user who already works in the office's regency one of its operators."""
    _check_office_open(office)
    user = (
        User.objects.filter(
            username=username.strip(), is_active=True, role_assignments__regency_id=office.regency_id
        )
        .distinct()
        .first()
    )
    if user is None:
        # The same answer for "no such user" and "works elsewhere": names never leak across regencies.
        raise ValidationError(
            {
                "username": _(
                    "No active user with that username works in %(regency)s. Create a new account instead."
                )
                % {"regency": office.regency.name}
            }
        )
    if RoleAssignment.objects.filter(user=user, role=Role.OPD_OPERATOR, office=office).exists():
        raise ValidationError(
            {
                "username": _("%(user)s is already an operator of %(office)s.")
                % {"user": user.get_full_name(), "office": office.short_name}
            }
        )
    return role_grant(
        user=user, role=Role.OPD_OPERATOR, regency=office.regency, office=office, granted_by=granted_by
    )


@transaction.atomic
def office_user_revoke(*, assignment: RoleAssignment) -> None:
    """Take the operator role away; the account and everything it did stay."""
    if assignment.role != Role.OPD_OPERATOR:
        raise ValidationError(_("Only an office operator's role can be revoked here."))
    role_revoke(assignment=assignment)
