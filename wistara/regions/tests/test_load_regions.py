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


def _files(
    folder,
    *,
    provinces="code,name\n11,ACEH\n",
    regencies="code,province_code,name\n11.01,11,KABUPATEN SIMEULUE\n11.71,11,KOTA BANDA ACEH\n",
    districts="code,regency_code,name\n11.01.01,11.01,TEUPAH SELATAN\n",
    villages="code,district_code,name\n11.01.01.2001,11.01.01,Latiung\n11.01.01.1001,11.01.01,Kota\n",
):
    for name, text in (
        ("provinces", provinces),
        ("regencies", regencies),
        ("districts", districts),
        ("villages", villages),
    ):
        (folder / f"{name}.csv").write_text(text)
    return folder


def test_it_counts_what_it_created_and_updated_per_level_and_a_second_run_writes_nothing(tmp_path):
    from wistara.regions.services import regions_load

    first = regions_load(data_dir=_files(tmp_path))
    assert {level: (r.created, r.updated, r.total) for level, r in first.items()} == {
        "provinces": (1, 0, 1),
        "regencies": (2, 0, 2),
        "districts": (1, 0, 1),
        "villages": (2, 0, 2),
    }
    assert dict(Regency.objects.values_list("code", "kind")) == {"11.01": "kabupaten", "11.71": "kota"}
    again = regions_load(data_dir=tmp_path)
    assert {level: (r.created, r.updated, r.total) for level, r in again.items()} == {
        "provinces": (0, 0, 1),
        "regencies": (0, 0, 2),
        "districts": (0, 0, 1),
        "villages": (0, 0, 2),
    }


BAD = [  # the messages as a user reads them (tests run in Indonesian)
    (
        "villages",
        "code,district_code,name\n11.01.01.2001,11.01.01,Latiung\n11.01.01.2002,11.01.01,\n",
        "villages baris 3: tidak ada name.",
    ),
    (
        "villages",
        "code,district_code,name\n11.01.01.2001,11.01.01,Latiung\n11.01.01.2001,11.01.01,Lagi\n",
        "villages baris 3: kode 11.01.01.2001 muncul dua kali.",
    ),
    (
        "villages",
        "code,district_code,name\n11.01.01.2001,11.01.09,Latiung\n",
        "villages baris 2: 11.01.01.2001 tidak termasuk district_code yang dikenal (11.01.09).",
    ),
    (
        "districts",
        "code,regency_code,name\n11.02.01,11.01,SALAH INDUK\n",
        "districts baris 2: 11.02.01 tidak termasuk regency_code yang dikenal (11.01).",
    ),
    (
        "regencies",
        "code,province_code,name\n1101,11,KABUPATEN SIMEULUE\n",
        "regencies baris 2: “1101” bukan kode tingkat ini.",
    ),
    ("provinces", "kode,nama\n11,ACEH\n", "provinces baris 2: tidak ada code, name."),
    ("provinces", "code,name\n", "provinces tidak berisi baris."),
]


@pytest.mark.parametrize(("name", "text", "problem"), BAD)
def test_a_bad_file_is_refused_whole_and_says_where(tmp_path, name, text, problem):
    from wistara.common.errors import Invalid
    from wistara.regions.services import regions_load

    with pytest.raises(Invalid) as refused:
        regions_load(data_dir=_files(tmp_path, **{name: text}))
    assert problem in refused.value.messages
    # Refused whole: not even the levels read before the bad file were kept.
    assert (
        Province.objects.count(),
        Regency.objects.count(),
        District.objects.count(),
        Village.objects.count(),
    ) == (0, 0, 0, 0)


def test_a_bad_file_keeps_the_regions_already_loaded_as_they_were(tmp_path):
    from wistara.common.errors import Invalid
    from wistara.regions.services import regions_load

    regions_load(data_dir=_files(tmp_path))
    with pytest.raises(Invalid):
        regions_load(
            data_dir=_files(
                tmp_path,
                provinces="code,name\n11,NANGGROE ACEH\n",
                villages="code,district_code,name\nrusak,11.01.01,X\n",
            )
        )
    assert Province.objects.get().name == "ACEH" and Village.objects.count() == 2


def test_the_command_refuses_a_bad_list_with_its_problems(tmp_path, monkeypatch):
    from functools import partial

    from django.core.management.base import CommandError

    from wistara.regions.management.commands import load_regions
    from wistara.regions.services import regions_load

    folder = _files(tmp_path, provinces="code,name\n1,ACEH\n")
    monkeypatch.setattr(load_regions, "regions_load", partial(regions_load, data_dir=folder))
    with pytest.raises(CommandError, match="provinces baris 2"):
        call_command("load_regions")
