"""Schemathesis against the published OpenAPI document (issue 15): every operation, called with
generated input on a small world, answers a declared status, a declared content type, a body its
schema accepts, and never a server error.

The document is the one the app serves at /api/v1/openapi.json, read through the WSGI app itself,
and every call goes through that app in-process (no server, no network). Path parameters name the
world's real objects (a regency's response, meeting, funding row...), so the generated bodies and
query strings reach the operations' code instead of stopping at a 404; bodies and query strings
are generated from the document, valid and invalid. Each operation runs as a national admin and
as a regency coordinator (of 11.01, the regency the paths name), with a personal API token sent as
`Authorization: Bearer`, as a client would.

Bounded for CI: a few examples per operation, a fixed seed (the same cases on every run), no
example database (nothing written into the repository), no shrinking.
"""

import json
import tempfile
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.conftest import _objects
from wistara.accounts.services import api_token_create
from wistara.testing.assessments import register
from wistara.testing.world import build_world

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]
# Hypothesis caches what it learns (constants of the source) under ./.hypothesis: not in the tree.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="wistara-hypothesis-"))

EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 15,
        # The world is built once per module and the caller is a fixture: both are meant to outlive one
        # example (each operation's examples share one savepoint); slowness is this machine's, not a bug.
        "suppress-health-check": ["all"],
        "generation": {
            "max-examples": EXAMPLES,
            "deterministic": True,
            "database": "none",
            "no-shrink": True,
        },
        "phases": {"coverage": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
CALLERS = ("national_admin", "regency_coordinator")
REGENCY = "11.01"


@contextmanager
def _connections_kept():
    """Calls go through the WSGI handler itself, which closes the database connection after each
    request (close_old_connections); inside the tests' transaction that would drop the connection
    and the world with it (PostgreSQL). Django's test client keeps it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, built in a transaction that is rolled back at its end; each
    operation's test runs in a savepoint inside it, so every operation starts from the same world."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), _connections_kept():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            objects = {r.code: _objects(register(r), world) for r in (world.regency_a1, world.regency_b1)}
            tokens = {
                role: api_token_create(user=world.user(role), name="schemathesis")[1] for role in CALLERS
            }
            yield world, objects, tokens
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _path_values(path: str, objects: dict) -> dict:
    values = dict(objects[REGENCY])
    if path.startswith("/api/v1/provincial-documents/"):
        values["code"] = REGENCY.split(".")[0]
    elif path.startswith("/api/v1/instruments/"):
        values["code"] = "TEST-2025"
    elif path.startswith("/api/v1/regions/districts/"):
        values["code"] = f"{REGENCY}.01"
    return values


@pytest.fixture(params=CALLERS)
def caller(request):
    return request.param


def _current_revision(response) -> int | None:
    """The record's revision from a 409's body, or None (another answer)."""
    if response.status_code != 409:
        return None
    return json.loads(response.content).get("current_revision")


@schema.parametrize()
def test_every_operation_answers_what_the_document_says(case, fuzz_world, caller):
    _world, objects, tokens = fuzz_world
    values = _path_values(case.operation.path, objects)
    generated = case.path_parameters or {}
    case.path_parameters = {name: values.get(name, value) for name, value in generated.items()}
    # identity: the in-process client does not inflate what GZipMiddleware compresses, as HTTP
    # clients do; the answer checked is the same.
    headers = {"Authorization": f"Bearer {tokens[caller]}", "Accept-Encoding": "identity"}
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    # A generated revision is almost never the record's, so the 409 would hide everything behind
    # it: the same body again on the current revision reaches the validation and the save.
    current = _current_revision(response)
    if current is not None and isinstance(case.body, dict):
        case.body = {**case.body, "revision": current}
        case.call_and_validate(headers=headers, checks=CHECKS)
