from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q

from .models import District, Regency, Village

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # the stubs' type of an annotated row


def regency_totals(regency: Regency) -> dict[str, int]:
    """Numbers of kecamatan, desa and kelurahan, in one query."""
    # Aliases differ from the relation name "villages": an alias would shadow it in the filters.
    row = District.objects.filter(regency=regency).aggregate(
        n_districts=Count("id", distinct=True),
        n_villages=Count("villages"),
        n_desa=Count("villages", filter=Q(villages__kind=Village.Kind.DESA)),
        n_kelurahan=Count("villages", filter=Q(villages__kind=Village.Kind.KELURAHAN)),
    )
    return {key.removeprefix("n_"): value for key, value in row.items()}


class DistrictCount(TypedDict):
    n_districts: int


def province_totals(regencies: "list[WithAnnotations[Regency, DistrictCount]]") -> dict[str, int]:
    """Totals of regencies annotated with n_districts (accounts.selectors)."""
    return {
        "regencies": len(regencies),
        "kota": sum(r.kind == Regency.Kind.KOTA for r in regencies),
        "districts": sum(r.n_districts or 0 for r in regencies),
    }
