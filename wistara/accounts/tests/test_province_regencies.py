"""The province's regency table counts a regency without offices as 0, not "None" (issue 10)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_regency_without_offices_shows_zero(world, login):
    html = login(world.user("provincial_verifier")).get("/wilayah/provinsi/11/").content.decode()
    assert "KOTA A DUA" in html and ">None<" not in html
    regencies = {
        r.code: r
        for r in login(world.user("provincial_verifier")).get("/wilayah/provinsi/11/").context["regencies"]
    }
    assert regencies["11.71"].n_offices == 0
