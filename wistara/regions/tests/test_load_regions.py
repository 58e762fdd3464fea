import pytest
from django.core.management import call_command

from wistara.regions.models import District, Province, Regency, Village

pytestmark = pytest.mark.django_db


def test_it_loads_every_region_once_and_changes_nothing_the_second_time(capsys):
    call_command("load_regions")
    out = capsys.readouterr().out
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert District.objects.count() == 7277
    assert Village.objects.count() == 83763
    assert "villages: 83763 held" in out
    assert Regency.objects.filter(kind="kota").count() == 98
    assert Village.objects.filter(kind="kelurahan").count() == 8498
    pekanbaru = Regency.objects.get(code="14.71")
    assert (pekanbaru.name, pekanbaru.kind, pekanbaru.province.code) == ("KOTA PEKANBARU", "kota", "14")
    assert Village.objects.get(code="11.01.01.2001").name == "Keude Bakongan"
    call_command("load_regions")
    assert "(0 created, 0 updated)" in capsys.readouterr().out


def test_it_corrects_a_changed_name(tmp_path):
    import gzip

    (tmp_path / "provinces.csv").write_text("code,name\n11,ACEH\n")
    (tmp_path / "regencies.csv").write_text("code,province_code,name\n11.01,11,KOTA X\n")
    (tmp_path / "districts.csv").write_text("code,regency_code,name\n11.01.01,11.01,A\n")
    with gzip.open(tmp_path / "villages.csv.gz", "wt") as fh:
        fh.write("code,district_code,name\n11.01.01.1001,11.01.01,Satu\n")
    from wistara.regions.services import regions_load

    regions_load(data_dir=tmp_path)
    (tmp_path / "provinces.csv").write_text("code,name\n11,NANGGROE ACEH\n")
    result = regions_load(data_dir=tmp_path)
    assert result["provinces"].updated == 1 and result["villages"].created == 0
    assert Province.objects.get(code="11").name == "NANGGROE ACEH"
    assert Village.objects.get().kind == "kelurahan"
