"""A person signs in with each role and lands on the home page that fits it."""

import os
from pathlib import Path

import pytest

from wistara.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path(os.getenv("WISTARA_SCREENSHOTS", "test-artifacts"))

CASES = [
    ("national.admin", "Indonesia: provinsi", "/"),
    ("national.verifier", "Indonesia: provinsi", "/"),
    ("provincial.verifier", "PROVINSI A", "/wilayah/provinsi/11/"),
    ("regency.coordinator", "KABUPATEN A SATU", "/wilayah/kabupaten/11.01/"),
    ("opd.operator", "KABUPATEN A SATU", "/wilayah/kabupaten/11.01/"),
    ("leader", "KABUPATEN A SATU", "/wilayah/kabupaten/11.01/"),
]


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(("username", "heading", "path"), CASES)
def test_it_lands_each_role_on_its_home(world_live, live_server, page, username, heading, path):
    _sign_in(page, live_server.url, username)
    assert page.url == live_server.url + path
    assert page.locator("h1").inner_text().strip() == heading
    assert "KABUPATEN B SATU" not in page.content()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"home-{username}.png"), full_page=True)


def test_it_refuses_a_wrong_password_and_switches_language(world_live, live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_label("Nama pengguna").fill("leader")
    page.get_by_label("Sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    assert "nama pengguna dan sandi yang benar" in page.content().lower()
    page.select_option("#lang-select", "en")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="Sign in").is_visible()


def test_it_browses_the_instrument_down_to_the_options(world_live, live_server, page):
    _sign_in(page, live_server.url, "opd.operator")
    page.get_by_role("link", name="Instrumen", exact=True).click()
    page.get_by_role("link", name="Instrumen Uji 2025").click()
    page.get_by_role("link", name="Sehat Mandiri").click()
    page.get_by_text("Indikator T1.1").click()
    assert page.get_by_text("Nilai 100 jika baik").first.is_visible()
