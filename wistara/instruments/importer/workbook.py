"""Parse the official Kemenkes KKS workbook into the instrument dict (the YAML shape, see yaml_io).

Sheets are recognised by their title rows ("TATANAN 3: SATUAN PENDIDIKAN", "KELEMBAGAAN") or,
failing that, by their name ("Tatanan 3  Pendidikan"); their order in the file does not matter
and other sheets are ignored. Every problem is collected and raised together; the caller writes
nothing unless the whole workbook parses.
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from .errors import ErrorList, InstrumentImportError
from .sections import parse_kelembagaan, parse_tatanan
from .sheet import HEADER_SEARCH_ROWS, Grid, find_header, header_problems, read_grid
from .text import header_key, title_case

TATANAN_COLUMNS = ("number", "name", "definition", "data_source", "evidence", "scale")
KELEMBAGAAN_COLUMNS = ("number", "component", *TATANAN_COLUMNS[1:])
_TATANAN = re.compile(r"\btatanan\s*(\d+)\s*[:.\-\u2013]?\s*(.*)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@dataclass
class _SheetKind:
    kind: str  # "tatanan" or "kelembagaan"
    number: int = 0
    name: str = ""


def _load(path: Path) -> openpyxl.Workbook:
    # Normal mode, not read_only: read-only worksheets do not expose merged cell ranges.
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError) as exc:
        raise InstrumentImportError([f"{path.name}: cannot open the workbook ({exc})"]) from exc


def _title_texts(grid: Grid, header_row: int | None) -> list[str]:
    last = (header_row - 1) if header_row else min(len(grid.rows), HEADER_SEARCH_ROWS)
    return [text for row in range(1, last + 1) for text in grid.row_texts(row)]


def _kind_from(text: str) -> _SheetKind | None:
    match = _TATANAN.search(text)
    if match:
        return _SheetKind("tatanan", int(match.group(1)), title_case(match.group(2)))
    if "kelembagaan" in header_key(text):
        return _SheetKind("kelembagaan")
    return None


def _identify(grid: Grid, titles: list[str]) -> _SheetKind | None:
    """What a sheet holds, from its title rows first and its (often truncated) name second."""
    from_name = _kind_from(grid.sheet)
    for text in titles:
        kind = _kind_from(text)
        if kind:
            if kind.kind == "tatanan" and not kind.name and from_name:
                kind.name = from_name.name
            return kind
    return from_name


def _workbook_title(titles: list[str]) -> str:
    dated = [text for text in titles if _YEAR.search(text)]
    preferred = [text for text in dated if "instrumen" in text.lower()]
    return (preferred or dated or [""])[0]


def _parse_sheet(grid: Grid, errors: ErrorList) -> tuple[_SheetKind | None, list[dict], list[str]]:
    """(what the sheet holds or None for other sheets, its sections, its title texts)."""
    header = find_header(grid)
    titles = _title_texts(grid, header.row if header else None)
    kind = _identify(grid, titles)
    if kind is None:
        return None, [], titles
    if header is None:
        errors.add(
            f"Sheet '{grid.sheet}': no header row (NO, INDIKATOR, ... SKALA/KATEGORI "
            f"PENILAIAN) found in the first {HEADER_SEARCH_ROWS} rows"
        )
        return kind, [], titles
    required = KELEMBAGAAN_COLUMNS if kind.kind == "kelembagaan" else TATANAN_COLUMNS
    problems = header_problems(grid, header, required)
    for problem in problems:
        errors.add(problem)
    if problems:
        return kind, [], titles
    if kind.kind == "kelembagaan":
        return kind, parse_kelembagaan(grid, header, errors), titles
    if not kind.name:
        errors.add(f"Sheet '{grid.sheet}': no tatanan name in the title rows or sheet name")
    return kind, [parse_tatanan(grid, header, kind.number, kind.name, errors)], titles


def _check_unique(found: list[tuple[str, _SheetKind]], errors: ErrorList) -> None:
    seen: dict[tuple[str, int], str] = {}
    for sheet, kind in found:
        key = (kind.kind, kind.number)
        if key in seen:
            what = f"tatanan {kind.number}" if kind.kind == "tatanan" else "kelembagaan"
            errors.add(f"Sheet '{sheet}' and sheet '{seen[key]}' both hold {what}")
        seen[key] = sheet


def _sorted_sections(sections: list[dict]) -> list[dict]:
    """Tatanan 1..n first, then the kelembagaan components, whatever the sheet order."""
    return sorted(sections, key=lambda s: (s["kind"] != "tatanan", s["number"]))


def _parse_sheets(
    workbook: openpyxl.Workbook, errors: ErrorList
) -> tuple[list[tuple[str, _SheetKind]], list[dict], list[str]]:
    """(sheet name and kind of every instrument sheet, all sections, all title texts)."""
    found: list[tuple[str, _SheetKind]] = []
    sections: list[dict] = []
    titles: list[str] = []
    for worksheet in workbook.worksheets:
        kind, sheet_sections, sheet_titles = _parse_sheet(read_grid(worksheet), errors)
        titles += sheet_titles
        if kind:
            found.append((worksheet.title, kind))
            sections += sheet_sections
    return found, sections, titles


def parse_workbook(path: str | Path) -> dict:
    """{'name', 'award_year', 'sections'}; raises InstrumentImportError listing every problem.

    award_year is None when no title row carries a year.
    """
    path = Path(path)
    errors = ErrorList()
    found, sections, titles = _parse_sheets(_load(path), errors)
    _check_unique(found, errors)
    if not any(kind.kind == "tatanan" for _, kind in found):
        errors.add(f"{path.name}: no tatanan sheet found")
    errors.raise_if_any()
    title = _workbook_title(titles)
    years = _YEAR.findall(title)
    return {
        "name": title_case(title),
        "award_year": int(years[-1]) if years else None,
        "sections": _sorted_sections(sections),
    }
