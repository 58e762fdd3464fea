"""Files the tests and bench/evidence_checks.py build: text PDFs, scans, photos, signed PDFs.

Everything is made here from nothing (no fixtures on disk): a text PDF written by hand (Helvetica,
one line per text line), a "scan" drawn with Pillow's default font and saved as an image-only PDF,
photos with and without EXIF, and PDFs signed with a throwaway self-signed certificate (pyHanko).
"""

import datetime as dt
import io
import textwrap

from PIL import Image, ImageDraw, ImageFilter, ImageFont


def _pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(pages: list[str] | str, *, wrap: int = 90) -> bytes:
    """A PDF with a real text layer: each page's text wrapped and written line by line."""
    if isinstance(pages, str):
        pages = [pages]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for text in pages:
        lines = []
        for paragraph in text.split("\n"):
            lines += textwrap.wrap(paragraph, wrap) or [""]
        ops = ["BT /F1 10 Tf 14 TL 50 800 Td"]
        for line in lines[:55]:
            ops.append(f"({_pdf_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252", "replace")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    )
    return out.getvalue()


def page_image(text: str, *, ppi: int = 200, blur: float = 0.0, size: int = 0) -> Image.Image:
    """An A4 page of text drawn at `ppi` (letters about 11 pt), blurred by `blur` pixels."""
    width, height = int(8.27 * ppi), int(11.69 * ppi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size or max(8, int(ppi * 0.16)))
    assert isinstance(font, ImageFont.FreeTypeFont)  # a size asks for the scalable font
    y = int(0.8 * ppi)
    chars = max(20, int(width * 0.85 / (font.size * 0.55)))
    for paragraph in text.split("\n"):
        for line in textwrap.wrap(paragraph, chars) or [""]:
            draw.text((int(0.7 * ppi), y), line, fill=0, font=font)
            y += int(font.size * 1.5)
            if y > height - ppi:
                break
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    return image


def scanned_pdf(pages: list[str] | str, *, ppi: int = 200, blur: float = 0.0) -> bytes:
    """An image-only PDF (a scan): no text layer, one page image per page at `ppi`."""
    if isinstance(pages, str):
        pages = [pages]
    images = [page_image(text, ppi=ppi, blur=blur).convert("RGB") for text in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=ppi, save_all=True, append_images=images[1:], quality=85)
    return out.getvalue()


def jpeg(
    image: Image.Image, *, taken: dt.datetime | None = None, gps: tuple[float, float] | None = None
) -> bytes:
    """A JPEG, with an EXIF time and GPS position when given."""
    exif = Image.Exif()
    if taken:
        exif[0x0132] = taken.strftime("%Y:%m:%d %H:%M:%S")
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if gps:
        lat, lon = gps
        info = exif.get_ifd(0x8825)
        info[1], info[3] = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")
        info[2] = _dms(abs(lat))
        info[4] = _dms(abs(lon))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return (float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 2))


def photo(*, blur: float = 0.0, seed: int = 1) -> Image.Image:
    """A 'photo': shapes and edges (a sharp one has plenty of detail), 1600x1200."""
    image = Image.new("RGB", (1600, 1200), (120, 160, 200))
    draw = ImageDraw.Draw(image)
    for i in range(60):
        x, y = (i * 97 * seed) % 1500, (i * 53 + seed * 31) % 1100
        draw.rectangle([x, y, x + 60 + i, y + 40 + i // 2], outline=(i * 4 % 255, 40, 90), width=3)
        draw.line([0, (i * 20) % 1200, 1600, (i * 37) % 1200], fill=(250, 250, 250), width=2)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    return image


def encrypted_pdf(text: str, password: str = "rahasia") -> bytes:  # noqa: S107 - a test file's
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(text))))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def broken_pdf(text: str) -> bytes:
    """A PDF cut short after its header: the kind of file a failed download leaves."""
    return text_pdf(text)[:300]


# --- Signatures ------------------------------------------------------------------------------------


def throwaway_signer(name: str = "dr. Siti Rahma, Kepala Dinas Kesehatan"):
    """A pyHanko signer with a fresh self-signed certificate (valid one day around now)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.COUNTRY_NAME, "ID")]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    asn1_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    asn1_key = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return signers.SimpleSigner(
        signing_cert=asn1_cert,
        signing_key=asn1_key,
        cert_registry=SimpleCertificateStore.from_certs([asn1_cert]),
    )


def signed_pdf(text: str, signer=None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(text_pdf(text)))
    signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name="TandaTangan"),
        signer=signer or throwaway_signer(),
        output=out,
    )
    return out.getvalue()


def altered_after_signing(signed: bytes, *, old: bytes = b"", new: bytes = b"") -> bytes:
    """Change signed bytes in place (same length): the signature no longer matches the content.

    Without `old`, the first text shown on the first page is changed (one letter)."""
    if not old:
        start = signed.index(b"(", signed.index(b"BT /F1"))
        old = signed[start + 1 : start + 2]
        new = b"X" if old != b"X" else b"Y"
        return signed[: start + 1] + new + signed[start + 2 :]
    assert len(old) == len(new)
    return signed.replace(old, new, 1)


def appended_after_signing(signed: bytes, text: str = "Halaman sisipan") -> bytes:
    """An incremental update after the signature that replaces the page's content (not a form
    fill, not an annotation): the signed bytes are intact but the document shown is not them."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pypdf import PdfReader

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=f"BT /F1 10 Tf 50 800 Td ({text}) Tj ET".encode())
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    assert PdfReader(io.BytesIO(out.getvalue())).pages  # still a PDF
    return out.getvalue()
