from django.db.models import Count, Q

from .models import District, Province, Regency, Village


def regency_totals(regency: Regency) -> dict[str, int]:
    """Numbers of kecamatan, desa and kelurahan, in one query."""
    counts = Village.objects.filter(district__regency=regency).aggregate(
        villages=Count("id"),
        desa=Count("id", filter=Q(kind=Village.Kind.DESA)),
        kelurahan=Count("id", filter=Q(kind=Village.Kind.KELURAHAN)),
    )
    counts["districts"] = District.objects.filter(regency=regency).count()
    return counts


def province_totals(province: Province) -> dict[str, int]:
    return Regency.objects.filter(province=province).aggregate(
        regencies=Count("id", distinct=True),
        kota=Count("id", filter=Q(kind=Regency.Kind.KOTA), distinct=True),
        districts=Count("districts", distinct=True),
    )
