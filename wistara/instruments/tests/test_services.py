"""Import, replace, freeze and the read selectors, through the services."""

import copy
import hashlib
from decimal import Decimal

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wistara.instruments.importer import load_award_rules
from wistara.instruments.models import AwardCategory, Indicator, InstrumentVersion, ScaleOption
from wistara.instruments.selectors import instrument_summary, instrument_tree
from wistara.instruments.services import (
    instrument_ensure_editable,
    instrument_freeze,
    instrument_import,
    instrument_import_workbook,
    instrument_to_dict,
)

from .conftest import WORKBOOK

pytestmark = pytest.mark.django_db


def _changed(data: dict) -> dict:
    changed = copy.deepcopy(data)
    changed["sections"][0]["indicators"][0]["name"] = "Jumlah Kematian Ibu (revisi)"
    return changed


def test_it_creates_the_whole_instrument(kks_data: dict) -> None:
    version, status = instrument_import(data=kks_data, code="KKS-2025")
    assert status == "created"
    assert (version.sections.count(), Indicator.objects.count()) == (13, 152)
    option = ScaleOption.objects.get(indicator__code="T1.1", position=2)
    assert (option.points, option.description) == (50, "Nilai 50 jika jumlah kematian ibu tetap")
    assert version.kelembagaan_pass_mark == Decimal("60")
    padapa = AwardCategory.objects.get(version=version, code="padapa")
    assert (padapa.min_score, padapa.min_odf_percent) == (Decimal("71"), Decimal("80"))


def test_it_imports_the_real_workbook_with_its_defaults() -> None:
    version, status = instrument_import_workbook(path=WORKBOOK, code="KKS-2025")
    assert status == "created"
    assert (version.award_year, version.data_years) == (2025, [2023, 2024])
    assert version.name == "Instrumen Penilaian Kabupaten/Kota Sehat (KKS) Tahun 2025"
    assert version.source_name == "instrumen-kks-2025.xlsx"
    assert version.source_sha256 == hashlib.sha256(WORKBOOK.read_bytes()).hexdigest()
    assert version.award_categories.count() == 4
    again, status = instrument_import_workbook(path=WORKBOOK, code="KKS-2025")
    assert (again.pk, status) == (version.pk, "unchanged")


def test_it_takes_award_year_data_years_and_rules_from_the_caller(trimmed_workbook, tmp_path) -> None:
    rules = load_award_rules()
    rules["kelembagaan_pass_mark"] = 75
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(rules))
    version, _ = instrument_import_workbook(
        path=trimmed_workbook, code="KKS-2026", award_year=2026, rules_path=path
    )
    assert (version.award_year, version.data_years) == (2026, [2024, 2025])
    assert version.kelembagaan_pass_mark == Decimal("75")
    other, _ = instrument_import_workbook(path=trimmed_workbook, code="KKS-X", data_years=[2022, 2024])
    assert other.data_years == [2022, 2024]


def test_it_leaves_an_identical_version_unchanged(kks_data: dict) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    indicator_ids = set(Indicator.objects.values_list("id", flat=True))
    again, status = instrument_import(data=copy.deepcopy(kks_data), code="KKS-2025")
    assert (again.pk, status) == (version.pk, "unchanged")
    assert set(Indicator.objects.values_list("id", flat=True)) == indicator_ids


def test_it_replaces_the_content_of_an_unfrozen_version(kks_data: dict) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    again, status = instrument_import(data=_changed(kks_data), code="KKS-2025")
    assert (again.pk, status) == (version.pk, "replaced")
    assert Indicator.objects.get(code="T1.1").name == "Jumlah Kematian Ibu (revisi)"
    assert (Indicator.objects.count(), AwardCategory.objects.count()) == (152, 4)
    assert InstrumentVersion.objects.count() == 1


def test_it_refuses_to_change_a_frozen_version(kks_data: dict) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    instrument_freeze(version=version)
    before = instrument_to_dict(version)
    with pytest.raises(ValidationError) as caught:
        instrument_import(data=_changed(kks_data), code="KKS-2025")
    assert "KKS-2025 is used by assessments" in caught.value.messages[0]
    assert "new version code" in caught.value.messages[0]
    assert instrument_to_dict(InstrumentVersion.objects.get()) == before


def test_it_accepts_an_identical_import_of_a_frozen_version(kks_data: dict) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    instrument_freeze(version=version)
    again, status = instrument_import(data=kks_data, code="KKS-2025")
    assert (again.pk, status, again.is_frozen) == (version.pk, "unchanged", True)


def test_it_keeps_the_first_freeze_date(kks_data: dict) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    frozen_at = instrument_freeze(version=version).frozen_at
    assert instrument_freeze(version=version).frozen_at == frozen_at
    with pytest.raises(ValidationError, match="frozen on"):
        instrument_ensure_editable(version=version)


def test_it_summarises_counts_and_option_patterns(kks_data: dict) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    summary = instrument_summary(version)
    assert [(t["code"], t["indicators"]) for t in summary["tatanan"]] == [
        ("T1", 29),
        ("T2", 22),
        ("T3", 11),
        ("T4", 13),
        ("T5", 11),
        ("T6", 12),
        ("T7", 11),
        ("T8", 13),
        ("T9", 14),
    ]
    assert [(k["code"], k["items"]) for k in summary["kelembagaan"]] == [
        ("K1", 4),
        ("K2", 4),
        ("K3", 4),
        ("K4", 4),
    ]
    assert (summary["indicators"], summary["kelembagaan_items"]) == (136, 16)
    assert summary["option_patterns"] == {
        "100/50/0": 101,
        "100/75/50/0": 24,
        "100/75/50/25/0": 8,
        "100/50/25/0": 3,
    }
    assert summary["kelembagaan_option_patterns"] == {"100/0": 8, "100/50/0": 8}


def test_it_loads_the_tree_in_three_queries(kks_data: dict) -> None:
    version, _ = instrument_import(data=kks_data, code="KKS-2025")
    with CaptureQueriesContext(connection) as queries:
        sections = instrument_tree(version)
        points = [o.points for s in sections for i in s.indicators.all() for o in i.options.all()]
    assert len(queries) == 3
    assert [s.code for s in sections][:2] == ["T1", "T2"]
    assert len(points) == ScaleOption.objects.count()
