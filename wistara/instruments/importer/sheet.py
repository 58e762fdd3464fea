"""One worksheet as a grid of values, and finding its header row and columns by their text.

Columns are never found by position: the header cells are matched by keywords, tolerating case,
stray spaces, punctuation and small typos, so moved, inserted or renamed columns still work.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .text import clean_line, header_key

HEADER_SEARCH_ROWS = 30
_FUZZY_RATIO = 0.8
_FUZZY_MIN_LENGTH = 5

# Checked in this order so that e.g. "DEFINISI OPERASIONAL INDIKATOR" is the definition column.
COLUMN_KEYWORDS: dict[str, tuple[str, ...]] = {
    "scale": ("skala", "kategori", "penilaian"),
    "definition": ("definisi", "operasional"),
    "data_source": ("sumber",),
    "evidence": ("bukti", "dukung"),
    "component": ("komponen",),
    "name": ("indikator",),
}
_NUMBER_HEADERS = {"no", "nomor", "no urut"}
COLUMN_LABELS = {
    "number": "NO",
    "component": "KOMPONEN",
    "name": "INDIKATOR",
    "definition": "DEFINISI OPERASIONAL",
    "data_source": "SUMBER DATA",
    "evidence": "BUKTI DUKUNG",
    "scale": "SKALA/KATEGORI PENILAIAN",
}
_COLUMN_NUMBER = re.compile(r"^\(\s*\d+\s*\)$")


@dataclass
class Grid:
    """Cell values of a sheet; merged ranges carry their top-left value in every cell."""

    sheet: str
    rows: list[list[object]]

    def value(self, row: int, column: int) -> object:
        """1-based like the spreadsheet, None outside the used area."""
        if row > len(self.rows) or column > len(self.rows[row - 1]):
            return None
        return self.rows[row - 1][column - 1]

    def where(self, row: int, column: int | None = None) -> str:
        if column is None:
            return f"Sheet '{self.sheet}', row {row}"
        return f"Sheet '{self.sheet}', row {row}, cell {get_column_letter(column)}{row}"

    def row_texts(self, row: int) -> list[str]:
        return [text for text in (clean_line(v) for v in self.rows[row - 1]) if text]


@dataclass
class Header:
    row: int
    columns: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_grid(worksheet: Worksheet) -> Grid:
    rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
    for merged in worksheet.merged_cells.ranges:
        top_left = worksheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
            for column in range(merged.min_col, min(merged.max_col, len(rows[row - 1])) + 1):
                rows[row - 1][column - 1] = top_left
    # The real sheets carry about a thousand formatted but empty rows.
    while rows and all(_is_blank(value) for value in rows[-1]):
        rows.pop()
    return Grid(sheet=worksheet.title, rows=rows)


def _word_matches(word: str, keyword: str) -> bool:
    if word == keyword:
        return True
    if min(len(word), len(keyword)) < _FUZZY_MIN_LENGTH:
        return False
    return SequenceMatcher(None, word, keyword).ratio() >= _FUZZY_RATIO


def column_key(value: object) -> str | None:
    """Which column a header cell names, or None."""
    text = header_key(value)
    if text in _NUMBER_HEADERS:
        return "number"
    words = text.split()
    for key, keywords in COLUMN_KEYWORDS.items():
        if any(_word_matches(word, keyword) for word in words for keyword in keywords):
            return key
    return None


def _header_at(grid: Grid, row: int) -> Header:
    header = Header(row=row)
    for column, value in enumerate(grid.rows[row - 1], start=1):
        key = column_key(value)
        if key is None:
            continue
        if key in header.columns:
            first = get_column_letter(header.columns[key])
            header.problems.append(
                f"{grid.where(row, column)}: second '{COLUMN_LABELS[key]}' column (first in column {first})"
            )
            continue
        header.columns[key] = column
    return header


def find_header(grid: Grid) -> Header | None:
    """The first row naming the indicator column and the number or scale column."""
    for row in range(1, min(len(grid.rows), HEADER_SEARCH_ROWS) + 1):
        header = _header_at(grid, row)
        if "name" in header.columns and {"number", "scale"} & header.columns.keys():
            return header
    return None


def header_problems(grid: Grid, header: Header, required: tuple[str, ...]) -> list[str]:
    missing = [
        f"{grid.where(header.row)}: no '{COLUMN_LABELS[key]}' column in the header"
        for key in required
        if key not in header.columns
    ]
    return header.problems + missing


def is_blank_row(values: list[object]) -> bool:
    return all(_is_blank(value) for value in values)


def is_column_number_row(values: list[object]) -> bool:
    """The "(1) (2) (3)" row printed under the header."""
    present = [clean_line(value) for value in values if not _is_blank(value)]
    return bool(present) and all(_COLUMN_NUMBER.match(text) for text in present)


def whole_number(value: object) -> int | None:
    """1.0, 1, '1', ' 1. ' -> 1; anything else -> None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and value > 0 else None
    match = re.fullmatch(r"\s*(\d+)\s*\.?\s*", str(value or ""))
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None
