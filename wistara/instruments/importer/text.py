"""Text clean-up shared by the workbook parser and the YAML validator."""

import re

# Indonesian function words stay lower case inside a title ("Permukiman dan Fasilitas Umum").
_SMALL_WORDS = {
    "dan",
    "di",
    "ke",
    "dari",
    "yang",
    "atau",
    "untuk",
    "pada",
    "dengan",
    "serta",
    "dalam",
    "per",
}


def clean_line(value: object) -> str:
    """One-line text: every run of whitespace (including newlines and NBSP) becomes one space."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\xa0", " ").split())


def clean_block(value: object) -> str:
    """Multi-line text as published, minus trailing spaces and runs of blank lines.

    Trailing spaces would also stop PyYAML from writing the text as a readable block scalar.
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def header_key(value: object) -> str:
    """Lower-case words only, for matching header cells such as '  Skala / Kategori  Penilaian'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", clean_line(value).lower()).split())


def _title_word(word: str, first: bool) -> str:
    if word.startswith("(") and word.endswith(")"):
        return word  # an acronym such as (KKS) keeps its capitals
    if not first and word.lower() in _SMALL_WORDS:
        return word.lower()
    parts = re.split(r"([/-])", word)
    return "".join(part[:1].upper() + part[1:].lower() for part in parts)


def title_case(value: str) -> str:
    """'TATANAN PERMUKIMAN DAN FASILITAS UMUM' -> 'Tatanan Permukiman dan Fasilitas Umum'."""
    words = clean_line(value).split(" ")
    return " ".join(_title_word(word, index == 0) for index, word in enumerate(words) if word)


def slash_spacing(value: str) -> str:
    """'Desa/ Kelurahan' -> 'Desa/Kelurahan': the workbook spaces slashes inconsistently."""
    return re.sub(r"\s*/\s*", "/", clean_line(value))
