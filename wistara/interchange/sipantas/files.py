"""One file per indicator per data year, as the national system takes it, behind signed links.

The item's evidence of that year becomes one PDF: a cover page (WeasyPrint) listing every piece
in order, then each PDF file's pages (pypdf) and each image as a page (Pillow); links and files
that are neither are listed on the cover only. The PDF is written to a file object page by page
from the stored files: one indicator's files of one year in memory at a time, never the package's.

The national system fetches the PDF without a session, so the link carries a signature (Django's
TimestampSigner over the item and year) and expires (SIPANTAS_LINK_MAX_AGE seconds).
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wistara.assessments.models import Response
from wistara.evidence.models import Evidence, EvidenceFile

SALT = "wistara.interchange.sipantas-file"
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


@dataclass
class Piece:
    number: int
    title: str
    kind: str
    what: str  # "pdf", "image", "link", "other"
    evidence: Evidence


def pieces(response: Response, year: int) -> list[Piece]:
    found = []
    for number, evidence in enumerate(
        response.evidence.filter(removed_at__isnull=True, data_year=year)
        .select_related("file")
        .order_by("added_at", "id"),
        start=1,
    ):
        if evidence.file is None:
            what = "link"
        elif evidence.file.content_type == "application/pdf":
            what = "pdf"
        elif evidence.file.content_type in IMAGE_TYPES:
            what = "image"
        else:
            what = "other"
        found.append(Piece(number, evidence.title, evidence.get_kind_display(), what, evidence))
    return found


def _image_pdf(file: EvidenceFile) -> bytes:
    from PIL import Image

    with default_storage.open(file.storage_name, "rb") as handle, Image.open(handle) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PDF", resolution=150)
        return out.getvalue()


@dataclass
class Cover:
    response: Response
    year: int
    pieces: list[Piece]

    @property
    def indicator(self):
        return self.response.indicator


class Covers:
    """Cover pages of many items rendered as ONE WeasyPrint document (its start-up and style work
    once, not once per PDF: a package of 300 covers took minutes otherwise), then cut by the
    anchor each cover starts with."""

    def __init__(self, covers: list[Cover]) -> None:
        from pypdf import PdfReader
        from weasyprint import HTML

        self.covers = covers
        if not covers:
            self.reader, self.ranges = None, []
            return
        registration = covers[0].response.registration
        html = render_to_string(
            "interchange/sipantas/cover.html",
            {
                "covers": covers,
                "regency": registration.regency,
                "cycle": registration.cycle,
                "made_at": timezone.now(),
            },
        )
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
        starts = []
        for index, page in enumerate(document.pages):
            starts += [index for anchor in page.anchors if anchor.startswith("cover-")]
        ends = [*starts[1:], len(document.pages)]
        self.ranges = list(zip(starts, ends, strict=True))
        self.reader = PdfReader(io.BytesIO(document.write_pdf()))

    def append_to(self, writer, index: int) -> None:
        start, end = self.ranges[index]
        writer.append(self.reader, pages=(start, end))


def write_merged_pdf(
    response: Response, year: int, out, *, covers: Covers | None = None, index: int = 0
) -> int:
    """Write the cover and the year's files to `out`; returns the number of pieces. With
    `covers`, the cover is page range `index` of that pre-rendered document."""
    from pypdf import PdfReader, PdfWriter

    if covers is None:
        found = pieces(response, year)
        covers, index = Covers([Cover(response, year, found)]), 0
    else:
        found = covers.covers[index].pieces
    writer = PdfWriter()
    covers.append_to(writer, index)
    for piece in found:
        file = piece.evidence.file  # None only for a link, which is neither a PDF nor an image
        try:
            if piece.what == "pdf" and file is not None:
                with default_storage.open(file.storage_name, "rb") as handle:
                    data = io.BytesIO(handle.read())  # pypdf reads the pages when writing
                writer.append(PdfReader(data))
            elif piece.what == "image" and file is not None:
                writer.append(PdfReader(io.BytesIO(_image_pdf(file))))
        except Exception:  # a damaged file must not stop the package: the cover lists it
            piece.what = "broken"
    writer.write(out)
    return len(found)


# --- Signed links ----------------------------------------------------------------------------------


def file_token(response: Response, year: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"r": response.id, "y": year})


def file_url(response: Response, year: int) -> str:
    path = reverse("sipantas:file", args=[file_token(response, year)])
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def read_token(token: str) -> tuple[int, int]:
    """(response id, year); raises LinkExpired or LinkInvalid."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        data = signer.unsign_object(token, max_age=settings.SIPANTAS_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    try:
        return int(data["r"]), int(data["y"])
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid from exc
