"""A text file is accepted only if no part of it is markup: the whole file is read, in chunks."""

import io

import pytest
from django.core.exceptions import ValidationError

from ..filetypes import TEXT_CHUNK_BYTES, sniff


class _CountingFile(io.BytesIO):
    """Notes the size of every read, to show the file is never read whole."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.reads.append(-1 if size is None else size)
        return super().read(size)


def _code(content: bytes) -> str | None:
    with pytest.raises(ValidationError) as caught:
        sniff(io.BytesIO(content), len(content))
    return caught.value.code


@pytest.mark.parametrize(
    "content",
    [
        b"\n" * 9000 + b"<html><body>hi</body></html>",
        b"kode;nama\n" + b"11.01;Desa\n" * 20_000 + b"<SCRIPT>alert(1)</SCRIPT>\n",
        b"a" * (TEXT_CHUNK_BYTES - 3) + b"<svg onload=alert(1)>",  # the tag straddles two chunks
        b" " * (TEXT_CHUNK_BYTES + 10) + b"<root/>",  # the first thing after the whitespace is a tag
    ],
)
def test_it_finds_markup_anywhere_in_a_text_file(content):
    assert _code(content) == "markup"


def test_it_finds_binary_after_the_first_chunk():
    assert _code(b"nama,nilai\n" * 10_000 + b"\x00\x01\x02binary") == "unknown"


def test_it_reads_a_large_text_file_in_chunks_and_accepts_it():
    content = b"kode;nama;nilai\n" + b"11.01;Desa Sukamaju;87,5 <- naik\n" * 100_000
    upload = _CountingFile(content)
    assert sniff(upload, len(content)) == "text/plain"
    assert len(upload.reads) > 2 and all(0 < size <= TEXT_CHUNK_BYTES for size in upload.reads)
    assert upload.tell() == 0
