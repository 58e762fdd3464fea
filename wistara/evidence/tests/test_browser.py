"""In a browser: upload from the panel, see a refusal in place, remove and restore (htmx)."""

import os

import pytest

from wistara.assessments.models import Response
from wistara.testing.assessments import register
from wistara.testing.factories import TEST_PASSWORD
from wistara.testing.world import build_world

from ..models import Evidence
from . import files

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop; plain ORM calls


@pytest.fixture
def page(transactional_db):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
        yield context.new_page()
        browser.close()


def test_it_uploads_refuses_removes_and_restores_in_place(live_server, page, tmp_path):
    world = build_world()
    response = register(world.regency_a1).responses.get(indicator__code="T1.1")
    Response.objects.filter(pk=response.pk).update(office=world.office_a1)
    page.goto(live_server.url + "/")
    page.get_by_label("Nama pengguna").fill("opd.operator")
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/bukti/{response.id}/")
    panel = page.locator(f"#evidence-{response.id}")

    good, bad = tmp_path / "SK Tim Pembina.pdf", tmp_path / "laporan.pdf"
    good.write_bytes(files.pdf())
    bad.write_bytes(b"<html><script>alert(1)</script></html>")
    form = panel.locator("form[enctype]")
    form.locator("input[type=file]").set_input_files(str(good))
    form.locator("select[name=data_year]").select_option("2023")
    form.locator("select[name=kind]").select_option("decree")
    form.locator("button[type=submit]").click()
    panel.get_by_role("link", name="SK Tim Pembina").wait_for()
    assert Response.objects.get(pk=response.pk).evidence_prev == 1

    form = panel.locator("form[enctype]")
    form.locator("input[type=file]").set_input_files(str(bad))
    form.locator("select[name=kind]").select_option("report")
    form.locator("button[type=submit]").click()
    panel.locator(".errorlist").wait_for()  # a 400, swapped in place by evidence.js
    assert Evidence.objects.count() == 1

    panel.locator(".evidence-item form button").first.click()
    panel.locator("details.evidence-removed").wait_for()
    assert Response.objects.get(pk=response.pk).evidence_prev == 0
    panel.locator("details.evidence-removed summary").click()
    panel.locator("details.evidence-removed form button").click()
    panel.locator("details.evidence-removed").wait_for(state="detached")
    assert Response.objects.get(pk=response.pk).evidence_prev == 1
