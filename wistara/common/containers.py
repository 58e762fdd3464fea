"""Office documents are containers: tell a real one from an archive, a bomb or a program.

OOXML (docx/xlsx/pptx) and OpenDocument files are zips; only the zip's directory is read here
(entry names and the sizes they claim), nothing is unpacked. Legacy Word/Excel/PowerPoint files
are OLE2 compound files, as are installers (.msi) and Outlook messages: the names of the streams
in the compound file's directory tell them apart.
"""

import os
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"

OFFICE_LABELS = {
    DOCX: (gettext_lazy("Word document"), ".docx"),
    XLSX: (gettext_lazy("Excel workbook"), ".xlsx"),
    PPTX: (gettext_lazy("PowerPoint presentation"), ".pptx"),
    ODT: (gettext_lazy("OpenDocument text"), ".odt"),
    ODS: (gettext_lazy("OpenDocument spreadsheet"), ".ods"),
    ODP: (gettext_lazy("OpenDocument presentation"), ".odp"),
    DOC: (gettext_lazy("Word 97-2003 document"), ".doc"),
    XLS: (gettext_lazy("Excel 97-2003 workbook"), ".xls"),
    PPT: (gettext_lazy("PowerPoint 97-2003 presentation"), ".ppt"),
}
OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
MAX_ENTRIES = 10_000
EOCD = struct.Struct("<4s4H2LH")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2_STREAMS = {"WordDocument": DOC, "Workbook": XLS, "Book": XLS, "PowerPoint Document": PPT}
OLE2_SPECIAL = 0xFFFFFFFA  # this and above: end of chain, free, FAT or DIFAT sector
OLE2_MAX_SECTORS = 4096


def archive_refused() -> ValidationError:
    return ValidationError(
        _("Archives (zip, rar, 7z, gz…) are not accepted: upload the documents one by one."), code="archive"
    )


def _damaged() -> ValidationError:
    return ValidationError(_("The file seems damaged: it could not be read."), code="damaged")


def _bomb() -> ValidationError:
    return ValidationError(
        _(
            "This document claims to expand to far more than its own size (a possible zip bomb); "
            "it is not accepted."
        ),
        code="zip_bomb",
    )


# --- Zips ------------------------------------------------------------------------------------


def office_zip_type(fileobj: IO[bytes], size: int) -> str:
    with _checked_zip(fileobj, size) as archive:
        names = {info.filename for info in archive.infolist()}
        opendocument = _opendocument_type(archive, names)
    if "[Content_Types].xml" in names:
        return _ooxml_type(names)
    if opendocument:
        return opendocument
    raise archive_refused()


def check_zip_expansion(fileobj: IO[bytes]) -> None:
    """Refuse a zip bomb (ValidationError "zip_bomb") or an unreadable zip ("damaged").

    For code that unpacks a zip itself (openpyxl opening an xlsx): only the zip's directory is
    read here, with the limits evidence uploads have; the file is left at its start.
    """
    size = fileobj.seek(0, os.SEEK_END)
    with _checked_zip(fileobj, size):
        pass


@contextmanager
def _checked_zip(fileobj: IO[bytes], size: int) -> Iterator[zipfile.ZipFile]:
    """The zip, once its directory has passed the size and expansion checks."""
    try:
        _check_directory_size(fileobj, size)
        with zipfile.ZipFile(fileobj) as archive:
            _check_expansion(archive.infolist(), size)
            yield archive
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        struct.error,
    ):
        raise _damaged() from None
    finally:
        fileobj.seek(0)


def _check_directory_size(fileobj: IO[bytes], size: int) -> None:
    # Read the end record first: a directory of millions of entries must not reach zipfile,
    # which would hold one object per entry in memory.
    tail_length = min(size, EOCD.size + 0xFFFF)
    fileobj.seek(size - tail_length)
    tail = fileobj.read(tail_length)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + EOCD.size > len(tail):
        raise _damaged()
    entries, directory_size = EOCD.unpack_from(tail, at)[4:6]
    if entries > MAX_ENTRIES or directory_size > MAX_ENTRIES * 1024:
        raise _bomb()


