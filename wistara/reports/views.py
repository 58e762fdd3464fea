"""The national and provincial dashboards and the table's xlsx export (a background job).

The table works without JavaScript (sort links, a GET form); with htmx, the form and the sort
links swap only the table.
"""

from collections.abc import Sequence

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_cycle
from wistara.assessments.models import Cycle
from wistara.common.htmx import template_for
from wistara.jobs.services import job_start

from . import selectors, table
from .access import DashboardScope, get_dashboard_scope_for_user, get_province_dashboard_for_user
from .jobs import KIND as EXPORT_JOB


def _form(
    request: HttpRequest,
    cycle: Cycle,
    scope: DashboardScope,
    provinces: Sequence[tuple[str, str]] = (),
    data: QueryDict | None = None,
) -> table.TableFilterForm:
    data = (request.GET if data is None else data).copy()
    if scope.province is not None:
        data["province"] = scope.province.code
    # cycle_overview has prefetched the categories: no query here.
    categories = [(c.code, c.name) for c in cycle.instrument.award_categories.all()]
    return table.TableFilterForm(data, provinces=provinces, categories=categories)


def _dashboard(request: HttpRequest, cycle: Cycle, scope: DashboardScope) -> HttpResponse:
    rows = selectors.cycle_overview(cycle=cycle, regencies_qs=scope.regencies)
    cards = selectors.province_grid(
        cycle=cycle, provinces_qs=scope.provinces, regencies_qs=scope.regencies, rows=rows
    )
    form = _form(request, cycle, scope, [(c.code, c.name) for c in cards])
    filters = form.filters()
    page = table.page_of(table.table_rows(rows, filters), request.GET.get("page"))
    template = template_for(request, "reports/dashboard.html", "reports/partials/table.html")
    return render(
        request,
        template,
        {
            "cycle": cycle,
            "province": scope.province,
            "cards": cards,
            "total": selectors.totals(rows),
            "page": page,
            "form": form,
            "filters": filters,
            "headers": table.headers(filters),
            "query": table.query_string(filters),
        },
    )


@login_required
@require_GET
def national_dashboard(request: AuthedRequest, cycle_code: str) -> HttpResponse:
    cycle = get_cycle(cycle_code)
    return _dashboard(request, cycle, get_dashboard_scope_for_user(request.user))


@login_required
@require_GET
def province_dashboard(request: AuthedRequest, cycle_code: str, code: str) -> HttpResponse:
    cycle = get_cycle(cycle_code)
    return _dashboard(request, cycle, get_province_dashboard_for_user(request.user, code))


def _latest_cycle() -> Cycle:
    cycle = Cycle.objects.select_related("instrument").order_by("-registration_opens", "-id").first()
    if cycle is None:
        raise Http404
    return cycle


@login_required
@require_GET
def latest_national_dashboard(request: AuthedRequest) -> HttpResponse:
    """The most recent cycle's dashboard, for links that know no cycle (the home page)."""
    return _dashboard(request, _latest_cycle(), get_dashboard_scope_for_user(request.user))


@login_required
@require_GET
def latest_province_dashboard(request: AuthedRequest, code: str) -> HttpResponse:
    """The most recent cycle's dashboard of a province, for the province page's link."""
    return _dashboard(request, _latest_cycle(), get_province_dashboard_for_user(request.user, code))


@login_required
@require_POST
def table_export(request: AuthedRequest, cycle_code: str) -> HttpResponse:
    """Start the (filtered, sorted) table's xlsx as a background job and show its page; the
    form carries the dashboard's filters at the click. Same access as the dashboard."""
    cycle = get_cycle(cycle_code)
    scope = get_dashboard_scope_for_user(request.user)  # 404 before a job is made for nothing
    filters = _form(request, cycle, scope, data=request.POST).filters()
    title = _("Dashboard table (xlsx) · %(cycle)s") % {"cycle": cycle.name}
    query = table.query_string(filters)
    back = reverse("reports:national-dashboard", args=[cycle.code]) + (f"?{query}" if query else "")
    job = job_start(
        kind=EXPORT_JOB,
        title=title,
        user=request.user,
        params={"cycle": cycle.code, "filters": filters, "language": get_language(), "back": back},
    )
    return redirect("jobs:detail", job.id)
