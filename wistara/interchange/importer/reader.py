"""Read a regency's filled workbook (2023 or 2025 layout) into plain items, whatever its mess.

Both layouts are read by one walker: below a header row found by its words (typos, stray spaces
and extra columns tolerated), a row with an indicator number starts a block and the rows after
it (the 2023 layout's lettered options "a. ... 100", blank rows, merged cells repeating the
number) belong to it. The score, the links, the provincial score and note may sit on any row of
the block. Options come from the lettered rows (2023) or from the scale text (2025).

Nothing is written here; every problem is collected with its sheet and row and raised together.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from pathlib import Path

import openpyxl
from django.utils.translation import gettext as _

from wistara.instruments.importer.scale import ScaleError, parse_scale
from wistara.instruments.importer.sheet import read_grid, whole_number
from wistara.instruments.importer.text import clean_block, clean_line, header_key

from .. import links

HEADER_SEARCH_ROWS = 30
_LETTER = re.compile(r"^\s*([a-hA-H])\s*[.)]?(?:\s+|$)")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_TATANAN = re.compile(r"\btatanan\s*(?:ke\s*)?-?\s*(\d{1,2})\b", re.IGNORECASE)
_MARKS = {"v", "x", "√", "✓", "✔", "ya"}
_POINTS_IN_TEXT = re.compile(r"(?:nilai|skor|poin)\s*[:=]?\s*(\d{1,3})\b|\((\d{1,3})\)\s*$", re.IGNORECASE)


class WorkbookProblems(ValueError):
    """The workbook cannot be imported as it is; `problems` lists every one with sheet and row."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class OldOption:
    position: int
    points: int | None
    text: str


@dataclass
class OldItem:
    sheet: str
    row: int
    number: int
    name: str
    component: str = ""
    options: list[OldOption] = field(default_factory=list)
    points: int | None = None
    option_position: int | None = None  # a letter or a PILIHAN column
    values: dict[int | str, str] = field(default_factory=dict)  # year (or "1"/"2") -> text
    unit: str = ""
    explanation: str = ""
    links: list[tuple[str, int | None, int]] = field(default_factory=list)  # url, year, row
    provincial_points: int | None = None
    provincial_note: str = ""
    national_points: int | None = None
    national_note: str = ""

    @property
    def answered(self) -> bool:
        return self.points is not None or self.option_position is not None


@dataclass
class OldSheet:
    name: str
    kind: str  # tatanan | kelembagaan
    number: int | None  # the tatanan's number when written
    titles: list[str]
    items: list[OldItem] = field(default_factory=list)


@dataclass
class OldWorkbook:
    name: str
    sheets: list[OldSheet]
    skipped: list[tuple[str, str]]  # sheet, why


# --- Header ----------------------------------------------------------------------------------------


def _fuzzy(word: str, keyword: str) -> bool:
    if word == keyword:
        return True
    if min(len(word), len(keyword)) < 5:
        return False
    return SequenceMatcher(None, word, keyword).ratio() >= 0.8


def _has(words: list[str], *keywords: str) -> bool:
    return any(_fuzzy(w, k) for w in words for k in keywords)


def column_of(value: object) -> tuple[str, int | None] | None:
    """(which column a header cell names, the year it names or None)."""
    text = header_key(value)
    if not text:
        return None
    year = _YEAR.search(text)
    year_value = int(year.group(0)) if year else None
    words = text.split()
    if text in ("no", "nomor", "no urut"):
        return "number", None
    provincial = _has(words, "provinsi", "prov")
    national = _has(words, "pusat", "nasional")
    if _has(words, "catatan"):
        return ("provincial_note" if provincial else "national_note" if national else "explanation"), None
    if _has(words, "link", "tautan", "url"):
        return "link", year_value
    if _has(words, "nilai", "skor") and not _has(words, "skala", "kategori"):
        if provincial:
            return "provincial_points", None
        if national:
            return "national_points", None
        return "points", None
    if _has(words, "self", "assesment", "assessment", "mandiri"):
        return "points", None
    if _has(words, "pilihan"):
        return "option", None
    if _has(words, "capaian"):
        return "value", year_value
    if _has(words, "penjelasan", "keterangan"):
        return "explanation", None
    if _has(words, "satuan"):
        return "unit", None
    if _has(words, "skala", "kategori"):
        return "scale", None
    if _has(words, "definisi"):
        return "definition", None
    if _has(words, "komponen"):
        return "component", None
    if _has(words, "indikator", "tatanan"):
        return "name", None
    return None


