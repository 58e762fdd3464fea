"""Coordination meetings (rakor): the calendar and list, a meeting's page with its attendance,
minutes, files and action items, the printable invitation and minutes, the action items of the
whole regency, and the handover of a person's work.

Readers: whoever sees the regency. Changes: its coordinator and national admins; an action
item's progress also by the operators of its office.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.accounts.models import Office
from wistara.common.forms import add_validation_errors
from wistara.common.pdf import html_to_pdf
from wistara.evidence.uploads import request_too_large, too_large_message
from wistara.instruments.models import Indicator

from .. import forms, selectors, services
from ..access import get_action_item_for_user, get_meeting_for_user
from ..models import ActionItem, Institution, Meeting
from ..services.meetings import combine
from .common import base_context, data_years, registration_for


def _choices(registration):
    offices = Office.objects.filter(regency_id=registration.regency_id, is_active=True)
    institutions = Institution.objects.filter(regency_id=registration.regency_id)
    return offices, institutions


def _meeting_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["starts_at"] = combine(data.pop("day"), data.pop("time"))
    return data


@login_required
@require_GET
def meeting_list(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = registration_for(request, regency_code, cycle_code)
    first = _month(request.GET.get("bulan"))
    meetings = selectors.meetings_of(registration.regency)
    now = timezone.now()
    return render(
        request,
        "institutions/meeting_list.html",
        base_context(
            request,
            registration,
            month=first,
            weeks=selectors.month_calendar(registration.regency, first),
            previous=_shift(first, -1),
            next=_shift(first, 1),
            upcoming=meetings.filter(starts_at__gte=now).order_by("starts_at"),
            past=meetings.filter(starts_at__lt=now)[:50],
            overdue=selectors.overdue_action_items(registration.regency),
            today=timezone.localdate(),
        ),
    )


def _month(raw: str | None) -> date:
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _shift(first: date, months: int) -> str:
    index = first.year * 12 + first.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@login_required
@require_http_methods(["GET", "POST"])
def meeting_form(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int | None = None
) -> HttpResponse:
    """Schedule a meeting, or change its schedule, invitations or status."""
    registration = registration_for(request, regency_code, cycle_code, change=True)
    meeting = get_meeting_for_user(request.user, registration, meeting_id) if meeting_id else None
    offices, institutions = _choices(registration)
    initial = _meeting_initial(meeting) if meeting else {"time": "09:00"}
    form = forms.MeetingForm(
        request.POST or None, initial=initial, offices=offices, institutions=institutions
    )
    if request.method == "POST" and form.is_valid():
        try:
            if meeting:
                meeting = services.meeting_update(
                    meeting=meeting,
                    user=request.user,
                    base_revision=form.cleaned_data["revision"],
                    data=_meeting_data(form),
                )
            else:
                meeting = services.meeting_create(
                    regency=registration.regency, user=request.user, data=_meeting_data(form)
                )
        except ValidationError as exc:
            add_validation_errors(form, exc, rename={"starts_at": "day"})
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("meetings:meeting-detail", regency_code, cycle_code, meeting.id)
    return render(
        request,
        "institutions/meeting_form.html",
        base_context(request, registration, form=form, meeting=meeting),
        status=400 if form.errors else 200,
    )


def _meeting_initial(meeting: Meeting) -> dict:
    local = timezone.localtime(meeting.starts_at)
    return {
        "revision": meeting.revision,
        "title": meeting.title,
        "day": local.date(),
        "time": local.time(),
        "place": meeting.place,
        "chair": meeting.chair,
        "agenda": meeting.agenda,
        "status": meeting.status,
        "invited_offices": [o.id for o in meeting.invited_offices.all()],
        "invited_institutions": [i.id for i in meeting.invited_institutions.all()],
    }


def _detail_forms(registration, meeting: Meeting, data=None, files=None, bound: str = "") -> dict:
    offices, _institutions = _choices(registration)
    indicators = (
        Indicator.objects.filter(section__version_id=registration.cycle.instrument_id)
        .select_related("section")
        .order_by("section__order", "order")
    )
    makers = {
        "minutes": lambda d, f: forms.MinutesForm(
            d,
            initial={
                "revision": meeting.revision,
                "minutes": meeting.minutes,
                "decisions": meeting.decisions,
            },
        ),
        "file": lambda d, f: forms.MeetingFileForm(d, f),
        "action": lambda d, f: forms.ActionItemForm(
            d, offices=offices, people=selectors.regency_people(registration.regency), indicators=indicators
        ),
        "attach": lambda d, f: forms.AttachForm(
            d,
            years=data_years(registration),
            items=selectors.meeting_items(registration, meeting),
            initial={"data_year": _data_year(registration, meeting)},
        ),
    }
    return {
        name: make(data if name == bound else None, files if name == bound else None)
        for name, make in makers.items()
    }


def _data_year(registration, meeting: Meeting) -> int:
    """The meeting's year when it is a data year, else the latest data year."""
    years = data_years(registration)
    year = timezone.localtime(meeting.starts_at).year
    return year if year in years else years[-1]


