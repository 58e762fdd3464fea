from django.db.models import Count, Q

from .models import District, Regency, Village


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


def province_totals(regencies: list[Regency]) -> dict[str, int]:
    return {
        "regencies": len(regencies),
        "kota": sum(r.kind == Regency.Kind.KOTA for r in regencies),
        "districts": sum(r.n_districts or 0 for r in regencies),
    }
