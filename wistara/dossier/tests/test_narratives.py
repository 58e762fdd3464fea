from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wistara.assessments.models import Cycle
from wistara.assessments.services import ConflictError
from wistara.dossier.models import Attachment, Narrative
from wistara.dossier.services import narrative_image_upload, narrative_pdf_upload, narrative_save
from wistara.dossier.testing import pdf_upload
from wistara.evidence.models import EvidenceFile
from wistara.evidence.tests.files import png
from wistara.testing.assessments import register

from .conftest import stored

pytestmark = pytest.mark.django_db
PNG = png()


def _t1(registration):
    return registration.cycle.instrument.sections.get(code="T1")


def _save(registration, user, body, revision=0, section="T1"):
    section = _t1(registration) if section == "T1" else None
    return narrative_save(
        registration=registration, section=section, user=user, base_revision=revision, body=body
    )


def test_it_keeps_only_safe_formatting_and_counts_the_words(registration, coordinator):
    narrative = _save(
        registration,
        coordinator,
        '<h2 style="color:red">Capaian</h2><p onclick="x()">Dua <b>puluh</b> desa</p>'
        '<script>alert(1)</script><a href="javascript:alert(1)">tautan</a>',
    )
    assert (
        narrative.body
        == '<h2>Capaian</h2><p>Dua <b>puluh</b> desa</p><a rel="noopener noreferrer nofollow">tautan</a>'
    )
    assert (narrative.word_count, narrative.revision, narrative.versions.count()) == (5, 1, 1)


def test_it_keeps_the_overview_apart_from_the_tatanan(registration, coordinator):
    overview = _save(registration, coordinator, "<p>Gambaran umum</p>", section=None)
    tatanan = _save(registration, coordinator, "<p>Tatanan satu</p>")
    assert overview.key == "gambaran-umum" and tatanan.key == "T1" and overview.pk != tatanan.pk


def test_it_never_overwrites_someone_elses_save(registration, coordinator, world):
    _save(registration, coordinator, "<p>Versi pertama</p>")
    with pytest.raises(ConflictError) as conflict:
        _save(registration, world.user("national_admin"), "<p>Versi lain</p>", revision=0)
    assert conflict.value.current_revision == 1
    assert conflict.value.changes[0].body == "<p>Versi pertama</p>"
    narrative = _save(registration, coordinator, "<p>Versi kedua</p>", revision=1)
    assert [v.body for v in narrative.versions.all()] == ["<p>Versi kedua</p>", "<p>Versi pertama</p>"]


def test_it_keeps_images_of_this_registration_only(registration, coordinator, world):
    image = narrative_image_upload(
        registration=registration,
        section=_t1(registration),
        user=coordinator,
        uploaded_file=SimpleUploadedFile("peta.png", PNG),
    )
    other = register(world.regency_b1)
    foreign = narrative_image_upload(
        registration=other,
        section=None,
        user=world.user("national_admin"),
        uploaded_file=SimpleUploadedFile("lain.png", PNG),
    )
    body = (
        f'<p><img src="/x/profil/berkas/{image.id}/?lihat=1" alt="Peta" onerror="x()">'
        f'<img src="/y/profil/berkas/{foreign.id}/?lihat=1"><img src="data:image/png;base64,AAAA"></p>'
    )
    narrative = _save(registration, coordinator, body)
    assert narrative.body == (
        f'<p><img src="/ruang/11.01/TEST-2025/profil/berkas/{image.id}/?lihat=1" alt="Peta"></p>'
    )


def test_it_takes_a_pdf_as_the_narrative_and_refuses_other_files(registration, coordinator, media):
    with pytest.raises(ValidationError) as refused:
        narrative_pdf_upload(
            registration=registration,
            section=None,
            user=coordinator,
            uploaded_file=SimpleUploadedFile("gambar.pdf", PNG),
        )
    assert "file" in refused.value.message_dict and stored(media) == [] and not EvidenceFile.objects.exists()
    narrative = narrative_pdf_upload(
        registration=registration,
        section=None,
        user=coordinator,
        uploaded_file=pdf_upload("gambaran.pdf", "g"),
    )
    assert narrative.pdf.kind == Attachment.Kind.NARRATIVE_PDF and narrative.revision == 1
    assert narrative.pdf.file.regency == registration.regency
    narrative = narrative_save(
        registration=registration, section=None, user=coordinator, base_revision=1, body="", remove_pdf=True
    )
    assert narrative.pdf is None and narrative.versions.get(revision=1).pdf is not None
    assert len(stored(media)) == 1  # the file stays: a version points to it


def test_it_locks_the_narratives_when_the_regency_submits(submitted, coordinator):
    with pytest.raises(ValidationError) as refused:
        _save(submitted, coordinator, "<p>Terlambat</p>")
    assert refused.value.code == "locked"


def test_it_locks_the_narratives_after_the_self_assessment_deadline(registration, coordinator):
    Cycle.objects.filter(pk=registration.cycle_id).update(
        self_assessment_deadline=timezone.localdate() - timedelta(days=1)
    )
    registration.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _save(registration, coordinator, "<p>Terlambat</p>")
    assert refused.value.code == "locked" and not Narrative.objects.exclude(body="").exists()
