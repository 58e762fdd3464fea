"""The domain's refusals, one family for every app (issue 15: one error contract).

Services raise these; the edges translate them once: the JSON API by the handlers in
`wistara.common.api_errors` (installed in config/api.py), the pages by `page_error` below.
Each class also is the Django exception the pages already understand, so a view that catches
ValidationError, PermissionDenied or Http404 keeps working: `Invalid` and its kin are
ValidationErrors (one message, a list, or {field: messages}), `Forbidden` is PermissionDenied,
`NotFound` is Http404.

A plain ValidationError raised by model validation or older code is treated like `Invalid`, and
its `code` picks the same meaning (`conflict`, `too_large`, `locked`), so an app may move to these
classes one raise at a time.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _


class DomainError(Exception):
    """What every domain refusal shares: the HTTP status it answers and a stable code for clients."""

    status = 400
    code: str | None = "invalid"  # typed as ValidationError's own `code`; every class sets one


class Invalid(DomainError, ValidationError):
    """The input breaks a rule; `ValidationError({"field": "message"})` shape for per-field messages."""

    def __init__(self, message, code: str | None = None, params=None):
        super().__init__(message, code or type(self).code, params)


class Locked(Invalid):
    """The calendar (a deadline, a submission, a decision) closes this record to changes. Not 409:
    reloading and sending again cannot help, which is what a 409 tells a client to do."""

    code = "locked"


class TooLarge(Invalid):
    status = 413
    code = "too_large"


class Conflict(Invalid):
    """Someone saved first: the caller's revision is stale. Carries what the caller needs to
    try again: the current revision, who changed the record last and when, and (where the record
    keeps a history) the changes made since the caller's revision."""

    status = 409
    code = "conflict"

    def __init__(
        self,
        message: str = "",
        *,
        current_revision: int | None = None,
        changed_by: object = None,
        changed_at: datetime | None = None,
        changes: list | None = None,
    ):
        super().__init__(
            message
            or _(
                "Someone else saved this after you opened it. Reload to see "
                "their changes, then enter yours again."
            )
        )
        self.current_revision = current_revision
        self.changes = changes or []
        # Without a word from the caller, the newest change names who saved last and when.
        last = max(self.changes, key=lambda c: getattr(c, "revision", 0) or 0, default=None)
        self.changed_by = changed_by if changed_by is not None else _first(last, "changed_by", "saved_by")
        self.changed_at = changed_at if changed_at is not None else _first(last, "changed_at", "saved_at")

    @classmethod
    def of(cls, record, message: str = "", changes: list | None = None) -> "Conflict":
        """The conflict with `record` as it is now (its revision, last editor and time)."""
        return cls(
            message,
            current_revision=getattr(record, "revision", None),
            changed_by=getattr(record, "updated_by", None),
            changed_at=getattr(record, "updated_at", None),
            changes=changes,
        )


def _first(obj, *names):
    return next((getattr(obj, n) for n in names if getattr(obj, n, None) is not None), None)


class Forbidden(DomainError, PermissionDenied):
    """Yours to see, not to change (the access layer's 403)."""

    status = 403
    code = "forbidden"


class NotFound(DomainError, Http404):
    """Missing, or another tenant's: the same answer for both."""

    status = 404
    code = "not_found"


# What a plain ValidationError's code means, for code that raises Django's own exception.
STATUS_BY_CODE = {"conflict": Conflict.status, "too_large": TooLarge.status, "locked": Locked.status}


def error_code(exc: Exception) -> str:
    found: object = getattr(exc, "code", None)
    if isinstance(exc, DomainError):
        found = type(exc).code  # the class's: a ValidationError's own code is finer than clients need
    elif isinstance(exc, PermissionDenied):
        found = "forbidden"
    elif isinstance(exc, Http404):
        found = "not_found"
    elif found not in STATUS_BY_CODE:
        found = "invalid"
    return str(found or "invalid")


def error_status(exc: Exception) -> int:
    if isinstance(exc, DomainError):
        return exc.status
    if isinstance(exc, PermissionDenied):
        return Forbidden.status
    if isinstance(exc, Http404):
        return NotFound.status
    code = getattr(exc, "code", None)
    return STATUS_BY_CODE.get(code, Invalid.status) if isinstance(code, str) else Invalid.status


def error_messages(exc: Exception) -> list[str]:
    """The sentences to show a person, in the active language."""
    if isinstance(exc, ValidationError):
        return [str(message) for message in exc.messages]
    if isinstance(exc, DomainError) and str(exc):
        return [str(exc)]
    # Django's own 403 and 404 carry no message meant for people (get_object_or_404 names the model).
    if isinstance(exc, PermissionDenied):
        return [_("Your role does not allow this change.")]
    if isinstance(exc, Http404):
        return [_("Not found.")]
    return [str(exc)]


def page_error(exc: Exception) -> tuple[int, str]:
    """For a page: the status to answer and the one message to show (the pages' one mapping)."""
    return error_status(exc), " ".join(error_messages(exc))
