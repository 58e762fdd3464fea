"""The cycle's stage calendar: everyone reads it; a national admin edits it (audited)."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest

from ..access import ensure_national_admin, get_cycle
from ..services import calendar

FORMAT = "%Y-%m-%dT%H:%M"


def _parse(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), FORMAT).replace(tzinfo=calendar.WIB)
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


@login_required
def cycle_calendar(request: AuthedRequest, cycle_code: str) -> HttpResponse:
    cycle = get_cycle(cycle_code)
    errors: dict = {}
    if request.method == "POST":
        ensure_national_admin(request.user)
        post = request.POST
        times = {
            code: (_parse(post.get(f"{code}-start", "")), _parse(post.get(f"{code}-end", "")))
            for code in calendar.MILESTONE_DAYS
        }
        years = [y for y in (_int(request.POST.get("year1")), _int(request.POST.get("year2"))) if y]
        try:
            calendar.calendar_save(
                cycle=cycle,
                user=request.user,
                stage_times=times,
                data_years=years,
                correction_hours=_int(request.POST.get("correction_hours")) or 0,
                correction_end_hour=_int(request.POST.get("correction_end_hour")),
            )
            messages.success(request, _("The calendar is saved."))
            return redirect("cycles:cycle-calendar", cycle_code=cycle.code)
        except ValidationError as exc:
            errors = exc.message_dict
            messages.error(request, _("The calendar was not saved: check the marked fields."))
    now = timezone.now()
    rows = [
        {
            "stage": s,
            "open": s.is_open(now),
            "left": calendar.left_text(s.ends_at - now) if s.starts_at <= now < s.ends_at else "",
            "start": timezone.localtime(s.starts_at, calendar.WIB).strftime(FORMAT),
            "end": timezone.localtime(s.ends_at, calendar.WIB).strftime(FORMAT),
            "error": errors.get(s.code, [""])[0],
        }
        for s in calendar.stages(cycle)
    ]
    hours, end_hour = calendar.correction_rule(cycle)
    return render(
        request,
        "assessments/calendar.html",
        {
            "cycle": cycle,
            "rows": rows,
            "years": cycle.data_years,
            "hours": hours,
            "end_hour": end_hour,
            "may_edit": scope_for(request.user).national_admin,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
