import json
import shutil
import subprocess
import zipfile
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command

from wistara.instruments.importer.text import clean_block, slash_spacing
from wistara.interchange.exports import answer_headers
from wistara.interchange.testing import workbook_2023

from .conftest import WORKBOOK

pytestmark = pytest.mark.django_db


def _export(registration, path):
    call_command(
        "export_workbook",
        str(path),
        regency=registration.regency.code,
        cycle=registration.cycle.code,
        stdout=StringIO(),
    )
    return openpyxl.load_workbook(path)


def _same(a, b) -> bool:
    if isinstance(a, int | float) or isinstance(b, int | float):
        try:
            return float(a) == float(b)
        except (TypeError, ValueError):
            return False
    # Spacing as the instrument importer stores it (runs of spaces, "Desa/ Kelurahan").
    return slash_spacing(clean_block(a)) == slash_spacing(clean_block(b))


def test_the_export_has_the_instrument_workbooks_layout_cell_by_cell(registration, tmp_path):
    official = openpyxl.load_workbook(WORKBOOK)
    ours = _export(registration, tmp_path / "out.xlsx")
    assert ours.sheetnames == official.sheetnames
    for name in official.sheetnames:
        theirs, mine = official[name], ours[name]
        width = 7 if name == "Kelembagaan" else 6
        rows = [r for r in theirs.iter_rows(min_row=1, max_col=width, values_only=True)]
        while rows and all(v is None or not str(v).strip() for v in rows[-1]):
            rows.pop()
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                got = mine.cell(row_number, column).value
                if row_number == 3 and column == 1:
                    continue  # the regency's name, in a row the instrument leaves empty
                if value is None or not str(value).strip():
                    assert got in (None, ""), (name, row_number, column, got)
                else:
                    assert _same(value, got), (name, row_number, column, value, got)
        header = [mine.cell(5, c).value for c in range(width + 1, width + 13)]
        assert header == answer_headers([2023, 2024])
        assert [str(mine.cell(6, c).value) for c in range(1, width + 13)] == [
            f"({i})" for i in range(1, width + 13)
        ]
    merged = {str(m) for m in ours["Kelembagaan"].merged_cells.ranges}
    assert {"A7:A10", "B7:B10", "A19:A22"} <= merged


def test_export_then_import_gives_the_same_answers(registration, kks, tmp_path, world):
    source = tmp_path / "2023.xlsx"
    workbook_2023(kks, source, seed=3)
    call_command(
        "import_assessment",
        str(source),
        regency=registration.regency.code,
        cycle=registration.cycle.code,
        stdout=StringIO(),
    )
    item = registration.responses.get(indicator__code="T2.3")
    from wistara.assessments.services import response_update

    response_update(
        response=item,
        user=world.user("regency_coordinator"),
        base_revision=item.revision,
        data={"value_prev": "87,5", "value_curr": "91", "explanation": "Naik", "unit": "%"},
    )
    before = {
        r.indicator.code: (r.option_id, r.value_prev, r.value_curr, r.explanation, r.unit)
        for r in registration.responses.select_related("indicator")
    }
    links_before = sorted(
        registration.responses.values_list("indicator__code", "evidence__url", "evidence__data_year")
    )
    exported = tmp_path / "out.xlsx"
    _export(registration, exported)
    # Into a fresh registration of another regency: every answer and link comes back.
    from wistara.testing.assessments import register

    other = register(world.regency_a2, registration.cycle)
    out = StringIO()
    call_command(
        "import_assessment",
        str(exported),
        regency=other.regency.code,
        cycle=other.cycle.code,
        json=True,
        stdout=out,
    )
    summary = json.loads(out.getvalue())
    assert summary["matched"] == 152 and summary["flagged"] == []
    after = {
        r.indicator.code: (r.option_id, r.value_prev, r.value_curr, r.explanation, r.unit)
        for r in other.responses.select_related("indicator")
    }
    assert after == before
    links_after = sorted(
        other.responses.values_list("indicator__code", "evidence__url", "evidence__data_year")
    )
    assert links_after == links_before


@pytest.mark.skipif(
    not shutil.which("soffice"), reason="needs LibreOffice (apt-get install libreoffice-calc-nogui)"
)
def test_libreoffice_opens_the_export_cleanly(registration, tmp_path):
    _export(registration, tmp_path / "resmi.xlsx")
    profile = tmp_path / "lo-profile"
    result = subprocess.run(  # noqa: S603 - a fixed command on a file we wrote
        [
            shutil.which("soffice"),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "resmi.xlsx"),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    converted = tmp_path / "resmi.ods"
    assert result.returncode == 0 and converted.exists(), result.stderr
    with zipfile.ZipFile(converted) as archive:
        content = archive.read("content.xml").decode()
    assert 'table:name="Kelembagaan"' in content and "NILAI MANDIRI" in content
