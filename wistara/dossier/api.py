"""The regency's dossier: the same services and access functions as the pages.

Refusals answer the API's one error body (wistara.common.api_errors): 400 (the rules: lock,
input), 403 (may see, not change), 404 (missing or another tenant's), 409 (someone saved first:
`current_revision` says which revision to base the next attempt on), 413 (too large, refused
before the body is read).
"""

from django.urls import reverse
from ninja import Form, Router, Status
from ninja.decorators import decorate_view

from wistara.accounts.http import AuthedRequest
from wistara.common.api_errors import READ, UPLOAD, errors
from wistara.common.api_errors import REVISED as WRITE
from wistara.evidence.api import FILE_CONTENT
from wistara.evidence.downloads import stored_file_response
from wistara.evidence.uploads import OptionalFile, refuse_oversize

from . import selectors, services
from .access import (
    get_attachment_for_user,
    get_dossier_for_review,
    get_dossier_for_user,
    get_funding_for_user,
    narrative_section,
)
from .locking import dossier_lock_reason, narrative_lock_reason
from .models import Attachment, Funding, Narrative
from .schemas import (
    CorrectionOut,
    DossierOut,
    DossierReviewIn,
    FundingIn,
    FundingListOut,
    FundingOut,
    FundingUpdateIn,
    GeneralDataIn,
    GeneralDataOut,
    ImageOut,
    NarrativeIn,
    NarrativeOut,
    NarrativeReviewOut,
    NarrativeVersionOut,
)

router = Router()
REG = "/{regency_code}/{cycle_code}"


def file_out(attachment: Attachment, regency_code: str, cycle_code: str) -> dict:
    return {
        "id": attachment.id,
        "title": attachment.title,
        "name": attachment.file.download_name,
        "size": attachment.file.size,
        "content_type": attachment.file.content_type,
        "url": reverse("api:dossier_file", args=[regency_code, cycle_code, attachment.id]),
        "removed": attachment.removed_at is not None,
    }


def _review_out(review) -> dict:
    return {
        "level": review.level,
        "round": review.round,
        "verdict": review.verdict,
        "note": review.note,
        "reviewer": review.reviewer.username if review.reviewer else None,
        "reviewed_at": review.reviewed_at,
    }


def _correction_out(correction) -> dict | None:
    return correction and {
        "level": correction.level,
        "round": correction.number,
        "deadline": correction.deadline,
        "resubmitted_at": correction.resubmitted_at,
    }


# --- The dossier and its general data --------------------------------------------------------------


