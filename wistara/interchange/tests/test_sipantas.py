import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from pypdf import PdfReader, PdfWriter

from wistara.assessments.services import response_update
from wistara.evidence.services import evidence_add_link, evidence_upload
from wistara.interchange.models import SipantasRecord
from wistara.interchange.sipantas import files
from wistara.interchange.sipantas.client import ENDPOINTS, SipantasClient, sipantas_push
from wistara.interchange.sipantas.package import write_package
from wistara.interchange.sipantas.records import (
    build_records,
    ids_import_csv,
    odf_integer,
    odf_rounding_warnings,
    unmapped,
)

from .sipantas_server import CLIENT, PASSWORD, USER, Server

pytestmark = pytest.mark.django_db


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


def _csv(registration) -> str:
    lines = ["jenis,kode,id_sipantas", f"kabupaten,{registration.regency.code},KAB-77"]
    version = registration.cycle.instrument
    for section in version.sections.all():
        if section.kind == "tatanan":
            lines.append(f"tatanan,{section.code},TAT-{section.number}")
        for indicator in section.indicators.all():
            kind = "indikator" if section.kind == "tatanan" else "kelembagaan"
            lines.append(f"{kind},{indicator.code},ID-{indicator.code}")
    return "\n".join(lines)


@pytest.fixture
def mapped(registration):
    ids_import_csv(text=_csv(registration), version=registration.cycle.instrument)
    return registration


@pytest.fixture
def server():
    found = Server()
    yield found
    found.close()


def _client(server, **extra) -> SipantasClient:
    return SipantasClient(
        base_url=server.url, username=USER, password=PASSWORD, client_id=CLIENT, pause=0.01, **extra
    )


def _fill(registration, user):
    item = registration.responses.get(indicator__code="T1.1")
    options = list(item.indicator.options.order_by("position"))
    item = response_update(
        response=item,
        user=user,
        base_revision=item.revision,
        data={"option": options[0].id, "value_prev": "12", "value_curr": "9,5", "explanation": "Turun"},
    )
    evidence_upload(
        response=item,
        uploaded_file=SimpleUploadedFile("laporan.pdf", _pdf(3)),
        data_year=2024,
        kind="report",
        user=user,
    )
    evidence_upload(
        response=item,
        uploaded_file=SimpleUploadedFile("foto.png", _png()),
        data_year=2024,
        kind="photo",
        user=user,
    )
    evidence_add_link(
        response=item,
        url="https://drive.google.com/file/d/ABCDEFGHIJK/view",
        data_year=2024,
        kind="report",
        user=user,
    )
    evidence_upload(
        response=item,
        uploaded_file=SimpleUploadedFile("lama.pdf", _pdf(1)),
        data_year=2023,
        kind="report",
        user=user,
    )
    return item


def test_the_mapping_lists_what_is_unmapped_and_a_bad_csv_is_refused_whole(registration):
    assert len(unmapped(registration)) == 1 + 9 + 136 + 16
    bad = "jenis,kode,id_sipantas\ntatanan,T1,TAT-1\nindikator,T99.1,X\nplanet,T1,Y\nkabupaten,99.99,Z\n"
    with pytest.raises(ValidationError) as caught:
        ids_import_csv(text=bad, version=registration.cycle.instrument)
    assert [m[:8] for m in caught.value.messages] == ["Baris 3:", "Baris 4:", "Baris 5:"]
    assert len(unmapped(registration)) == 162  # nothing saved, not even the good row
    ids_import_csv(text=_csv(registration), version=registration.cycle.instrument)
    assert unmapped(registration) == []


def test_the_records_carry_the_national_fields_and_signed_file_links(mapped, world):
    _fill(mapped, world.user("regency_coordinator"))
    records = build_records(mapped)
    assert len(records.capaian) == 136 and len(records.kelembagaan) == 16
    first = next(r for r in records.capaian if r["_code"] == "T1.1")
    assert (
        first["indikator_id"],
        first["capaian"],
        first["capaian_sebelumnya"],
        first["nilai_mandiri"],
        first["penjelasan_kabupaten"],
        first["tahun"],
        first["kabupaten_id"],
        first["status"],
    ) == ("ID-T1.1", 9.5, 12, 100, "Turun", mapped.cycle.instrument.award_year, "KAB-77", 0)
    assert "/sipantas/berkas/" in first["file_capaian"] and "/sipantas/berkas/" in first["file_sebelumnya"]
    assert next(r for r in records.capaian if r["_code"] == "T1.2")["file_capaian"] == ""
    assert set(records.odf) == set(ENDPOINTS["odf"][1])


