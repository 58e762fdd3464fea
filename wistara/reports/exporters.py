"""Excel exports, written with XlsxWriter straight to a temporary file.

`constant_memory` flushes each row to disk as it is written, and the workbook is zipped into a
temporary file rather than into memory, so a national table costs the server a few rows of
memory whatever its size. The national table is written by a background job (reports.jobs).
"""

import tempfile
from collections.abc import Callable
from decimal import Decimal
from typing import IO

import xlsxwriter
from django.utils.translation import gettext as _

from wistara.assessments.models import Cycle

from .selectors import RegencyRow

WIDTHS = (9, 24, 11, 34, 30, 12, 12, 12, 12, 12, 12, 12, 14, 18, 18)


def _headers() -> list[str]:
    return [
        _("Province code"),
        _("Province"),
        _("Regency code"),
        _("Regency/city"),
        _("State"),
        _("Completion (%)"),
        _("Self-assessment score (%)"),
        _("Provincial score (%)"),
        _("National score (%)"),
        _("Latest-level score (%)"),
        _("Kelembagaan (%)"),
        _("ODF villages (%)"),
        _("Target"),
        _("Projected category"),
        _("Final category"),
    ]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _final(row: RegencyRow) -> str:
    if not row.decided:
        return ""
    return row.final_name or _("No category")


def _values(row: RegencyRow) -> list:
    return [
        row.province_code,
        row.province_name,
        row.regency_code,
        row.regency_name,
        row.status_label,
        _number(row.completion),
        _number(row.self_score),
        _number(row.provincial_score),
        _number(row.national_score),
        _number(row.latest_score),
        _number(row.kelembagaan),
        _number(row.odf_percent),
        row.target_name,
        row.projected.name if row.projected else "",
        _final(row),
    ]


def regency_table_xlsx(cycle: Cycle, rows: list[RegencyRow]) -> IO[bytes]:
    """The dashboard table, one sheet, as an open temporary file positioned at its start."""
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - the caller closes it
    write_regency_table(cycle, rows, out)
    out.seek(0)
    return out


PROGRESS_EVERY = 50  # rows between two progress reports (each is one UPDATE of the job)


def write_regency_table(
    cycle: Cycle, rows: list[RegencyRow], out: IO[bytes], progress: Callable[[int, int], None] | None = None
) -> None:
    """Write the dashboard table, one sheet, to the binary file `out`; `progress(done, total)`
    is told every PROGRESS_EVERY rows (reading a row's category runs the award engine)."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(cycle.code[:31])
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    number = workbook.add_format({"num_format": "0.00"})
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width, number if 5 <= col <= 11 else None)
    sheet.write_row(0, 0, _headers(), bold)
    sheet.freeze_panes(1, 4)
    for index, row in enumerate(rows, start=1):
        for col, value in enumerate(_values(row)):
            if value is None:
                continue  # an empty cell, not a zero: nobody has scored at that level yet
            sheet.write(index, col, value, number if isinstance(value, float) else None)
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, len(rows))
    sheet.autofilter(0, 0, max(len(rows), 1), len(WIDTHS) - 1)
    workbook.close()
    if progress:
        progress(len(rows), len(rows))
