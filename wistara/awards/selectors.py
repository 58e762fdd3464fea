"""Reading past awards: the category of the period before, for the award engine's history rule
and the dashboards (moved out of the services, issue 15: they only read)."""

from django.db.models import OuterRef, Subquery

from .models import PastAward
from .services import PERIOD


def past_category(regency_id: int, award_year: int) -> str | None:
    award = (
        PastAward.objects.filter(regency_id=regency_id, year__lt=award_year, year__gte=award_year - PERIOD)
        .order_by("-year")
        .first()
    )
    return award.category if award else None


def past_category_subquery(award_year: int) -> Subquery:
    """The same for a queryset of registrations (the dashboards)."""
    return Subquery(
        PastAward.objects.filter(
            regency_id=OuterRef("regency_id"), year__lt=award_year, year__gte=award_year - PERIOD
        )
        .order_by("-year")
        .values("category")[:1]
    )
