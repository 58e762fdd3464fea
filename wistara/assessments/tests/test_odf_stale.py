"""An ODF file made from an old template names the villages changed since and asks (issue 10)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wistara.assessments.models import VillageOdf
from wistara.assessments.services.odf import odf_set
from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db

DESA, KEL = "11.01.01.2001", "11.01.01.1001"
BASE = "/ruang/11.01/TEST-2025/odf/"


@pytest.fixture
def registration(world):
    return register(world.regency_a1)


@pytest.fixture
def coordinator(login, world):
    return login(world.user("regency_coordinator"))


def _template(client) -> str:
    return client.get(BASE + "templat.csv").content.decode("utf-8-sig")


def _with_status(csv_text: str, code: str, status: str, day: str = "") -> str:
    lines = []
    for line in csv_text.split("\r\n"):
        if line.startswith(code + ";"):
            cells = line.split(";")
            cells[5], cells[6] = status, day
            line = ";".join(cells)
        lines.append(line)
    return "\r\n".join(lines)


def _upload(client, text: str, url: str = BASE + "unggah/"):
    return client.post(url, {"file": SimpleUploadedFile("odf.csv", text.encode(), "text/csv")})


def _state(registration, code: str):
    row = VillageOdf.objects.filter(registration=registration, village__code=code).first()
    return (row.is_odf, row.verified_on) if row else (False, None)


def test_the_template_says_when_it_was_downloaded(registration, coordinator):
    first = _template(coordinator).split("\r\n")[0]
    assert "KABUPATEN A SATU" in first and "[wistara-odf 20" in first


def test_an_old_template_names_the_newer_changes_and_keeps_them_on_request(registration, coordinator, world):
    today = timezone.localdate()
    text = _template(coordinator)
    # After the download, someone marks the desa ODF in Wistara.
    odf_set(
        registration=registration,
        village_code=DESA,
        is_odf=True,
        verified_on=today,
        user=world.user("national_admin"),
    )
    # The file, filled from the old template, says the desa is not ODF and the kelurahan is.
    day = (today - timedelta(days=3)).strftime("%d-%m-%Y")
    text = _with_status(_with_status(text, KEL, "Ya", day), DESA, "Tidak")
    asked = _upload(coordinator, text)
    assert asked.status_code == 409
    html = asked.content.decode()
    assert "Berkas ini akan membatalkan 1 perubahan yang lebih baru" in html
    assert DESA in html and KEL not in html
    assert [c.code for c in asked.context["conflicts"]] == [DESA]
    # Nothing is saved before the choice.
    assert _state(registration, KEL) == (False, None)
    assert _state(registration, DESA) == (True, today)

    done = coordinator.post(BASE + "unggah/pilihan/", {"choice": "keep"}, follow=True)
    assert "1 perubahan yang lebih baru dipertahankan" in done.content.decode()
    assert _state(registration, DESA) == (True, today)  # the newer change stays
    assert _state(registration, KEL) == (True, today - timedelta(days=3))  # the rest imported
    # The choice is used once.
    again = coordinator.post(BASE + "unggah/pilihan/", {"choice": "overwrite"})
    assert again.status_code == 302 and again["Location"].endswith("unggah/")
    assert _state(registration, DESA) == (True, today)


def test_the_importer_may_overwrite_the_newer_changes(registration, coordinator, world):
    text = _template(coordinator)
    odf_set(
        registration=registration,
        village_code=DESA,
        is_odf=True,
        verified_on=timezone.localdate(),
        user=world.user("national_admin"),
    )
    assert _upload(coordinator, _with_status(text, DESA, "Tidak")).status_code == 409
    coordinator.post(BASE + "unggah/pilihan/", {"choice": "overwrite"})
    assert _state(registration, DESA) == (False, None)


def test_a_change_arriving_while_deciding_is_shown_before_anything_is_written(
    registration, coordinator, world
):
    today = timezone.localdate()
    text = _template(coordinator)
    odf_set(
        registration=registration,
        village_code=DESA,
        is_odf=True,
        verified_on=today,
        user=world.user("national_admin"),
    )
    text = _with_status(_with_status(text, DESA, "Tidak"), KEL, "Tidak")
    assert _upload(coordinator, text).status_code == 409
    odf_set(
        registration=registration,
        village_code=KEL,
        is_odf=True,
        verified_on=today,
        user=world.user("national_admin"),
    )
    asked = coordinator.post(BASE + "unggah/pilihan/", {"choice": "overwrite"})
    assert asked.status_code == 409 and asked.context["again"]
    assert [c.code for c in asked.context["conflicts"]] == [KEL, DESA]
    assert _state(registration, DESA) == (True, today)  # still nothing written
    coordinator.post(BASE + "unggah/pilihan/", {"choice": "overwrite"})
    assert _state(registration, DESA) == (False, None) and _state(registration, KEL) == (False, None)


def test_no_question_when_nothing_newer_would_be_undone(registration, coordinator, world):
    today = timezone.localdate()
    text = _template(coordinator)
    odf_set(
        registration=registration,
        village_code=DESA,
        is_odf=True,
        verified_on=today,
        user=world.user("national_admin"),
    )
    # The file agrees with the newer change and changes only the kelurahan.
    text = _with_status(
        _with_status(text, DESA, "Ya", today.strftime("%d-%m-%Y")), KEL, "Ya", today.strftime("%d-%m-%Y")
    )
    done = _upload(coordinator, text)
    assert done.status_code == 302
    assert _state(registration, KEL) == (True, today)


def test_a_file_without_the_stamp_imports_as_before(registration, coordinator, world):
    odf_set(
        registration=registration,
        village_code=DESA,
        is_odf=True,
        verified_on=timezone.localdate(),
        user=world.user("national_admin"),
    )
    text = "Kode Desa;Status ODF;Tanggal Verifikasi\r\n" + f"{DESA};Tidak;\r\n"
    assert _upload(coordinator, text).status_code == 302
    assert _state(registration, DESA) == (False, None)
