"""The item form's one "Save": the answer and the chosen files together (evidence.fill)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_response_for_user
from wistara.assessments.forms import ResponseForm
from wistara.assessments.history import history_lines
from wistara.assessments.item_page import item_context, neighbours
from wistara.assessments.models import Response
from wistara.assessments.services import ConflictError
from wistara.assessments.services.status import VALIDATED_STATES
from wistara.common.errors import error_status
from wistara.common.forms import add_validation_errors

from .batch import BatchResult
from .fill import response_fill
from .forms import tagged_files
from .uploads import request_too_large, too_large_message

# What a save reads with the item: less than the page (PAGE_RELATED), enough for a refusal's form.
FILL_RELATED = ("registration__cycle__instrument", "registration__regency", "indicator", "office__regency")


@login_required
@require_POST
def response_fill_view(request: AuthedRequest, response_id: int) -> HttpResponse:
    """A save answers with a small confirmation (the form the person sees stays as it is, with
    the new revision, badge and history swapped in); a refusal with the whole form and why."""
    response = get_response_for_user(request.user, response_id, change=True, related=FILL_RELATED)
    form = ResponseForm(
        request.POST if not request_too_large(request) else None,
        response=response,
        options=list(response.indicator.options.all()),
    )
    if request_too_large(request):  # decided on the declared length: the body is never read
        form.add_error(None, too_large_message())
        return _form(request, response, form, status=413)
    if not form.is_valid():
        return _form(request, response, form, status=400)
    years = [int(y) for y in response.registration.cycle.data_years]
    was_validated = response.status in VALIDATED_STATES
    try:
        saved, batch = response_fill(
            response=response,
            user=request.user,
            base_revision=form.cleaned_data["revision"],
            data={k: v for k, v in form.cleaned_data.items() if k != "revision"},
            files=tagged_files(request.POST, request.FILES, years),
        )
    except ConflictError as exc:
        response.refresh_from_db()
        return _form(request, response, None, status=409, conflict=exc, attempted=_typed(form))
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return _form(request, response, form, status=error_status(exc))
    if request.POST.get("next"):
        return _to_next(request, saved)
    registration = saved.registration
    return render(
        request,
        "evidence/partials/fill_saved.html",
        {
            "response": saved,
            "notes": _notes(batch),
            "evidence_refresh": bool(batch.added),
            "regency": registration.regency,
            "cycle": registration.cycle,
            "can_change": True,
            "lock_reason": None,
            "may_validate": scope_for(request.user).validates_office_work(saved.office),
            "withdrawn": was_validated and saved.status not in VALIDATED_STATES,
            "history": history_lines(list(saved.changes.select_related("changed_by")[:50]), years),
        },
    )


def _form(request, response: Response, form, *, status: int, **extra):
    """The whole form with its messages, in place of the one on the page (htmx retargets)."""
    context = item_context(request.user, response, form=form, conflict=extra.get("conflict"))
    context.update(extra)
    answer = render(request, "assessments/partials/response_form.html", context, status=status)
    answer["HX-Retarget"], answer["HX-Reswap"] = "#response-form", "outerHTML"
    return answer


def _to_next(request, saved: Response) -> HttpResponse:
    _previous, following = neighbours(request.user, saved)
    registration = saved.registration
    url = (
        reverse(
            "assessments:response-detail",
            args=[registration.regency.code, registration.cycle.code, following],
        )
        if following
        else reverse("home")
    )
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def _notes(batch: BatchResult) -> list[str]:
    notes = []
    if batch.added:
        notes.append(
            ngettext("%(n)s file attached.", "%(n)s files attached.", len(batch.added))
            % {"n": len(batch.added)}
        )
    if batch.already:
        notes.append(_("Already attached, kept once: %(files)s.") % {"files": ", ".join(batch.already)})
    return notes


def _typed(form) -> dict[str, str]:
    """What the person typed, to show beside a conflict (never lost)."""
    return {
        name: form.data.get(name)
        for name in ("value_prev", "value_curr", "unit", "note_prev", "note_curr", "explanation")
        if form.data.get(name)
    }
