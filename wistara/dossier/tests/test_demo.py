import pytest
from django.core.management import call_command

from wistara.dossier.models import Funding, GeneralData, Narrative, ProvincialDossier
from wistara.testing.factories import DistrictFactory, ProvinceFactory, RegencyFactory, VillageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def riau(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    province = ProvinceFactory(code="14", name="RIAU")
    for code, name in (("14.01", "KABUPATEN KAMPAR"), ("14.04", "KABUPATEN INDRAGIRI HILIR")):
        regency = RegencyFactory(code=code, province=province, name=name)
        district = DistrictFactory(regency=regency, code=f"{code}.01")
        VillageFactory(district=district, code=f"{code}.01.2001")
    call_command(
        "import_instrument", "wistara/instruments/data/instrumen-kks-2025.xlsx", code="KKS-2025", verbosity=0
    )


def test_the_demo_gives_kampar_a_dossier_and_riau_its_documents_once(riau):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    assert GeneralData.objects.get(regency__code="14.01").forum_name == "Forum Kampar Sehat"
    keys = sorted(n.key for n in Narrative.objects.filter(registration__regency__code="14.01"))
    assert keys == ["T1", "T4", "gambaran-umum"]
    assert Funding.objects.filter(registration__regency__code="14.01").count() == 6
    riau_set = ProvincialDossier.objects.get(province__code="14")
    assert riau_set.status == "submitted" and riau_set.documents.count() == 3
