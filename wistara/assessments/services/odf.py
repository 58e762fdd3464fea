"""ODF (Stop BABS) status of a regency's desa/kelurahan: one village at a time or a whole file.

An upload is all or nothing: every row is checked first, every problem is reported with its row
number, and nothing is written unless the whole file is good. Villages absent from the file keep
the status they had. ODF data follow the self-assessment deadline like the regency's items.

The file is read (odf_file) and its rows checked before the registration is locked: the lock,
on SQLite the database's write lock, is held only while the rows are written.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.audit.capture import capture_note
from wistara.regions.models import Village

from ..models import Cycle, Registration, VillageOdf
from .locking import OPEN_STATUSES, deadline_passed, deadline_text, today
from .odf_file import (
    OdfImportError,
    OdfRowError,
    OdfTable,
    cell_text,
    parse_code,
    parse_date,
    parse_status,
    read_odf_file,
)

EARLIEST = date(2000, 1, 1)


# --- Results ---------------------------------------------------------------------------------------


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
            "date": deadline_text(registration)
        }
    return None


def _refuse_if_locked(registration: Registration) -> None:
    reason = odf_lock_reason(registration)
    if reason:
        raise ValidationError(reason, code="locked")


def _lock(registration: Registration) -> Registration:
    current = (
        Registration.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=registration.pk)
    )
    _refuse_if_locked(current)
    return current


def _date_problem(
    is_odf: bool, verified_on: date | None, dateless_ok: Callable[[], bool] = lambda: False
) -> str | None:
    if is_odf and verified_on is None and not dateless_ok():
        return _("An ODF village needs its verification date.")
    if verified_on is not None and verified_on > today():
        return _("The verification date %(date)s is in the future.") % {
            "date": verified_on.strftime("%d-%m-%Y")
        }
    if verified_on is not None and verified_on < EARLIEST:
        return _("The verification date %(date)s is before 2000: check the year.") % {
            "date": verified_on.strftime("%d-%m-%Y")
        }
    return None


def _counts_verified_only(registration: Registration) -> bool:
    """Issue 13: where the version counts verified ODF only, a village may be recorded as ODF
    (claimed, declared) before its verification: it counts once its date is there. Asked only
    for an ODF village without a date, so the usual save costs no query."""
    return Cycle.objects.filter(pk=registration.cycle_id, instrument__odf_status="verified").exists()


# --- One village -----------------------------------------------------------------------------------


@transaction.atomic
def odf_set(
    *,
    registration: Registration,
    village_code: str,
    is_odf: bool,
    verified_on: date | None,
    user: User | None,
) -> VillageOdf:
    """Set one village's status; the date is kept only for an ODF village."""
    current = _lock(registration)
    village = Village.objects.filter(code=village_code, district__regency_id=current.regency_id).first()
    if village is None:
        raise ValidationError(_("Village %(code)s is not in this regency.") % {"code": village_code})
    problem = _date_problem(is_odf, verified_on, lambda: _counts_verified_only(current))
    if problem:
        raise ValidationError({"verified_on": problem})
    verified_on = verified_on if is_odf else None
    row = VillageOdf.objects.filter(registration=current, village=village).first()
    if row is not None and (row.is_odf, row.verified_on) == (is_odf, verified_on):
        return row  # leaving a field unchanged is not a change: who and when stay as they were
    row, _created = VillageOdf.objects.update_or_create(
        registration=current,
        village=village,
        defaults={"is_odf": is_odf, "verified_on": verified_on, "updated_by": user},
    )
    return row


# --- Checking rows ---------------------------------------------------------------------------------


def _cell(cells: tuple, columns: dict[str, int], kind: str) -> object:
    index = columns[kind]
    return cells[index] if index < len(cells) else None


