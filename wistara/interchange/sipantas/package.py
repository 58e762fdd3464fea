"""The national system's package: an xlsx of the records and a ZIP with a folder per tatanan (and
the kelembagaan) holding one merged PDF per indicator per data year, plus the xlsx itself.

The ZIP is written entry by entry to a file, so only one merged PDF at a time sits in memory;
`progress(done, total)` is called after each PDF for a job's progress bar.
"""

import io
import re
import zipfile
from collections.abc import Callable

import xlsxwriter

from wistara.assessments.models import Registration, Response

from .files import Cover, Covers, pieces, write_merged_pdf
from .records import CAPAIAN_FIELDS, KELEMBAGAAN_FIELDS, ODF_FIELDS, Records, build_records

# Covers rendered per WeasyPrint run: one run for all 300 took 160 MB, one per PDF minutes.
COVER_BATCH = 50


def records_xlsx(records: Records) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    for name, fields, rows in (
        ("Capaian Tatanan", CAPAIAN_FIELDS, records.capaian),
        ("Kelembagaan", KELEMBAGAAN_FIELDS, records.kelembagaan),
        ("ODF", ODF_FIELDS, [records.odf] if records.odf else []),
    ):
        sheet = book.add_worksheet(name)
        columns = ["kode_wistara", *fields] if name != "ODF" else list(fields)
        for column, title in enumerate(columns):
            sheet.write(0, column, title, bold)
        for row, record in enumerate(rows, start=1):
            values = [record.get(f, "") for f in fields]
            values = values if name == "ODF" else [record.get("_code", ""), *values]
            for column, value in enumerate(values):
                sheet.write(row, column, value)
        sheet.set_column(0, len(columns) - 1, 18)
        sheet.freeze_panes(1, 0)
    if records.unmapped:
        sheet = book.add_worksheet("Belum dipetakan")
        for column, title in enumerate(("jenis", "kode", "nama")):
            sheet.write(0, column, title, bold)
        for row, unmapped in enumerate(records.unmapped, start=1):
            for column, value in enumerate(unmapped):
                sheet.write(row, column, str(value))
    book.close()
    return out.getvalue()


def _folder(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60]


def write_package(
    registration: Registration, out, *, progress: Callable[[int, int], None] | None = None
) -> dict:
    """Write the ZIP to `out` (a path or a seekable binary file); returns counts."""
    years = [int(y) for y in registration.cycle.instrument.data_years]
    records = build_records(registration)
    responses = list(
        Response.objects.filter(registration=registration)
        .select_related("indicator__section", "registration__regency", "registration__cycle")
        .order_by("indicator__section__order", "indicator__order")
    )
    work = [Cover(r, y, found) for r in responses for y in years if (found := pieces(r, y))]
    covers: Covers | None = None
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("rekaman-sipantas.xlsx", records_xlsx(records))
        for done, cover in enumerate(work, start=1):
            if (done - 1) % COVER_BATCH == 0:  # the next batch's covers, in one WeasyPrint run
                covers = Covers(work[done - 1 : done - 1 + COVER_BATCH])
            response, year = cover.response, cover.year
            section = response.indicator.section
            folder = f"{section.code}-{_folder(section.name)}"
            name = f"{folder}/{response.indicator.code}-{year}.pdf"
            pdf = io.BytesIO()  # pypdf needs tell(): one indicator-year's PDF in memory at a time
            write_merged_pdf(response, year, pdf, covers=covers, index=(done - 1) % COVER_BATCH)
            archive.writestr(name, pdf.getvalue())
            if progress:
                progress(done, len(work))
    return {
        "pdfs": len(work),
        "records": len(records.capaian) + len(records.kelembagaan) + 1,
        "unmapped": len(records.unmapped),
    }
