"""Reading one file version into facts: does it open, its pages, its text, legibility, signatures.

pypdf parses PDFs (pure Python, already used by the tests): pages, encryption, the text layer and
the page images of scans, which are measured (pixels per inch of the page, sharpness) and read by
OCR. Pillow decodes images. Office documents are zips whose XML text is read directly. Nothing here
touches the database: `read_file` takes bytes and gives (facts, text).
"""

import io
import logging
import re
import time
import warnings
import zipfile

from django.conf import settings
from PIL import Image

from . import images, ocr
from .signatures import read_signatures

logger = logging.getLogger(__name__)

TEXT_CAP = 60_000  # characters kept for matching: the beginning says what a document is
PAGE_TEXT_MIN = 25  # fewer characters than this on a page with a picture: a scanned page
Image.MAX_IMAGE_PIXELS = 120_000_000  # a 600 ppi A3 scan still opens; a decompression bomb does not


def read_file(data: bytes, content_type: str) -> tuple[dict, str]:
    facts: dict = {
        "opens": True,
        "pages": None,
        "text_layer": None,
        "scanned_pages": 0,
        "ocr": "not_needed",
        "ocr_pages": 0,
        "ppi": None,
        "sharpness": None,
        "signatures": [],
        "pixels": None,
    }
    if content_type == "application/pdf":
        text = _pdf(data, facts)
    elif content_type.startswith("image/"):
        text = _image(data, facts)
    elif content_type == "text/plain":
        text = data[: TEXT_CAP * 2].decode("utf-8", "replace")
    else:
        text = _office(data, facts)
    return facts, text[:TEXT_CAP]


def _failed(facts: dict, reason: str) -> str:
    facts.update(opens=False, open_error=reason)
    return ""


# --- PDF -------------------------------------------------------------------------------------------


def _pdf(data: bytes, facts: dict) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _open_without_password(reader):
                return _failed(facts, "encrypted")
            pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        logger.info("a PDF did not open: %s", exc)
        return _failed(facts, "broken")
    if not pages:
        return _failed(facts, "no_pages")
    facts["pages"] = len(pages)
    if b"/ByteRange" in data:
        facts["signatures"] = read_signatures(data)
    texts, scans = [], []
    for number, page in enumerate(pages):
        text = _page_text(page)
        if len(text.strip()) < PAGE_TEXT_MIN:
            picture = _page_picture(page)
            if picture is not None:
                scans.append((number, picture, _page_points(page)))
        texts.append(text)
    facts["text_layer"] = sum(len(t.strip()) for t in texts) >= PAGE_TEXT_MIN
    facts["scanned_pages"] = len(scans)
    if scans:
        texts += _measure_and_read(scans, facts)
    return "\n".join(texts)


def _open_without_password(reader) -> bool:
    """A PDF protected only against editing (an owner password) opens for everyone: try ""."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _page_text(page) -> str:
    try:
        return page.extract_text() or ""
    except Exception:  # a damaged content stream: the page counts as having no text
        return ""


def _page_picture(page) -> Image.Image | None:
    """The largest picture on the page (a scan is one picture per page), or None."""
    try:
        found = [item.image for item in page.images]
    except Exception:
        return None
    found = [image for image in found if image is not None]
    return max(found, key=lambda image: image.width * image.height) if found else None


def _page_points(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box.width), float(box.height)


def _measure_and_read(scans: list, facts: dict) -> list[str]:
    ppis = [images.page_ppi(picture.size, points) for _, picture, points in scans]
    facts["ppi"] = min(ppis)
    facts["sharpness"] = min(images.sharpness(picture) for _, picture, _ in scans[:5])
    return _ocr([picture for _, picture, _ in scans], facts)


def _ocr(pictures: list[Image.Image], facts: dict) -> list[str]:
    engine = ocr.engine()
    if engine is None:
        facts["ocr"] = "skipped"
        return []
    limit = getattr(settings, "EVIDENCE_OCR_MAX_PAGES", 5)
    started = time.monotonic()
    texts = []
    for picture in pictures[:limit]:
        try:
            texts.append(ocr.read_text(picture, engine))
        except Exception as exc:
            logger.warning("OCR failed: %s", exc)
            facts["ocr"] = "failed"
            return texts
    facts.update(
        ocr="done",
        ocr_pages=len(texts),
        ocr_seconds=round(time.monotonic() - started, 2),
        ocr_chars=sum(len(t.strip()) for t in texts),
    )
    return texts


# --- Images ----------------------------------------------------------------------------------------


def _image(data: bytes, facts: dict) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data))
            image.load()
    except Exception as exc:  # HEIC without a decoder, a truncated JPEG, a bomb
        logger.info("an image did not decode: %s", exc)
        return _failed(facts, "decode")
    facts["pages"] = 1
    facts["pixels"] = list(image.size)
    facts["sharpness"] = images.sharpness(image)
    facts["ppi"] = images.image_as_a4_ppi(image.size)
    return "\n".join(_ocr([image], facts))


# --- Office documents ------------------------------------------------------------------------------

_TAG = re.compile(rb"<[^>]+>")
_PARAGRAPH_END = re.compile(rb"</(?:w:p|a:p|text:p|text:h|row)>")
OFFICE_TEXT_PARTS = ("word/document.xml", "content.xml")
OFFICE_PREFIXES = ("ppt/slides/slide", "xl/sharedStrings.xml")


def _office(data: bytes, facts: dict) -> str:
    """OOXML and OpenDocument text read from their XML; a legacy binary document is only opened."""
    if not data.startswith(b"PK"):
        return ""  # OLE2 (.doc/.xls): accepted at upload, its text is not read here
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            parts = [n for n in names if n in OFFICE_TEXT_PARTS or n.startswith(OFFICE_PREFIXES)]
            facts["pages"] = sum(1 for n in names if n.startswith("ppt/slides/slide")) or None
            texts = []
            for name in sorted(parts):
                xml = archive.read(name)[:4_000_000]
                xml = _PARAGRAPH_END.sub(b"\n", xml)
                texts.append(_TAG.sub(b" ", xml).decode("utf-8", "replace"))
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as exc:
        logger.info("an office document did not open: %s", exc)
        return _failed(facts, "broken")
    return re.sub(r"[ \t]+", " ", "\n".join(texts))