class _Checker:
    """Turns a table's rows into checked rows, collecting every problem with its row number."""

    def __init__(self, registration: Registration) -> None:
        self.registration = registration
        self._verified_only: bool | None = None
        self.villages = dict(
            Village.objects.filter(district__regency_id=registration.regency_id).values_list("code", "id")
        )
        self.seen: dict[str, int] = {}
        self.outside: dict[str, list[int]] = {}  # codes not in this regency -> their rows
        self.errors: list[OdfRowError] = []
        self.rows: list[_Row] = []

    def verified_only(self) -> bool:
        if self._verified_only is None:  # once per import, not per row
            self._verified_only = _counts_verified_only(self.registration)
        return self._verified_only

    def problem(self, number: int, message: str) -> None:
        self.errors.append(OdfRowError(number, message))

    def check(self, number: int, cells: tuple, columns: dict[str, int]) -> None:
        village_id = self.village(number, parse_code(_cell(cells, columns, "code")))
        is_odf = self.status(number, _cell(cells, columns, "status"))
        verified_on = self.date(number, _cell(cells, columns, "date"))
        if is_odf is not None and verified_on is not False:
            problem = _date_problem(is_odf, verified_on or None, self.verified_only)
            if problem:
                self.problem(number, problem)
            elif village_id is not None:
                self.rows.append(_Row(number, village_id, is_odf, verified_on if is_odf else None))

    def village(self, number: int, code: str) -> int | None:
        if not code:
            self.problem(number, _("The village code is empty."))
            return None
        if code in self.seen:
            self.problem(
                number, _("Village %(code)s is also on row %(row)s.") % {"code": code, "row": self.seen[code]}
            )
            return None
        self.seen[code] = number
        if code not in self.villages:
            self.outside.setdefault(code, []).append(number)
            return None
        return self.villages[code]

    def status(self, number: int, value: object) -> bool | None:
        if cell_text(value) == "" and not isinstance(value, bool):
            self.problem(number, _("The ODF status is empty: write Ya or Tidak."))
            return None
        is_odf = parse_status(value)
        if is_odf is None:
            self.problem(
                number,
                _("The ODF status “%(value)s” is not understood: write Ya or Tidak.")
                % {"value": cell_text(value)[:40]},
            )
        return is_odf

    def date(self, number: int, value: object):
        """The date, None when the cell is empty, False when it is not understood."""
        if cell_text(value) == "" and not isinstance(value, date):
            return None
        verified_on = parse_date(value)
        if verified_on is None:
            self.problem(
                number,
                _("The date “%(value)s” is not understood: write it as dd-mm-yyyy, e.g. 17-08-2024.")
                % {"value": cell_text(value)[:40]},
            )
            return False
        return verified_on

    def explain_outside(self) -> None:
        """One query for every code that is not this regency's: unknown, or whose it is."""
        known = {
            v.code: v
            for v in Village.objects.filter(code__in=list(self.outside)).select_related("district__regency")
        }
        for code, numbers in self.outside.items():
            village = known.get(code)
            for number in numbers:
                if village is None:
                    self.problem(number, _("Unknown village code %(code)s.") % {"code": code})
                else:
                    self.problem(
                        number,
                        _("%(code)s is %(village)s in %(regency)s, not in this regency.")
                        % {"code": code, "village": village.name, "regency": village.district.regency.name},
                    )


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
    existing = {
        village_id: (is_odf, verified_on)
        for village_id, is_odf, verified_on in VillageOdf.objects.filter(
            registration=registration
        ).values_list("village_id", "is_odf", "verified_on")
    }
    # A village without a row is not ODF: saying so again is no change.
    changed = [r for r in rows if existing.get(r.village_id, (False, None)) != (r.is_odf, r.verified_on)]
    # One upsert for the lot: thousands of rows in a few statements, safe against a parallel save.
    VillageOdf.objects.bulk_create(
        [
            VillageOdf(
                registration=registration,
                village_id=r.village_id,
                is_odf=r.is_odf,
                verified_on=r.verified_on,
                updated_by=user,
            )
            for r in changed
        ],
        update_conflicts=True,
        unique_fields=["registration", "village"],
        update_fields=["is_odf", "verified_on", "updated_by", "updated_at"],
        batch_size=500,
    )
    if changed:  # bulk_create sends no signal: one event for the import
        capture_note(
            registration,
            "odf.written",
            {"villages": {str(r.village_id): [r.is_odf, r.verified_on] for r in changed}},
        )
    return OdfImportResult(
        rows=len(rows),
        changed=len(changed),
        unchanged=len(rows) - len(changed),
        odf=sum(r.is_odf for r in rows),
    )


def odf_import(*, registration: Registration, uploaded_file, user: User | None) -> OdfImportResult:
    """Read a CSV or xlsx file by village code; all rows are written, or none (OdfImportError).

    Reading and checking run outside any transaction; the lock is taken for the write only and
    the deadline is checked again under it.
    """
    _refuse_if_locked(registration)  # before reading a file that could not be saved anyway
    rows = check_odf_rows(registration, read_odf_file(uploaded_file))
    with transaction.atomic():
        return _write(_lock(registration), rows, user)
