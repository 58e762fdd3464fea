"""A province's own Tim Pembina documents and the nation's review of them (same services and
access functions as the pages). A province never sees another province's documents: 404."""

from datetime import date

from django.urls import reverse
from ninja import Form, Router, Status
from ninja.decorators import decorate_view

from wistara.accounts.access import provinces_for_user
from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_cycle
from wistara.common.api_errors import READ, UPLOAD, errors
from wistara.common.api_errors import REVISED as WRITE
from wistara.evidence.api import FILE_CONTENT
from wistara.evidence.downloads import stored_file_response
from wistara.evidence.uploads import OptionalFile, refuse_oversize

from . import selectors, services
from .access import ensure_national_reviewer, get_province_cycle_for_user, get_provincial_document_for_user
from .locking import provincial_lock_reason
from .models import ProvincialDocument
from .schemas import (
    DocumentOut,
    DocumentReviewOut,
    DocumentUpdateIn,
    DossierReviewIn,
    ProvinceStatusOut,
    ProvincialDossierOut,
    ProvincialSubmitIn,
)
from .selectors_rounds import missing_kinds

router = Router()
P = "/{code}/{cycle_code}"


def _document_out(document: ProvincialDocument) -> dict:
    province, cycle = document.dossier.province.code, document.dossier.cycle.code
    file = document.file
    if hasattr(document, "all_reviews"):  # prefetched by selectors.provincial_documents, maybe empty
        reviews = document.all_reviews
    else:
        reviews = list(document.reviews.select_related("reviewer"))
    return {
        "id": document.id,
        "kind": document.kind,
        "kind_label": str(document.get_kind_display()),
        "title": document.title,
        "description": document.description,
        "document_date": document.document_date,
        "status": document.status,
        "revision": document.revision,
        "removed": document.removed_at is not None,
        "versions": document.versions.count(),
        "file": {
            "id": file.id,
            "title": document.title,
            "name": file.download_name,
            "size": file.size,
            "content_type": file.content_type,
            "removed": False,
            "url": reverse("api:provincial_document_download", args=[province, cycle, document.id]),
        },
        "reviews": [_review_out(r) for r in reviews],
    }


def _review_out(review) -> dict:
    return {
        "round": review.round,
        "verdict": review.verdict,
        "note": review.note,
        "reviewer": review.reviewer.username if review.reviewer else None,
        "reviewed_at": review.reviewed_at,
    }


def _dossier_out(province, cycle) -> dict:
    dossier = selectors.provincial_dossier_for(province, cycle)
    return {
        "province": province.code,
        "cycle": cycle.code,
        "status": dossier.status,
        "submitted_at": dossier.submitted_at,
        "correction_deadline": dossier.correction_deadline,
        "missing_kinds": missing_kinds(dossier) if dossier.pk else list(ProvincialDocument.REQUIRED),
        "locked": provincial_lock_reason(dossier),
        "documents": [_document_out(d) for d in selectors.provincial_documents(dossier)],
    }


@router.get(
    "/{cycle_code}/status",
    response={200: list[ProvinceStatusOut], **READ},
    summary="Per province the caller sees: documents per kind, submitted, complete, verified",
)
def statuses(request: AuthedRequest, cycle_code: str):
    cycle = get_cycle(cycle_code)
    return [
        {
            "province_code": s.province.code,
            "province": s.province.name,
            "status": s.status,
            "documents": s.documents,
            "decree": s.kinds.get("decree", 0),
            "work_plan": s.kinds.get("work_plan", 0),
            "coaching_report": s.kinds.get("coaching_report", 0),
            "accepted": s.accepted,
            "returned": s.returned,
            "complete": s.complete,
            "verified": s.verified,
        }
        for s in selectors.province_statuses(cycle, provinces_for_user(request.user))
    ]


@router.get(P, response={200: ProvincialDossierOut, **READ}, summary="A province's documents for a cycle")
def documents(request: AuthedRequest, code: str, cycle_code: str):
    return _dossier_out(*get_province_cycle_for_user(request.user, code, cycle_code))


@router.post(
    P + "/documents",
    response={201: DocumentOut, **UPLOAD, **errors(409)},
    summary="Upload a document (multipart: file, kind, title, description, document_date)",
)
@decorate_view(refuse_oversize)
def document_add(
    request: AuthedRequest,
    code: str,
    cycle_code: str,
    file: OptionalFile = None,
    kind: Form[str] = "",
    title: Form[str] = "",
    description: Form[str] = "",
    document_date: Form[date | None] = None,
):
    province, cycle = get_province_cycle_for_user(request.user, code, cycle_code, change=True)
    document = services.provincial_document_add(
        province=province,
        cycle=cycle,
        user=request.user,
        uploaded_file=file,
        kind=kind,
        title=title,
        description=description,
        document_date=document_date,
    )
    return Status(201, _document_out(document))


