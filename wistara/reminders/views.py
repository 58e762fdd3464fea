"""The coordinator's "send to the office" on the missing list (issue 10 item 7)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.accounts.models import Office
from wistara.assessments.access import get_registration_for_user

from . import services


@require_POST
@login_required
def missing_send(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The coordinator sends one office its missing list inside Wistara."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    if not scope_for(request.user).changes_regency(registration.regency):
        raise PermissionDenied
    office = Office.objects.filter(pk=request.POST.get("office") or 0, regency=registration.regency).first()
    target = reverse("assessments:missing", args=[regency_code, cycle_code])
    try:
        count, people = services.missing_list_send(
            registration=registration, office=office, user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(target)
    assert office is not None  # missing_list_send refuses a missing office
    messages.success(
        request,
        _("The list of %(count)s items was sent to %(office)s (%(people)s people).")
        % {"count": count, "office": office.short_name, "people": people},
    )
    return redirect(target)
