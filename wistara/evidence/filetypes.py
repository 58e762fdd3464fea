"""What a file is, read from its content (magic bytes), never from its name.

Accepted: PDF; JPEG, PNG, WebP, GIF, TIFF and HEIC images; Word, Excel and PowerPoint documents
(OOXML zips, legacy OLE2 files) and OpenDocument files; plain text (CSV, TXT). Refused, with a
reason the user can act on: programs and scripts, web pages and XML (HTML, SVG: they can carry
script), archives other than office documents, zip bombs, office documents with macros, and
anything not recognised.
"""

import re
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wistara.common import containers

HEAD_BYTES = 8192
TEXT_CHUNK_BYTES = 64 * 1024  # a text file is read whole, this much at a time (uploads are capped)


@dataclass(frozen=True)
class FileType:
    label: str | Promise
    extensions: tuple[str, ...]  # the first is used when a download name needs one
    exif: bool = False  # Pillow can read its EXIF without decoding the pixels


TYPES: dict[str, FileType] = {
    "application/pdf": FileType("PDF", (".pdf",)),
    "image/jpeg": FileType(gettext_lazy("JPEG image"), (".jpg", ".jpeg", ".jpe", ".jfif"), exif=True),
    "image/png": FileType(gettext_lazy("PNG image"), (".png",), exif=True),
    "image/webp": FileType(gettext_lazy("WebP image"), (".webp",), exif=True),
    "image/gif": FileType(gettext_lazy("GIF image"), (".gif",)),
    "image/tiff": FileType(gettext_lazy("TIFF image"), (".tif", ".tiff"), exif=True),
    "image/heic": FileType(gettext_lazy("HEIC photo"), (".heic", ".heif")),
    **{ct: FileType(label, (ext,)) for ct, (label, ext) in containers.OFFICE_LABELS.items()},
    "text/plain": FileType(gettext_lazy("Text or CSV"), (".csv", ".txt", ".tsv")),
}

EXECUTABLE = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"\x00asm",
    b"dex\n",
)
ARCHIVE = (
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"MSCF",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"xar!",
    b"\x60\xea",
)
IMAGES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
MARKUP = (
    b"<script",
    b"<html",
    b"<svg",
    b"<!doctype",
    b"<?xml",
    b"<body",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<meta",
    b"<head",
    b"<!--",
    b"<xsl",
    b"<img",
)
TEXT_CONTROLS = set(range(32)) - {9, 10, 12, 13, 26}
_MARKUP_TAG = re.compile(b"|".join(re.escape(tag) for tag in MARKUP), re.IGNORECASE)
_MARKUP_OVERLAP = max(len(tag) for tag in MARKUP) - 1  # a tag split across two chunks is still seen
_CONTROL_BYTE = re.compile(b"[" + b"".join(re.escape(bytes([byte])) for byte in sorted(TEXT_CONTROLS)) + b"]")


def refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def sniff(fileobj: IO[bytes], size: int) -> str:
    """The content type of an accepted file; raises ValidationError (with a code) otherwise."""
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    fileobj.seek(0)
    if not head:
        raise refuse(_("The file is empty."), "empty")
    if head.startswith(EXECUTABLE):
        raise refuse(_("Programs and scripts are not accepted as evidence."), "executable")
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    image = _image(head)
    if image:
        return image
    if head.startswith(b"PK\x03\x04"):
        return containers.office_zip_type(fileobj, size)
    if head.startswith(containers.OLE2_MAGIC):
        return containers.ole2_type(fileobj, size)
    if head.startswith(ARCHIVE) or head[257:262] == b"ustar":
        raise containers.archive_refused()
    return _text(fileobj)


def _image(head: bytes) -> str | None:
    for magic, content_type in IMAGES:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "image/heic"
    return None


def _text(fileobj: IO[bytes]) -> str:
    """Plain text if no part of the file is markup or binary: all of it is read, a chunk at a time.

    Markup is looked for everywhere, not only at the start: a page can follow any amount of text.
    """
    fileobj.seek(0)
    try:
        chunk = fileobj.read(TEXT_CHUNK_BYTES).removeprefix(b"\xef\xbb\xbf")
        carried, leading = b"", True  # leading: nothing but whitespace so far
        while chunk:
            if leading and (start := chunk.lstrip()):
                leading = False
                if start.startswith(b"<"):
                    raise _markup()
            window = carried + chunk
            if _MARKUP_TAG.search(window):
                raise _markup()
            if _CONTROL_BYTE.search(chunk):
                raise refuse(
                    _(
                        "This kind of file is not accepted. Upload a PDF, an image (JPEG, PNG, "
                        "WebP, GIF, TIFF, HEIC), an office document or a CSV/text file."
                    ),
                    "unknown",
                )
            carried = window[-_MARKUP_OVERLAP:]
            chunk = fileobj.read(TEXT_CHUNK_BYTES)
    finally:
        fileobj.seek(0)
    return "text/plain"


def _markup() -> ValidationError:
    return refuse(
        _(
            "Web pages, SVG and XML files are not accepted (they can carry scripts): "
            "save the page as PDF instead."
        ),
        "markup",
    )
