"""Dashboard endpoints: the same rows, filters and access as the pages (see reports.access)."""

from dataclasses import asdict

from ninja import Query, Router, Schema

from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_cycle
from wistara.common.api_errors import READ, errors
from wistara.common.errors import Invalid

from . import selectors, table
from .access import get_dashboard_scope_for_user
from .schemas import ProvinceRowOut, RegencyRowOut

router = Router()


class TableFilters(Schema):
    province: str = ""
    state: str = ""
    category: str = ""
    q: str = ""
    sort: str = ""


def _row_out(row: selectors.RegencyRow) -> dict:
    return {
        "regency_code": row.regency_code,
        "regency_name": row.regency_name,
        "province_code": row.province_code,
        "province_name": row.province_name,
        "status": row.status,
        "status_label": row.status_label,
        "items": row.items,
        "complete": row.complete,
        "completion": row.completion,
        "self_score": row.self_score,
        "provincial_score": row.provincial_score,
        "national_score": row.national_score,
        "latest_score": row.latest_score,
        "kelembagaan": row.kelembagaan,
        "odf_villages": row.odf_villages,
        "odf_count": row.odf_count,
        "odf_percent": row.odf_percent,
        "target_category": row.target_code,
        "projected_category": row.projected.code if row.projected else None,
        "decided": row.decided,
        "final_category": row.final_code,
    }


@router.get(
    "/{cycle_code}/regencies",
    response={200: list[RegencyRowOut], **READ, **errors(400)},
    summary="Every registered regency the caller may see: state, scores, categories",
)
def regency_rows(request: AuthedRequest, cycle_code: str, filters: Query[TableFilters]):
    """National roles: every regency; a provincial verifier: its province(s); others: 404.

    `sort` is a column (regency, province, state, completion, self, provincial, national,
    kelembagaan, odf, target, projected, final), `-column` for descending. `category` is a
    projected category code, or `none`.
    """
    cycle = get_cycle(cycle_code)
    scope = get_dashboard_scope_for_user(request.user)
    rows = selectors.cycle_overview(cycle=cycle, regencies_qs=scope.regencies)
    form = table.TableFilterForm(
        filters.dict(), categories=[(c.code, c.name) for c in cycle.instrument.award_categories.all()]
    )
    if not form.is_valid():
        raise Invalid({field: list(messages) for field, messages in form.errors.items()})
    return [_row_out(r) for r in table.table_rows(rows, form.filters())]


@router.get(
    "/{cycle_code}/provinces",
    response={200: list[ProvinceRowOut], **READ, **errors(400)},
    summary="Per province: regencies registered, submitted, verified, decided, average score",
)
def province_rows(request: AuthedRequest, cycle_code: str):
    cycle = get_cycle(cycle_code)
    scope = get_dashboard_scope_for_user(request.user)
    cards = selectors.province_grid(cycle=cycle, provinces_qs=scope.provinces, regencies_qs=scope.regencies)
    return [asdict(card) for card in cards]