def _check_expansion(infos: list[zipfile.ZipInfo], size: int) -> None:
    total = sum(info.file_size for info in infos)
    if total > settings.EVIDENCE_ZIP_MAX_BYTES or total > settings.EVIDENCE_ZIP_MAX_RATIO * size:
        raise _bomb()
    # Entries sharing their compressed bytes are how the non-recursive zip bombs multiply.
    spans = sorted((info.header_offset, info.header_offset + 30 + info.compress_size) for info in infos)
    if any(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:], strict=False)):
        raise _bomb()


def _macros_refused() -> ValidationError:
    return ValidationError(
        _("Documents with macros are not accepted: save it without macros (.docx, .xlsx, .pptx)."),
        code="macro",
    )


# Where macros live: VBA projects, and Excel 4.0 macro sheets (which need no VBA at all).
OOXML_MACRO_PARTS = ("xl/macrosheets/",)
# The storages of a legacy file's VBA project: Word's "Macros" (holding "VBA"), Excel's
# "_VBA_PROJECT_CUR", PowerPoint's "_VBA_PROJECT".
OLE2_MACRO_STORAGES = {"macros", "vba", "_vba_project_cur", "_vba_project"}


def _ooxml_type(names: set[str]) -> str:
    lowered = {name.lower() for name in names}
    if any(name.endswith("vbaproject.bin") or name.startswith(OOXML_MACRO_PARTS) for name in lowered):
        raise _macros_refused()
    for prefix, content_type in OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return content_type
    raise archive_refused()


def _opendocument_type(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    if "mimetype" not in names or archive.getinfo("mimetype").file_size > 100:
        return None
    declared = archive.read("mimetype").decode("ascii", "replace").strip()
    return declared if declared in (ODT, ODS, ODP) else None


# --- OLE2 compound files ------------------------------------------------------------------------


def ole2_type(fileobj: IO[bytes], size: int) -> str:
    try:
        names = _ole2_stream_names(fileobj, size)
    finally:
        fileobj.seek(0)
    if {name.lower() for name in names} & OLE2_MACRO_STORAGES:
        raise _macros_refused()
    for stream, content_type in OLE2_STREAMS.items():
        if stream in names:
            return content_type
    raise ValidationError(
        _("Of the older Office files only Word, Excel and PowerPoint documents are accepted."), code="unknown"
    )


def _read(fileobj: IO[bytes], offset: int, length: int) -> bytes:
    fileobj.seek(offset)
    data = fileobj.read(length)
    if len(data) != length:
        raise _damaged()
    return data


def _ole2_stream_names(fileobj: IO[bytes], size: int) -> set[str]:
    header = _read(fileobj, 0, 512)
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise _damaged()
    sector_size = 1 << shift

    def sector(number: int) -> bytes:
        if number >= OLE2_SPECIAL or (number + 1) * sector_size >= size:
            raise _damaged()
        return _read(fileobj, (number + 1) * sector_size, sector_size)

    fat = _ole2_fat_sectors(header, sector, sector_size)
    per_sector = sector_size // 4
    names: set[str] = set()
    current = struct.unpack_from("<L", header, 0x30)[0]
    for _step in range(OLE2_MAX_SECTORS):
        if current >= OLE2_SPECIAL:
            break
        data = sector(current)
        for at in range(0, sector_size, 128):
            length = struct.unpack_from("<H", data, at + 0x40)[0]
            if 2 <= length <= 64:
                names.add(data[at : at + length - 2].decode("utf-16-le", "replace"))
        index, slot = divmod(current, per_sector)
        if index >= len(fat):
            raise _damaged()
        current = struct.unpack_from("<L", sector(fat[index]), slot * 4)[0]
    return names


def _ole2_fat_sectors(header: bytes, sector, sector_size: int) -> list[int]:
    fat = list(struct.unpack_from("<109L", header, 0x4C))
    next_difat, count = struct.unpack_from("<2L", header, 0x44)
    for _step in range(min(count, OLE2_MAX_SECTORS)):
        if next_difat >= OLE2_SPECIAL:
            break
        values = struct.unpack(f"<{sector_size // 4}L", sector(next_difat))
        fat.extend(values[:-1])
        next_difat = values[-1]
    return [number for number in fat if number < OLE2_SPECIAL]
