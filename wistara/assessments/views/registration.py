from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest

from .. import services
from ..access import get_registration_for_user
from ..forms import CONTACT_ROWS, RegistrationForm, contacts_from_post


def _initial(registration) -> dict:
    return {
        "revision": registration.revision,
        "target_category": registration.target_category.code,
        "districts": list(registration.lokus_districts.values_list("code", flat=True)),
        "villages": list(registration.lokus_villages.values_list("code", flat=True)),
    }


def render_registration_form(
    request, *, form, cycle, regency, contacts, registration=None, status=200
) -> HttpResponse:
    rows = (list(contacts) + [{}] * CONTACT_ROWS)[:CONTACT_ROWS]
    return render(
        request,
        "assessments/registration_form.html",
        {
            "form": form,
            "cycle": cycle,
            "regency": regency,
            "registration": registration,
            "contacts": rows,
            "may_change": scope_for(request.user).changes_regency(regency),
        },
        status=status,
    )


@login_required
def registration_edit(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    change = request.method == "POST"
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=change)
    cycle, regency = registration.cycle, registration.regency
    if not change:
        form = RegistrationForm(initial=_initial(registration), cycle=cycle, regency=regency)
        return render_registration_form(
            request,
            form=form,
            cycle=cycle,
            regency=regency,
            contacts=registration.contacts,
            registration=registration,
        )
    form = RegistrationForm(request.POST, cycle=cycle, regency=regency)
    contacts = contacts_from_post(request.POST)
    if form.is_valid():
        try:
            services.registration_update(
                registration=registration,
                base_revision=form.cleaned_data["revision"] or 0,
                target_category=form.cleaned_data["target_category"],
                district_codes=form.cleaned_data["districts"],
                village_codes=form.cleaned_data["villages"],
                contacts=contacts,
                user=request.user,
            )
            messages.success(request, _("Registration saved."))
            return redirect("assessments:dashboard", regency_code, cycle_code)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    return render_registration_form(
        request,
        form=form,
        cycle=cycle,
        regency=regency,
        contacts=contacts,
        registration=registration,
        status=400,
    )
