"""The panel, its actions and the download, through the HTTP client."""

import io
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from wistara.accounts import services as account_services
from wistara.accounts.models import Role
from wistara.assessments.models import Response
from wistara.testing.factories import UserFactory

from .. import services
from ..models import Evidence
from ..selectors import evidence_panel_context
from ..uploads import too_large_message
from . import files
from .conftest import assert_nothing_left, stored_files

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def _post_file(client, response, content, name="laporan.pdf", year=2023, kind="report", title="", **kw):
    return client.post(
        f"/bukti/{response.id}/unggah/",
        {"file": files.upload(content, name), "data_year": year, "kind": kind, "title": title},
        **kw,
    )


def _oversize(client, response, length: int):
    return client.generic(
        "POST",
        f"/bukti/{response.id}/unggah/",
        b"",
        headers=HTMX,
        CONTENT_LENGTH=str(length),
        CONTENT_TYPE="multipart/form-data; boundary=wistara",
        **{"wsgi.input": Unreadable()},
    )


def _attach(response, user, content=None, **kw) -> Evidence:
    return services.evidence_upload(
        response=response,
        uploaded_file=files.upload(content or files.pdf()),
        data_year=kw.pop("year", 2023),
        kind=kw.pop("kind", "report"),
        user=user,
        **kw,
    )


def test_it_uploads_from_the_panel_and_answers_with_the_panel(world, login, response):
    client = login(world.user("opd_operator"))
    answer = _post_file(client, response, files.pdf(), title="Notulen rakor", headers=HTMX)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert f'id="evidence-{response.id}"' in page and "Notulen rakor" in page and "<html" not in page
    assert Response.objects.get(pk=response.pk).evidence_prev == 1


def test_it_redirects_back_without_htmx(world, login, response):
    client = login(world.user("opd_operator"))
    back = f"/ruang/11.01/TEST-2025/indikator/{response.id}/"
    answer = _post_file(client, response, files.pdf(), headers={"Referer": f"http://testserver{back}"})
    assert answer.status_code == 302 and answer["Location"].endswith(back)
    foreign = _post_file(client, response, files.pdf("b"), headers={"Referer": "https://evil.example/"})
    assert foreign["Location"] == f"/bukti/{response.id}/"


def test_it_refuses_an_oversize_request_before_reading_its_body(world, login, response, media):
    client = login(world.user("opd_operator"))
    answer = _oversize(client, response, 26 * 1024 * 1024 + 70_000)
    assert answer.status_code == 413
    assert too_large_message() in answer.content.decode()
    assert_nothing_left(media)


def test_it_refuses_an_oversize_request_before_the_csrf_check_reads_it(world, response, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("opd_operator"))
    client.get(f"/bukti/{response.id}/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    answer = client.generic(
        "POST",
        f"/bukti/{response.id}/unggah/",
        b"",
        headers={**HTMX, "X-CSRFToken": token},
        CONTENT_LENGTH=str(30 * 1024 * 1024),
        CONTENT_TYPE="multipart/form-data; boundary=wistara",
        **{"wsgi.input": Unreadable()},
    )
    assert answer.status_code == 413
    assert_nothing_left(media)


def test_it_follows_a_smaller_limit_from_the_settings(settings, world, login, response, media):
    settings.EVIDENCE_MAX_BYTES = 10_000
    client = login(world.user("opd_operator"))
    assert _post_file(client, response, files.pdf("x" * 200_000), headers=HTMX).status_code == 413
    answer = _post_file(client, response, files.pdf("x" * 20_000), headers=HTMX)
    assert answer.status_code == 413 and too_large_message() in answer.content.decode()
    assert _post_file(client, response, files.pdf("x" * 5_000), headers=HTMX).status_code == 200
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00" + b"\x00" * 300, "laporan.pdf"),
        (b"<!doctype html><html><script>alert(1)</script></html>", "laporan.pdf"),
        (files.zip_bomb(50), "rencana.docx"),
        (files.plain_zip(), "arsip.pdf"),
        (b"MZ" + b"\x00" * 300, "../../../tmp/x.exe"),
    ],
)
def test_it_refuses_bad_files_with_the_reason_and_leaves_nothing(
    world, login, response, media, content, name
):
    answer = _post_file(login(world.user("opd_operator")), response, content, name=name, headers=HTMX)
    assert answer.status_code == 400
    assert 'class="errorlist' in answer.content.decode()
    assert_nothing_left(media)


