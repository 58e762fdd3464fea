"""Shared fixtures: the real 2025 workbook parsed once, and damaged copies made with openpyxl."""

import copy
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from wistara.instruments.importer import load_award_rules, parse_workbook

WORKBOOK = Path(__file__).resolve().parent.parent / "data" / "instrumen-kks-2025.xlsx"

EditWorkbook = Callable[[Workbook], None]
MakeCopy = Callable[[EditWorkbook], Path]


@pytest.fixture(scope="session")
def parsed_kks() -> dict:
    """The real workbook parsed once for the whole run; copy it before changing it."""
    return parse_workbook(WORKBOOK)


@pytest.fixture
def kks_data(parsed_kks: dict) -> dict:
    """A complete instrument dict (YAML shape) for KKS-2025, safe to change."""
    data = copy.deepcopy(parsed_kks)
    return {
        "code": "KKS-2025",
        "name": data["name"],
        "award_year": 2025,
        "data_years": [2023, 2024],
        "award_rules": load_award_rules(),
        "sections": data["sections"],
    }


def _last_used_row(worksheet: Worksheet) -> int:
    last = 1
    for row in worksheet.iter_rows():
        if any(cell.value not in (None, "") for cell in row):
            last = row[0].row
    return last


@pytest.fixture(scope="session")
def trimmed_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real workbook without its ~1000 empty rows per sheet: same content, quicker to copy."""
    workbook = openpyxl.load_workbook(WORKBOOK)
    for worksheet in workbook.worksheets:
        last = _last_used_row(worksheet)
        worksheet.delete_rows(last + 1, worksheet.max_row)
    path = tmp_path_factory.mktemp("workbook") / "instrumen-kks-2025.xlsx"
    workbook.save(path)
    return path


@pytest.fixture
def workbook_copy(trimmed_workbook: Path, tmp_path: Path) -> MakeCopy:
    """make(edit) -> path of a copy of the workbook changed by edit(workbook)."""
    counter = iter(range(1000))

    def make(edit: EditWorkbook) -> Path:
        workbook = openpyxl.load_workbook(trimmed_workbook)
        edit(workbook)
        path = tmp_path / f"copy-{next(counter)}.xlsx"
        workbook.save(path)
        return path

    return make


def unmerge_all(worksheet: Worksheet) -> list[str]:
    """Unmerge every range (only top-left values remain) and return the ranges."""
    ranges = [merged.coord for merged in worksheet.merged_cells.ranges]
    for coord in ranges:
        worksheet.unmerge_cells(coord)
    return ranges


def insert_column(worksheet: Worksheet, index: int) -> None:
    """insert_cols that also moves merged ranges (openpyxl leaves them in place)."""
    ranges = unmerge_all(worksheet)
    worksheet.insert_cols(index)
    for coord in ranges:
        merged = openpyxl.worksheet.cell_range.CellRange(coord)
        if merged.min_col >= index:
            merged.shift(col_shift=1)
        worksheet.merge_cells(merged.coord)
