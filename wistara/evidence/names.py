"""File names as users send them are only ever displayed, and are made safe to display first."""

import unicodedata

MAX_LENGTH = 150
# Invisible and control characters (NUL, bidi overrides that turn "exe.pdf" around, ...) and the
# characters Windows refuses in a file name.
DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
DROPPED_CHARACTERS = set('<>:"|?*')


def sanitise_name(raw: str | None, *, fallback: str = "document") -> str:
    """The last path segment, without control characters, leading dots or runs of spaces."""
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/")).rsplit("/", 1)[-1]
    name = "".join(
        char
        for char in name
        if unicodedata.category(char) not in DROPPED_CATEGORIES and char not in DROPPED_CHARACTERS
    )
    name = " ".join(name.split()).strip(" .")
    return _shorten(name) if name else fallback


def _shorten(name: str) -> str:
    if len(name) <= MAX_LENGTH:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        return f"{stem[: MAX_LENGTH - len(extension) - 1].rstrip()}.{extension}"
    return name[:MAX_LENGTH]


def name_stem(name: str) -> str:
    stem, dot, _extension = name.rpartition(".")
    return stem if dot and stem else name
