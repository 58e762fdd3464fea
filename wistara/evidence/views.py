"""The evidence panel and its actions (htmx), and the protected download.

Every action answers an htmx request with the panel (the form's target); without htmx it
redirects back where the user came from, with a message. Refusals answer with the panel and
its message, with the status that says why (400, 413).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_response_for_user
from wistara.assessments.models import Response
from wistara.common.errors import error_status
from wistara.common.htmx import is_htmx_fragment, template_for

from . import services
from .access import get_evidence_for_user
from .downloads import evidence_file_response
from .forms import EvidenceLinkForm, EvidenceUploadForm
from .models import Evidence
from .selectors import evidence_other_uses, evidence_panel_context
from .uploads import request_too_large, too_large_message


@login_required
@require_GET
def evidence_panel(request: AuthedRequest, response_id: int) -> HttpResponse:
    return _panel(request, get_response_for_user(request.user, response_id))


@login_required
@require_POST
def evidence_upload(request: AuthedRequest, response_id: int) -> HttpResponse:
    response = get_response_for_user(request.user, response_id, change=True)
    if request_too_large(request):  # decided on the declared length: the body is never read
        return _panel(request, response, status=413, evidence_error=too_large_message())
    form = EvidenceUploadForm(request.POST, request.FILES, response=response)
    if form.is_valid():
        try:
            evidence = services.evidence_upload(
                response=response,
                uploaded_file=form.cleaned_data["file"],
                user=request.user,
                **{name: form.cleaned_data[name] for name in ("data_year", "kind", "title")},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return _panel(request, response, status=error_status(exc), upload_form=form)
        return _done(request, response, _upload_notice(evidence))
    return _panel(request, response, status=400, upload_form=form)


@login_required
@require_POST
def evidence_link(request: AuthedRequest, response_id: int) -> HttpResponse:
    response = get_response_for_user(request.user, response_id, change=True)
    form = EvidenceLinkForm(request.POST, response=response)
    if form.is_valid():
        try:
            evidence = services.evidence_add_link(response=response, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _done(request, response, _("Link “%(title)s” added.") % {"title": evidence.title})
    return _panel(request, response, status=400, link_form=form)


@login_required
@require_POST
def evidence_remove(request: AuthedRequest, evidence_id: int) -> HttpResponse:
    return _change(
        request, evidence_id, services.evidence_remove, _("“%(title)s” removed. It can be restored below.")
    )


@login_required
@require_POST
def evidence_restore(request: AuthedRequest, evidence_id: int) -> HttpResponse:
    return _change(request, evidence_id, services.evidence_restore, _("“%(title)s” restored."))


@login_required
@require_GET
@xframe_options_sameorigin  # the review screen frames a PDF beside the item (issue 11)
def evidence_download(request: AuthedRequest, evidence_id: int) -> FileResponse:
    evidence = get_evidence_for_user(request.user, evidence_id)
    return evidence_file_response(evidence, inline=request.GET.get("lihat") == "1")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW. An oversize upload's body is never read (uploads.py), so a plain
    form loses its csrfmiddlewaretoken with it: that failure is answered as what it is, 413. Every
    other failure is Django's 403."""
    if not request_too_large(request):
        return django_csrf_failure(request, reason)
    if is_htmx_fragment(request):
        return HttpResponse(too_large_message(), status=413, content_type="text/plain; charset=utf-8")
    return render(
        request,
        "evidence/too_large.html",
        {"message": too_large_message(), "back": _safe_referer(request)},
        status=413,
    )


# --- Helpers ---------------------------------------------------------------------------------------


def _change(request: AuthedRequest, evidence_id: int, action, notice: str) -> HttpResponse:
    """Remove or restore (`action`, a service); `notice` names the evidence as %(title)s."""
    evidence = get_evidence_for_user(request.user, evidence_id, change=True)
    try:
        action(evidence=evidence, user=request.user)
    except ValidationError as exc:
        return _panel(request, evidence.response, status=400, evidence_error=" ".join(exc.messages))
    return _done(request, evidence.response, notice % {"title": evidence.title})


def _panel(
    request: AuthedRequest,
    response: Response,
    *,
    status: int = 200,
    upload_form=None,
    link_form=None,
    **notes: str,
) -> HttpResponse:
    # tempel=1: inside the item page, whose form takes the files; the panel keeps the links.
    embedded = "1" in (request.GET.get("tempel"), request.POST.get("tempel"))
    context = {
        "response": response,
        "embedded": embedded,
        **notes,
        **evidence_panel_context(
            response=response, user=request.user, upload_form=upload_form, link_form=link_form
        ),
    }
    template = template_for(request, "evidence/panel_page.html", "evidence/partials/panel.html")
    return render(request, template, context, status=status)


def _done(request: AuthedRequest, response: Response, notice: str) -> HttpResponse:
    if is_htmx_fragment(request):
        return _panel(request, response, evidence_notice=notice)
    messages.success(request, notice)
    return redirect(_safe_referer(request) or reverse("evidence:evidence-panel", args=[response.id]))


def _safe_referer(request: HttpRequest) -> str | None:
    """The page the user came from, if it is on this site."""
    back = request.headers.get("Referer", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return None


def _upload_notice(evidence: Evidence) -> str:
    file_id = evidence.file_id
    assert file_id is not None  # an upload's evidence has its file
    uses = evidence_other_uses(evidence.response, {file_id}).get(file_id)
    if uses:
        return _(
            "“%(title)s” added. This file was already stored for the regency (also used in "
            "%(codes)s): it is linked, not stored twice."
        ) % {"title": evidence.title, "codes": ", ".join(uses)}
    return _("“%(title)s” uploaded.") % {"title": evidence.title}
