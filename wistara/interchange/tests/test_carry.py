import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from wistara.assessments.services import response_update
from wistara.evidence.models import Evidence
from wistara.evidence.services import evidence_add_link, evidence_upload
from wistara.testing.assessments import open_test_cycle, register

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _run(regency, *extra) -> dict:
    out = StringIO()
    call_command(
        "carry_forward",
        "--regency",
        regency.code,
        "--from",
        "KKS-2023",
        "--cycle",
        "KKS-2025",
        "--json",
        *extra,
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_answers_links_and_decrees_carry_forward_as_drafts_after_a_preview(world, kks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = world.user("regency_coordinator")
    old = register(world.regency_a1, open_test_cycle(kks, code="KKS-2023"))
    item = old.responses.get(indicator__code="T3.1")
    options = list(item.indicator.options.order_by("position"))
    item = response_update(
        response=item,
        user=user,
        base_revision=item.revision,
        data={"option": options[1].id, "explanation": "Perbup 2021", "value_curr": "5"},
    )
    evidence_upload(
        response=item,
        uploaded_file=SimpleUploadedFile("perbup.pdf", PDF),
        data_year=2024,
        kind="decree",
        user=user,
    )
    evidence_upload(
        response=item,
        uploaded_file=SimpleUploadedFile("foto.pdf", PDF + b"x"),
        data_year=2024,
        kind="photo",
        user=user,
    )
    evidence_add_link(
        response=item,
        url="https://drive.google.com/drive/folders/ABCDEFGHIJKL",
        data_year=2023,
        kind="report",
        user=user,
    )
    new = register(world.regency_a1, open_test_cycle(kks, code="KKS-2025"))
    preview = _run(world.regency_a1, "--dry-run")
    assert preview["answers"] == 1 and preview["links"] == 2 and preview["matched"] == 1
    assert not new.responses.filter(option__isnull=False).exists()
    summary = _run(world.regency_a1)
    assert summary["answers"] == 1
    carried = new.responses.get(indicator__code="T3.1")
    assert (carried.option.position, carried.explanation, carried.value_curr, carried.status) == (
        2,
        "Perbup 2021",
        None,
        "draft",
    )
    kept = Evidence.objects.filter(response=carried)
    assert sorted((e.kind, e.data_year) for e in kept) == [("decree", 2024), ("other", 2024)]
    assert kept.get(kind="decree").file_id == item.evidence.get(kind="decree").file_id  # stored once
    # Once more: nothing new (the same answer, the link and the decree are already there).
    again = _run(world.regency_a1)
    assert again["links"] == 0 and again["links_existing"] == 2
