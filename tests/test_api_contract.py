"""The JSON API's one error contract (issue 15), checked against the published OpenAPI document.

- every schema name in the document belongs to one class (ninja silently keeps the last of two
  classes with one name, so the document would describe one app's answers with the other's);
- every error answer has the one `ErrorOut` body;
- every operation whose JSON body carries a `revision` answers a stale one with 409 and the
  current revision, whatever the app;
- numbers are numbers (`false` is not an office id), and requests Django refuses before any
  operation runs (too large, malformed multipart) still answer JSON;
- every operation of the access matrix, called once, answers a declared status with a body the
  document's schema accepts (what schemathesis would check, without its random inputs).
"""

import json
import re
from collections import defaultdict
from typing import get_args

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pydantic import BaseModel

from config.api import api
from tests.conftest import PDF
from tests.test_access_matrix import (
    API,
    API_BODIES,
    API_REFERENCE_URLS,
    MULTIPART_FIELDS,
    REFERENCE_PARAMS,
    _call,
    _fill,
)
from wistara.common.api_errors import ErrorOut

pytestmark = pytest.mark.django_db
PARAM = re.compile(r"\{(\w+)\}")
ERROR_KEYS = set(ErrorOut.model_fields)
STALE = 1_000_000  # never a record's current revision


def _models_in(annotation, seen: set) -> None:
    stack = [annotation]
    while stack:
        current = stack.pop()
        stack.extend(get_args(current))
        if isinstance(current, type) and issubclass(current, BaseModel) and current not in seen:
            seen.add(current)
            stack.extend(field.annotation for field in current.model_fields.values())


def _schema_classes() -> dict[str, set[type]]:
    """Every pydantic class the document is built from, by the name it gets there."""
    seen: set[type] = set()
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    _models_in(model, seen)
    by_name = defaultdict(set)
    for model in seen:
        # Ours only: ninja's wrappers (the operation's parameters) are flattened, never named.
        if model.__module__.startswith(("wistara", "config")):
            by_name[model.__name__].add(model)
    return by_name


def test_it_names_every_schema_once():
    doubles = {
        name: sorted(f"{m.__module__}.{m.__qualname__}" for m in models)
        for name, models in _schema_classes().items()
        if len(models) > 1
    }
    assert doubles == {}
    document = api.get_openapi_schema()
    assert "ErrorOut" in document["components"]["schemas"]


def test_it_publishes_a_valid_openapi_document():
    # openapi-spec-validator arrives with moto[server] (a dev dependency since issue 14).
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(json.loads(json.dumps(api.get_openapi_schema(), default=str)))


def test_it_declares_every_operations_error_statuses_with_the_one_body():
    document = api.get_openapi_schema()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = {str(status): answer for status, answer in operation["responses"].items()}
            assert {"401", "404"} <= set(answers), (method, path, sorted(answers))
            if method != "get":
                assert {"400", "403", "422"} <= set(answers), (method, path, sorted(answers))
            for status, answer in answers.items():
                if status[0] in "45":
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema["$ref"].endswith("/ErrorOut"), (method, path, status)


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


# The records a client edits with optimistic concurrency, each through these operations only.
REVISIONED = {
    "PUT /api/v1/assessments/registrations/{regency_code}/{cycle_code}",
    "PATCH /api/v1/assessments/responses/{response_id}",
    "POST /api/v1/assessments/responses/{response_id}/status",
    "PATCH /api/v1/institutions/{regency_code}/{cycle_code}/bodies/{institution_id}",
    "PUT /api/v1/institutions/{regency_code}/{cycle_code}/meetings/{meeting_id}",
    "POST /api/v1/institutions/{regency_code}/{cycle_code}/meetings/{meeting_id}/minutes",
    "PATCH /api/v1/institutions/{regency_code}/{cycle_code}/action-items/{item_id}",
    "PUT /api/v1/dossier/{regency_code}/{cycle_code}/general",
    "PUT /api/v1/dossier/{regency_code}/{cycle_code}/narratives/{key}",
    "PUT /api/v1/dossier/{regency_code}/{cycle_code}/funding/{funding_id}",
    "PATCH /api/v1/provincial-documents/{code}/{cycle_code}/documents/{document_id}",
}