def _detail(request, registration, meeting: Meeting, *, page_forms=None, status: int = 200, step_errors=()):
    return render(
        request,
        "institutions/meeting_detail.html",
        base_context(
            request,
            registration,
            meeting=meeting,
            forms=page_forms or _detail_forms(registration, meeting),
            attendance=meeting.attendance.select_related("office", "institution"),
            actions=meeting.action_items.select_related("office", "assignee").prefetch_related("indicators"),
            today=timezone.localdate(),
            is_past=meeting.starts_at <= timezone.now(),
            action_url=reverse(
                "meetings:meeting-step",
                args=[registration.regency.code, registration.cycle.code, meeting.id, "action"],
            ),
            may_progress=_may_progress(request, meeting),
            step_errors=step_errors,
        ),
        status=status,
    )


def _may_progress(request: AuthedRequest, meeting: Meeting) -> set[int]:
    scope = scope_for(request.user)
    return {
        i.id
        for i in meeting.action_items.select_related("office__regency")
        if scope.changes_office_work(i.office)
    }


@login_required
@require_GET
def meeting_detail(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int
) -> HttpResponse:
    registration = registration_for(request, regency_code, cycle_code)
    return _detail(request, registration, get_meeting_for_user(request.user, registration, meeting_id))


STEPS = {
    "minutes": lambda m, r, u, c: services.meeting_record(
        meeting=m, user=u, base_revision=c["revision"], data=c
    ),
    "file": lambda m, r, u, c: services.meeting_file_set(
        meeting=m, user=u, which=c["which"], uploaded_file=c["file"]
    ),
    "action": lambda m, r, u, c: services.action_item_add(meeting=m, user=u, data=c),
    "attach": lambda m, r, u, c: services.meeting_attach_evidence(
        meeting=m,
        registration=r,
        user=u,
        response_ids=[int(i) for i in c["responses"]],
        data_year=c["data_year"],
    ),
}
DONE = {
    "minutes": gettext_lazy("Minutes saved."),
    "file": gettext_lazy("File uploaded."),
    "action": gettext_lazy("Action item added."),
}


