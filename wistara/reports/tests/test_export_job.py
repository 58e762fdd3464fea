"""The dashboard table's xlsx as a background job (issue 14): the click's filters, the
starter's scope and language, progress while it runs, the file to its starter only."""

import io

import openpyxl
import pytest

from wistara.accounts.models import RoleAssignment
from wistara.assessments.models import Cycle
from wistara.jobs.models import Job
from wistara.jobs.services import job_run
from wistara.reports import selectors, table
from wistara.reports.access import get_dashboard_scope_for_user
from wistara.reports.exporters import regency_table_xlsx

pytestmark = pytest.mark.django_db
URL = "/laporan/TEST-2025/ekspor/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _cells(data: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets]


def _download(client, job: Job) -> bytes:
    response = client.get(f"/tugas/{job.id}/unduh/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "wistara-TEST-2025-" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_the_jobs_file_is_the_direct_exports_file(cycle, client, world):
    user = world.user("national_admin")
    client.force_login(user)
    filters = {"province": "11", "sort": "-self", "q": "", "state": "", "category": ""}
    client.post(URL, {"province": "11", "sort": "-self"})
    job = Job.objects.get()
    assert job.kind == "dashboard_xlsx" and job.status == Job.Status.DONE
    assert job.params["filters"] == filters and (job.done, job.total) == (2, 2)
    scope = get_dashboard_scope_for_user(user)
    rows = table.table_rows(
        selectors.cycle_overview(cycle=Cycle.objects.get(code="TEST-2025"), regencies_qs=scope.regencies),
        filters,
    )
    with regency_table_xlsx(Cycle.objects.get(code="TEST-2025"), rows) as direct:
        assert _cells(_download(client, job)) == _cells(direct.read())


def test_it_shows_progress_until_the_worker_has_run_it(cycle, client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(world.user("national_verifier"))
    started = client.post(URL, {"state": "decided"})
    job = Job.objects.get()
    page = client.get(started["Location"]).content.decode()
    assert job.status == Job.Status.QUEUED
    assert 'hx-trigger="every 2s"' in page and "/unduh/" not in page
    assert 'href="/laporan/TEST-2025/?state=decided"' in page  # back to the dashboard as it was
    assert client.get(f"/tugas/{job.id}/unduh/").status_code == 404
    job_run(str(job.id))  # what the worker (manage.py db_worker) does
    page = client.get(started["Location"]).content.decode()
    assert "every 2s" not in page and f"/tugas/{job.id}/unduh/" in page
    ((_title, (header, *rows)),) = _cells(_download(client, Job.objects.get()))
    assert [row[2] for row in rows] == ["12.01"]


def test_a_provincial_verifiers_file_has_its_province_only(cycle, client, world):
    client.force_login(world.user("provincial_verifier"))
    client.post(URL)
    client.post(URL, {"province": "12"})  # another province: a filter, never a wider scope
    whole, other = Job.objects.order_by("created_at")
    ((_t, (_h, *rows)),) = _cells(_download(client, whole))
    assert {row[2] for row in rows} == {"11.01", "11.71"}
    ((_t, (_h, *rows)),) = _cells(_download(client, other))
    assert rows == []


@pytest.mark.parametrize("other", ["national_verifier", "provincial_verifier", "regency_coordinator"])
def test_only_the_starter_sees_the_job_and_its_file(cycle, client, world, other):
    client.force_login(world.user("national_admin"))
    client.post(URL)
    job = Job.objects.get()
    client.force_login(world.user(other))
    assert client.get(f"/tugas/{job.id}/").status_code == 404
    assert client.get(f"/tugas/{job.id}/unduh/").status_code == 404


def test_it_refuses_a_get_and_an_unknown_cycle(cycle, client, world):
    client.force_login(world.user("national_admin"))
    assert client.get(URL).status_code == 405
    assert client.post("/laporan/NOPE/ekspor/").status_code == 404
    assert not Job.objects.exists()


def test_a_job_fails_for_a_starter_who_lost_the_dashboard_before_it_ran(cycle, client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    user = world.user("provincial_verifier")
    client.force_login(user)
    client.post(URL)
    RoleAssignment.objects.filter(user=user).delete()
    job = Job.objects.get()
    job_run(str(job.id))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.storage_name == ""
    assert job.message == "Dasbor ini tidak lagi dapat Anda ekspor."