@router.get(P + "/documents/{document_id}", response={200: DocumentOut, **READ}, summary="One document")
def document(request: AuthedRequest, code: str, cycle_code: str, document_id: int):
    return _document_out(get_provincial_document_for_user(request.user, code, cycle_code, document_id))


@router.patch(
    P + "/documents/{document_id}",
    response={200: DocumentOut, **WRITE},
    summary="Change a document's kind, title, description or date based on its `revision`",
)
def document_update(
    request: AuthedRequest, code: str, cycle_code: str, document_id: int, payload: DocumentUpdateIn
):
    document = get_provincial_document_for_user(request.user, code, cycle_code, document_id, change=True)
    document = services.provincial_document_update(
        document=document,
        user=request.user,
        base_revision=payload.revision,
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        document_date=payload.document_date,
    )
    return _document_out(document)


@router.post(
    P + "/documents/{document_id}/file",
    response={200: DocumentOut, **UPLOAD, **errors(409)},
    summary="Replace the document's file (multipart `file`); the previous file stays as a version",
)
@decorate_view(refuse_oversize)
def document_replace(
    request: AuthedRequest, code: str, cycle_code: str, document_id: int, file: OptionalFile = None
):
    document = get_provincial_document_for_user(request.user, code, cycle_code, document_id, change=True)
    document = services.provincial_document_replace(document=document, user=request.user, uploaded_file=file)
    return _document_out(document)


@router.post(
    P + "/documents/{document_id}/remove",
    response={200: DocumentOut, **WRITE},
    summary="Remove a document (its files and reviews are kept)",
)
def document_remove(request: AuthedRequest, code: str, cycle_code: str, document_id: int):
    document = get_provincial_document_for_user(request.user, code, cycle_code, document_id, change=True)
    document = services.provincial_document_remove(document=document, user=request.user)
    return _document_out(document)


@router.get(
    P + "/documents/{document_id}/download",
    response=READ,
    openapi_extra={"responses": FILE_CONTENT},
    summary="Download the document's current file",
)
def provincial_document_download(request: AuthedRequest, code: str, cycle_code: str, document_id: int):
    return stored_file_response(
        get_provincial_document_for_user(request.user, code, cycle_code, document_id).file
    )


@router.post(
    P + "/submit",
    response={200: ProvincialDossierOut, **WRITE},
    summary="Submit the documents to the nation (missing required kinds need confirm_incomplete)",
)
def submit(request: AuthedRequest, code: str, cycle_code: str, payload: ProvincialSubmitIn):
    province, cycle = get_province_cycle_for_user(request.user, code, cycle_code, change=True)
    services.provincial_dossier_submit(
        province=province, cycle=cycle, user=request.user, confirm_incomplete=payload.confirm_incomplete
    )
    return _dossier_out(province, cycle)


@router.post(
    P + "/resubmit",
    response={200: ProvincialDossierOut, **WRITE},
    summary="Send the corrected documents back to the nation",
)
def resubmit(request: AuthedRequest, code: str, cycle_code: str):
    province, cycle = get_province_cycle_for_user(request.user, code, cycle_code, change=True)
    services.provincial_resubmit(province=province, cycle=cycle, user=request.user)
    return _dossier_out(province, cycle)


@router.post(
    P + "/documents/{document_id}/review",
    response={200: DocumentReviewOut, **WRITE},
    summary="National verifiers: verdict and note on a document in the current round",
)
def document_review(
    request: AuthedRequest, code: str, cycle_code: str, document_id: int, payload: DossierReviewIn
):
    document = get_provincial_document_for_user(request.user, code, cycle_code, document_id)
    ensure_national_reviewer(request.user)
    review = services.provincial_review_record(
        document=document, user=request.user, verdict=payload.verdict, note=payload.note
    )
    return _review_out(review)


@router.post(
    P + "/return",
    response={200: ProvincialDossierOut, **WRITE},
    summary="National verifiers: return the documents that need correction, with the deadline",
)
def return_documents(request: AuthedRequest, code: str, cycle_code: str):
    province, cycle = get_province_cycle_for_user(request.user, code, cycle_code)
    ensure_national_reviewer(request.user)
    services.provincial_return(province=province, cycle=cycle, user=request.user)
    return _dossier_out(province, cycle)
