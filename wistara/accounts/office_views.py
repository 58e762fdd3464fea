"""A regency's offices (OPD) and their operators.

Everyone who sees the regency may read the list; its coordinator and national admins change it
(403 for the others who see it, 404 for everyone else). Offices are deactivated, never deleted:
items and operators may point to them.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wistara.common.forms import add_validation_errors
from wistara.regions.models import Regency

from . import services
from .access import get_office_for_user, get_regency_for_user, scope_for
from .http import AuthedRequest
from .models import Office, Role, RoleAssignment
from .office_forms import OfficeForm, OperatorCreateForm, OperatorGrantForm, office_initial
from .selectors import offices_with_operators

# Service error keys that a form names differently.
FIELD_NAMES = {"password": "password1"}


def _office(request: AuthedRequest, regency_code: str, office_id: int) -> Office:
    office = get_office_for_user(request.user, office_id, change=True)
    if office.regency.code != regency_code:
        raise Http404
    return office


def _to_list(regency: Regency) -> HttpResponse:
    return redirect("offices:office-list", regency.code)


@login_required
@require_GET
def office_list(request: AuthedRequest, regency_code: str) -> HttpResponse:
    regency = get_regency_for_user(request.user, regency_code)
    return render(
        request,
        "accounts/office_list.html",
        {
            "regency": regency,
            "offices": offices_with_operators(regency),
            "can_change": scope_for(request.user).changes_regency(regency),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_create(request: AuthedRequest, regency_code: str) -> HttpResponse:
    regency = get_regency_for_user(request.user, regency_code, change=True)
    form = OfficeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            office = services.office_add(regency=regency, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc, rename=FIELD_NAMES)
        else:
            messages.success(request, _("Office %(office)s added.") % {"office": office.short_name})
            return _to_list(regency)
    return render(
        request,
        "accounts/office_form.html",
        {"regency": regency, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_edit(request: AuthedRequest, regency_code: str, office_id: int) -> HttpResponse:
    office = _office(request, regency_code, office_id)
    form = OfficeForm(request.POST or None, initial=office_initial(office))
    if request.method == "POST" and form.is_valid():
        try:
            services.office_update(office=office, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc, rename=FIELD_NAMES)
        else:
            messages.success(request, _("Office %(office)s saved.") % {"office": office.short_name})
            return _to_list(office.regency)
    return render(
        request,
        "accounts/office_form.html",
        {
            "regency": office.regency,
            "office": office,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def office_toggle(request: AuthedRequest, regency_code: str, office_id: int) -> HttpResponse:
    office = _office(request, regency_code, office_id)
    if office.is_active:
        services.office_deactivate(office=office)
        messages.success(
            request,
            _(
                "%(office)s deactivated: it can no longer be chosen. Items "
                "already assigned to it keep it until you reassign them."
            )
            % {"office": office.short_name},
        )
    else:
        services.office_reactivate(office=office)
        messages.success(request, _("%(office)s is active again.") % {"office": office.short_name})
    return _to_list(office.regency)


@login_required
@require_POST
def office_defaults(request: AuthedRequest, regency_code: str) -> HttpResponse:
    regency = get_regency_for_user(request.user, regency_code, change=True)
    before = Office.objects.filter(regency=regency).count()
    added = len(services.offices_create_defaults(regency=regency)) - before
    if added:
        messages.success(request, _("%(count)s usual offices added.") % {"count": added})
    else:
        messages.info(request, _("The regency already has all the usual offices."))
    return _to_list(regency)


@login_required
@require_http_methods(["GET", "POST"])
def operator_create(request: AuthedRequest, regency_code: str, office_id: int) -> HttpResponse:
    """Open a new operator account for the office, or make an existing user its operator."""
    office = _office(request, regency_code, office_id)
    mode = request.POST.get("mode")
    new_form = OperatorCreateForm(request.POST if mode == "new" else None)
    grant_form = OperatorGrantForm(request.POST if mode == "existing" else None)
    form = new_form if mode == "new" else grant_form if mode == "existing" else None
    if form is not None and form.is_valid():
        assignment = _grant(request, office, form)
        if assignment is not None:
            messages.success(
                request,
                _("%(user)s is now an operator of %(office)s.")
                % {"user": assignment.user.get_full_name(), "office": office.short_name},
            )
            return _to_list(office.regency)
    return render(
        request,
        "accounts/office_operator.html",
        {
            "regency": office.regency,
            "office": office,
            "new_form": new_form,
            "grant_form": grant_form,
            "operators": office_operators(office),
        },
        status=400 if form is not None else 200,
    )


def _grant(request: AuthedRequest, office: Office, form: forms.Form) -> RoleAssignment | None:
    data = form.cleaned_data
    try:
        if isinstance(form, OperatorCreateForm):
            return services.office_user_create(
                office=office,
                username=data["username"],
                full_name=data["full_name"],
                position=data["position"],
                email=data["email"],
                password=data["password1"],
                granted_by=request.user,
            )
        return services.office_operator_grant(
            office=office, username=data["username"], granted_by=request.user
        )
    except ValidationError as exc:
        add_validation_errors(form, exc, rename=FIELD_NAMES)
        return None


def office_operators(office: Office) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(office=office, role=Role.OPD_OPERATOR)
        .select_related("user")
        .order_by("user__full_name")
    )


@login_required
@require_POST
def operator_revoke(request: AuthedRequest, regency_code: str, assignment_id: int) -> HttpResponse:
    regency = get_regency_for_user(request.user, regency_code, change=True)
    assignment = (
        RoleAssignment.objects.select_related("user", "office")
        .filter(id=assignment_id, regency=regency, role=Role.OPD_OPERATOR)
        .first()
    )
    if assignment is None:
        raise Http404
    services.office_user_revoke(assignment=assignment)
    messages.success(
        request,
        _("%(user)s is no longer an operator of %(office)s.")
        % {"user": assignment.user.get_full_name(), "office": str(assignment.office)},
    )
    return _to_list(regency)
