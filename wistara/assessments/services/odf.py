"""ODF (Stop BABS) status of a regency's desa/kelurahan: one village at a time or a whole file.

An upload is all or nothing: every row is checked first, every problem is reported with its row
number, and nothing is written unless the whole file is good. Villages absent from the file keep
the status they had. ODF data follow the self-assessment deadline like the regency's items.
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
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from wistara.accounts.models import User
from wistara.instruments.importer.text import header_key
from wistara.regions.models import Village

from ..models import Registration, VillageOdf
from .locking import OPEN_STATUSES, deadline_passed, today

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # the largest regencies have about 1,000 desa/kelurahan
MAX_SHEET_ROWS = 5 * MAX_ROWS  # blank rows included: a crafted sheet must not keep us reading
HEADER_SEARCH_ROWS = 20
EARLIEST = date(2000, 1, 1)

YES = {"odf", "ya", "y", "yes", "1", "true", "benar", "sudah", "sudah odf", "stop babs", "sbs",
       "odf stop babs", "sudah stop babs", "sudah sbs"}
NO = {"tidak", "t", "tdk", "belum", "no", "n", "0", "false", "salah", "bukan", "tidak odf",
      "belum odf", "belum stop babs", "belum sbs", "tidak sbs", "bab sembarangan", "babs"}
MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6,
    "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8,
    "agt": 8, "ags": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "october": 10, "okt": 10, "oct": 10, "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s\-/.]+([a-z]+)[\s\-/.]+(\d{4})$")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


# --- Results and errors ----------------------------------------------------------------------------

@dataclass(frozen=True)
class OdfRowError:
    row: int | None  # None: the file as a whole
    message: str


class OdfImportError(ValidationError):
    """The upload was refused; `errors` lists every problem, by row. Nothing was written."""

    def __init__(self, errors: list[OdfRowError]):
        self.errors = sorted(errors, key=lambda e: (e.row or 0))
        super().__init__([_row_text(e) for e in self.errors], code="odf_import")


def _row_text(error: OdfRowError) -> str:
    if error.row is None:
        return error.message
    return _("Row %(row)s: %(problem)s") % {"row": error.row, "problem": error.message}


@dataclass(frozen=True)
class OdfImportResult:
    rows: int  # villages in the file
    changed: int  # whose status or date the file changed
    unchanged: int
    odf: int  # villages the file marks ODF


@dataclass(frozen=True)
class _Row:
    number: int
    village_id: int
    is_odf: bool
    verified_on: date | None


# --- Locking ---------------------------------------------------------------------------------------

def odf_lock_reason(registration: Registration, on: date | None = None) -> str | None:
    """None while ODF data may change, else why not (shown to the user as is)."""
    if registration.status not in OPEN_STATUSES:
        return _("The regency has submitted its self-assessment; ODF data are locked.")
    if deadline_passed(registration, on):
        return _("The self-assessment deadline (%(date)s) has passed; ODF data are locked.") % {
            "date": registration.cycle.self_assessment_deadline.strftime("%d-%m-%Y")}
    return None


def _lock(registration: Registration) -> Registration:
    current = Registration.objects.select_for_update().select_related("cycle").get(pk=registration.pk)
    reason = odf_lock_reason(current)
    if reason:
        raise ValidationError(reason, code="locked")
    return current


def _date_problem(is_odf: bool, verified_on: date | None) -> str | None:
    if is_odf and verified_on is None:
        return _("An ODF village needs its verification date.")
    if verified_on is not None and verified_on > today():
        return _("The verification date %(date)s is in the future.") % {
            "date": verified_on.strftime("%d-%m-%Y")}
    if verified_on is not None and verified_on < EARLIEST:
        return _("The verification date %(date)s is before 2000: check the year.") % {
            "date": verified_on.strftime("%d-%m-%Y")}
    return None


# --- One village -----------------------------------------------------------------------------------

@transaction.atomic
def odf_set(
    *, registration: Registration, village_code: str, is_odf: bool, verified_on: date | None,
    user: User | None,
) -> VillageOdf:
    """Set one village's status; the date is kept only for an ODF village."""
    current = _lock(registration)
    village = Village.objects.filter(code=village_code, district__regency_id=current.regency_id).first()
    if village is None:
        raise ValidationError(_("Village %(code)s is not in this regency.") % {"code": village_code})
    problem = _date_problem(is_odf, verified_on)
    if problem:
        raise ValidationError({"verified_on": problem})
    verified_on = verified_on if is_odf else None
    row = VillageOdf.objects.filter(registration=current, village=village).first()
    if row is not None and (row.is_odf, row.verified_on) == (is_odf, verified_on):
        return row  # leaving a field unchanged is not a change: who and when stay as they were
    row, _created = VillageOdf.objects.update_or_create(
        registration=current, village=village,
        defaults={"is_odf": is_odf, "verified_on": verified_on, "updated_by": user},
    )
    return row


