"""The domain exceptions and their one mapping to statuses and messages (issue 15)."""

from datetime import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from wistara.common.api_errors import ErrorOut, domain_body
from wistara.common.badinput import BadInputMiddleware
from wistara.common.errors import Conflict, Forbidden, Invalid, Locked, NotFound, TooLarge, page_error


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (Invalid("x"), 400, "invalid"),
        (Locked("x"), 400, "locked"),
        (TooLarge("x"), 413, "too_large"),
        (Conflict("x", current_revision=3), 409, "conflict"),
        (Forbidden(), 403, "forbidden"),
        (NotFound(), 404, "not_found"),
        (ValidationError("x", code="conflict"), 409, "conflict"),
        (ValidationError("x", code="too_large"), 413, "too_large"),
        (ValidationError({"a": "x"}), 400, "invalid"),
        (PermissionDenied(), 403, "forbidden"),
        (Http404("No Thing matches"), 404, "not_found"),
    ],
)
def test_it_gives_each_refusal_one_status_and_code(exc, status, code):
    body = domain_body(exc)
    assert (page_error(exc)[0], body["code"]) == (status, code)
    assert set(body) == set(ErrorOut.model_fields) and body["detail"]


def test_it_keeps_the_old_exceptions_working():
    # Pages catch ValidationError, PermissionDenied and Http404: the domain classes are those.
    assert isinstance(Conflict("x"), ValidationError) and isinstance(Locked("x"), ValidationError)
    assert isinstance(Forbidden(), PermissionDenied) and isinstance(NotFound(), Http404)
    assert Invalid({"name": "Fill in this field."}).message_dict == {"name": ["Fill in this field."]}
    from wistara.assessments.services.errors import ConflictError

    assert ConflictError is Conflict


def test_a_conflict_names_the_current_revision_and_who_saved_it():
    when = datetime(2025, 1, 2, 3, 4)
    record = SimpleNamespace(revision=7, updated_by=SimpleNamespace(username="budi"), updated_at=when)
    body = domain_body(Conflict.of(record))
    assert (body["current_revision"], body["changed_by"], body["changed_at"]) == (7, "budi", when)
    change = SimpleNamespace(
        revision=8,
        field="value_curr",
        old="1",
        new="2",
        changed_by=SimpleNamespace(username="ani"),
        changed_at=when,
    )
    body = domain_body(Conflict("x", current_revision=8, changes=[change]))
    assert body["changed_by"] == "ani" and body["changes"][0]["field"] == "value_curr"


def test_a_page_refusal_no_view_caught_answers_its_status_and_message(db):
    middleware = BadInputMiddleware(lambda request: None)
    request = RequestFactory().post("/anything/")
    request.user = SimpleNamespace(is_authenticated=False)
    answer = middleware.process_exception(request, Conflict("Reload: someone saved first."))
    assert answer.status_code == 409 and "Reload: someone saved first." in answer.content.decode()
    request = RequestFactory().post("/anything/", headers={"HX-Request": "true"})
    answer = middleware.process_exception(request, TooLarge("Too big."))
    assert (answer.status_code, answer.content.decode()) == (413, "Too big.")
    api_request = RequestFactory().post("/api/v1/anything")
    assert middleware.process_exception(api_request, Invalid("x")) is None  # ninja's handlers answer


def test_it_lists_what_blocks_a_step_by_code():
    exc = Invalid("2 items are not reviewed.")
    exc.items = [SimpleNamespace(code="T1.1"), "T2.3"]
    assert domain_body(exc)["items"] == ["T1.1", "T2.3"]


def test_a_fault_of_ours_answers_json_under_the_api_and_the_page_elsewhere():
    from wistara.common.api_errors import server_error_view

    answer = server_error_view(RequestFactory().get("/api/v1/me"))
    assert answer.status_code == 500 and answer["Content-Type"].startswith("application/json")
    assert ErrorOut.model_validate_json(answer.content).code == "server_error"
    page = server_error_view(RequestFactory().get("/"))
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
