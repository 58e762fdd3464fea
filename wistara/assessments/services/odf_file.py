"""Reading an uploaded ODF file (CSV or xlsx): its header, its rows, and the values in its cells.

Nothing here touches the database: the file is read and checked before any lock is taken.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from wistara.common.containers import check_zip_expansion
from wistara.common.errors import Invalid
from wistara.instruments.importer.text import header_key

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # the largest regencies have about 1,000 desa/kelurahan
MAX_SHEET_ROWS = 5 * MAX_ROWS  # blank rows included: a crafted sheet must not keep us reading
HEADER_SEARCH_ROWS = 20

YES = {
    "odf",
    "ya",
    "y",
    "yes",
    "1",
    "true",
    "benar",
    "sudah",
    "sudah odf",
    "stop babs",
    "sbs",
    "odf stop babs",
    "sudah stop babs",
    "sudah sbs",
}
NO = {
    "tidak",
    "t",
    "tdk",
    "belum",
    "no",
    "n",
    "0",
    "false",
    "salah",
    "bukan",
    "tidak odf",
    "belum odf",
    "belum stop babs",
    "belum sbs",
    "tidak sbs",
    "bab sembarangan",
    "babs",
}
MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s\-/.]+([a-z]+)[\s\-/.]+(\d{4})$")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


# --- Errors ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OdfRowError:
    row: int | None  # None: the file as a whole
    message: str


class OdfImportError(Invalid):  # the common refusal (issue 15)
    """The upload was refused; `errors` lists every problem, by row. Nothing was written."""

    def __init__(self, errors: list[OdfRowError]):
        self.errors = sorted(errors, key=lambda e: e.row or 0)
        super().__init__([_row_text(e) for e in self.errors], code="odf_import")


def _row_text(error: OdfRowError) -> str:
    if error.row is None:
        return error.message
    return _("Row %(row)s: %(problem)s") % {"row": error.row, "problem": error.message}


# --- Reading a file --------------------------------------------------------------------------------


@dataclass
class OdfTable:
    columns: dict[str, int]  # code / status / date -> column index
    rows: list[tuple[int, tuple]]  # (row number as the spreadsheet shows it, cells)
    # When Wistara's own template was downloaded (its first row says so), else None: an import
    # then says which villages changed since, before overwriting them (issue 10).
    downloaded_at: datetime | None = None


# The template's first row ends with this mark; Excel keeps it when the file is saved again.
STAMP = re.compile(r"\[wistara-odf (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z))\]")


def template_stamp(downloaded_at: datetime) -> str:
    return f"[wistara-odf {downloaded_at.isoformat()}]"


def _stamp_in(cells: Sequence) -> datetime | None:
    for cell in cells:
        found = STAMP.search(str(cell)) if cell is not None else None
        if found:
            try:
                stamp = datetime.fromisoformat(found.group(1).replace("Z", "+00:00"))
            except ValueError:
                return None
            return stamp if stamp.tzinfo else None
    return None


def _file_error(message: str) -> OdfImportError:
    return OdfImportError([OdfRowError(None, message)])


def _column_kind(cell: object) -> str | None:
    key = header_key(cell)
    words = key.split()
    if not words:
        return None
    if words[0] in ("tanggal", "tgl") or "date" in words or key == "verified on":
        return "date"
    if words[0] in ("kode", "code") and not {"kecamatan", "kabupaten", "kota", "provinsi"} & set(words):
        return "code"
    if words[0] == "status" or "odf" in words or "sbs" in words or "stop babs" in key:
        return "status"
    return None


def _header_columns(cells: Iterable) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        kind = _column_kind(cell)
        if kind and kind not in columns:
            columns[kind] = index
    return columns


def _is_blank(cells: Sequence) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _table(rows: Iterable[Sequence]) -> OdfTable | None:
    """The rows below the first row that names a code and a status column; None if there is none."""
    columns: dict[str, int] | None = None
    body: list[tuple[int, tuple]] = []
    stamp = None
    for number, cells in enumerate(rows, start=1):
        if number > MAX_SHEET_ROWS:
            raise _file_error(_("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})
        if columns is None:
            found = _header_columns(cells)
            stamp = stamp or _stamp_in(cells)
            if "code" in found and "status" in found:
                columns = found
                _require_date_column(columns, number)
            elif number >= HEADER_SEARCH_ROWS:
                return None
        elif not _is_blank(cells):
            body.append((number, tuple(cells)))
            if len(body) > MAX_ROWS:
                raise _file_error(_("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})
    return OdfTable(columns, body, stamp) if columns is not None else None


def _require_date_column(columns: dict[str, int], header_row: int) -> None:
    if "date" not in columns:
        raise _file_error(
            _(
                "The header (row %(row)s) has no column for the verification date: add one named "
                "“Tanggal Verifikasi”."
            )
            % {"row": header_row}
        )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Excel saves "CSV (comma delimited)" in Windows-1252; codes and statuses are ASCII.
        return data.decode("latin-1")


def _read_csv(data: bytes) -> OdfTable | None:
    text = _decode(data)
    for delimiter in (";", ",", "\t"):
        table = _table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        if table is not None:
            return table
    return None


def _unreadable_workbook() -> OdfImportError:
    return _file_error(_("This workbook cannot be opened: save it again as .xlsx or .csv."))


def _refuse_zip_bomb(data: bytes) -> None:
    """An xlsx is a zip: read its directory (nothing is unpacked) before openpyxl inflates it."""
    try:
        check_zip_expansion(io.BytesIO(data))
    except ValidationError as exc:
        if exc.code == "zip_bomb":
            raise _file_error(" ".join(exc.messages)) from None
        raise _unreadable_workbook() from None


def _read_xlsx(data: bytes) -> OdfTable | None:
    _refuse_zip_bomb(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError):
        raise _unreadable_workbook() from None
    try:
        for sheet in workbook.worksheets:
            table = _table(sheet.iter_rows(min_row=1, values_only=True))
            if table is not None:
                return table
        return None
    finally:
        workbook.close()


def read_odf_file(uploaded_file) -> OdfTable:
    """The header's columns and the data rows of an uploaded CSV or xlsx file."""
    size = getattr(uploaded_file, "size", None)
    oversize = size is not None and size > MAX_UPLOAD_BYTES
    data = b"" if oversize else uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if oversize or len(data) > MAX_UPLOAD_BYTES:
        raise _file_error(
            _("The file is too large: the limit is %(limit)s MB.")
            % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise _file_error(_("The file is empty."))
    table = _read_xlsx(data) if data[:4] == b"PK\x03\x04" else _read_csv(data)
    if table is None:
        raise _file_error(
            _(
                "No header row found: the file needs a column for the village code, one for the ODF "
                "status and one for the verification date (e.g. “Kode Desa”, “Status ODF”, "
                "“Tanggal Verifikasi”)."
            )
        )
    if not table.rows:
        raise _file_error(_("The file has no village rows below its header."))
    return table


# --- Reading values --------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\xa0", " ").split()) if value is not None else ""


def parse_code(value: object) -> str:
    """'11.01.01.2001' as written, or from the ten digits '1101012001'."""
    code = cell_text(value).replace(" ", "")
    if code.isdigit() and len(code) == 10:
        return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    return code


def parse_status(value: object) -> bool | None:
    """True, False, or None when the value is not understood."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value) if value in (0, 1) else None
    key = header_key(value)
    if key in YES:
        return True
    if key in NO:
        return False
    return {"1 0": True, "0 0": False}.get(key)


def parse_date(value: object) -> date | None:
    """A date from a date cell, an Excel day number or text; None when not understood."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_day(value)
    text = _TIME.sub("", cell_text(value).lower())
    if text.isdigit() and len(text) == 5:
        return _excel_day(int(text))
    return _date_from_text(text)


def _excel_day(number: float) -> date | None:
    if not 1 <= number < 2_958_466:
        return None
    return from_excel(number).date()


def _date_from_text(text: str) -> date | None:
    parts = None
    if match := _DMY.match(text):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := _YMD.match(text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif (match := _D_MONTH_Y.match(text)) and match[2] in MONTHS:
        parts = (int(match[3]), MONTHS[match[2]], int(match[1]))
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None
