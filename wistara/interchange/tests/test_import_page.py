import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.evidence.models import Evidence
from wistara.interchange.models import ImportBatch
from wistara.interchange.testing import workbook_2023

pytestmark = pytest.mark.django_db


def _url(registration, name="impor/"):
    return f"/ruang/{registration.regency.code}/{registration.cycle.code}/pertukaran/{name}"


def _upload(client, registration, path):
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile("lama.xlsx", handle.read())
    return client.post(_url(registration), {"action": "upload", "file": upload, "data_year": 2023})


def test_a_coordinator_reviews_changes_a_match_dry_runs_then_imports(
    registration, kks, world, client, tmp_path
):
    path = tmp_path / "lama.xlsx"
    workbook_2023(kks, path)
    client.force_login(world.user("regency_coordinator"))
    assert _upload(client, registration, path).status_code == 302
    batch = ImportBatch.objects.get()
    page = client.get(_url(registration)).content.decode()
    assert "lama.xlsx" in page and 'value="T1.1"' in page and "cocok" in page
    assert not registration.responses.filter(option__isnull=False).exists()
    # Leave T1.1's row out, keep the rest; a dry run first.
    page = client.post(_url(registration), {"batch": batch.id, "action": "dry", "m-0": ""}).content.decode()
    assert "Uji coba" in page and "151" in page
    assert not Evidence.objects.exists()
    assert client.post(_url(registration), {"batch": batch.id, "action": "apply"}).status_code == 302
    assert not registration.responses.get(indicator__code="T1.1").option_id
    assert registration.responses.filter(option__isnull=False).count() == 151
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.summary["answers"] == 151


def test_a_wrong_code_or_a_broken_file_is_refused_with_the_reason(registration, kks, world, client, tmp_path):
    client.force_login(world.user("regency_coordinator"))
    bad = SimpleUploadedFile("bukan.xlsx", b"bukan workbook")
    page = client.post(_url(registration), {"action": "upload", "file": bad, "data_year": 2024})
    assert "tidak dapat dibuka sebagai workbook Excel" in page.content.decode()
    path = tmp_path / "lama.xlsx"
    workbook_2023(kks, path)
    _upload(client, registration, path)
    batch = ImportBatch.objects.get()
    page = client.post(_url(registration), {"batch": batch.id, "action": "apply", "m-0": "T99.9"})
    assert "T99.9" in page.content.decode()
    assert not registration.responses.filter(option__isnull=False).exists()


def test_the_workbook_download_is_an_xlsx(registration, world, client):
    client.force_login(world.user("leader"))
    response = client.get(_url(registration, "workbook.xlsx"))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]


def test_the_item_page_shows_the_earlier_rounds_scores_as_history(registration, kks, world, client, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "lama.xlsx"
    workbook_2023(kks, path)
    call_command(
        "import_assessment",
        str(path),
        regency=registration.regency.code,
        cycle=registration.cycle.code,
        stdout=StringIO(),
    )
    item = registration.responses.get(indicator__code="T4.2")
    client.force_login(
        world.user("opd_operator")
        if item.office_id == world.office_a1.id
        else world.user("regency_coordinator")
    )
    page = client.get(f"/ruang/{registration.regency.code}/{registration.cycle.code}/indikator/{item.id}/")
    text = page.content.decode()
    assert "Putaran sebelumnya" in text and "Catatan provinsi T4.2" in text