@login_required
@require_POST
def meeting_step(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int, step: str
) -> HttpResponse:
    """One of the meeting page's forms: minutes, a signed file, an action item, use as evidence."""
    registration = registration_for(request, regency_code, cycle_code, change=True)
    meeting = get_meeting_for_user(request.user, registration, meeting_id)
    if step not in STEPS:
        return redirect("meetings:meeting-detail", regency_code, cycle_code, meeting.id)
    page_forms = _detail_forms(registration, meeting, request.POST, request.FILES, bound=step)
    form = page_forms[step]
    if request_too_large(request):
        form.add_error(None, too_large_message())
        return _detail(request, registration, meeting, page_forms=page_forms, status=413)
    if form.is_valid():
        try:
            result = STEPS[step](meeting, registration, request.user, form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            if step == "attach":
                messages.success(
                    request,
                    _("Attached to %(items)s items: %(n)s new attachments.")
                    % {"items": len(form.cleaned_data["responses"]), "n": result},
                )
            else:
                messages.success(request, str(DONE[step]))
            return redirect("meetings:meeting-detail", regency_code, cycle_code, meeting.id)
    meeting.refresh_from_db()
    # Shown at the top too: the form may be folded away (the minutes of a meeting still ahead).
    return _detail(
        request, registration, meeting, page_forms=page_forms, status=400, step_errors=form.non_field_errors()
    )


@login_required
@require_POST
def meeting_attendance(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int
) -> HttpResponse:
    registration = registration_for(request, regency_code, cycle_code, change=True)
    meeting = get_meeting_for_user(request.user, registration, meeting_id)
    entries = [
        {
            "id": row.id,
            "present": request.POST.get(f"present-{row.id}") == "on",
            "represented_by": request.POST.get(f"by-{row.id}", ""),
        }
        for row in meeting.attendance.all()
    ]
    try:
        services.meeting_attendance_set(meeting=meeting, user=request.user, entries=entries)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance saved."))
    return redirect("meetings:meeting-detail", regency_code, cycle_code, meeting.id)


@login_required
@require_GET
def meeting_pdf(
    request: AuthedRequest, regency_code: str, cycle_code: str, meeting_id: int, document: str
) -> HttpResponse:
    """The invitation (undangan) or the minutes (notulen) as a printable PDF."""
    registration = registration_for(request, regency_code, cycle_code)
    meeting = get_meeting_for_user(request.user, registration, meeting_id)
    template = {
        "undangan": "institutions/invitation_pdf.html",
        "notulen": "institutions/minutes_pdf.html",
    }.get(document)
    if template is None:
        return redirect("meetings:meeting-detail", regency_code, cycle_code, meeting.id)
    html = render_to_string(
        template,
        base_context(
            request,
            registration,
            meeting=meeting,
            offices=meeting.invited_offices.all(),
            institutions=meeting.invited_institutions.all(),
            attendance=meeting.attendance.select_related("office", "institution"),
            actions=meeting.action_items.select_related("office", "assignee"),
        ),
        request=request,
    )
    response = HttpResponse(
        html_to_pdf(html, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{document}-{meeting.id}.pdf"'
    return response


# --- Action items ----------------------------------------------------------------------------------

ACTION_FILTERS = ("terbuka", "terlambat", "selesai", "semua")


@login_required
@require_GET
def action_list(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = registration_for(request, regency_code, cycle_code)
    chosen = request.GET.get("tampil", "")
    show = chosen if chosen in ACTION_FILTERS else "terbuka"
    today = timezone.localdate()
    items = selectors.action_items_of(registration.regency).prefetch_related("indicators")
    items = {
        "terbuka": items.filter(status__in=ActionItem.OPEN_STATUSES),
        "terlambat": items.filter(status__in=ActionItem.OPEN_STATUSES, due_on__lt=today),
        "selesai": items.exclude(status__in=ActionItem.OPEN_STATUSES),
        "semua": items,
    }[show]
    scope = scope_for(request.user)
    return render(
        request,
        "institutions/action_list.html",
        base_context(
            request,
            registration,
            items=items,
            show=show,
            today=today,
            filters=ACTION_FILTERS,
            may_progress={i.id for i in items if scope.changes_office_work(i.office)},
        ),
    )


@login_required
@require_GET
def overdue_box(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The dashboard's box of overdue action items, loaded after the page (htmx): the dashboard
    itself keeps its fixed number of queries."""
    registration = registration_for(request, regency_code, cycle_code)
    overdue = selectors.overdue_action_items(registration.regency)
    return render(
        request,
        "institutions/partials/overdue_box.html",
        {
            "items": overdue[:6],
            "more": overdue.count(),
            "regency": registration.regency,
            "cycle": registration.cycle,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def action_update(request: AuthedRequest, regency_code: str, cycle_code: str, item_id: int) -> HttpResponse:
    registration = registration_for(request, regency_code, cycle_code)
    item = get_action_item_for_user(request.user, registration, item_id, change=True)
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_update(
                item=item,
                user=request.user,
                data=form.cleaned_data,
                base_revision=form.cleaned_data["revision"],
                progress_only=True,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Action item updated."))
    else:
        messages.error(request, _("Choose a status."))
    back = request.POST.get("next") or ""
    if back.startswith(f"/ruang/{regency_code}/"):
        return redirect(back)
    return redirect("meetings:action-list", regency_code, cycle_code)


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = registration_for(request, regency_code, cycle_code, change=True)
    people = list(selectors.regency_people(registration.regency))
    form = forms.HandoverForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        by_id = {str(u.id): u for u in people}
        try:
            result = services.handover(
                regency=registration.regency,
                user=request.user,
                predecessor=by_id[form.cleaned_data["predecessor"]],
                successor=by_id[form.cleaned_data["successor"]],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("Handed over: %(roles)s; %(n)s open action items.")
                % {"roles": ", ".join(result.roles) or "—", "n": result.action_items},
            )
            return redirect("meetings:handover", regency_code, cycle_code)
    return render(
        request,
        "institutions/handover.html",
        base_context(request, registration, form=form, people=people),
        status=400 if form.errors else 200,
    )
