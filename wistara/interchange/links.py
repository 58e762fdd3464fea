"""Evidence links as regencies write them in their workbooks, made into one clean form.

A link cell may hold several addresses, with or without a scheme, with text around them and a
data year ("2023: https://..."). Google Drive writes the same file in several forms
(`open?id=`, `/file/d/<id>/view?usp=sharing`, `uc?id=`, `/drive/u/0/folders/<id>`); they become
one form each for files and folders, so that the same document is not attached twice.
"""

import re
from urllib.parse import parse_qs, urlsplit

_URL = re.compile(r"(?:https?://|www\.|drive\.google\.com/|docs\.google\.com/)[^\s,;\"'<>]+", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d{2})\b")
_DRIVE_ID = r"[A-Za-z0-9_-]{10,}"
_FILE_PATH = re.compile(rf"/file/d/({_DRIVE_ID})")
_FOLDER_PATH = re.compile(rf"/folders/({_DRIVE_ID})")


def normalise(url: str) -> str:
    """One address, scheme added, Google Drive files and folders in their canonical form."""
    url = url.strip().rstrip(").,;")
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = "https://" + url
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if host in ("drive.google.com", "www.drive.google.com"):
        folder = _FOLDER_PATH.search(parts.path)
        if folder:
            return f"https://drive.google.com/drive/folders/{folder.group(1)}"
        found = _FILE_PATH.search(parts.path)
        file_id = found.group(1) if found else (parse_qs(parts.query).get("id") or [""])[0]
        if re.fullmatch(_DRIVE_ID, file_id or ""):
            return f"https://drive.google.com/file/d/{file_id}/view"
    return url


def extract(text: object) -> list[tuple[str, int | None]]:
    """(normalised address, the year written just before it or None) for every address in a cell,
    in order, without repeats."""
    found: list[tuple[str, int | None]] = []
    text = "" if text is None else str(text)
    position = 0
    for match in _URL.finditer(text):
        before = text[position : match.start()]
        years = _YEAR.findall(before)
        url = normalise(match.group(0))
        if url not in [u for u, _ in found]:
            found.append((url, int(years[-1]) if years else None))
        position = match.end()
    return found


def hyperlink_formula_target(formula: object) -> str | None:
    """The address in =HYPERLINK("address", "label"), or None."""
    match = re.match(r'^\s*=\s*HYPERLINK\(\s*"([^"]+)"', str(formula or ""), re.IGNORECASE)
    return match.group(1) if match else None
