"""The dashboard's "Download (xlsx)" as a background job, in the browser (issue 14): the click
leads to the job's page, which follows the job by htmx polling until the worker has written the
file, then offers it; the file has the dashboard's rows as filtered at the click."""

import io
import os
from pathlib import Path

import openpyxl
import pytest

from wistara.jobs.models import Job
from wistara.jobs.services import job_run
from wistara.testing.assessments import register
from wistara.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path(os.getenv("WISTARA_SCREENSHOTS", "test-artifacts"))


def test_the_export_waits_on_its_page_then_offers_the_file(world_live, live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Queued only, as in production: the test plays the worker below.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for regency in (world_live.regency_a1, world_live.regency_a2, world_live.regency_b1):
        register(regency)
    page.goto(live_server.url + "/")
    page.get_by_label("Nama pengguna").fill("national.admin")
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(live_server.url + "/laporan/?province=11&sort=-completion")
    page.get_by_role("button", name="Unduh (xlsx)").click()
    page.wait_for_url("**/tugas/**")
    page.get_by_text("Menunggu").wait_for()
    back = page.get_by_role("link", name="Kembali").get_attribute("href")
    assert back.endswith("/laporan/TEST-2025/?province=11&sort=-completion")
    job_run(str(Job.objects.get().id))  # the worker
    link = page.get_by_role("link", name="Unduh wistara-")
    link.wait_for(timeout=15000)  # the page polls every 2 s
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "export-job-done.png"), full_page=True)
    with page.expect_download() as info:
        link.click()
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][1] == "Provinsi" and sorted(row[2] for row in rows[1:]) == ["11.01", "11.71"]
