"""Storage edge cases: large files on disk, the upload race, and orphaned blobs."""

import io
import os
import random
import time
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from .. import services
from ..exif import PhotoFacts
from ..models import EvidenceFile
from . import files
from .conftest import stored_files

pytestmark = pytest.mark.django_db


def _large_docx(megabytes: int = 4) -> bytes:
    noise = random.Random(7).randbytes(megabytes * 1024 * 1024)  # incompressible: a real ratio
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", files.CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/image1.png", noise)
    return buffer.getvalue()


def test_it_streams_a_large_document_through_a_temporary_file(world, login, response, media):
    content = _large_docx()
    answer = login(world.user("opd_operator")).post(
        f"/bukti/{response.id}/unggah/",
        {"file": files.upload(content, "Rencana Kerja.docx"), "data_year": 2024, "kind": "plan"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    stored = EvidenceFile.objects.get()
    assert stored.content_type.endswith("wordprocessingml.document") and stored.size == len(content)
    assert (media / stored.storage_name).read_bytes() == content


def test_it_uses_the_other_upload_when_the_same_file_arrives_at_the_same_moment(
    world,
    response,
    media,
    django_capture_on_commit_callbacks,
):
    user = world.user("opd_operator")
    first = services.evidence_upload(
        response=response, uploaded_file=files.upload(files.pdf()), data_year=2023, kind="report", user=user
    )
    ours = default_storage.save("evidence/11.01/ours", ContentFile(files.pdf()))
    blob = services._Blob(
        name="x.pdf",
        size=len(files.pdf()),
        sha256=first.file.sha256,
        content_type="application/pdf",
        facts=PhotoFacts(),
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        file = services._file_create(blob, ours, response.registration.regency, user)
    assert file == first.file
    assert stored_files(media) == [media / first.file.storage_name]


def test_it_lists_and_deletes_only_old_blobs_without_a_record(world, response, media, capsys):
    evidence = services.evidence_upload(
        response=response,
        uploaded_file=files.upload(files.pdf()),
        data_year=2023,
        kind="report",
        user=world.user("opd_operator"),
    )
    old = default_storage.save("evidence/11.01/old-orphan", ContentFile(b"x"))
    young = default_storage.save("evidence/11.01/young-orphan", ContentFile(b"y"))
    two_days_ago = time.time() - 2 * 86400
    for name in (old, evidence.file.storage_name):
        os.utime(media / name, (two_days_ago, two_days_ago))
    call_command("evidence_orphans")
    assert "evidence/11.01/old-orphan" in capsys.readouterr().out and (media / old).exists()
    call_command("evidence_orphans", "--delete")
    assert "1 orphaned file(s) deleted" in capsys.readouterr().out
    assert not (media / old).exists() and (media / young).exists()
    assert (media / evidence.file.storage_name).exists()


def test_large_uploads_spool_in_wistaras_own_folder_and_leftovers_are_cleaned(settings, tmp_path, capsys):
    """Issue 14: a request killed mid-body left its temporary file in the system's /tmp."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from config.settings import BASE_DIR, FILE_UPLOAD_TEMP_DIR

    # Production's default is Wistara's own folder (the tests spool to a temporary one).
    assert str(FILE_UPLOAD_TEMP_DIR).startswith(str(BASE_DIR)) or "UPLOAD_TEMP_DIR" in os.environ
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    spooled = TemporaryUploadedFile("sk.pdf", "application/pdf", 0, None)
    assert os.path.dirname(spooled.temporary_file_path()) == str(tmp_path)
    spooled.close()
    old, young = tmp_path / "tmpold.upload.pdf", tmp_path / "tmpyoung.upload.pdf"
    old.write_bytes(b"%PDF half"), young.write_bytes(b"%PDF in progress")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    call_command("evidence_orphans", "--delete")
    assert "1 upload temporary file(s) deleted" in capsys.readouterr().out
    assert not old.exists() and young.exists()


def test_the_upload_folder_is_made_when_a_large_file_first_spools_there(settings, tmp_path):
    """Issue 15: the settings only name FILE_UPLOAD_TEMP_DIR; the handler makes it when needed."""
    from wistara.evidence.uploads import TemporaryFolderUploadHandler

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    handler = TemporaryFolderUploadHandler()
    handler.new_file("file", "sk.pdf", "application/pdf", 10)
    assert os.path.dirname(handler.file.temporary_file_path()) == str(tmp_path / "upload-tmp")
    handler.file.close()
