"""The national and provincial dashboards and the table's xlsx export.

The table works without JavaScript (sort links, a GET form); with htmx, the form and the sort
links swap only the table.
"""

from collections.abc import Sequence

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wistara.assessments.access import get_cycle
from wistara.assessments.models import Cycle
from wistara.common.htmx import template_for

from . import selectors, table
from .access import DashboardScope, get_dashboard_scope_for_user, get_province_dashboard_for_user
from .exporters import regency_table_xlsx


def _form(
    request: HttpRequest, cycle: Cycle, scope: DashboardScope, provinces: Sequence[tuple[str, str]] = (),
) -> table.TableFilterForm:
    data = request.GET.copy()
    if scope.province is not None:
        data["province"] = scope.province.code
    # cycle_overview has prefetched the categories: no query here.
    categories = [(c.code, c.name) for c in cycle.instrument.award_categories.all()]
    return table.TableFilterForm(data, provinces=provinces, categories=categories)


def _dashboard(request: HttpRequest, cycle: Cycle, scope: DashboardScope) -> HttpResponse:
    rows = selectors.cycle_overview(cycle=cycle, regencies_qs=scope.regencies)
    cards = selectors.province_grid(cycle=cycle, provinces_qs=scope.provinces,
                                    regencies_qs=scope.regencies, rows=rows)
    form = _form(request, cycle, scope, [(c.code, c.name) for c in cards])
    filters = form.filters()
    page = table.page_of(table.table_rows(rows, filters), request.GET.get("page"))
    template = template_for(request, "reports/dashboard.html", "reports/partials/table.html")
    return render(request, template, {
        "cycle": cycle, "province": scope.province, "cards": cards, "total": selectors.totals(rows),
        "page": page, "form": form, "filters": filters, "headers": table.headers(filters),
        "query": table.query_string(filters),
    })


@login_required
@require_GET
def national_dashboard(request: HttpRequest, cycle_code: str) -> HttpResponse:
    cycle = get_cycle(cycle_code)
    return _dashboard(request, cycle, get_dashboard_scope_for_user(request.user))


@login_required
@require_GET
def province_dashboard(request: HttpRequest, cycle_code: str, code: str) -> HttpResponse:
    cycle = get_cycle(cycle_code)
    return _dashboard(request, cycle, get_province_dashboard_for_user(request.user, code))


def _latest_cycle() -> Cycle:
    cycle = Cycle.objects.select_related("instrument").order_by("-registration_opens", "-id").first()
    if cycle is None:
        raise Http404
    return cycle


@login_required
@require_GET
def latest_national_dashboard(request: HttpRequest) -> HttpResponse:
    """The most recent cycle's dashboard, for links that know no cycle (the home page)."""
    return _dashboard(request, _latest_cycle(), get_dashboard_scope_for_user(request.user))


@login_required
@require_GET
def latest_province_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """The most recent cycle's dashboard of a province, for the province page's link."""
    return _dashboard(request, _latest_cycle(), get_province_dashboard_for_user(request.user, code))


@login_required
@require_GET
def table_xlsx(request: HttpRequest, cycle_code: str) -> FileResponse:
    """The (filtered, sorted) table as an Excel file; same filters and access as the dashboard."""
    cycle = get_cycle(cycle_code)
    scope = get_dashboard_scope_for_user(request.user)
    rows = selectors.cycle_overview(cycle=cycle, regencies_qs=scope.regencies)
    filters = _form(request, cycle, scope).filters()
    name = f"wistara-{cycle.code}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(regency_table_xlsx(cycle, table.table_rows(rows, filters)),
                        as_attachment=True, filename=name)
