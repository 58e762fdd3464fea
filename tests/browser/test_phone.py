"""On a 390 px phone: the header menu and the workspace tabs fold behind a toggle, and no page
scrolls sideways (a wide table scrolls inside its own box) (issue 10, item 8)."""

import os
from pathlib import Path

import pytest

from wistara.testing.assessments import register
from wistara.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path(os.getenv("WISTARA_SCREENSHOTS", "test-artifacts"))
WIDTH = 390


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_phone_menus_open_and_no_page_scrolls_sideways(world_live, live_server, phone):
    registration = register(world_live.regency_a1)
    base = f"{live_server.url}/ruang/{registration.regency.code}/{registration.cycle.code}"
    phone.goto(live_server.url + "/")
    phone.get_by_label("Nama pengguna").fill("regency.coordinator")
    phone.get_by_label("Sandi").fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.goto(base + "/")

    # The header shows the brand and the toggle; the menu opens on a tap.
    cycles = phone.locator("header nav").get_by_role("link", name="Siklus")
    assert not cycles.is_visible()
    phone.locator("label.menu-button", has_text="Menu").first.click()
    assert cycles.is_visible()
    assert phone.get_by_role("button", name="Keluar").is_visible()
    phone.locator("label.menu-button", has_text="Menu").first.click()
    assert not cycles.is_visible()

    # The workspace tabs: the current one shows, the others behind "Menu ruang kerja".
    tabs = phone.locator("nav.ws-tabs")
    assert tabs.get_by_role("link", name="Dasbor").is_visible()
    indicators = tabs.get_by_role("link", name="Indikator", exact=True)
    assert not indicators.is_visible()
    box = phone.locator("nav.ws-tabs").bounding_box()
    assert box["y"] < 400  # the work starts on the first screen
    phone.get_by_text("Menu ruang kerja").click()
    indicators.click()
    phone.wait_for_url("**/indikator/")
    assert _page_width(phone) <= WIDTH

    SHOTS.mkdir(exist_ok=True)
    for path in (
        "/",
        "/indikator/",
        "/kekurangan/",
        "/lembaga/",
        "/rakor/",
        "/profil/",
        "/profil/narasi/gambaran-umum/",
        "/profil/pendanaan/",
        "/odf/",
        "/penugasan/",
    ):
        phone.goto(base + path)
        assert phone.locator("h1").count() == 1, path
        assert _page_width(phone) <= WIDTH, f"{path} is {_page_width(phone)} px wide"
    phone.screenshot(path=str(SHOTS / "phone-assignments.png"), full_page=True)


def test_the_award_settings_page_fits_a_phone(world_live, live_server, phone):
    """Issue 13: a national admin's award settings, each a card with its value, meaning and field."""
    phone.goto(live_server.url + "/")
    phone.get_by_label("Nama pengguna").fill("national.admin")
    phone.get_by_label("Sandi").fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    phone.goto(live_server.url + "/instrumen/TEST-2025/aturan-penghargaan/")
    assert phone.locator("h1").count() == 1
    assert phone.get_by_label("Batas kategori").is_visible()
    assert _page_width(phone) <= WIDTH, f"{_page_width(phone)} px wide"
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SHOTS / "phone-award-settings.png"), full_page=True)