def test_it_downloads_as_an_attachment_with_the_sniffed_type(world, login, response):
    evidence = services.evidence_upload(
        response=response,
        uploaded_file=files.upload(files.png(), "../../foto kegiatan.jpg"),
        data_year=2024,
        kind="photo",
        user=world.user("opd_operator"),
    )
    answer = login(world.user("leader")).get(f"/bukti/berkas/{evidence.id}/unduh/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/png"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Disposition"] == 'attachment; filename="foto kegiatan.png"'
    assert "sandbox" in answer["Content-Security-Policy"]
    assert b"".join(answer.streaming_content) == files.png()


def test_it_lets_each_role_see_or_change_evidence_as_the_response_allows(world, client, response):
    evidence = _attach(response, world.user("regency_coordinator"))
    dlh_operator = UserFactory(username="opd.dlh")
    account_services.role_grant(
        user=dlh_operator, role=Role.OPD_OPERATOR, regency=world.regency_a1, office=world.office_a1_other
    )
    expected = {  # role: (panel and download, upload / link / remove)
        "national_admin": (200, 200),
        "national_verifier": (200, 403),
        "provincial_verifier": (200, 403),
        "regency_coordinator": (200, 200),
        "opd_operator": (200, 200),
        "leader": (200, 403),
        "other_coordinator": (404, 404),
        "no_role": (404, 404),
        "opd.dlh": (404, 404),
    }
    for role, (see, change) in expected.items():
        client.force_login(world.users.get(role) or dlh_operator)
        assert client.get(f"/bukti/{response.id}/", headers=HTMX).status_code == see, role
        assert client.get(f"/bukti/berkas/{evidence.id}/unduh/").status_code == see, role
        link = client.post(
            f"/bukti/{response.id}/tautan/",
            {"url": f"https://example.org/{role}", "data_year": 2023, "kind": "other"},
            headers=HTMX,
        )
        assert link.status_code == change, role
        assert client.post(f"/bukti/{evidence.id}/hapus/", headers=HTMX).status_code == change, role
        assert client.post(f"/bukti/{evidence.id}/pulihkan/", headers=HTMX).status_code == change, role
        assert _post_file(client, response, files.pdf(role), headers=HTMX).status_code == change, role


def test_it_removes_and_restores_from_the_panel_and_counts_again(world, login, response):
    evidence = _attach(response, world.user("opd_operator"), year=2024)
    client = login(world.user("opd_operator"))
    removed = client.post(f"/bukti/{evidence.id}/hapus/", headers=HTMX)
    assert removed.status_code == 200 and "evidence-removed" in removed.content.decode()
    assert Response.objects.get(pk=response.pk).evidence_curr == 0
    assert f"/bukti/{evidence.id}/pulihkan/" in removed.content.decode()
    assert client.post(f"/bukti/{evidence.id}/pulihkan/", headers=HTMX).status_code == 200
    assert Response.objects.get(pk=response.pk).evidence_curr == 1


def test_it_refuses_uploads_after_the_deadline_with_the_reason(world, login, response, media):
    cycle = response.registration.cycle
    cycle.self_assessment_deadline = timezone.localdate() - timedelta(days=1)
    cycle.save()
    answer = _post_file(login(world.user("opd_operator")), response, files.pdf(), headers=HTMX)
    assert answer.status_code == 400
    assert cycle.self_assessment_deadline.strftime("%d-%m-%Y") in answer.content.decode()
    assert_nothing_left(media)


def test_it_shows_photo_details_other_uses_and_removed_items(world, login, response, other_response):
    user = world.user("opd_operator")
    photo = _attach(response, user, files.jpeg(), kind="photo")
    _attach(other_response, user, files.jpeg(), kind="photo")
    gone = _attach(response, user, files.pdf("lama"), year=2024)
    services.evidence_remove(evidence=gone, user=user)
    page = login(user).get(f"/bukti/{response.id}/").content.decode()
    assert "05-03-2024 10:15" in page and "-6.210000, 106.820000" in page
    assert "T1.2" in page and f"/bukti/berkas/{photo.id}/unduh/" in page
    assert '<details class="evidence-removed">' in page and f"/bukti/{gone.id}/pulihkan/" in page


def test_it_renders_the_panel_inside_another_page_in_a_fixed_number_of_queries(
    world,
    response,
    django_assert_max_num_queries,
):
    user = world.user("leader")
    for number in range(6):
        _attach(response, world.user("opd_operator"), files.pdf(f"dokumen {number}"), year=2023 + number % 2)
    with django_assert_max_num_queries(4):  # the fourth: the files' automatic checks (issue 16)
        html = render_to_string(
            "evidence/partials/panel.html",
            {"response": response, **evidence_panel_context(response=response, user=user)},
        )
    assert html.count('class="evidence-item') == 6 and "evidence-forms" not in html


def test_it_leaves_no_file_behind_when_nothing_was_accepted(world, login, response, media):
    _post_file(login(world.user("leader")), response, files.pdf())
    assert stored_files(media) == []


def test_it_shows_a_pdf_in_place_when_asked(world, client, settings, tmp_path):
    from wistara.evidence.services import evidence_upload
    from wistara.testing.assessments import register

    from . import files

    settings.MEDIA_ROOT = tmp_path / "media"
    response = register(world.regency_a1).responses.get(indicator__code="T1.1")
    evidence = evidence_upload(
        response=response,
        uploaded_file=files.upload(files.pdf()),
        data_year=2023,
        kind="report",
        user=world.user("national_admin"),
    )
    client.force_login(world.user("provincial_verifier"))
    shown = client.get(f"/bukti/berkas/{evidence.id}/unduh/?lihat=1")
    assert shown["Content-Disposition"].startswith("inline")
    assert "sandbox" not in shown["Content-Security-Policy"]
    saved = client.get(f"/bukti/berkas/{evidence.id}/unduh/")
    assert saved["Content-Disposition"].startswith("attachment")