def test_the_odf_percentage_goes_as_an_integer_with_a_warning_when_the_gate_moves(kks):
    assert odf_integer(Decimal("89.50")) == 90 and odf_integer(Decimal("89.49")) == 89
    warnings = odf_rounding_warnings(kks, Decimal("89.50"))
    gates = {c.name: c.min_odf_percent for c in kks.award_categories.all()}
    moved = [name for name, gate in gates.items() if gate and (Decimal("89.50") >= gate) != (gate <= 90)]
    assert len(warnings) == len(moved) and all(any(name in w for w in warnings) for name in moved)
    assert moved  # the instrument has a gate between 89.50 and 90, or the test proves nothing
    with translation.override("id"):
        first = odf_rounding_warnings(kks, Decimal("89.50"))[0]
    assert "89,50%" in first and "90%" in first  # figures as the user writes them
    # A share whose whole number stays on the same side of every gate warns of nothing.
    assert odf_rounding_warnings(kks, Decimal("95.20")) == []


def test_the_rounding_warning_writes_a_whole_gate_as_a_plain_number(kks):
    # 89.50 % goes to the national system as 90 %: the warning names a 90.00 gate as "90%",
    # never in exponent form ("9E+1%", which Decimal.normalize() alone produces).
    gates = [c.min_odf_percent for c in kks.award_categories.all() if c.min_odf_percent == 90]
    assert gates, "the fixture's instrument has a 90 % ODF gate"
    warnings = odf_rounding_warnings(kks, Decimal("89.50"))
    assert any("90%" in w for w in warnings) and not any("E+" in w for w in warnings)


def test_the_signed_link_serves_the_merged_pdf_without_a_session_and_refuses_tampered_or_expired(
    mapped, world, client, settings, monkeypatch
):
    item = _fill(mapped, world.user("regency_coordinator"))
    url = files.file_url(item, 2024)
    path = url.split("://", 1)[1].split("/", 1)[1]
    answer = client.get("/" + path)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(b"".join(answer.streaming_content)))
    assert len(pdf.pages) == 1 + 3 + 1  # cover, the 3-page report, the photo
    cover = pdf.pages[0].extract_text()
    assert "T1.1" in cover and "laporan" in cover and "drive.google.com" in cover
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/sipantas/berkas/{token[:-2]}xx/").status_code == 404
    # Another item's payload under this token's signature (the payload is base64 JSON, so the id
    # cannot be swapped in the token's text).
    import json

    from django.core.signing import b64_encode

    rest = files.file_token(item, 2024).split(":", 1)[1]
    forged = b64_encode(json.dumps({"r": item.id + 1, "y": 2024}, separators=(",", ":")).encode())
    other = forged.decode() + ":" + rest
    assert client.get(f"/sipantas/berkas/{other}/").status_code == 404
    import django.core.signing as signing

    later = signing.time.time() + settings.SIPANTAS_LINK_MAX_AGE + 10
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get("/" + path).status_code == 410


def test_the_package_holds_the_records_and_one_pdf_per_indicator_and_year(mapped, world, tmp_path):
    _fill(mapped, world.user("regency_coordinator"))
    out = tmp_path / "paket.zip"
    counts = write_package(mapped, out)
    assert counts["pdfs"] == 2
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
        assert names == [
            "T1-Kehidupan-Masyarakat-Sehat-Mandiri/T1.1-2023.pdf",
            "T1-Kehidupan-Masyarakat-Sehat-Mandiri/T1.1-2024.pdf",
            "rekaman-sipantas.xlsx",
        ]
        assert len(PdfReader(io.BytesIO(archive.read(names[0]))).pages) == 2
        assert len(PdfReader(io.BytesIO(archive.read(names[1]))).pages) == 5
        book = openpyxl.load_workbook(io.BytesIO(archive.read("rekaman-sipantas.xlsx")))
    sheet = book["Capaian Tatanan"]
    header = [c.value for c in sheet[1]]
    assert header == ["kode_wistara", *ENDPOINTS["capaian"][1]]
    assert sheet.max_row == 137 and book["Kelembagaan"].max_row == 17 and book["ODF"].max_row == 2


