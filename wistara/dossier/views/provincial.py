"""A province's own Tim Pembina documents for a cycle, and the nation's review of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.common.errors import error_status
from wistara.common.forms import add_validation_errors
from wistara.evidence.downloads import stored_file_response
from wistara.evidence.uploads import request_too_large, too_large_message

from .. import selectors, services
from ..access import (
    ensure_national_reviewer,
    get_province_cycle_for_user,
    get_provincial_document_for_user,
    may_change_province,
)
from ..forms import ProvincialDocumentForm, ReviewForm
from ..locking import provincial_lock_reason
from ..models import ProvincialDocument
from ..selectors_rounds import missing_kinds, provincial_review_refusal, provincial_round
from .common import form_errors, run


def _context(request, province, cycle, **extra) -> dict:
    dossier = selectors.provincial_dossier_for(province, cycle)
    may_change = may_change_province(request.user, province)
    lock_reason = provincial_lock_reason(dossier)
    return {
        "province": province,
        "cycle": cycle,
        "dossier": dossier,
        "documents": selectors.provincial_documents(dossier),
        "removed": selectors.provincial_documents(dossier, removed=True),
        "may_change": may_change,
        "lock_reason": lock_reason,
        "can_add": may_change and not lock_reason,
        "can_review": scope_for(request.user).national,
        "refusal": provincial_review_refusal(dossier),
        "round": provincial_round(dossier) if dossier.pk else 1,
        "missing": missing_kinds(dossier) if dossier.pk else list(ProvincialDocument.REQUIRED),
        "kinds": [(k, ProvincialDocument.Kind(k).label) for k in ProvincialDocument.REQUIRED],
        **extra,
    }


@login_required
@require_GET
def documents(request: AuthedRequest, code: str, cycle_code: str) -> HttpResponse:
    province, cycle = get_province_cycle_for_user(request.user, code, cycle_code)
    return render(
        request, "dossier/provincial.html", _context(request, province, cycle, form=ProvincialDocumentForm())
    )


@login_required
@require_POST
def document_upload(request: AuthedRequest, code: str, cycle_code: str) -> HttpResponse:
    province, cycle = get_province_cycle_for_user(request.user, code, cycle_code, change=True)
    if request_too_large(request):
        messages.error(request, too_large_message())
        return redirect("provincial:documents", code, cycle_code)
    form = ProvincialDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        if run(
            request,
            lambda: services.provincial_document_add(
                province=province,
                cycle=cycle,
                user=request.user,
                uploaded_file=data["file"],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                document_date=data["document_date"],
            ),
            _("Document uploaded."),
            form,
        ):
            return redirect("provincial:documents", code, cycle_code)
    return render(
        request, "dossier/provincial.html", _context(request, province, cycle, form=form), status=400
    )


@login_required
def document_detail(request: AuthedRequest, code: str, cycle_code: str, document_id: int) -> HttpResponse:
    """One document: its versions and reviews; its details and file to change for the province."""
    change = request.method == "POST"
    document = get_provincial_document_for_user(request.user, code, cycle_code, document_id, change=change)
    form = ProvincialDocumentForm(
        request.POST or None,
        with_file=False,
        initial={
            "kind": document.kind,
            "title": document.title,
            "description": document.description,
            "document_date": document.document_date,
            "revision": document.revision,
        },
    )
    status = 200
    if change:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.provincial_document_update(
                    document=document,
                    user=request.user,
                    base_revision=data["revision"],
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    document_date=data["document_date"],
                )
                messages.success(request, _("Document saved."))
                return redirect("provincial:document", code, cycle_code, document_id)
            except ValidationError as exc:
                status = error_status(exc)  # a per-field refusal has no `code`: the one mapping reads it
                add_validation_errors(form, exc)
    lock_reason = provincial_lock_reason(document.dossier, document)
    reviews = document.reviews.select_related("reviewer").order_by("-round")
    return render(
        request,
        "dossier/provincial_document.html",
        {
            "province": document.dossier.province,
            "cycle": document.dossier.cycle,
            "document": document,
            "versions": document.versions.select_related("file", "uploaded_by"),
            "reviews": reviews,
            "form": form,
            "lock_reason": lock_reason,
            "editable": may_change_province(request.user, document.dossier.province) and not lock_reason,
        },
        status=status,
    )


def _document_step(request, code, cycle_code, document_id, action, done) -> HttpResponse:
    document = get_provincial_document_for_user(request.user, code, cycle_code, document_id, change=True)
    run(request, lambda: action(document=document, user=request.user), done)
    return redirect("provincial:documents", code, cycle_code)


@login_required
@require_POST
def document_replace(request: AuthedRequest, code: str, cycle_code: str, document_id: int) -> HttpResponse:
    document = get_provincial_document_for_user(request.user, code, cycle_code, document_id, change=True)
    back = redirect("provincial:document", code, cycle_code, document_id)
    if request_too_large(request):
        messages.error(request, too_large_message())
        return back
    run(
        request,
        lambda: services.provincial_document_replace(
            document=document, user=request.user, uploaded_file=request.FILES.get("file")
        ),
        _("New file uploaded; the previous one is kept as a version."),
    )
    return back


@login_required
@require_POST
def document_remove(request: AuthedRequest, code: str, cycle_code: str, document_id: int) -> HttpResponse:
    return _document_step(
        request, code, cycle_code, document_id, services.provincial_document_remove, _("Document removed.")
    )


@login_required
@require_GET
def document_download(request: AuthedRequest, code: str, cycle_code: str, document_id: int) -> FileResponse:
    document = get_provincial_document_for_user(request.user, code, cycle_code, document_id)
    version = request.GET.get("versi")
    file = document.file
    if version and version.isdigit():
        chosen = document.versions.select_related("file").filter(number=int(version)).first()
        file = chosen.file if chosen else file
    return stored_file_response(file, inline=request.GET.get("lihat") == "1")


@login_required
@require_POST
def submit(request: AuthedRequest, code: str, cycle_code: str) -> HttpResponse:
    province, cycle = get_province_cycle_for_user(request.user, code, cycle_code, change=True)
    run(
        request,
        lambda: services.provincial_dossier_submit(
            province=province,
            cycle=cycle,
            user=request.user,
            confirm_incomplete=request.POST.get("confirm") == "1",
        ),
        _("Documents submitted to the nation."),
    )
    return redirect("provincial:documents", code, cycle_code)


@login_required
@require_POST
def resubmit(request: AuthedRequest, code: str, cycle_code: str) -> HttpResponse:
    province, cycle = get_province_cycle_for_user(request.user, code, cycle_code, change=True)
    run(
        request,
        lambda: services.provincial_resubmit(province=province, cycle=cycle, user=request.user),
        _("Corrected documents sent back to the nation."),
    )
    return redirect("provincial:documents", code, cycle_code)


@login_required
@require_POST
def document_review(request: AuthedRequest, code: str, cycle_code: str, document_id: int) -> HttpResponse:
    document = get_provincial_document_for_user(request.user, code, cycle_code, document_id)
    ensure_national_reviewer(request.user)
    form = ReviewForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.provincial_review_record(
                document=document,
                user=request.user,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            ),
            _("Review of “%(title)s” saved.") % {"title": document.title},
        )
    else:
        messages.error(request, form_errors(form))
    return redirect(reverse("provincial:documents", args=[code, cycle_code]) + f"#doc-{document.id}")


@login_required
@require_POST
def return_documents(request: AuthedRequest, code: str, cycle_code: str) -> HttpResponse:
    province, cycle = get_province_cycle_for_user(request.user, code, cycle_code)
    ensure_national_reviewer(request.user)
    run(
        request,
        lambda: services.provincial_return(province=province, cycle=cycle, user=request.user),
        _("Documents returned to the province for correction."),
    )
    return redirect("provincial:documents", code, cycle_code)
