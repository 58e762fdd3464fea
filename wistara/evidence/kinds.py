"""The kind of evidence and its data years, guessed from a file's name and type.

An office drops a handful of files on an indicator; asking it to classify each one cost it two
actions per file. These guesses are defaults shown beside each file, always changeable: the
same rules reach the browser as JSON (`guess_rules`) so that what the page proposes and what the
server assumes when no choice was sent are one and the same.
"""

import re
from dataclasses import dataclass

from django.core.files import File

from .models import Evidence

# Words in a file name that say what it is, first match wins (most specific first).
NAME_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Evidence.Kind.ATTENDANCE, ("daftar hadir", "absensi", "presensi")),
    (Evidence.Kind.MINUTES, ("notulen", "notula", "berita acara", "risalah")),
    (Evidence.Kind.REGULATION, ("perda", "perbup", "perwal", "perkada", "peraturan", "qanun")),
    (Evidence.Kind.DECREE, ("sk", "surat keputusan", "keputusan")),
    (Evidence.Kind.PLAN, ("renja", "rencana", "renstra", "rka", "dpa")),
    (Evidence.Kind.SCREENSHOT, ("screenshot", "tangkapan layar", "capture", "screen shot")),
    (Evidence.Kind.PHOTO, ("foto", "dokumentasi", "img", "dsc")),
)
BOTH = "both"


@dataclass
class TaggedFile:
    """One chosen file with the data years and the kind it is attached for."""

    file: File
    years: list[int]
    kind: str
    title: str = ""


def _words(name: str) -> str:
    """' daftar hadir rakor 2024 pdf ': lower case, words split on spaces, dots, dashes,
    underscores and digits' edges, so that needles match whole words only."""
    return " " + " ".join(re.findall(r"[a-z]+|\d+", name.lower())) + " "


def guess_kind(name: str, content_type: str = "") -> str:
    words = _words(name)
    for kind, needles in NAME_WORDS:
        if any(f" {needle} " in words for needle in needles):
            return str(kind)
    if content_type.startswith("image/"):
        return str(Evidence.Kind.PHOTO)
    return str(Evidence.Kind.REPORT)


def guess_years(name: str, years: list[int]) -> list[int]:
    """The data years a file's name mentions; all of them when it mentions none (a report for
    both years is the common case, and the check of issue 16 compares with the text later)."""
    found = [year for year in years if re.search(rf"(?<!\d){year}(?!\d)", name)]
    return found or list(years)


def parse_years(raw: str | None, years: list[int]) -> list[int] | None:
    """A posted year choice ("2023", "2024" or "both"); None when it is none of them."""
    if raw == BOTH:
        return list(years)
    return [int(raw)] if raw and raw.isdigit() and int(raw) in years else None


def guess_rules() -> dict:
    """The rules above, for the browser (evidence/dropzone.js)."""
    return {
        "kinds": [[str(kind), list(needles)] for kind, needles in NAME_WORDS],
        "photo": str(Evidence.Kind.PHOTO),
        "report": str(Evidence.Kind.REPORT),
    }
