"""The evidence services: what is stored, counted, refused, and that a refusal leaves nothing."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from wistara.assessments.models import Response, ResponseChange
from wistara.testing.assessments import register

from .. import services
from ..models import Evidence, EvidenceFile
from ..selectors import evidence_panel_context
from . import files
from .conftest import assert_nothing_left, stored_files

pytestmark = pytest.mark.django_db


def _upload(response, user, content=None, name="laporan.pdf", year=2023, kind="report", title=""):
    return services.evidence_upload(
        response=response,
        uploaded_file=files.upload(files.pdf() if content is None else content, name),
        data_year=year,
        kind=kind,
        title=title,
        user=user,
    )


def _counters(response) -> tuple[int, int]:
    fresh = Response.objects.get(pk=response.pk)
    return fresh.evidence_prev, fresh.evidence_curr


def test_it_uploads_a_pdf_under_a_random_name_and_counts_it(world, response, media):
    user = world.user("opd_operator")
    content = files.pdf()
    evidence = _upload(response, user, content, name="SK Tim Pembina.pdf", year=2023)
    stored = evidence.file
    assert (stored.content_type, stored.size) == ("application/pdf", len(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.original_name == "SK Tim Pembina.pdf" and evidence.title == "SK Tim Pembina"
    assert stored.storage_name.startswith("evidence/11.01/") and "SK" not in stored.storage_name
    assert stored_files(media) == [media / stored.storage_name]
    assert (media / stored.storage_name).read_bytes() == content
    assert _counters(response) == (1, 0) and (response.evidence_prev, response.evidence_curr) == (1, 0)
    _upload(response, user, files.pdf("tahun kedua"), year=2024)
    assert _counters(response) == (1, 1)


def test_it_reads_the_time_and_place_a_photo_was_taken(world, response):
    evidence = _upload(response, world.user("opd_operator"), files.jpeg(), name="foto.jpg", kind="photo")
    stored = evidence.file
    assert stored.content_type == "image/jpeg"
    assert timezone.localtime(stored.exif_taken_at).strftime("%Y-%m-%d %H:%M") == "2024-03-05 10:15"
    assert (stored.exif_lat, stored.exif_lon) == (Decimal("-6.210000"), Decimal("106.820000"))


def test_it_tolerates_photos_without_or_with_broken_exif(world, response):
    user = world.user("opd_operator")
    plain = _upload(response, user, files.jpeg(taken=None, lat=None), name="a.jpg").file
    broken = _upload(
        response, user, files.jpeg(taken="kemarin sore", lat=((6, 0), (0, 0), (0, 0))), name="b.jpg"
    ).file
    assert (plain.exif_taken_at, plain.exif_lat, broken.exif_taken_at, broken.exif_lat) == (None,) * 4


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (files.png(), "image/png"),
        (files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (files.odt(), "application/vnd.oasis.opendocument.text"),
        (files.ole2("Workbook"), "application/vnd.ms-excel"),
        (b"desa;odf\nSukamaju;ya\n", "text/plain"),
    ],
)
def test_it_accepts_images_office_documents_and_csv(world, response, content, content_type):
    evidence = _upload(response, world.user("regency_coordinator"), content, name="berkas.bin")
    assert evidence.file.content_type == content_type


def test_it_stores_the_same_file_once_per_regency_and_tells_where_else_it_is_used(
    world,
    response,
    other_response,
    media,
):
    user = world.user("opd_operator")
    first = _upload(response, user, files.pdf("sama"), name="sk.pdf")
    again = _upload(other_response, user, files.pdf("sama"), name="salinan.pdf", year=2024)
    assert again.file_id == first.file_id and EvidenceFile.objects.count() == 1
    assert len(stored_files(media)) == 1
    context = evidence_panel_context(response=other_response, user=user)
    [item] = context["evidence_years"][1].active
    assert item.also_used_in == ["T1.1"]
    other = register(world.regency_a2).responses.first()
    services.evidence_upload(
        response=other,
        uploaded_file=files.upload(files.pdf("sama")),
        data_year=2023,
        kind="report",
        user=world.user("national_admin"),
    )
    assert EvidenceFile.objects.count() == 2 and len(stored_files(media)) == 2


def test_it_refuses_the_same_file_twice_for_one_year_but_not_for_the_other(world, response, media):
    user = world.user("opd_operator")
    _upload(response, user, year=2023)
    with pytest.raises(ValidationError) as caught:
        _upload(response, user, year=2023)
    assert caught.value.code == "duplicate"
    _upload(response, user, year=2024)
    assert _counters(response) == (1, 1) and len(stored_files(media)) == 1


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 500, "laporan.pdf", "executable"),
        (b"#!/usr/bin/env python\nimport os\n", "data.csv", "executable"),
        (b"<html><body><script>fetch('/')</script></body></html>", "laporan.pdf", "markup"),
        (files.zip_bomb(50), "rencana.docx", "zip_bomb"),
        (files.plain_zip(), "lampiran.zip", "archive"),
        (files.xlsm(), "anggaran.xlsx", "macro"),
        (b"", "kosong.pdf", "empty"),
        (b"MZ" + b"\x00" * 100, "../../../../etc/cron.d/evil", "executable"),
    ],
)
def test_it_refuses_bad_files_and_leaves_nothing(world, response, media, content, name, code):
    with pytest.raises(ValidationError) as caught:
        _upload(response, world.user("opd_operator"), content, name=name)
    assert caught.value.code == code
    assert_nothing_left(media)
    assert _counters(response) == (0, 0)


def test_it_refuses_a_file_over_the_limit(settings, world, response, media):
    settings.EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as caught:
        _upload(response, world.user("opd_operator"), files.pdf("x" * 2000))
    assert caught.value.code == "too_large"
    assert_nothing_left(media)


def test_it_keeps_path_tricks_in_the_name_out_of_the_storage(world, response, media, tmp_path):
    evidence = _upload(response, world.user("opd_operator"), name="../../../etc/passwd\x00.pdf")
    assert evidence.file.original_name == "passwd.pdf"
    assert evidence.file.storage_name.startswith("evidence/11.01/") and ".." not in evidence.file.storage_name
    assert [path.parent for path in stored_files(media)] == [media / "evidence" / "11.01"]
    assert not (tmp_path / "etc").exists()


def test_it_deletes_the_stored_file_when_the_database_write_fails(world, response, media, monkeypatch):
    def fail(response):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "_recount", fail)
    with pytest.raises(RuntimeError):
        _upload(response, world.user("opd_operator"))
    assert_nothing_left(media)


def test_it_removes_and_restores_softly_and_counts_again(world, response, media):
    user = world.user("opd_operator")
    evidence = _upload(response, user, year=2024)
    services.evidence_remove(evidence=evidence, user=user)
    evidence.refresh_from_db()
    assert evidence.removed_by == user and evidence.removed_at is not None
    assert _counters(response) == (0, 0) and len(stored_files(media)) == 1
    services.evidence_restore(evidence=evidence, user=world.user("regency_coordinator"))
    evidence.refresh_from_db()
    assert (evidence.removed_at, evidence.removed_by) == (None, None)
    assert _counters(response) == (0, 1)
    changes = list(ResponseChange.objects.filter(response=response, field="evidence").order_by("id"))
    assert [(bool(c.old), bool(c.new)) for c in changes] == [(False, True), (True, False), (False, True)]


def test_it_never_deletes_a_file_that_evidence_points_to(world, response):
    evidence = _upload(response, world.user("opd_operator"))
    services.evidence_remove(evidence=evidence, user=world.user("opd_operator"))
    with pytest.raises(ProtectedError):
        evidence.file.delete()


def test_it_adds_http_and_https_links_only(world, response):
    user = world.user("opd_operator")
    link = services.evidence_add_link(
        response=response,
        url=" https://jdih.example.go.id/perbup/12 ",
        data_year=2024,
        kind="regulation",
        user=user,
    )
    assert (link.url, link.title, link.file) == (
        "https://jdih.example.go.id/perbup/12",
        "jdih.example.go.id/perbup/12",
        None,
    )
    assert _counters(response) == (0, 1)
    for bad in ("javascript:alert(1)", "ftp://example.org/x", "data:text/html,hi", "example.org", ""):
        with pytest.raises(ValidationError) as caught:
            services.evidence_add_link(response=response, url=bad, data_year=2024, kind="other", user=user)
        assert caught.value.code == "url"


@pytest.mark.parametrize(
    ("year", "kind", "code"),
    [
        (2022, "report", "data_year"),
        ("x", "report", "data_year"),
        (2023, "selfie", "kind"),
    ],
)
def test_it_refuses_a_data_year_or_kind_outside_the_instrument(world, response, media, year, kind, code):
    with pytest.raises(ValidationError) as caught:
        _upload(response, world.user("opd_operator"), year=year, kind=kind)
    assert caught.value.code == code
    assert_nothing_left(media)


def test_it_refuses_every_change_once_the_response_is_locked(world, response, media):
    user = world.user("opd_operator")
    evidence = _upload(response, user)
    cycle = response.registration.cycle
    cycle.self_assessment_deadline = timezone.localdate() - timedelta(days=1)
    cycle.save()
    attempts = [
        lambda: _upload(response, user, files.png(), name="foto.png"),
        lambda: services.evidence_add_link(
            response=response, url="https://example.org", data_year=2023, kind="other", user=user
        ),
        lambda: services.evidence_remove(evidence=evidence, user=user),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.code == "locked"
        assert cycle.self_assessment_deadline.strftime("%d-%m-%Y") in caught.value.messages[0]
    assert Evidence.objects.count() == 1 and len(stored_files(media)) == 1