# --- Reading a file --------------------------------------------------------------------------------

@dataclass
class OdfTable:
    columns: dict[str, int]  # code / status / date -> column index
    rows: list[tuple[int, tuple]]  # (row number as the spreadsheet shows it, cells)


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
    for number, cells in enumerate(rows, start=1):
        if number > MAX_SHEET_ROWS:
            raise _file_error(_("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})
        if columns is None:
            found = _header_columns(cells)
            if "code" in found and "status" in found:
                columns = found
                _require_date_column(columns, number)
            elif number >= HEADER_SEARCH_ROWS:
                return None
        elif not _is_blank(cells):
            body.append((number, tuple(cells)))
            if len(body) > MAX_ROWS:
                raise _file_error(_("The file has more than %(limit)s rows.") % {"limit": MAX_ROWS})
    return OdfTable(columns, body) if columns is not None else None


def _require_date_column(columns: dict[str, int], header_row: int) -> None:
    if "date" not in columns:
        raise _file_error(_(
            "The header (row %(row)s) has no column for the verification date: add one named "
            "“Tanggal Verifikasi”.") % {"row": header_row})


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


def _read_xlsx(data: bytes) -> OdfTable | None:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError):
        raise _file_error(_("This workbook cannot be opened: save it again as .xlsx or .csv.")) from None
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
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _file_error(_("The file is too large: the limit is %(limit)s MB.") % {
            "limit": MAX_UPLOAD_BYTES // (1024 * 1024)})
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _file_error(_("The file is too large: the limit is %(limit)s MB.") % {
            "limit": MAX_UPLOAD_BYTES // (1024 * 1024)})
    if not data.strip():
        raise _file_error(_("The file is empty."))
    table = _read_xlsx(data) if data[:4] == b"PK\x03\x04" else _read_csv(data)
    if table is None:
        raise _file_error(_(
            "No header row found: the file needs a column for the village code, one for the ODF "
            "status and one for the verification date (e.g. “Kode Desa”, “Status ODF”, "
            "“Tanggal Verifikasi”)."))
    if not table.rows:
        raise _file_error(_("The file has no village rows below its header."))
    return table


# --- Reading values --------------------------------------------------------------------------------

def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\xa0", " ").split()) if value is not None else ""


def parse_code(value: object) -> str:
    """'11.01.01.2001' as written, or from the ten digits '1101012001'."""
    code = _text(value).replace(" ", "")
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
    text = _TIME.sub("", _text(value).lower())
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


# --- Checking rows ---------------------------------------------------------------------------------

def _cell(cells: tuple, columns: dict[str, int], kind: str) -> object:
    index = columns[kind]
    return cells[index] if index < len(cells) else None


class _Checker:
    """Turns a table's rows into checked rows, collecting every problem with its row number."""

    def __init__(self, registration: Registration) -> None:
        self.villages = dict(Village.objects.filter(district__regency_id=registration.regency_id)
                             .values_list("code", "id"))
        self.seen: dict[str, int] = {}
        self.outside: dict[str, list[int]] = {}  # codes not in this regency -> their rows
        self.errors: list[OdfRowError] = []
        self.rows: list[_Row] = []

    def problem(self, number: int, message: str) -> None:
        self.errors.append(OdfRowError(number, message))

    def check(self, number: int, cells: tuple, columns: dict[str, int]) -> None:
        village_id = self.village(number, parse_code(_cell(cells, columns, "code")))
        is_odf = self.status(number, _cell(cells, columns, "status"))
        verified_on = self.date(number, _cell(cells, columns, "date"))
        if is_odf is not None and verified_on is not False:
            problem = _date_problem(is_odf, verified_on or None)
            if problem:
                self.problem(number, problem)
            elif village_id is not None:
                self.rows.append(_Row(number, village_id, is_odf, verified_on if is_odf else None))

    def village(self, number: int, code: str) -> int | None:
        if not code:
            self.problem(number, _("The village code is empty."))
            return None
        if code in self.seen:
            self.problem(number, _("Village %(code)s is also on row %(row)s.") % {
                "code": code, "row": self.seen[code]})
            return None
        self.seen[code] = number
        if code not in self.villages:
            self.outside.setdefault(code, []).append(number)
            return None
        return self.villages[code]

    def status(self, number: int, value: object) -> bool | None:
        if _text(value) == "" and not isinstance(value, bool):
            self.problem(number, _("The ODF status is empty: write Ya or Tidak."))
            return None
        is_odf = parse_status(value)
        if is_odf is None:
            self.problem(number, _("The ODF status “%(value)s” is not understood: write Ya or Tidak.")
                         % {"value": _text(value)[:40]})
        return is_odf

    def date(self, number: int, value: object):
        """The date, None when the cell is empty, False when it is not understood."""
        if _text(value) == "" and not isinstance(value, date):
            return None
        verified_on = parse_date(value)
        if verified_on is None:
            self.problem(number, _("The date “%(value)s” is not understood: write it as dd-mm-yyyy, "
                                   "e.g. 17-08-2024.") % {"value": _text(value)[:40]})
            return False
        return verified_on

    def explain_outside(self) -> None:
        """One query for every code that is not this regency's: unknown, or whose it is."""
        known = {v.code: v for v in Village.objects.filter(code__in=list(self.outside))
                 .select_related("district__regency")}
        for code, numbers in self.outside.items():
            village = known.get(code)
            for number in numbers:
                if village is None:
                    self.problem(number, _("Unknown village code %(code)s.") % {"code": code})
                else:
                    self.problem(number, _("%(code)s is %(village)s in %(regency)s, not in this "
                                           "regency.") % {"code": code, "village": village.name,
                                                          "regency": village.district.regency.name})


def check_odf_rows(registration: Registration, table: OdfTable) -> list[_Row]:
    checker = _Checker(registration)
    for number, cells in table.rows:
        checker.check(number, cells, table.columns)
    checker.explain_outside()
    if checker.errors:
        raise OdfImportError(checker.errors)
    return checker.rows


# --- Writing ---------------------------------------------------------------------------------------

def _write(registration: Registration, rows: list[_Row], user: User | None) -> OdfImportResult:
    existing = {village_id: (is_odf, verified_on) for village_id, is_odf, verified_on in
                VillageOdf.objects.filter(registration=registration)
                .values_list("village_id", "is_odf", "verified_on")}
    # A village without a row is not ODF: saying so again is no change.
    changed = [r for r in rows if existing.get(r.village_id, (False, None)) != (r.is_odf, r.verified_on)]
    # One upsert for the lot: thousands of rows in a few statements, safe against a parallel save.
    VillageOdf.objects.bulk_create(
        [VillageOdf(registration=registration, village_id=r.village_id, is_odf=r.is_odf,
                    verified_on=r.verified_on, updated_by=user) for r in changed],
        update_conflicts=True, unique_fields=["registration", "village"],
        update_fields=["is_odf", "verified_on", "updated_by", "updated_at"], batch_size=500,
    )
    return OdfImportResult(rows=len(rows), changed=len(changed), unchanged=len(rows) - len(changed),
                           odf=sum(r.is_odf for r in rows))


@transaction.atomic
def odf_import(*, registration: Registration, uploaded_file, user: User | None) -> OdfImportResult:
    """Read a CSV or xlsx file by village code; all rows are written, or none (OdfImportError)."""
    current = _lock(registration)
    table = read_odf_file(uploaded_file)
    return _write(current, check_odf_rows(current, table), user)
