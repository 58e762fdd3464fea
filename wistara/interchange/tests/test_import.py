import json
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from wistara.assessments.models import Response
from wistara.evidence.models import Evidence
from wistara.interchange.models import PastScore
from wistara.interchange.services_import import ImportRefused, import_apply, import_read
from wistara.interchange.testing import workbook_2023

pytestmark = pytest.mark.django_db


def _run(path, registration, **options) -> dict:
    out = StringIO()
    call_command(
        "import_assessment",
        str(path),
        regency=registration.regency.code,
        cycle=registration.cycle.code,
        json=True,
        stdout=out,
        **options,
    )
    return json.loads(out.getvalue())


def _answers(registration) -> dict:
    return {r.indicator.code: r.points for r in registration.responses.select_related("indicator")}


def test_it_imports_a_clean_2023_workbook_as_drafts_with_links_and_history(registration, kks, tmp_path):
    path = tmp_path / "2023.xlsx"
    expected = workbook_2023(kks, path)
    summary = _run(path, registration)
    assert summary["ok"] and summary["indicators"] == 152 and summary["matched"] == 152
    assert summary["answers"] == 152 and summary["links"] == 152 and summary["history"] == 152
    assert [s["items"] for s in summary["sheets"]] == [29, 22, 11, 13, 11, 12, 11, 14, 13, 16] or sum(
        s["items"] for s in summary["sheets"]
    ) == 152
    assert _answers(registration) == {code: e[0] for code, e in expected.items()}
    item = registration.responses.get(indicator__code="T5.1")
    assert item.status == Response.Status.DRAFT
    assert item.provincial_points is None and item.national_points is None  # history, not verification
    past = PastScore.objects.get(response=item)
    assert (past.provincial_points, past.provincial_note) == (expected["T5.1"][2], "Catatan provinsi T5.1")
    link = Evidence.objects.get(response=item)
    assert link.url == "https://drive.google.com/file/d/FILET5x1abcdef/view" and link.data_year == 2024


def test_it_imports_a_messy_workbook_and_normalises_drive_links(registration, kks, tmp_path):
    path = tmp_path / "berantakan.xlsx"
    expected = workbook_2023(kks, path, messy=True, seed=7)
    summary = _run(path, registration, data_year=2023)
    assert summary["matched"] + summary["probable"] >= 0.85 * 152
    assert summary["skipped"] == [
        {"name": "REKAP", "why": "tidak ada baris judul kolom dengan NO dan INDIKATOR"}
    ]
    assert _answers(registration) == {code: e[0] for code, e in expected.items()}
    urls = set(Evidence.objects.filter(response__registration=registration).values_list("url", "data_year"))
    assert ("https://drive.google.com/drive/folders/FILET1x1abcdef", 2023) in urls or any(
        u.startswith("https://drive.google.com/") for u, _y in urls
    )
    for url, year in urls:
        assert url.startswith(("https://drive.google.com/file/d/", "https://drive.google.com/drive/folders/"))
        assert "usp=" not in url and "open?id" not in url
        assert year in (2023, 2024)
    # "2024: https://..." in a cell keeps its own year; the rest take the year asked for.
    assert {year for _u, year in urls} <= {2023, 2024}


def test_it_refuses_a_broken_workbook_whole_with_sheet_and_row(registration, kks, tmp_path):
    path = tmp_path / "rusak.xlsx"
    workbook_2023(kks, path)
    book = openpyxl.load_workbook(path)
    book["TATANAN 2"]["D5"] = "seratus"
    book["TATANAN 7"]["E5"] = "lihat map di kantor"
    book.save(path)
    with pytest.raises(CommandError) as caught:
        _run(path, registration)
    message = str(caught.value)
    assert "Lembar 'TATANAN 2', baris 5" in message
    assert "seratus" in message and "lihat map di kantor" in message
    assert not registration.responses.filter(option__isnull=False).exists()
    assert not Evidence.objects.exists() and not PastScore.objects.exists()


def test_a_problem_found_while_writing_rolls_everything_back(registration, kks, tmp_path, world):
    path = tmp_path / "2023.xlsx"
    workbook_2023(kks, path)
    content = import_read(path=path, registration=registration)
    content["items"][40]["links"] = [["https://ok.go.id/a", None, 9], ["ftp://x/y", None, 10]]
    with pytest.raises(ImportRefused) as caught:
        import_apply(
            registration=registration, content=content, user=world.user("regency_coordinator"), data_year=2024
        )
    assert len(caught.value.problems) == 1 and ", baris 10:" in caught.value.problems[0]
    assert not registration.responses.filter(option__isnull=False).exists()
    assert not Evidence.objects.exists()


def test_the_dry_run_writes_nothing_and_says_what_it_would_create(registration, kks, tmp_path):
    path = tmp_path / "2023.xlsx"
    workbook_2023(kks, path)
    summary = _run(path, registration, dry_run=True)
    assert summary["dry_run"] and summary["answers"] == 152 and summary["links"] == 152
    assert not registration.responses.filter(option__isnull=False).exists()
    assert not Evidence.objects.exists() and not PastScore.objects.exists()


def test_an_old_scale_maps_to_the_nearest_new_option_and_is_flagged(registration, kks, tmp_path):
    path = tmp_path / "skala.xlsx"
    workbook_2023(kks, path, answer=100)
    book = openpyxl.load_workbook(path)
    sheet = book["TATANAN 1"]
    # T1.1's block: indicator on row 5, options a/b/c below; the old scale was 100/60/0, chosen 60.
    sheet["C7"], sheet["D5"] = 60, 60
    book.save(path)
    summary = _run(path, registration)
    assert registration.responses.get(indicator__code="T1.1").points == 50
    assert any("T1.1" in flag and "60" in flag for flag in summary["flagged"])


def test_a_tatanan_whose_title_mentions_kelembagaan_stays_a_tatanan(registration, kks, tmp_path):
    path = tmp_path / "2023.xlsx"
    workbook_2023(kks, path)
    book = openpyxl.load_workbook(path)
    for name in ("TATANAN 5", "TATANAN 9"):
        book[name].title = name.replace("TATANAN ", "Tat ")  # the number only in the title row
        book[name.replace("TATANAN ", "Tat ")]["A2"] = f"TATANAN {name[-1]}: penguatan kelembagaan"
    book.save(path)
    content = import_read(path=path, registration=registration)
    kinds = {s["name"]: (s["kind"], s["number"]) for s in content["sheets"]}
    assert kinds["Tat 5"] == ("tatanan", 5) and kinds["Tat 9"] == ("tatanan", 9)
    assert kinds["KELEMBAGAAN"] == ("kelembagaan", None)
