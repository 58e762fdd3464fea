"""Small real files for the tests, built in memory (the zip bomb streams its zeros)."""

import io
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def upload(content: bytes, name: str = "dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def pdf(text: str = "Laporan") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% "
        + text.encode()
        + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def jpeg(
    *,
    taken: str | None = "2024:03:05 10:15:00",
    lat=((6, 1), (12, 1), (36, 1)),
    lat_ref="S",
    lon=((106, 1), (49, 1), (12, 1)),
    lon_ref="E",
    color: str = "green",
) -> bytes:
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    if lat:
        gps = exif.get_ifd(0x8825)
        gps.update(
            {
                1: lat_ref,
                2: tuple(IFDRational(n, d) for n, d in lat),
                3: lon_ref,
                4: tuple(IFDRational(n, d) for n, d in lon),
            }
        )
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), color).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def _zip(entries: dict[str, bytes], *, first: tuple[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(text: str = "Isi") -> bytes:
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": f"<w:document>{text}</w:document>".encode(),
        }
    )


def xlsm() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "xl/workbook.xml": b"<workbook/>",
            "xl/vbaProject.bin": b"\x00" * 64,
        }
    )


def xlsx_with_macrosheet() -> bytes:
    """An Excel 4.0 macro sheet: macros without any vbaProject.bin."""
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "xl/workbook.xml": b"<workbook/>",
            "xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>",
        }
    )


def odt() -> bytes:
    return _zip(
        {"content.xml": b"<office:document-content/>", "META-INF/manifest.xml": b"<m/>"},
        first=("mimetype", b"application/vnd.oasis.opendocument.text"),
    )


def plain_zip() -> bytes:
    return _zip({"dokumen.pdf": pdf(), "catatan.txt": b"halo"})


def zip_bomb(megabytes: int = 50) -> bytes:
    """A docx-looking zip whose one entry expands to `megabytes` MB of zeros (~50 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", b"<w:document/>")
        with archive.open("word/media/image1.bin", "w", force_zip64=False) as entry:
            zeros = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                entry.write(zeros)
    return buffer.getvalue()


def ole2(stream: str = "WordDocument", *storages: str) -> bytes:
    """A minimal compound file (version 3, 512-byte sectors): FAT, then the directory."""
    special_end, special_fat, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<LLLLLLLL", header, 0x2C, 1, 1, 0, 4096, special_end, 0, special_end, 0)
    struct.pack_into("<109L", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128L", special_fat, special_end, *([free] * 126))
    entries = (("Root Entry", 5), (stream, 2), *((name, 1) for name in storages))  # up to 4 fit
    directory = b"".join(_ole2_entry(name, kind) for name, kind in entries)
    return bytes(header) + fat + directory.ljust(512, b"\x00")


def _ole2_entry(name: str, kind: int) -> bytes:
    entry = bytearray(128)
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    entry[: len(encoded)] = encoded
    struct.pack_into("<HB", entry, 0x40, len(encoded), kind)
    return bytes(entry)