def _takes_revision(document: dict, operation: dict) -> set[str]:
    """Where an operation takes a `revision`: its body's media types and the query string."""
    places = {"query" for p in operation.get("parameters", []) if p["name"] == "revision"}
    for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
        if "revision" in _resolve(document, content["schema"]).get("properties", {}):
            places.add(media_type)
    return places


def _revisioned_operations(document: dict):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            places = _takes_revision(document, operation)
            # The walk below sends the revision in a JSON body; one taken elsewhere (a form, the
            # query string) would need the walk extended, not skipped.
            assert places <= {"application/json"}, (method, path, places)
            if places:
                yield method.upper(), path, operation


def test_it_declares_409_and_the_one_error_body_where_a_revision_is_sent():
    document = api.get_openapi_schema()
    found = list(_revisioned_operations(document))
    assert {f"{method} {path}" for method, path, _ in found} == REVISIONED
    for method, path, operation in found:
        answer = operation["responses"].get(409) or operation["responses"].get("409", {})
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        assert schema.get("$ref", "").endswith("/ErrorOut"), (method, path)


def _assert_error(answer, status: int, code: str = "") -> dict:
    assert answer.status_code == status, (answer.status_code, answer.content[:300])
    assert answer["Content-Type"].startswith("application/json"), answer["Content-Type"]
    body = answer.json()
    assert set(body) == ERROR_KEYS and body["detail"], body
    ErrorOut.model_validate(body)  # the shape the document promises
    if code:
        assert body["code"] == code, body
    return body


@pytest.mark.parametrize("changer", ["national_admin", "local"])
def test_it_answers_a_stale_revision_with_409_from_every_endpoint(tenants, client, changer):
    """Walks the document: each operation that takes a revision, sent one that is not current, by
    a national admin and by the record's own changer (the regency's coordinator; the province's
    verifier for its documents) answers 409 with the one body and the current revision."""
    document = api.get_openapi_schema()
    bodies = {}
    for method, path, _operation in _revisioned_operations(document):
        province = "{code}" in path  # a province's documents
        role = changer if changer != "local" else "provincial_verifier" if province else "regency_coordinator"
        client.force_login(tenants.world.user(role))
        params = tenants.params("11.01", province=province)
        url = PARAM.sub(lambda m, p=params: str(p[m.group(1)]), path)
        body = {**API_BODIES.get(f"{method} {path}", {}), "revision": STALE}
        answer = client.generic(method, url, data=json.dumps(body), content_type="application/json")
        found = _assert_error(answer, 409, "conflict")
        current = found["current_revision"]
        assert isinstance(current, int) and current != STALE, (path, found)
        bodies[f"{method} {path}"] = found
    assert set(bodies) == REVISIONED
    # The same body everywhere: the same keys and code; the message names the record and who
    # changed it, so it differs with them.
    shapes = {(tuple(sorted(b)), b["code"]) for b in bodies.values()}
    assert shapes == {(tuple(sorted(ERROR_KEYS)), "conflict")}


def test_it_refuses_a_boolean_where_an_id_is_expected(tenants, client):
    client.force_login(tenants.world.user("national_admin"))
    item = tenants.params("11.01")["response_id"]
    answer = client.put(
        f"/api/v1/assessments/responses/{item}/office",
        data='{"office_id": false}',
        content_type="application/json",
    )
    body = _assert_error(answer, 422, "invalid")
    assert "office_id" in body["fields"], body
    assert body["detail"].endswith("office_id: Di sini diharapkan angka, bukan true atau false."), body


