"""The dashboard table's xlsx export as a background job (issue 14): at national scale (514
regencies) reading every row's category runs the award engine 514 times, too long to hold a
web worker. The job keeps the click's filters and language; the rows are read again, when the
job runs, with the starter's dashboard scope, so a provincial verifier's file has its province
only, and someone who lost the dashboard since gets a failed job, not the rows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wistara.assessments.access import get_cycle
from wistara.jobs.registry import runner

from . import selectors, table
from .access import get_dashboard_scope_for_user
from .exporters import write_regency_table

KIND = "dashboard_xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_filename(cycle_code: str) -> str:
    return f"wistara-{cycle_code}-{timezone.localdate():%Y%m%d}.xlsx"


@runner(KIND)
def dashboard_xlsx_job(job, out, progress) -> tuple[str, str]:
    params = job.params
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        try:
            cycle = get_cycle(params["cycle"])
            scope = get_dashboard_scope_for_user(job.created_by)
        except Http404:
            raise ValidationError(_("This dashboard is no longer yours to export.")) from None
        rows = table.table_rows(
            selectors.cycle_overview(cycle=cycle, regencies_qs=scope.regencies), params.get("filters", {})
        )
        progress(0, len(rows))
        write_regency_table(cycle, rows, out, progress)
    return table_filename(cycle.code), XLSX
