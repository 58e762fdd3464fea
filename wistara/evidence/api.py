"""Evidence endpoints: the same services and access functions as the panel.

Refusals answer the API's one error body (wistara.common.api_errors): 400 (the rules: type, lock,
data year...), 403 (a read-only role), 404 (missing or another tenant's), 413 (too large, refused
before the body is read).
"""

from django.http import Http404
from django.urls import reverse
from ninja import File, Form, Router, Status, UploadedFile
from ninja.decorators import decorate_view

from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_response_for_user
from wistara.common.api_errors import READ, UPLOAD, WRITE

from . import services
from .access import get_evidence_for_user
from .checks.schemas import EvidenceCheckOut
from .checks.selectors import check_for_evidence
from .downloads import evidence_file_response
from .models import Evidence
from .schemas import EvidenceLinkIn, EvidenceOut
from .selectors import evidence_for_response, evidence_other_uses
from .uploads import refuse_oversize

router = Router()

# The answer's Content-Type is the stored file's own (read from its content at upload: a PDF, an
# image, a workbook...), not application/octet-stream: the document says any type.
FILE_CONTENT = {
    "200": {
        "description": "The file, as an attachment, with the type read from its content.",
        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _out(evidence: Evidence, also_used_in: list[str] | None = None) -> dict:
    file = evidence.file
    return {
        "id": evidence.id,
        "response_id": evidence.response_id,
        "indicator_code": evidence.response.indicator.code,
        "data_year": evidence.data_year,
        "kind": evidence.kind,
        "kind_label": str(evidence.get_kind_display()),
        "title": evidence.title,
        "url": evidence.url or None,
        "file": file
        and {
            "name": file.download_name,
            "size": file.size,
            "content_type": file.content_type,
            "type_label": file.type_label,
            "sha256": file.sha256,
            "taken_at": file.exif_taken_at,
            "latitude": file.exif_lat,
            "longitude": file.exif_lon,
        },
        "download_url": file and reverse("api:evidence_download", args=[evidence.id]),
        "also_used_in": also_used_in if also_used_in is not None else getattr(evidence, "also_used_in", []),
        "added_by": evidence.added_by and str(evidence.added_by),
        "added_at": evidence.added_at,
        "removed": evidence.is_removed,
        "removed_at": evidence.removed_at,
        "removed_by": evidence.removed_by and str(evidence.removed_by),
    }


def _one(evidence: Evidence) -> dict:
    uses = evidence_other_uses(evidence.response, {evidence.file_id} if evidence.file_id else set())
    return _out(evidence, uses.get(evidence.file_id, []) if evidence.file_id else [])


def _change(request: AuthedRequest, evidence_id: int, action) -> dict:
    """Remove or restore (`action`, a service) and answer with the evidence as it now is."""
    evidence = get_evidence_for_user(request.user, evidence_id, change=True)
    action(evidence=evidence, user=request.user)
    return _one(evidence)


@router.get(
    "/responses/{response_id}",
    response={200: list[EvidenceOut], **READ},
    summary="Evidence of one response (indicator), for both data years",
)
def evidence_list(request: AuthedRequest, response_id: int, include_removed: bool = False):
    response = get_response_for_user(request.user, response_id)
    return [_out(item) for item in evidence_for_response(response) if include_removed or not item.is_removed]


@router.post(
    "/responses/{response_id}/files",
    response={201: EvidenceOut, **UPLOAD},
    summary="Upload a file (multipart) as evidence for a data year",
)
@decorate_view(refuse_oversize)
def evidence_upload(
    request: AuthedRequest,
    response_id: int,
    file: File[UploadedFile],
    data_year: Form[int],
    kind: Form[str],
    title: Form[str] = "",
):
    response = get_response_for_user(request.user, response_id, change=True)
    evidence = services.evidence_upload(
        response=response, uploaded_file=file, data_year=data_year, kind=kind, title=title, user=request.user
    )
    return Status(201, _one(evidence))


@router.post(
    "/responses/{response_id}/links",
    response={201: EvidenceOut, **WRITE},
    summary="Add a link (http or https) as evidence for a data year",
)
def evidence_add_link(request: AuthedRequest, response_id: int, payload: EvidenceLinkIn):
    response = get_response_for_user(request.user, response_id, change=True)
    evidence = services.evidence_add_link(response=response, user=request.user, **payload.dict())
    return Status(201, _one(evidence))


@router.get("/{evidence_id}", response={200: EvidenceOut, **READ}, summary="One piece of evidence")
def evidence_detail(request: AuthedRequest, evidence_id: int):
    return _one(get_evidence_for_user(request.user, evidence_id))


@router.post(
    "/{evidence_id}/remove",
    response={200: EvidenceOut, **WRITE},
    summary="Remove evidence (recorded and reversible)",
)
def evidence_remove(request: AuthedRequest, evidence_id: int):
    return _change(request, evidence_id, services.evidence_remove)


@router.post(
    "/{evidence_id}/restore", response={200: EvidenceOut, **WRITE}, summary="Restore removed evidence"
)
def evidence_restore(request: AuthedRequest, evidence_id: int):
    return _change(request, evidence_id, services.evidence_restore)


@router.get(
    "/{evidence_id}/download",
    response=READ,
    openapi_extra={"responses": FILE_CONTENT},
    summary="Download the file (links have none: 404)",
)
def evidence_download(request: AuthedRequest, evidence_id: int):
    return evidence_file_response(get_evidence_for_user(request.user, evidence_id))


@router.get(
    "/{evidence_id}/check",
    response={200: EvidenceCheckOut, **READ},
    summary="What the automatic check found in the file (advice, not a verdict)",
)
def evidence_check(request: AuthedRequest, evidence_id: int):
    evidence = get_evidence_for_user(request.user, evidence_id)
    check = check_for_evidence(evidence)
    if check is None or evidence.file is None:  # a link: nothing to check
        raise Http404
    return {
        "evidence_id": evidence.id,
        "sha256": evidence.file.sha256,
        "level": check.level,
        "level_label": check.label,
        "checked_at": check.checked_at,
        "facts": check.facts,
        "findings": [
            {key: item.get(key, {}) for key in ("code", "level", "message", "advice", "params")}
            for item in check.items
        ],
    }