@router.get(REG, response={200: DossierOut, **READ}, summary="The dossier at a glance")
def dossier(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    overview = selectors.dossier_overview(registration)
    return {
        "regency": regency_code,
        "cycle": cycle_code,
        "narratives_written": overview["written"],
        "narratives_total": len(overview["rows"]),
        "accepted_provincial": overview["levels"]["provincial"]["accepted"],
        "accepted_national": overview["levels"]["national"]["accepted"],
        "funding_total": selectors.funding_totals(registration)["total"],
        "correction": _correction_out(overview["correction"]),
        "locked": overview["lock_reason"],
    }


def _general_out(registration) -> dict:
    context = selectors.general_data_context(registration)
    data, regency = context["general"], registration.regency
    fields = (
        "leader_name",
        "leader_office_address",
        "tim_pembina_chair",
        "forum_name",
        "forum_chair",
        "forum_address",
        "forum_phone",
        "forum_email",
        "area_km2",
        "population",
        "population_year",
    )
    return {
        "province": regency.province.name,
        "regency": regency.name,
        "leader_title": context["leader_title"],
        **{f: getattr(data, f) for f in fields},
        "contacts": context["contacts"],
        "counts": vars(context["counts"]),
        "revision": data.revision,
        "locked": context["general_lock_reason"],
        "updated_at": data.updated_at,
    }


@router.get(
    REG + "/general",
    response={200: GeneralDataOut, **READ},
    summary="General data (data umum) with the kecamatan and desa counts of the region list and lokus",
)
def general_data(request: AuthedRequest, regency_code: str, cycle_code: str):
    return _general_out(get_dossier_for_user(request.user, regency_code, cycle_code))


@router.put(
    REG + "/general",
    response={200: GeneralDataOut, **WRITE},
    summary="Change the general data (the fields sent); refused when someone saved first (409)",
)
def general_data_update(request: AuthedRequest, regency_code: str, cycle_code: str, payload: GeneralDataIn):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    data = payload.dict(exclude_unset=True, exclude={"revision"})
    services.general_data_update(
        regency=registration.regency, user=request.user, base_revision=payload.revision, data=data
    )
    return _general_out(registration)


# --- Narratives ------------------------------------------------------------------------------------


def _narrative_out(registration, row) -> dict:
    narrative = row.narrative
    pdf_url = (
        narrative
        and narrative.pdf_id
        and reverse(
            "api:dossier_file", args=[registration.regency.code, registration.cycle.code, narrative.pdf_id]
        )
    )
    probe = narrative or Narrative(registration=registration, section=row.section)
    return {
        "key": row.key,
        "title": row.title,
        "section": row.section.code if row.section else None,
        "body": narrative.body if narrative else "",
        "word_count": row.words,
        "guide_min": row.guide[0],
        "guide_max": row.guide[1],
        "pdf_url": pdf_url or None,
        "status": narrative.status if narrative else "draft",
        "returned_until": narrative.returned_until if narrative else None,
        "revision": narrative.revision if narrative else 0,
        "locked": narrative_lock_reason(probe),
        "updated_by": narrative.updated_by.username if narrative and narrative.updated_by else None,
        "updated_at": narrative.updated_at if narrative else None,
        "reviews": [_review_out(r) for r in row.reviews],
    }


@router.get(
    REG + "/narratives",
    response={200: list[NarrativeOut], **READ},
    summary="The overview (key gambaran-umum) and one narrative per tatanan (key: its code)",
)
def narratives(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    return [_narrative_out(registration, row) for row in selectors.narrative_rows(registration)]


@router.get(REG + "/narratives/{key}", response={200: NarrativeOut, **READ}, summary="One narrative")
def narrative(request: AuthedRequest, regency_code: str, cycle_code: str, key: str):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    return _narrative_out(
        registration, selectors.narrative_row(registration, narrative_section(registration, key))
    )


@router.put(
    REG + "/narratives/{key}",
    response={200: NarrativeOut, **WRITE},
    summary="Save a narrative's text (HTML, sanitised on save) based on `revision`",
)
def narrative_save(
    request: AuthedRequest, regency_code: str, cycle_code: str, key: str, payload: NarrativeIn
):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    section = narrative_section(registration, key)
    services.narrative_save(
        registration=registration,
        section=section,
        user=request.user,
        base_revision=payload.revision,
        body=payload.body,
        remove_pdf=payload.remove_pdf,
    )
    return _narrative_out(registration, selectors.narrative_row(registration, section))


@router.post(
    REG + "/narratives/{key}/pdf",
    response={200: NarrativeOut, **UPLOAD, **errors(409)},
    summary="Upload the narrative as a PDF (multipart field `file`)",
)
@decorate_view(refuse_oversize)
def narrative_pdf(
    request: AuthedRequest, regency_code: str, cycle_code: str, key: str, file: OptionalFile = None
):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    section = narrative_section(registration, key)
    services.narrative_pdf_upload(
        registration=registration, section=section, user=request.user, uploaded_file=file
    )
    return _narrative_out(registration, selectors.narrative_row(registration, section))


@router.post(
    REG + "/narratives/{key}/images",
    response={201: ImageOut, **UPLOAD, **errors(409)},
    summary="Upload an image for the narrative's text; place it with <img src=url>",
)
@decorate_view(refuse_oversize)
def narrative_image(
    request: AuthedRequest, regency_code: str, cycle_code: str, key: str, file: OptionalFile = None
):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    image = services.narrative_image_upload(
        registration=registration,
        user=request.user,
        section=narrative_section(registration, key),
        uploaded_file=file,
    )
    url = reverse("dossier:file", args=[regency_code, cycle_code, image.id]) + "?lihat=1"
    return Status(201, {"id": image.id, "url": url, "title": image.title})


@router.get(
    REG + "/narratives/{key}/history",
    response={200: list[NarrativeVersionOut], **READ},
    summary="Every saved version of a narrative, newest first",
)
def narrative_history(request: AuthedRequest, regency_code: str, cycle_code: str, key: str):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    context = selectors.narrative_page_context(registration, narrative_section(registration, key))
    return [
        {
            "revision": v.revision,
            "body": v.body,
            "word_count": v.word_count,
            "has_pdf": v.pdf_id is not None,
            "saved_by": v.saved_by.username if v.saved_by else None,
            "saved_at": v.saved_at,
        }
        for v in context["versions"]
    ]


@router.get(
    REG + "/files/{attachment_id}",
    response=READ,
    openapi_extra={"responses": FILE_CONTENT},
    summary="Download a dossier file (image, narrative PDF, funding evidence)",
)
def dossier_file(request: AuthedRequest, regency_code: str, cycle_code: str, attachment_id: int):
    attachment = get_attachment_for_user(request.user, regency_code, cycle_code, attachment_id)
    return stored_file_response(attachment.file)


# --- Reviews ---------------------------------------------------------------------------------------


@router.get(
    REG + "/{level}/reviews",
    response={200: list[NarrativeOut], **READ},
    summary="Every narrative with its reviews (level: provincial or national)",
)
def reviews(request: AuthedRequest, regency_code: str, cycle_code: str, level: str):
    registration = get_dossier_for_review(request.user, regency_code, cycle_code, level)
    return [_narrative_out(registration, item.row) for item in selectors.review_rows(registration, level)[1]]


@router.post(
    REG + "/{level}/reviews/{key}",
    response={200: NarrativeReviewOut, **WRITE},
    summary="Record this level's verdict and note on a narrative in the current round",
)
def review_record(
    request: AuthedRequest, regency_code: str, cycle_code: str, level: str, key: str, payload: DossierReviewIn
):
    registration = get_dossier_for_review(request.user, regency_code, cycle_code, level, change=True)
    review = services.narrative_review_record(
        registration=registration,
        section=narrative_section(registration, key),
        level=level,
        user=request.user,
        verdict=payload.verdict,
        note=payload.note,
    )
    return _review_out(review)


@router.post(
    REG + "/{level}/return",
    response={200: CorrectionOut, **WRITE},
    summary="Return this round's narratives that need correction, with the correction deadline",
)
def review_return(request: AuthedRequest, regency_code: str, cycle_code: str, level: str):
    registration = get_dossier_for_review(request.user, regency_code, cycle_code, level, change=True)
    correction = services.dossier_return(registration=registration, level=level, user=request.user)
    return _correction_out(correction)


@router.post(
    REG + "/resubmit",
    response={200: CorrectionOut, **WRITE},
    summary="Send the corrected narratives back to the level that returned them",
)
def resubmit(request: AuthedRequest, regency_code: str, cycle_code: str):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    correction = services.dossier_resubmit(registration=registration, user=request.user)
    return _correction_out(correction)


# --- Funding ---------------------------------------------------------------------------------------


def _funding_out(funding: Funding, regency_code: str, cycle_code: str) -> dict:
    evidence = getattr(funding, "active_evidence", None)
    if evidence is None:
        evidence = list(funding.evidence.filter(removed_at__isnull=True).select_related("file"))
    return {
        "id": funding.id,
        "data_year": funding.data_year,
        "source": funding.source,
        "source_label": str(funding.get_source_display()),
        "section": funding.section.code if funding.section else None,
        "office": funding.office.short_name if funding.office else None,
        "activity": funding.activity,
        "amount": funding.amount,
        "note": funding.note,
        "revision": funding.revision,
        "removed": funding.removed_at is not None,
        "evidence": [file_out(e, regency_code, cycle_code) for e in evidence],
    }


def _funding_data(payload: FundingIn) -> dict:
    data = payload.dict()
    data["office"] = data.pop("office_id")
    return data


@router.get(
    REG + "/funding",
    response={200: FundingListOut, **READ},
    summary="Funding rows with their evidence, and the totals by data year and source",
)
def funding_list(request: AuthedRequest, regency_code: str, cycle_code: str, include_removed: bool = False):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    rows = list(selectors.funding_rows(registration))
    if include_removed:
        rows += list(selectors.funding_rows(registration, removed=True))
    totals = selectors.funding_totals(registration)
    return {
        "rows": [_funding_out(f, regency_code, cycle_code) for f in rows],
        "locked": dossier_lock_reason(registration),
        "totals": {
            "years": totals["years"],
            "total": totals["total"],
            "by_year": {str(k): v for k, v in totals["by_year"].items()},
            "by_source": totals["by_source"],
            "table": {str(y): v for y, v in totals["table"].items()},
        },
    }


@router.post(
    REG + "/funding",
    response={201: FundingOut, **WRITE},
    summary="Add a funding row (amount in whole rupiah; section: a tatanan code or empty)",
)
def funding_create(request: AuthedRequest, regency_code: str, cycle_code: str, payload: FundingIn):
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    funding = services.funding_create(
        registration=registration, user=request.user, data=_funding_data(payload)
    )
    return Status(201, _funding_out(funding, regency_code, cycle_code))


@router.put(
    REG + "/funding/{funding_id}",
    response={200: FundingOut, **WRITE},
    summary="Change a funding row based on its `revision`",
)
def funding_update(
    request: AuthedRequest, regency_code: str, cycle_code: str, funding_id: int, payload: FundingUpdateIn
):
    funding = get_funding_for_user(request.user, regency_code, cycle_code, funding_id, change=True)
    funding = services.funding_update(
        funding=funding, user=request.user, base_revision=payload.revision, data=_funding_data(payload)
    )
    return _funding_out(funding, regency_code, cycle_code)


@router.post(
    REG + "/funding/{funding_id}/remove",
    response={200: FundingOut, **WRITE},
    summary="Remove a funding row (recorded and reversible)",
)
def funding_remove(request: AuthedRequest, regency_code: str, cycle_code: str, funding_id: int):
    funding = get_funding_for_user(request.user, regency_code, cycle_code, funding_id, change=True)
    funding = services.funding_remove(funding=funding, user=request.user)
    return _funding_out(funding, regency_code, cycle_code)


@router.post(
    REG + "/funding/{funding_id}/restore",
    response={200: FundingOut, **WRITE},
    summary="Restore a removed funding row",
)
def funding_restore(request: AuthedRequest, regency_code: str, cycle_code: str, funding_id: int):
    funding = get_funding_for_user(request.user, regency_code, cycle_code, funding_id, change=True)
    funding = services.funding_restore(funding=funding, user=request.user)
    return _funding_out(funding, regency_code, cycle_code)


@router.post(
    REG + "/funding/{funding_id}/evidence",
    response={201: FundingOut, **UPLOAD, **errors(409)},
    summary="Attach a file (multipart field `file`, optional `title`) as the row's evidence",
)
@decorate_view(refuse_oversize)
def funding_evidence(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    funding_id: int,
    file: OptionalFile = None,
    title: Form[str] = "",
):
    funding = get_funding_for_user(request.user, regency_code, cycle_code, funding_id, change=True)
    services.funding_evidence_upload(funding=funding, user=request.user, uploaded_file=file, title=title)
    return Status(201, _funding_out(funding, regency_code, cycle_code))


@router.post(
    REG + "/funding/evidence/{attachment_id}/remove",
    response={200: FundingOut, **WRITE},
    summary="Remove a file from a funding row's evidence",
)
def funding_evidence_remove(request: AuthedRequest, regency_code: str, cycle_code: str, attachment_id: int):
    attachment = get_attachment_for_user(request.user, regency_code, cycle_code, attachment_id, change=True)
    services.funding_evidence_remove(attachment=attachment, user=request.user)
    assert attachment.funding is not None  # the service refuses a file that is not funding evidence
    return _funding_out(attachment.funding, regency_code, cycle_code)
