"""The JSON API's one error contract: one body (`ErrorOut`) for every refusal, written here only.

`install_error_handlers(api)` (called once, in config/api.py) turns the domain exceptions of
`wistara.common.errors`, Django's own (ValidationError, PermissionDenied, Http404, a body too
large, a malformed multipart body, a suspicious file name) and ninja's (HttpError, a request that
does not match the schema) into that body. Operations raise; none builds an error answer itself.
Operations declare the statuses they may answer with `errors(...)` or the sets below, so the
OpenAPI document names one error schema.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousFileOperation,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.defaults import bad_request, page_not_found, server_error
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from .errors import Conflict, error_code, error_messages, error_status


class RevisionChangeOut(Schema):
    """One change made since the caller's revision (where the record keeps its history)."""

    revision: int | None = None
    field: str
    old: str
    new: str
    changed_by: str | None = None
    changed_at: datetime | None = None


class RowErrorOut(Schema):
    row: int | None  # None: the file as a whole
    message: str


class ErrorOut(Schema):
    """Every error answer of the API. `code`: invalid, locked, conflict, too_large, forbidden,
    not_found, unauthorized, method_not_allowed, throttled, bad_request, server_error. A 409
    (`conflict`) carries the current revision to base the next attempt on, and who changed the
    record last and when."""

    detail: str
    code: str
    fields: dict[str, list[str]] = {}
    rows: list[RowErrorOut] = []
    items: list[str] = []
    current_revision: int | None = None
    changed_by: str | None = None
    changed_at: datetime | None = None
    changes: list[RevisionChangeOut] = []


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`response={200: ThingOut, **errors(400, 404)}`: the error statuses an operation may answer."""
    return dict.fromkeys(statuses, ErrorOut)


# Every operation needs a signed-in caller (401) and may be given input that does not parse (422);
# every body may be larger than Django reads (413: DATA_UPLOAD_MAX_MEMORY_SIZE, or a file's limit).
READ = errors(401, 404, 422)
WRITE = errors(400, 401, 403, 404, 413, 422)
REVISED = {**WRITE, **errors(409)}  # writes of a record with a revision (optimistic concurrency)
UPLOAD = WRITE  # named for the reader: an upload's 413 is its file's size limit

_CODES = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "too_large",
    429: "throttled",
}


def _who(user) -> str | None:
    if user is None:
        return None
    return getattr(user, "username", None) or str(user)


def _first(obj, *names):
    return next((getattr(obj, n) for n in names if getattr(obj, n, None) is not None), None)


def _change(change) -> dict:
    """A change kept in a record's history: a field's old and new value (ResponseChange), or a
    whole new version (a narrative's body)."""
    if isinstance(change, dict):
        return change
    return {
        "revision": getattr(change, "revision", None),
        "field": str(_first(change, "field") or "body"),
        "old": str(_first(change, "old") or ""),
        "new": str(_first(change, "new", "body") or ""),
        "changed_by": _who(_first(change, "changed_by", "saved_by")),
        "changed_at": _first(change, "changed_at", "saved_at"),
    }


def error_body(status: int, detail: str, code: str = "", **extra) -> dict:
    """The one error body, every key present, so clients read one shape."""
    return ErrorOut(detail=detail, code=code or _CODES.get(status, "bad_request"), **extra).model_dump()


def _fields(exc: ValidationError) -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):
        return {}
    return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}


