"""The type comes from the content; names are only displayed, made safe first."""

import io

import pytest
from django.core.exceptions import ValidationError

from ..filetypes import sniff
from ..names import sanitise_name
from . import files


def _sniff(content: bytes) -> str:
    return sniff(io.BytesIO(content), len(content))


def _refusal(content: bytes) -> str | None:
    with pytest.raises(ValidationError) as caught:
        _sniff(content)
    return caught.value.code


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (files.pdf(), "application/pdf"),
        (files.jpeg(), "image/jpeg"),
        (files.png(), "image/png"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "image/heic"),
        (files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (files.odt(), "application/vnd.oasis.opendocument.text"),
        (files.ole2("WordDocument"), "application/msword"),
        (files.ole2("Workbook"), "application/vnd.ms-excel"),
        (files.ole2("PowerPoint Document"), "application/vnd.ms-powerpoint"),
        (b"kode;nama;nilai\n11.01;Desa Sukamaju;87,5\n", "text/plain"),
        ("\ufeffnama,capaian\nPuskesmas Kota,100\n".encode(), "text/plain"),
    ],
)
def test_it_recognises_accepted_files_by_their_content(content, expected):
    assert _sniff(content) == expected


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, "executable"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "executable"),
        (b"#!/bin/sh\nrm -rf /\n", "executable"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "markup"),
        (b"\xef\xbb\xbf  \n<html><body>hi</body></html>", "markup"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "markup"),
        (b'<?xml version="1.0"?><x/>', "markup"),
        (b"judul\n<script>alert(1)</script>", "markup"),
        (files.plain_zip(), "archive"),
        (b"Rar!\x1a\x07\x01\x00" + b"\x00" * 50, "archive"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 50, "archive"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 50, "archive"),
        (files.zip_bomb(50), "zip_bomb"),
        (files.xlsm(), "macro"),
        # Issue 14: macros in a legacy .doc (Macros/VBA storages), an .xls (_VBA_PROJECT_CUR) and an
        # .xlsx's Excel 4.0 macro sheets were accepted.
        (files.ole2("WordDocument", "Macros", "VBA"), "macro"),
        (files.ole2("Workbook", "_VBA_PROJECT_CUR"), "macro"),
        (files.xlsx_with_macrosheet(), "macro"),
        (files.ole2("\x05SummaryInformation"), "unknown"),
        (b"PK\x03\x04 broken zip without a directory", "damaged"),
        (bytes(range(256)) * 4, "unknown"),
        (b"", "empty"),
    ],
)
def test_it_refuses_other_files_whatever_their_name(content, code):
    assert _refusal(content) == code


def test_it_refuses_an_office_document_claiming_more_than_the_total_limit(settings):
    settings.EVIDENCE_ZIP_MAX_BYTES = 100_000
    assert _refusal(files.docx("x" * 200_000)) == "zip_bomb"


def test_it_leaves_the_file_at_its_start_after_looking():
    stream = io.BytesIO(files.docx())
    sniff(stream, len(stream.getvalue()))
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("/etc/passwd", "passwd"),
        ("C:\\Users\\Budi\\Laporan Akhir.pdf", "Laporan Akhir.pdf"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("lapor\x00an.pdf", "laporan.pdf"),
        ("sk\r\n\ttim.pdf", "sktim.pdf"),
        ("foto\u202egpj.exe", "fotogpj.exe"),
        ("  ..hidden.pdf  ", "hidden.pdf"),
        ("..", "document"),
        ("", "document"),
        (None, "document"),
        ('a<b>c:"d"|e?*.pdf', "abcde.pdf"),
        ("Notulen   Rapat  Forum.docx", "Notulen Rapat Forum.docx"),
    ],
)
def test_it_sanitises_names_for_display(raw, expected):
    assert sanitise_name(raw) == expected


def test_it_shortens_long_names_keeping_the_extension():
    name = sanitise_name("a" * 400 + ".pdf")
    assert len(name) == 150 and name.endswith(".pdf")
