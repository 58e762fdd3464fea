"""Who sees which dashboard (built on wistara.accounts.access).

The national dashboard shows the nation to national roles and, to a provincial verifier, its
own province(s) only; a province's dashboard is for its verifiers and national roles. Regency
roles have no dashboard here: they get 404, as for anything that is not theirs.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from wistara.accounts.access import get_province_for_user, provinces_for_user, regencies_for_user, scope_for
from wistara.accounts.models import User
from wistara.regions.models import Province, Regency


@dataclass(frozen=True)
class DashboardScope:
    provinces: QuerySet[Province]
    regencies: QuerySet[Regency]
    province: Province | None = None  # set on a province's dashboard


def get_dashboard_scope_for_user(user: User) -> DashboardScope:
    """The provinces and regencies of the user's dashboard; 404 for anyone without one."""
    scope = scope_for(user)
    if scope.national:
        return DashboardScope(provinces_for_user(user), regencies_for_user(user))
    if not scope.province_ids:
        raise Http404
    # A provincial verifier who also holds a regency role sees its provinces, not that regency.
    return DashboardScope(
        provinces_for_user(user), regencies_for_user(user).filter(province_id__in=scope.province_ids)
    )


def get_province_dashboard_for_user(user: User, code: str) -> DashboardScope:
    province = get_province_for_user(user, code)
    return DashboardScope(
        provinces_for_user(user).filter(id=province.id),
        regencies_for_user(user).filter(province_id=province.id),
        province,
    )