def domain_body(exc: Exception) -> dict:
    """The body for a domain refusal (or Django's ValidationError / PermissionDenied / Http404)."""
    extra: dict = {}
    if isinstance(exc, ValidationError):
        extra["fields"] = _fields(exc)
        rows = getattr(exc, "errors", None)  # a file import's refused rows
        if isinstance(rows, list):
            extra["rows"] = [{"row": r.row, "message": str(r.message)} for r in rows]
        # What blocks a step: the incomplete items of a submission, the missing kinds of documents.
        items = getattr(exc, "items", None) or getattr(exc, "kinds", None)
        if isinstance(items, list):  # codes (an indicator's, a kind's), or objects that carry one
            extra["items"] = [str(getattr(i, "code", i)) for i in items]
    if isinstance(exc, Conflict) or error_code(exc) == Conflict.code:
        extra.update(
            current_revision=getattr(exc, "current_revision", None),
            changed_by=_who(getattr(exc, "changed_by", None)),
            changed_at=getattr(exc, "changed_at", None),
            changes=[_change(c) for c in getattr(exc, "changes", None) or []],
        )
    return error_body(error_status(exc), " ".join(error_messages(exc)), error_code(exc), **extra)


def _schema_error_body(exc: SchemaError) -> dict:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        # ninja's location starts with where the value came from (body, query, path, form) and,
        # for a schema, the operation's argument (`payload`): the client knows neither.
        loc = [str(part) for part in error.get("loc", ())]
        path = ".".join(loc[2:] if len(loc) > 2 else loc[1:]) or "body"
        fields.setdefault(path, []).append(str(error.get("msg", "")))
    detail = _("The request does not have the expected shape: %(fields)s.") % {
        "fields": "; ".join(f"{name}: {' '.join(msgs).rstrip('.')}" for name, msgs in fields.items())
    }
    return error_body(422, detail, "invalid", fields=fields)


def _bad_request(exc: Exception) -> tuple[int, str, str]:
    """Django's refusals of a request it could not read, as (status, code, message)."""
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return 413, "too_large", _("The request is too large to be accepted.")
    if isinstance(exc, MultiPartParserError):
        return (
            400,
            "bad_request",
            _("The uploaded form could not be read (a malformed multipart body). Send the file again."),
        )
    if isinstance(exc, SuspiciousFileOperation):
        return 400, "invalid", _("The file name cannot be used: shorten it and send the file again.")
    return 400, "bad_request", _("The request could not be read.")


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the handlers on `api` (once, where the API is built)."""

    def answer(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def domain(request: HttpRequest, exc: Any) -> HttpResponse:
        return answer(request, error_status(exc), domain_body(exc))

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return answer(request, exc.status_code, error_body(exc.status_code, str(exc)))

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = _("Sign in, or send a personal API token (Authorization: Bearer wst_...).")
        return answer(request, 401, error_body(401, detail))

    def schema_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return answer(request, 422, _schema_error_body(exc))

    def unreadable(request: HttpRequest, exc: Any) -> HttpResponse:
        status, code, detail = _bad_request(exc)
        return answer(request, status, error_body(status, detail, code))

    # ninja types a handler's exception loosely (the class or an instance): Any above.
    domain_classes: tuple[type[Exception], ...] = (ValidationError, PermissionDenied, Http404)
    for exc_class in domain_classes:
        api.add_exception_handler(exc_class, domain)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(SchemaError, schema_error)
    unreadable_classes: tuple[type[Exception], ...] = (SuspiciousOperation, MultiPartParserError, BadRequest)
    for exc_class in unreadable_classes:
        api.add_exception_handler(exc_class, unreadable)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an address no route knows answers the API's body under /api/, the page elsewhere."""
    if _is_api(request):
        return JsonResponse(error_body(404, _("Not found.")), status=404)
    return page_not_found(request, exception)


def bad_request_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: what Django refuses before any operation runs (a middleware reading an oversize
    or malformed body) answers the API's body under /api/, the page elsewhere."""
    if _is_api(request):
        status, code, detail = _bad_request(exception)
        return JsonResponse(error_body(status, detail, code), status=status)
    return bad_request(request, exception)


def server_error_view(request: HttpRequest) -> HttpResponse:
    """handler500: a fault of ours answers the API's body under /api/ (the page elsewhere); the
    traceback goes to the log, never to the client."""
    if _is_api(request):
        detail = _("Something went wrong on our side; the change was not saved. Try again later.")
        return JsonResponse(error_body(500, detail, "server_error"), status=500)
    return server_error(request)
