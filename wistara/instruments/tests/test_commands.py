"""import_instrument, export_instrument and instrument_summary through call_command."""

import json
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from wistara.instruments.models import Indicator, InstrumentVersion
from wistara.instruments.services import instrument_import

from .conftest import MakeCopy

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_imports_a_workbook_and_prints_a_summary(trimmed_workbook: Path) -> None:
    out = _run("import_instrument", str(trimmed_workbook), "--code", "KKS-2025", "--data-years", "2023,2024")
    assert out.strip() == (
        "KKS-2025 created: 9 tatanan with 136 indicators, 4 kelembagaan components with "
        "16 items (award year 2025, data years 2023, 2024)"
    )
    out = _run("import_instrument", str(trimmed_workbook), "--code", "KKS-2025")
    assert out.startswith("KKS-2025 unchanged:")


def test_it_prints_every_error_and_writes_nothing(workbook_copy: MakeCopy) -> None:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook["Tatanan 2 Perkim"]["F12"] = "1. Baik 2. Buruk"
        workbook["Tatanan 4 Pasar"]["B8"] = None

    with pytest.raises(CommandError) as caught:
        _run("import_instrument", str(workbook_copy(edit)), "--code", "KKS-2025")
    message = str(caught.value)
    assert message.startswith("Import failed, nothing was written (2 problem(s)):")
    assert "Sheet 'Tatanan 2 Perkim', row 12, cell F12: no scale option" in message
    assert "Sheet 'Tatanan 4 Pasar', row 8, cell B8: the indicator name is empty" in message
    assert InstrumentVersion.objects.count() == 0


def test_it_exports_yaml_to_stdout_and_to_a_file(kks_data: dict, tmp_path: Path) -> None:
    instrument_import(data=kks_data, code="KKS-2025")
    out = _run("export_instrument", "KKS-2025")
    data = yaml.safe_load(out)
    assert (data["code"], len(data["sections"])) == ("KKS-2025", 13)
    target = tmp_path / "kks.yaml"
    _run("export_instrument", "KKS-2025", "--output", str(target))
    assert target.read_text(encoding="utf-8") == out


def test_it_imports_an_exported_yaml_under_a_new_code(kks_data: dict, tmp_path: Path) -> None:
    instrument_import(data=kks_data, code="KKS-2025")
    target = tmp_path / "kks.yml"
    _run("export_instrument", "KKS-2025", "--output", str(target))
    out = _run("import_instrument", str(target), "--code", "KKS-2025-B")
    assert out.startswith("KKS-2025-B created: 9 tatanan with 136 indicators")
    assert Indicator.objects.filter(section__version__code="KKS-2025-B").count() == 152
    assert _run("import_instrument", str(target)).startswith("KKS-2025 unchanged:")


def test_it_refuses_a_changed_frozen_version(kks_data: dict, tmp_path: Path) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    version.frozen_at = version.created_at
    version.save()
    target = tmp_path / "kks.yaml"
    _run("export_instrument", "KKS-2025", "--output", str(target))
    target.write_text(target.read_text().replace("Jumlah Kematian Ibu", "Kematian Ibu"))
    with pytest.raises(CommandError, match="KKS-2025 is used by assessments"):
        _run("import_instrument", str(target))


def test_it_prints_the_summary_as_json(kks_data: dict) -> None:
    instrument_import(data=kks_data, code="KKS-2025")
    summary = json.loads(_run("instrument_summary", "KKS-2025", "--json"))
    assert summary["code"] == "KKS-2025"
    assert summary["tatanan"][0] == {
        "code": "T1",
        "name": "Kehidupan Masyarakat Sehat Mandiri",
        "indicators": 29,
    }
    assert [t["indicators"] for t in summary["tatanan"]] == [29, 22, 11, 13, 11, 12, 11, 13, 14]
    assert summary["kelembagaan"][2] == {
        "code": "K3",
        "name": "Forum Komunikasi Kecamatan",
        "body": "fkk",
        "items": 4,
    }
    assert (summary["indicators"], summary["kelembagaan_items"]) == (136, 16)
    assert summary["option_patterns"] == {
        "100/50/0": 101,
        "100/75/50/0": 24,
        "100/75/50/25/0": 8,
        "100/50/25/0": 3,
    }


def test_it_prints_the_summary_as_text(kks_data: dict) -> None:
    instrument_import(data=kks_data, code="KKS-2025")
    out = _run("instrument_summary", "KKS-2025")
    assert "Tatanan (136 indicators)" in out
    assert "T9   Penanggulangan Bencana" in out
    assert "Kelembagaan (16 items)" in out
    assert "100/75/50/25/0     8" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export_instrument", "KKS-1999"), "No instrument version with code 'KKS-1999'"),
        (("instrument_summary", "KKS-1999"), "No instrument version with code 'KKS-1999'"),
        (("import_instrument", "/nonexistent/kks.xlsx", "--code", "X"), "No such file"),
    ],
)
def test_it_fails_clearly_on_bad_arguments(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_it_needs_a_code_for_a_workbook_and_a_known_file_type(trimmed_workbook: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--code is required"):
        _run("import_instrument", str(trimmed_workbook))
    other = tmp_path / "kks.csv"
    other.write_text("a,b")
    with pytest.raises(CommandError, match="Unknown file type '.csv'"):
        _run("import_instrument", str(other), "--code", "X")
