"""Bad input answers 4xx, never 500 (issue 14).

Two nets in front of every view, pages and API alike:

- before the view: a NUL character in the path (a region code such as "11.01%00") or in a JSON
  body ("\\u0000" in a text field) is refused with 400. PostgreSQL cannot store NUL in text and
  answered 500; SQLite stored it. Refusing at the door gives both databases the same answer.
- after it: a domain refusal (wistara.common.errors) that no page view caught answers its status
  and message (400, 409, 413) through `page_error`, the pages' one mapping;
  what the database driver refuses about a value rather than the request's meaning
  (an integer of 2**63 or more, which SQLite cannot bind, OverflowError; PostgreSQL's DataError
  for a value out of range; a date arithmetic overflow near year 1 or 9999) becomes 400 with a
  message in the user's language instead of a 500 and a traceback.
"""

import logging

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import DataError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .api_errors import error_body
from .errors import page_error

log = logging.getLogger(__name__)


def _refuse(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    if request.path.startswith("/api/"):
        # Before or after ninja's operation, so its handlers cannot answer: the API's one body.
        return JsonResponse(error_body(status, message), status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _body(request: HttpRequest) -> bytes | HttpResponse:
    try:
        return request.body  # JSON bodies are small (DATA_UPLOAD_MAX_MEMORY_SIZE caps them)
    except RequestDataTooBig:
        if not request.path.startswith("/api/"):
            raise  # pages keep Django's answer
        return _refuse(request, _("The request is too large to be accepted."), status=413)


def _nul_message() -> str:
    return _("The request contains a NUL character, which no field accepts.")


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "\x00" in request.META.get("QUERY_STRING", ""):
            return _refuse(request, _nul_message())
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json") and request.method in ("POST", "PUT", "PATCH"):
            body = _body(request)
            if isinstance(body, HttpResponse):
                return body
            if b"\\u0000" in body or b"\x00" in body:
                return _refuse(request, _nul_message())
        return _json_not_allowed(request, self.get_response(request))

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError | DataError):
            log.warning("bad input refused on %s: %s", request.path, exception)
            return _refuse(
                request,
                _(
                    "A number or date in the request is out of range (too large, or a year no "
                    "record can have)."
                ),
            )
        if isinstance(exception, ValidationError) and not request.path.startswith("/api/"):
            return _refused_page(request, exception)
        return None


def _json_not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """ninja answers a method an address does not take with an empty 405: the API's body instead
    (issue 15: every error of the API is JSON), keeping the Allow header."""
    if response.status_code != 405 or not request.path.startswith("/api/"):
        return response
    message = _("This address does not take %(method)s; it takes %(allowed)s.") % {
        "method": request.method,
        "allowed": response.get("Allow", ""),
    }
    answer = JsonResponse(error_body(405, message, "method_not_allowed"), status=405)
    answer["Allow"] = response.get("Allow", "")
    return answer


def _refused_page(request: HttpRequest, exception: ValidationError) -> HttpResponse:
    """A domain refusal no view caught (issue 15): the pages' one mapping gives its status and
    message, instead of a 500. (The API's handlers answer there; Forbidden and NotFound are
    Django's 403 and 404 already.)"""
    status, message = page_error(exception)
    if request.headers.get("HX-Request"):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return render(request, "refused.html", {"message": message}, status=status)
