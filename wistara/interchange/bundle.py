"""The evidence bundle: a ZIP of a regency's evidence, written as a stream by a background job.

Folders per tatanan (or kelembagaan component), indicator and data year; each file named by the
indicator's code and the evidence's title; index.xlsx lists every file (and every link) with its
size and SHA-256 as read while copying. Each stored file is copied into the ZIP in 1 MB chunks,
so memory stays flat whatever the bundle's size (bench/interchange_bundle.py).
"""

import hashlib
import io
import re
import zipfile

import xlsxwriter
from django.core.files.storage import default_storage

from wistara.assessments.models import Registration
from wistara.evidence.models import Evidence, EvidenceFile
from wistara.jobs.registry import runner

CHUNK = 1024 * 1024


def _safe(text: str, limit: int = 60) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:limit] or "berkas"


def _ext(file: EvidenceFile) -> str:
    name = file.download_name
    return ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""


def write_bundle(registration: Registration, out, progress=None) -> int:
    """Write the ZIP to `out`; returns the number of files."""
    evidence = list(
        Evidence.objects.filter(response__registration=registration, removed_at__isnull=True)
        .select_related("file", "response__indicator__section")
        .order_by(
            "response__indicator__section__order", "response__indicator__order", "data_year", "added_at", "id"
        )
    )
    files = [e for e in evidence if e.file_id]
    rows: list[tuple] = []
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        copied = 0
        for item in evidence:
            indicator = item.response.indicator
            section = indicator.section
            folder = f"{section.code}-{_safe(section.name, 40)}/{indicator.code}/{item.data_year}"
            if item.file is None:
                rows.append(
                    (
                        folder,
                        indicator.code,
                        item.data_year,
                        item.title,
                        item.get_kind_display(),
                        "",
                        "",
                        "",
                        item.url,
                    )
                )
                continue
            name = f"{folder}/{indicator.code}-{_safe(item.title)}{_ext(item.file)}"
            base, number = name, 2
            while name in used:  # two pieces with the same title
                stem, dot, ext = base.rpartition(".")
                name = f"{stem}-{number}.{ext}" if dot else f"{base}-{number}"
                number += 1
            used.add(name)
            digest, size = hashlib.sha256(), 0
            with (
                default_storage.open(item.file.storage_name, "rb") as source,
                archive.open(name, "w", force_zip64=True) as target,
            ):
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    target.write(chunk)
            rows.append(
                (
                    name,
                    indicator.code,
                    item.data_year,
                    item.title,
                    item.get_kind_display(),
                    item.file.original_name,
                    size,
                    digest.hexdigest(),
                    "",
                )
            )
            copied += 1
            if progress:
                progress(copied, len(files))
        archive.writestr("index.xlsx", _index(rows))
    return len(files)


def _index(rows: list[tuple]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_urls": False})
    sheet = book.add_worksheet("Indeks")
    bold = book.add_format({"bold": True, "bg_color": "#D9E1F2"})
    head = ("berkas", "indikator", "tahun", "judul", "jenis", "nama asli", "ukuran (bita)", "sha256", "link")
    for column, title in enumerate(head):
        sheet.write(0, column, title, bold)
    for row, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            sheet.write(row, column, value)
    sheet.set_column(0, 0, 60)
    sheet.set_column(7, 7, 66)
    book.close()
    return out.getvalue()


@runner("evidence_bundle")
def bundle_job(job, out, progress) -> tuple[str, str]:
    registration = Registration.objects.select_related("regency", "cycle").get(pk=job.params["registration"])
    write_bundle(registration, out, progress)
    return (f"bukti-dukung-{registration.cycle.code}-{registration.regency.code}.zip", "application/zip")


@runner("sipantas_package")
def package_job(job, out, progress) -> tuple[str, str]:
    from .sipantas.package import write_package

    registration = Registration.objects.select_related("regency", "cycle").get(pk=job.params["registration"])
    write_package(registration, out, progress=progress)
    return (f"paket-sipantas-{registration.cycle.code}-{registration.regency.code}.zip", "application/zip")