def test_the_pages_package_button_starts_a_job_whose_zip_is_the_package(
    mapped, world, client, settings, tmp_path
):
    """Issue 14: the package (every evidence PDF merged) is only a background job now."""
    settings.MEDIA_ROOT = tmp_path
    user = world.user("regency_coordinator")
    _fill(mapped, user)
    client.force_login(user)
    base = f"/ruang/{mapped.regency.code}/{mapped.cycle.code}/pertukaran"
    page = client.get(f"{base}/sipantas/").content.decode()
    assert "paket.zip" not in page and f'action="{base}/berkas/"' in page
    started = client.post(f"{base}/berkas/", {"what": "sipantas"})
    assert started.status_code == 302 and started["Location"].startswith("/tugas/")
    download = client.get(started["Location"] + "unduh/")
    assert "paket-sipantas-" in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert len(archive.namelist()) == 3 and "rekaman-sipantas.xlsx" in archive.namelist()
    assert client.get(f"{base}/sipantas/paket.zip").status_code == 404
    client.force_login(world.user("other_coordinator"))
    assert client.get(started["Location"]).status_code == 404


def test_the_push_sends_every_record_retries_keeps_failures_and_repushes_safely(mapped, world, server):
    _fill(mapped, world.user("regency_coordinator"))
    server.fail = {"ID-T1.2": [503, 503], "ID-T2.1": [422]}
    counts = sipantas_push(registration=mapped, client=_client(server))
    assert server.errors == []
    assert counts == {"sent": 152, "failed": 1, "unchanged": 0}
    kinds = [kind for kind, _form in server.received]
    assert (kinds.count("capaian"), kinds.count("kelembagaan"), kinds.count("odf")) == (135, 16, 1)
    sent = dict(((k, f.get("indikator_id")), f) for k, f in server.received)
    t11 = sent[("capaian", "ID-T1.1")]
    assert t11["capaian"] == "9.5" and t11["capaian_sebelumnya"] == "12" and t11["nilai_mandiri"] == "100"
    assert t11["kabupaten_id"] == "KAB-77" and "/sipantas/berkas/" in t11["file_capaian"]
    retried = SipantasRecord.objects.get(registration=mapped, key="capaian:T1.2")
    assert retried.status == SipantasRecord.Status.SENT and retried.attempts == 3
    failed = SipantasRecord.objects.get(registration=mapped, key="capaian:T2.1")
    assert failed.status == SipantasRecord.Status.FAILED
    assert "422" in failed.answer and "gagal" in failed.answer
    assert PASSWORD not in failed.answer
    # Again, with a stale token (the server issued a new one meanwhile): only the failed record goes.
    server.tokens += 1
    before = len(server.received)
    client = _client(server)
    client._token = "tok1"
    counts = sipantas_push(registration=mapped, client=client)
    assert counts == {"sent": 1, "failed": 0, "unchanged": 152}
    assert [f["indikator_id"] for _k, f in server.received[before:]] == ["ID-T2.1"]
    # A changed answer goes again; the rest stay as they are.
    item = mapped.responses.get(indicator__code="T1.1")
    response_update(
        response=item,
        user=world.user("regency_coordinator"),
        base_revision=item.revision,
        data={"explanation": "Turun terus"},
    )
    before = len(server.received)
    assert sipantas_push(registration=mapped, client=_client(server))["sent"] == 1
    assert server.received[before][1]["penjelasan_kabupaten"] == "Turun terus"


def test_credentials_come_from_the_environment_only(monkeypatch, server):
    for name in ("SIPANTAS_BASE_URL", "SIPANTAS_USERNAME", "SIPANTAS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ImproperlyConfigured):
        SipantasClient.from_env()
    monkeypatch.setenv("SIPANTAS_BASE_URL", server.url)
    monkeypatch.setenv("SIPANTAS_USERNAME", USER)
    monkeypatch.setenv("SIPANTAS_PASSWORD", PASSWORD)
    monkeypatch.setenv("SIPANTAS_CLIENT_ID", CLIENT)
    client = SipantasClient.from_env()
    assert PASSWORD not in repr(client) and client.token() == "tok1"


def test_a_refused_login_sends_nothing(mapped, server):
    client = SipantasClient(base_url=server.url, username=USER, password="salah", client_id=CLIENT, pause=0)
    with pytest.raises(ValidationError):
        sipantas_push(registration=mapped, client=client)
    assert server.received == [] and not SipantasRecord.objects.exists()


def test_the_page_shows_counts_and_never_the_credentials(mapped, world, client, monkeypatch):
    monkeypatch.setenv("SIPANTAS_PASSWORD", PASSWORD)
    client.force_login(world.user("regency_coordinator"))
    base = f"/ruang/{mapped.regency.code}/{mapped.cycle.code}/pertukaran/sipantas/"
    page = client.get(base).content.decode()
    assert "SIPANTAS" in page and PASSWORD not in page
    xlsx = client.get(base + "rekaman.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