@dataclass
class Header:
    row: int
    columns: dict[str, int] = field(default_factory=dict)
    # value and link columns: (column, year or None), in order
    values: list[tuple[int, int | None]] = field(default_factory=list)
    links: list[tuple[int, int | None]] = field(default_factory=list)


def _header_at(row_values: list[object], row: int) -> Header:
    header = Header(row)
    for column, value in enumerate(row_values, start=1):
        found = column_of(value)
        if found is None:
            continue
        key, year = found
        if key == "value":
            header.values.append((column, year))
        elif key == "link":
            header.links.append((column, year))
        else:
            header.columns.setdefault(key, column)
    return header


def find_header(rows: list[list[object]]) -> Header | None:
    for row in range(1, min(len(rows), HEADER_SEARCH_ROWS) + 1):
        header = _header_at(rows[row - 1], row)
        if "name" in header.columns and ({"number", "scale", "points"} & header.columns.keys()):
            return header
    return None


# --- Sheet kind ------------------------------------------------------------------------------------


def _sheet_kind(sheet: str, titles: list[str], header: Header) -> tuple[str, int | None] | None:
    """("tatanan", number or None) or ("kelembagaan", None) or None for another sheet.

    A tatanan number in the sheet name or the title rows wins; "kelembagaan" counts only as the
    sheet's name, a title line of its own or a KOMPONEN column: tatanan 5 and 9 mention the word
    in their text, which is how the instrument importer came to call them kelembagaan.
    """
    for text in (sheet, *titles):
        match = _TATANAN.search(text)
        if match:
            return "tatanan", int(match.group(1))
    if (
        "kelembagaan" in header_key(sheet)
        or "component" in header.columns
        or any(header_key(t).startswith("kelembagaan") for t in titles)
    ):
        return "kelembagaan", None
    if any("tatanan" in header_key(t) for t in (sheet, *titles)):
        return "tatanan", None
    return None


# --- Values ----------------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and clean_line(value) in ("", "-", "–"))


