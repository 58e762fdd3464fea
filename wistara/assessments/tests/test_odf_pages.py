"""A regency of hundreds of villages: the ODF table comes in pages of whole kecamatan (issue 10)."""

import pytest
from django.utils import timezone

from wistara.assessments.selectors_odf import PAGE_VILLAGES
from wistara.assessments.services.odf import odf_set
from wistara.regions.models import Village
from wistara.testing.assessments import register
from wistara.testing.factories import DistrictFactory, VillageFactory

pytestmark = pytest.mark.django_db
BASE = "/ruang/11.01/TEST-2025/odf/"


@pytest.fixture
def big_regency(world):
    # Three more kecamatan of 90 villages: 272 villages in all, more than one page.
    for number in (2, 3, 4):
        district = DistrictFactory(regency=world.regency_a1, code=f"11.01.0{number}", name=f"KEC {number}")
        Village.objects.bulk_create(
            VillageFactory.build(district=district, code=f"{district.code}.2{i:03d}") for i in range(90)
        )
    return register(world.regency_a1)


def _codes(response) -> list[str]:
    return [row.code for district in response.context["districts"] for row in district.rows]


def test_it_pages_the_villages_by_whole_kecamatan(big_regency, login, world):
    client = login(world.user("regency_coordinator"))
    first = client.get(BASE)
    pages = first.context["pages"]
    assert len(pages) == 2 and all(p.rows <= PAGE_VILLAGES for p in pages)
    assert [d.code for d in first.context["districts"]] == ["11.01.01", "11.01.02", "11.01.03"]
    second = client.get(BASE + "?hal=2")
    assert [d.code for d in second.context["districts"]] == ["11.01.04"]
    assert len(_codes(first)) + len(_codes(second)) == 272
    html = second.content.decode()
    assert 'href="?hal=1"' in html and 'href="?hal=2" aria-current="page"' in html
    # The counts above the table are the regency's, whichever page is shown.
    assert second.context["summary"]["villages"] == 272
    # A page number out of range shows the nearest page; nonsense shows the first.
    assert client.get(BASE + "?hal=99").context["page"].number == 2
    assert client.get(BASE + "?hal=x").context["page"].number == 1


def test_a_filter_pages_what_it_keeps_and_the_pager_keeps_the_filter(big_regency, login, world):
    odf_set(
        registration=big_regency,
        village_code="11.01.04.2001",
        is_odf=True,
        verified_on=timezone.localdate(),
        user=None,
    )
    client = login(world.user("leader"))
    only_odf = client.get(BASE + "?tampil=odf")
    assert _codes(only_odf) == ["11.01.04.2001"] and len(only_odf.context["pages"]) == 1
    not_odf = client.get(BASE + "?tampil=not_odf")
    assert len(not_odf.context["pages"]) == 2
    assert 'href="?tampil=not_odf&amp;hal=2"' in not_odf.content.decode()
