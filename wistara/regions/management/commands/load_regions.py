import time

from django.core.management.base import BaseCommand, CommandError

from wistara.common.errors import Invalid
from wistara.regions.models import Regency, Village
from wistara.regions.services import regions_load


class Command(BaseCommand):
    help = "Load Indonesia's provinces, regencies/cities, kecamatan and desa/kelurahan."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            results = regions_load()
        except Invalid as refused:
            raise CommandError("\n".join(refused.messages)) from refused
        for level, result in results.items():
            self.stdout.write(
                f"{level}: {result.total} held ({result.created} created, {result.updated} updated)"
            )
        kota = Regency.objects.filter(kind=Regency.Kind.KOTA).count()
        kel = Village.objects.filter(kind=Village.Kind.KELURAHAN).count()
        self.stdout.write(
            f"  of which {kota} kota and {results['regencies'].total - kota} kabupaten; "
            f"{kel} kelurahan and {results['villages'].total - kel} desa"
        )
        self.stdout.write(self.style.SUCCESS(f"Regions loaded in {time.monotonic() - started:.1f} s"))
