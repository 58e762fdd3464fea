"""The bulk pages through the Django test client: nothing changes before the confirmation, the
preview shows what will, the undo puts it back, and only who may act sees the actions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.bulk.models import BulkChange
from wistara.institutions import services as institutions

from .conftest import PDF, item, validate

pytestmark = pytest.mark.django_db
BASE = "/ruang/11.01/TEST-2025"


def test_the_head_reviews_its_waiting_items_and_validates_them_in_one_step(client, registration, head):
    client.force_login(head)
    home = client.get("/").content.decode()
    assert f'href="{BASE}/validasi/"' in home  # the home queue links to the list
    page = client.get(f"{BASE}/validasi/").content.decode()
    for code in ("T1.1", "T1.2", "T2.1"):
        assert f'data-code="{code}"' in page
    assert "2023 · <a" in page and "T1.1-2023" in page  # its files, per data year
    assert page.count('name="response"') == 3

    ids = [str(item(registration, c).id) for c in ("T1.1", "T2.1")]
    planned = client.post(f"{BASE}/perubahan/validasi/", {"response": ids})
    change = BulkChange.objects.get()
    assert planned.status_code == 302 and planned["Location"] == f"{BASE}/perubahan/{change.id}/"
    preview = client.get(planned["Location"]).content.decode()
    assert "Pratinjau: belum ada yang berubah" in preview
    assert "Draf" in preview and "Divalidasi kepala perangkat daerah" in preview
    assert item(registration, "T1.1").status == "draft"  # not before the confirmation

    client.post(f"{BASE}/perubahan/{change.id}/terapkan/", {"rows-shown": "1", "row": ["0", "1"]})
    assert [item(registration, c).status for c in ("T1.1", "T1.2", "T2.1")] == [
        "validated",
        "draft",
        "validated",
    ]
    applied = client.get(planned["Location"]).content.decode()
    assert "Urungkan perubahan ini" in applied
    assert client.get(f"{BASE}/validasi/").content.decode().count('name="response"') == 1

    client.post(f"{BASE}/perubahan/{change.id}/urungkan/")
    assert item(registration, "T1.1").status == "draft"
    assert "Diurungkan oleh" in client.get(planned["Location"]).content.decode()


def test_an_empty_selection_is_refused_with_a_message(client, registration, head):
    client.force_login(head)
    answer = client.post(f"{BASE}/perubahan/validasi/", {}, follow=True)
    assert "Pilih setidaknya satu butir untuk divalidasi." in answer.content.decode()
    assert not BulkChange.objects.exists()


def test_an_operator_is_shown_no_validation(client, registration, world):
    client.force_login(world.user("opd_operator"))
    assert client.get(f"{BASE}/validasi/").status_code == 403
    assert f"{BASE}/validasi/" not in client.get("/").content.decode()


def test_the_undo_is_offered_only_while_nothing_newer_touched_the_items(
    client, registration, head, coordinator
):
    client.force_login(head)
    client.post(f"{BASE}/perubahan/validasi/", {"response": [item(registration, "T1.1").id]})
    change = BulkChange.objects.get()
    client.post(f"{BASE}/perubahan/{change.id}/terapkan/")
    client.force_login(coordinator)
    edited = item(registration, "T1.1")
    from wistara.assessments.services import response_update

    response_update(
        response=edited, user=coordinator, base_revision=edited.revision, data={"explanation": "Baru"}
    )
    client.force_login(head)
    page = client.get(f"{BASE}/perubahan/{change.id}/").content.decode()
    assert "Urungkan perubahan ini" not in page
    assert "tidak dapat lagi diurungkan" in page and "T1.1 (Regency Coordinator" in page
    refused = client.post(f"{BASE}/perubahan/{change.id}/urungkan/", follow=True).content.decode()
    assert "Perubahan ini tidak dapat diurungkan lagi: T1.1" in refused


def test_assignment_by_tatanan_is_previewed_and_applied(client, world, registration, coordinator, head):
    registration.responses.filter(indicator__code="T1.1").update(office=None)
    validate(registration, "T1.2", head)
    client.force_login(coordinator)
    page = client.get(f"{BASE}/penugasan/").content.decode()
    assert 'data-section="T1"' in page and "1 belum punya perangkat daerah · 1 sudah" in page
    answer = client.post(
        f"{BASE}/penugasan/simpan/",
        {"section": "T1", "office": world.office_a1_other.id, "include_assigned": "1"},
    )
    change = BulkChange.objects.get()
    preview = client.get(answer["Location"]).content.decode()
    assert "Tugaskan 2 butir T1 ke DLH" in preview
    assert "validasinya ditarik: butir pindah ke perangkat daerah lain" in preview
    assert item(registration, "T1.2").office == world.office_a1  # not yet
    client.post(f"{BASE}/perubahan/{change.id}/terapkan/", {"rows-shown": "1", "row": ["0", "1"]})
    assert item(registration, "T1.2").office == world.office_a1_other
    assert item(registration, "T1.2").status == "draft"


def test_assignment_without_an_office_is_refused(client, registration, coordinator):
    client.force_login(coordinator)
    answer = client.post(f"{BASE}/penugasan/simpan/", {"section": "T1"}, follow=True)
    assert "Pilih perangkat daerah yang menerima butir-butir ini." in answer.content.decode()
    assert not BulkChange.objects.exists()


def test_one_rows_office_change_says_what_it_did(client, world, registration, coordinator, head):
    validate(registration, "T1.1", head)
    client.force_login(coordinator)
    answer = client.post(
        f"{BASE}/penugasan/simpan/",
        {"response": item(registration, "T1.1").id, "office": world.office_a1_other.id},
        HTTP_HX_REQUEST="true",
    )
    text = answer.content.decode()
    assert answer.status_code == 200 and "T1.1 → DLH" in text
    assert "validasinya ditarik" in text
    plain = client.post(
        f"{BASE}/penugasan/simpan/",
        {"response": item(registration, "T1.2").id, "office": world.office_a1_other.id},
        follow=True,
    )
    assert "T1.2 → DLH" in plain.content.decode()


def test_the_prefill_shows_its_preview_first(client, world, registration, coordinator):
    tim = institutions.institution_get_or_create(
        regency=world.regency_a1, body="tim_pembina", user=coordinator
    )
    institutions.decree_add(
        institution=tim,
        user=coordinator,
        uploaded_file=SimpleUploadedFile("sk.pdf", PDF + b"sk"),
        data={
            "number": "SK/1",
            "signed_on": "2022-05-01",
            "signer_name": "Bupati",
            "signer_authority": "bupati",
        },
    )
    client.force_login(coordinator)
    answer = client.post(f"{BASE}/lembaga/isi-kelembagaan/")
    change = BulkChange.objects.get()
    assert answer["Location"] == f"{BASE}/perubahan/{change.id}/"
    assert item(registration, "K1.1").points is None
    preview = client.get(answer["Location"]).content.decode()
    assert 'data-effect="kelembagaan">0 % → 6 %' in preview
    client.post(f"{BASE}/perubahan/{change.id}/terapkan/")
    assert item(registration, "K1.1").points == 100
    overview = client.get(f"{BASE}/lembaga/").content.decode()
    assert f"{BASE}/perubahan/{change.id}/" in overview  # see it or undo it
    # The leader sees the regency but none of this.
    client.force_login(world.user("leader"))
    assert client.get(f"{BASE}/perubahan/{change.id}/").status_code == 403
    assert f"/perubahan/{change.id}/" not in client.get(f"{BASE}/lembaga/").content.decode()
