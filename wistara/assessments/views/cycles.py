from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wistara.accounts.access import get_regency_for_user, regencies_for_user, scope_for
from wistara.accounts.http import AuthedRequest
from wistara.common.forms import add_validation_errors
from wistara.instruments.models import InstrumentVersion

from .. import services
from ..access import ensure_national_admin, get_cycle, registrations_for_user
from ..forms import CycleForm, RegistrationForm, contacts_from_post
from ..models import Cycle, Registration
from ..services.cycles import MILESTONES
from .registration import render_registration_form


@login_required
def cycle_list(request: AuthedRequest) -> HttpResponse:
    """Cycles, the caller's registrations in them, and where the caller may still register."""
    scope = scope_for(request.user)
    registrations = list(registrations_for_user(request.user))
    coordinated = list(regencies_for_user(request.user).filter(id__in=scope.coordinator_regency_ids))
    rows = []
    for cycle in Cycle.objects.select_related("instrument"):
        mine = {r.regency_id: r for r in registrations if r.cycle_id == cycle.id}
        rows.append(
            {
                "cycle": cycle,
                "mine": [(regency, mine.get(regency.id)) for regency in coordinated],
                "visible": [r for r in registrations if r.cycle_id == cycle.id],
            }
        )
    return render(
        request,
        "assessments/cycle_list.html",
        {
            "rows": rows,
            "can_create": scope.national_admin,
        },
    )


def _cycle_form(request, data=None) -> CycleForm:
    return CycleForm(data, instruments=InstrumentVersion.objects.all(), cycles=Cycle.objects.all())


@login_required
def cycle_create(request: AuthedRequest) -> HttpResponse:
    ensure_national_admin(request.user)
    form = _cycle_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cycle_open(
                code=data["code"],
                name=data["name"],
                instrument=InstrumentVersion.objects.get(code=data["instrument"]),
                previous=Cycle.objects.filter(code=data["previous"]).first(),
                **{name: data[name] for name in MILESTONES},
            )
            messages.success(request, _("Cycle opened."))
            return redirect("cycles:cycle-list")
        except ValidationError as exc:
            add_validation_errors(form, exc)
    return render(
        request,
        "assessments/cycle_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def registration_create(request: AuthedRequest, cycle_code: str, regency_code: str) -> HttpResponse:
    regency = get_regency_for_user(request.user, regency_code, change=True)
    cycle = get_cycle(cycle_code)
    form = RegistrationForm(request.POST or None, cycle=cycle, regency=regency)
    contacts = contacts_from_post(request.POST) if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_create(
                cycle=cycle,
                regency=regency,
                target_category=form.cleaned_data["target_category"],
                district_codes=form.cleaned_data["districts"],
                village_codes=form.cleaned_data["villages"],
                contacts=contacts,
                user=request.user,
                allow_late=scope_for(request.user).national_admin,
            )
            messages.success(request, _("Registered. Every item now has a responsible office."))
            return redirect("assessments:dashboard", regency.code, cycle.code)
        except ValidationError as exc:
            add_validation_errors(form, exc)
    return render_registration_form(
        request,
        form=form,
        cycle=cycle,
        regency=regency,
        contacts=contacts,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def regency_cycles(request: AuthedRequest, regency_code: str) -> HttpResponse:
    """The regency page's panel: its registrations and the cycles it may still register for."""
    regency = get_regency_for_user(request.user, regency_code)
    registrations = {r.cycle_id: r for r in Registration.objects.filter(regency=regency)}
    cycles = list(Cycle.objects.select_related("instrument"))
    return render(
        request,
        "assessments/partials/regency_cycles.html",
        {
            "regency": regency,
            "can_register": scope_for(request.user).changes_regency(regency),
            "rows": [(cycle, registrations.get(cycle.id)) for cycle in cycles],
        },
    )
