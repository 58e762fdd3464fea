"""Parse the free-text scale of an indicator into ordered options with integer points.

The workbook writes every scale as numbered lines, e.g.
``1. Nilai 100 jika ... \\n\\n2. Nilai 50 jika ... \\n\\n3. Nilai 0 jika ...``, with typos
(``NIlai``, ``Nilai  0``, ``4.Nilai``, ``Nilai 50jika``) and continuation lines that belong to
the option above them.
"""

import re
from dataclasses import dataclass

from .text import clean_line

MAX_POINTS = 100

# A marker at the start of a line: "1.", "2 )", "4.Nilai". Not "1.000" (a number).
_LINE_MARKER = re.compile(r"^[ \t]*(\d{1,2})[ \t]*[.)](?!\d)", re.MULTILINE)
# The same inside a line ("1. Baik 2. Buruk"): needs whitespace around it to avoid "Rp.5" or "1.5".
_INLINE_MARKER = re.compile(r"(?<![\w.,])(\d{1,2})[.)](?=\s)")
# "Nilai" followed by the points; "Nilai 50jika" has no space before the next word.
_POINTS = re.compile(
    r"\b(?:nilai|nlai|niali|nilia|skor|score|poin|point)s?\s*[:=]?\s*(\d{1,3})(?!\d)",
    re.IGNORECASE,
)
# Fallback for scales that are not numbered but start each option with "Nilai <n>".
_POINTS_AT_LINE_START = re.compile(r"^[ \t]*(?=(?:nilai|skor)\s*\d)", re.IGNORECASE | re.MULTILINE)


class ScaleError(ValueError):
    """The scale text cannot be turned into options; the message says why."""


@dataclass(frozen=True)
class ScaleOptionData:
    points: int
    description: str


def _starts_option(text: str, match: re.Match[str], count: int) -> bool:
    """Numbers 1, 2, 3 ... in sequence start options, and so does any number before "Nilai <n>".

    The sequence skips numbers inside an option's own text ("3. pemanfaatan kembali"); the
    "Nilai" rule accepts the official workbook's own slips ("1. 2. 3. 3." and "1. 2. 4.").
    """
    if int(match.group(1)) == count + 1:
        return True
    return bool(_POINTS.match(text, match.end()) or _POINTS.match(text[match.end() :].lstrip()))


def _numbered_chunks(text: str, marker: re.Pattern[str]) -> list[str]:
    """The text after each option marker, up to the next one."""
    starts: list[re.Match[str]] = []
    for match in marker.finditer(text):
        if _starts_option(text, match, len(starts)):
            starts.append(match)
    if not starts:
        return []
    ends = [match.start() for match in starts[1:]] + [len(text)]
    return [text[match.end() : end] for match, end in zip(starts, ends, strict=True)]


def _chunks(text: str) -> list[str]:
    by_line = _numbered_chunks(text, _LINE_MARKER)
    if len(by_line) >= 2:
        return by_line
    inline = _numbered_chunks(text, _INLINE_MARKER)
    if len(inline) > len(by_line):
        return inline
    if by_line:
        return by_line
    starts = [match.start() for match in _POINTS_AT_LINE_START.finditer(text)]
    ends = starts[1:] + [len(text)]
    return [text[start:end] for start, end in zip(starts, ends, strict=True)] if starts else []


def _option(position: int, chunk: str) -> ScaleOptionData:
    description = clean_line(chunk)
    match = _POINTS.search(description)
    if not match:
        raise ScaleError(f"option {position} ('{description[:60]}') has no points ('Nilai <n>')")
    points = int(match.group(1))
    if points > MAX_POINTS:
        raise ScaleError(f"option {position} has {points} points, more than {MAX_POINTS}")
    return ScaleOptionData(points=points, description=description)


def parse_scale(text: object) -> list[ScaleOptionData]:
    """Options in published order; raises ScaleError when any option lacks its points."""
    raw = "" if text is None else str(text).replace("\xa0", " ")
    if not raw.strip():
        raise ScaleError("the scale is empty")
    chunks = [chunk for chunk in _chunks(raw) if clean_line(chunk)]
    if not chunks or not any(_POINTS.search(clean_line(chunk)) for chunk in chunks):
        raise ScaleError("no scale option with points found")
    return [_option(position, chunk) for position, chunk in enumerate(chunks, start=1)]
