"""A narrative's HTML as the editor sends it, made safe (nh3), and its words counted.

Only the formatting a narrative needs survives: paragraphs, headings, emphasis, lists, quotes,
simple tables, links (http, https, mailto) and images that are the registration's own uploaded
images (anything else, a data: URI or another site's image included, is dropped). Everything
else, scripts, styles, event handlers and classes included, is removed; the text inside unknown
tags is kept.
"""

import html
import re
from collections.abc import Callable

import nh3

TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "title"}
MAX_CHARS = 400_000  # ~60,000 words of formatted text: far beyond any narrative
IMAGE_ID = re.compile(r"/profil/berkas/(\d+)/")
_WORD = re.compile(r"\w[\w'’.,-]*\w|\w", re.UNICODE)
_BLOCK_END = re.compile(r"(</(?:p|h[2-4]|li|td|th|blockquote|caption)>|<br\s*/?>)", re.IGNORECASE)


def image_ids(raw: str) -> set[int]:
    """The ids of the dossier images the raw HTML refers to (to be checked by the caller)."""
    return {int(found) for found in IMAGE_ID.findall(raw or "")}


def sanitise(raw: str, *, image_url: Callable[[int], str | None]) -> str:
    """Safe HTML. `image_url(id)` gives the canonical address of an allowed image, else None."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            found = IMAGE_ID.search(value)
            return image_url(int(found.group(1))) if found else None
        if attribute in ("colspan", "rowspan"):
            return value if value.isdigit() and 0 < int(value) <= 50 else None
        return value

    cleaned = nh3.clean(
        raw or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        clean_content_tags=DROP_WITH_CONTENT,
        attribute_filter=keep,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    cleaned = re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)  # an image whose source was refused
    return "" if not plain_text(cleaned).strip() and "<img" not in cleaned else cleaned.strip()


def plain_text(safe_html: str) -> str:
    """The words of the HTML, one line per block (for counting and comparing versions)."""
    spaced = _BLOCK_END.sub(r"\1\n", safe_html or "")
    return html.unescape(nh3.clean(spaced, tags=set()))


def word_count(safe_html: str) -> int:
    return len(_WORD.findall(plain_text(safe_html)))