def test_it_answers_json_to_unknown_and_unauthenticated_requests(tenants, client):
    _assert_error(client.get("/api/v1/me"), 401, "unauthorized")
    _assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")
    _assert_error(client.delete("/api/v1/me"), 405, "method_not_allowed")
    assert client.get("/no-such-page/")["Content-Type"].startswith("text/html")
    client.force_login(tenants.world.user("other_coordinator"))
    _assert_error(
        client.get(f"/api/v1/assessments/responses/{tenants.params('11.01')['response_id']}"),
        404,
        "not_found",
    )


def test_it_answers_json_to_a_body_too_large_and_a_malformed_multipart(tenants, client, settings):
    client.force_login(tenants.world.user("national_admin"))
    item = tenants.params("11.01")["response_id"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    big = json.dumps({"revision": 0, "explanation": "x" * 4096})
    answer = client.patch(f"/api/v1/assessments/responses/{item}", data=big, content_type="application/json")
    _assert_error(answer, 413, "too_large")
    broken = b'--XX\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\nabc'
    answer = client.generic(
        "POST",
        f"/api/v1/evidence/responses/{item}/files",
        data=broken,
        content_type="multipart/form-data; boundary=",
    )
    _assert_error(answer, 400)


def test_it_answers_json_to_a_file_name_too_long_on_every_upload(tenants, client):
    """Every multipart operation of the access matrix, sent a 400-character file name: a JSON
    answer (saved under a shortened name, or refused with the one error body), never HTML."""
    client.force_login(tenants.world.user("national_admin"))
    uploads = [(key, rule) for key, rule in API.items() if rule.method == "MULTIPART"]
    assert len(uploads) >= 10
    for key, rule in uploads:
        params = tenants.params("11.01", province=rule.kind.startswith("province"))
        url = _fill(key.split(" ", 1)[1], params)
        upload = SimpleUploadedFile("a" * 400 + ".pdf", PDF, content_type="application/pdf")
        answer = client.post(
            url, {"file": upload, **MULTIPART_FIELDS.get(key, {"data_year": 2024, "kind": "report"})}
        )
        assert answer["Content-Type"].startswith("application/json"), (key, answer.content[:300])
        assert answer.status_code < 500, (key, answer.content[:300])
        if answer.status_code >= 400:
            _assert_error(answer, answer.status_code)


def _answer_schema(document: dict, method: str, path: str, status: int) -> dict | None:
    answers = document["paths"][path][method.lower()]["responses"]
    answer = answers.get(status) or answers.get(str(status))
    assert answer is not None, f"{method} {path} answered {status}, which the document does not declare"
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    return None if schema is None else {**schema, "components": document["components"]}


def test_every_answer_matches_the_published_document(tenants, client):
    """What schemathesis checks, on the access matrix's calls: each operation, called as a
    national admin on a regency's (or province's) objects, answers a status the document declares
    with a body its schema accepts. Reads first, so the writes' effects change nothing read."""
    validator_class = pytest.importorskip("jsonschema").Draft202012Validator
    document = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    client.force_login(tenants.world.user("national_admin"))
    calls = sorted(API.items(), key=lambda pair: (pair[0].split(" ")[0] != "GET", pair[0]))
    problems = []
    for key, rule in calls:
        method, path = key.split(" ", 1)
        params = {**REFERENCE_PARAMS, **tenants.params("11.01", province=rule.kind.startswith("province"))}
        if rule.kind in ("signed_in", "reference"):
            params = {**tenants.params("11.01"), **REFERENCE_PARAMS}
        url = API_REFERENCE_URLS.get(key, _fill(path, params))
        answer = _call(client, rule.method, url, key)
        schema = _answer_schema(document, method, path, answer.status_code)
        if schema is None or not answer["Content-Type"].startswith("application/json"):
            continue
        errors = list(validator_class(schema).iter_errors(answer.json()))
        problems += [f"{key} {answer.status_code}: {e.json_path}: {e.message[:200]}" for e in errors[:3]]
    assert problems == []
