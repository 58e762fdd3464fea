"""Writing a narrative: the editor page, saving (revision-checked), a PDF, images, the history."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.assessments.services.errors import ConflictError
from wistara.evidence.uploads import request_too_large, too_large_message

from .. import html, selectors, services
from ..access import get_dossier_for_user, narrative_section
from ..forms import NarrativeForm, PdfForm
from .common import run, workspace


def _page(request, registration, section, *, form=None, conflict=None, status=200, pdf_form=None):
    context = selectors.narrative_page_context(registration, section)
    narrative = context["narrative"]
    form = form or NarrativeForm(initial={"body": narrative.body, "revision": narrative.revision})
    may_change = scope_for(request.user).changes_regency(registration.regency)
    return render(
        request,
        "dossier/narrative.html",
        workspace(
            registration,
            form=form,
            pdf_form=pdf_form or PdfForm(),
            conflict=conflict,
            **context,
            may_change=may_change,
            editable=may_change and context["lock_reason"] is None,
        ),
        status=status,
    )


@login_required
@require_GET
def narrative(request: AuthedRequest, regency_code: str, cycle_code: str, section_code: str) -> HttpResponse:
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    return _page(request, registration, narrative_section(registration, section_code))


@login_required
@require_POST
def narrative_save(
    request: AuthedRequest, regency_code: str, cycle_code: str, section_code: str
) -> HttpResponse:
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    section = narrative_section(registration, section_code)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        return _page(request, registration, section, form=form, status=400)
    try:
        services.narrative_save(
            registration=registration,
            section=section,
            user=request.user,
            base_revision=form.cleaned_data["revision"],
            body=form.cleaned_data["body"],
            remove_pdf=form.cleaned_data["remove_pdf"],
        )
    except ConflictError as exc:
        # Their version is shown; the editor keeps what this user wrote, on top of the new revision.
        data = request.POST.copy()
        data["revision"] = str(exc.current_revision)
        return _page(request, registration, section, form=NarrativeForm(data), conflict=exc, status=409)
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _page(request, registration, section, form=form, status=400)
    messages.success(request, _("Narrative saved."))
    return redirect("dossier:narrative", regency_code, cycle_code, section_code)


@login_required
@require_POST
def narrative_pdf(
    request: AuthedRequest, regency_code: str, cycle_code: str, section_code: str
) -> HttpResponse:
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    section = narrative_section(registration, section_code)
    if request_too_large(request):
        messages.error(request, too_large_message())
        return redirect("dossier:narrative", regency_code, cycle_code, section_code)
    form = PdfForm(request.POST, request.FILES)
    if form.is_valid() and run(
        request,
        lambda: services.narrative_pdf_upload(
            registration=registration,
            section=section,
            user=request.user,
            uploaded_file=form.cleaned_data["file"],
        ),
        _("PDF uploaded."),
        form,
    ):
        return redirect("dossier:narrative", regency_code, cycle_code, section_code)
    return _page(request, registration, section, pdf_form=form, status=400)


@login_required
@require_POST
def narrative_image(
    request: AuthedRequest, regency_code: str, cycle_code: str, section_code: str
) -> JsonResponse:
    """The editor's image upload: JSON with the image's address, or the reason it was refused."""
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    section = narrative_section(registration, section_code)
    if request_too_large(request):
        return JsonResponse({"error": too_large_message()}, status=413)
    try:
        image = services.narrative_image_upload(
            registration=registration,
            section=section,
            user=request.user,
            uploaded_file=request.FILES.get("file"),
        )
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    url = reverse("dossier:file", args=[regency_code, cycle_code, image.id]) + "?lihat=1"
    return JsonResponse({"id": image.id, "url": url, "title": image.title}, status=201)


@login_required
@require_GET
def narrative_history(
    request: AuthedRequest, regency_code: str, cycle_code: str, section_code: str
) -> HttpResponse:
    """Every saved version; one of them (?versi=N) shown with what changed from the one before."""
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    section = narrative_section(registration, section_code)
    context = selectors.narrative_page_context(registration, section)
    versions = context["versions"]
    chosen = next(
        (v for v in versions if str(v.revision) == request.GET.get("versi")),
        versions[0] if versions else None,
    )
    before = next((v for v in versions if chosen and v.revision < chosen.revision), None)
    return render(
        request,
        "dossier/history.html",
        workspace(
            registration,
            **context,
            chosen=chosen,
            before=before,
            diff=_diff(before.body, chosen.body) if before and chosen else [],
        ),
    )


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level changes between two versions' text: (kind, words), kind '', 'ins' or 'del'."""
    a, b = html.plain_text(old).split(), html.plain_text(new).split()
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            parts.append(("del", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(("ins", " ".join(b[j1:j2])))
        if tag == "equal":
            parts.append(("", " ".join(a[i1:i2])))
    return parts