def _points(value: object) -> int | None:
    """100, '100', '100.0', ' 75 ' -> points; raise ValueError for anything else."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        if float(value).is_integer() and 0 <= value <= 100:
            return int(value)
        raise ValueError
    text = clean_line(value).replace(",", ".").rstrip("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if number != number.to_integral_value() or not 0 <= number <= 100:
        raise ValueError
    return int(number)


def _letter(value: object) -> int | None:
    """'a', 'B.', 'c)' -> 1, 2, 3."""
    match = re.fullmatch(r"\s*([a-hA-H])\s*[.)]?\s*", str(value or ""))
    return ord(match.group(1).lower()) - 96 if match else None


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_block(value) if not _blank(value) else ""


class _Reader:
    def __init__(
        self, sheet: str, rows: list[list[object]], formulas, header: Header, problems: list[str]
    ) -> None:
        self.sheet, self.rows, self.formulas, self.header = sheet, rows, formulas, header
        self.problems = problems

    def where(self, row: int) -> str:
        return _("Sheet '%(sheet)s', row %(row)s") % {"sheet": self.sheet, "row": row}

    def cell(self, row: int, key: str) -> object:
        column = self.header.columns.get(key)
        return self.at(row, column) if column else None

    def at(self, row: int, column: int) -> object:
        values = self.rows[row - 1]
        return values[column - 1] if column <= len(values) else None

    def items(self) -> list[OldItem]:
        items: list[OldItem] = []
        current: OldItem | None = None
        seen_values: dict[tuple[int, str], object] = {}
        for row in range(self.header.row + 1, len(self.rows) + 1):
            number = whole_number(self.cell(row, "number"))
            name = clean_line(self.cell(row, "name"))
            letter = _LETTER.match(str(self.cell(row, "number") or "")) or _LETTER.match(name)
            option_row = None
            if current is not None and letter and (number is None or number == current.number):
                option_row = self._option(current, row, name, letter)
            elif (
                number is not None
                and name
                and (current is None or number != current.number or name != current.name)
            ):
                current = OldItem(
                    self.sheet, row, number, name, component=clean_line(self.cell(row, "component"))
                )
                items.append(current)
                self._scale(current, row)
            if current is not None:
                self._answers(current, row, seen_values, option_row)
        return items

    def _scale(self, item: OldItem, row: int) -> None:
        scale = self.cell(row, "scale")
        if isinstance(scale, str) and re.search(r"nilai|skor", scale, re.IGNORECASE):
            try:
                item.options = [
                    OldOption(i, o.points, o.description) for i, o in enumerate(parse_scale(scale), start=1)
                ]
            except ScaleError:
                item.options = []

    def _option(self, item: OldItem, row: int, name: str, letter: re.Match) -> int:
        position = ord(letter.group(1).lower()) - 96
        text = _LETTER.sub("", name, count=1) if _LETTER.match(name) else name
        raw = self.cell(row, "scale")
        points = None
        if not _blank(raw):
            try:
                points = _points(raw)
            except ValueError:
                found = _POINTS_IN_TEXT.search(str(raw))
                points = int(found.group(1) or found.group(2)) if found else None
        if points is None:
            found = _POINTS_IN_TEXT.search(text)
            points = int(found.group(1) or found.group(2)) if found else None
        if points is None:
            self.problems.append(
                _("%(where)s: option %(letter)s has no points in the scale column.")
                % {"where": self.where(row), "letter": letter.group(1)}
            )
        item.options = [o for o in item.options if o.position != position]
        item.options.append(OldOption(position, points, text))
        return position

    def _once(self, item: OldItem, row: int, key: str, value: object, seen: dict) -> bool:
        """True the first time a value is met in a block; a second, different value is a problem
        (a merged cell repeats the same value on every row: not a problem)."""
        token = (item.row, key)
        if token in seen:
            if seen[token] != value:
                self.problems.append(
                    _(
                        "%(where)s: a second, different value in the column "
                        "“%(column)s” of the indicator on row %(first)s."
                    )
                    % {"where": self.where(row), "column": key, "first": item.row}
                )
            return False
        seen[token] = value
        return True

    def _answers(self, item: OldItem, row: int, seen: dict, option_row: int | None) -> None:
        raw = self.cell(row, "points")
        if not _blank(raw) and self._once(item, row, "points", raw, seen):
            letter = _letter(raw)
            if option_row is not None and clean_line(raw).lower() in _MARKS:
                item.option_position = option_row  # the chosen option's row is ticked
            elif letter is not None:
                item.option_position = letter
            else:
                try:
                    item.points = _points(raw)
                except ValueError:
                    self.problems.append(
                        _(
                            "%(where)s: the score “%(value)s” is neither points "
                            "(0 to 100) nor an option letter."
                        )
                        % {"where": self.where(row), "value": clean_line(raw)}
                    )
        option = self.cell(row, "option")
        if not _blank(option) and self._once(item, row, "option", option, seen):
            position = whole_number(option) or _letter(option)
            if position is None:
                self.problems.append(
                    _("%(where)s: the option “%(value)s” is not an option number.")
                    % {"where": self.where(row), "value": clean_line(option)}
                )
            item.option_position = position
        for key, attr in (("provincial_points", "provincial_points"), ("national_points", "national_points")):
            raw = self.cell(row, key)
            if not _blank(raw) and self._once(item, row, key, raw, seen):
                try:
                    setattr(item, attr, _points(raw))
                except ValueError:
                    self.problems.append(
                        _(
                            "%(where)s: the score “%(value)s” is neither points "
                            "(0 to 100) nor an option letter."
                        )
                        % {"where": self.where(row), "value": clean_line(raw)}
                    )
        for key in ("provincial_note", "national_note", "explanation", "unit"):
            text = _text(self.cell(row, key))
            if text and self._once(item, row, key, text, seen):
                setattr(item, key, text)
        for index, (column, year) in enumerate(self.header.values):
            text = _text(self.at(row, column))
            if text and self._once(item, row, f"value{column}", text, seen):
                item.values[year or str(index + 1)] = text
        for column, year in self.header.links:
            self._links(item, row, column, year, seen)

    def _links(self, item: OldItem, row: int, column: int, year: int | None, seen: dict) -> None:
        value = self.at(row, column)
        found = links.extract(value)
        formula = self.formulas(row, column)
        target = links.hyperlink_formula_target(formula[0]) or formula[1]
        if target:
            found += [(u, y) for u, y in links.extract(target) if u not in [f for f, _ in found]]
        if not found and not _blank(value) and not str(value).startswith("="):
            self.problems.append(
                _("%(where)s: “%(value)s” in the link column is not a web address.")
                % {"where": self.where(row), "value": clean_line(value)[:80]}
            )
        for url, link_year in found:
            if url not in [u for u, _y, _r in item.links]:
                item.links.append((url, link_year or year, row))


# --- Workbook --------------------------------------------------------------------------------------


def _open(path: Path):
    try:
        values = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # zip, xml or openpyxl errors: the file is not a workbook
        raise WorkbookProblems(
            [_("%(name)s: the file cannot be opened as an Excel workbook (.xlsx).") % {"name": path.name}]
        ) from exc
    return values, formulas


def _formula_reader(worksheet):
    def read(row: int, column: int) -> tuple[object, str | None]:
        cell = worksheet.cell(row, column)
        return cell.value, (cell.hyperlink.target if cell.hyperlink is not None else None)

    return read


def read_workbook(path: str | Path, display_name: str | None = None) -> OldWorkbook:
    """Every tatanan and kelembagaan sheet's items; raises WorkbookProblems with every problem."""
    path = Path(path)
    values, formulas = _open(path)
    problems: list[str] = []
    sheets: list[OldSheet] = []
    skipped: list[tuple[str, str]] = []
    for worksheet in values.worksheets:
        grid = read_grid(worksheet)
        header = find_header(grid.rows)
        titles = [
            clean_line(v) for r in grid.rows[: (header.row - 1 if header else 5)] for v in r if clean_line(v)
        ]
        if header is None:
            skipped.append((worksheet.title, _("no header row with NO and INDIKATOR")))
            continue
        kind = _sheet_kind(worksheet.title, titles, header)
        if kind is None:
            skipped.append((worksheet.title, _("neither a tatanan nor the kelembagaan")))
            continue
        if "points" not in header.columns and "option" not in header.columns:
            skipped.append((worksheet.title, _("no score column (NILAI SELF-ASSESMENT)")))
            continue
        reader = _Reader(
            worksheet.title, grid.rows, _formula_reader(formulas[worksheet.title]), header, problems
        )
        sheet = OldSheet(worksheet.title, kind[0], kind[1], titles, reader.items())
        if not sheet.items:
            problems.append(
                _("Sheet '%(sheet)s': no indicator rows below the header on row %(row)s.")
                % {"sheet": worksheet.title, "row": header.row}
            )
        sheets.append(sheet)
    if not sheets and not problems:
        problems.append(
            _("%(name)s: no sheet with indicators and a score column was found.")
            % {"name": display_name or path.name}
        )
    if problems:
        raise WorkbookProblems(problems)
    return OldWorkbook(display_name or path.name, sheets, skipped)
