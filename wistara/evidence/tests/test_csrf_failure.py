"""An oversize upload from a plain form loses its CSRF token with its unread body: 413, not 403."""

import io
from typing import Any

import pytest
from django.test import Client

from ..uploads import too_large_message
from .conftest import assert_nothing_left

pytestmark = pytest.mark.django_db


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


@pytest.fixture
def strict(world, response) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("opd_operator"))
    client.get(f"/bukti/{response.id}/")  # sets the CSRF cookie; the token would be in the body
    return client


def _post(client: Client, response, length: int, **headers):
    environ: dict[str, Any] = {"wsgi.input": Unreadable()}  # not a str, as the stubs expect
    return client.generic(
        "POST",
        f"/bukti/{response.id}/unggah/",
        b"",
        headers=headers,
        CONTENT_LENGTH=str(length),
        CONTENT_TYPE="multipart/form-data; boundary=wistara",
        **environ,
    )


def test_it_answers_413_to_an_oversize_upload_from_a_plain_form(strict, response, media):
    answer = _post(strict, response, 30 * 1024 * 1024, Referer=f"http://testserver/bukti/{response.id}/")
    assert answer.status_code == 413
    page = answer.content.decode()
    assert too_large_message() in page and f'href="http://testserver/bukti/{response.id}/"' in page
    assert_nothing_left(media)


def test_it_answers_413_as_text_to_an_oversize_htmx_upload_with_a_bad_token(strict, response):
    answer = _post(strict, response, 30 * 1024 * 1024, **{"HX-Request": "true", "X-CSRFToken": "x" * 32})
    assert answer.status_code == 413 and answer.content.decode() == too_large_message()


def test_it_keeps_djangos_403_for_other_csrf_failures(strict, response):
    answer = strict.post(f"/bukti/{response.id}/unggah/", {"data_year": 2023, "kind": "report"})
    assert answer.status_code == 403
    assert too_large_message() not in answer.content.decode()
