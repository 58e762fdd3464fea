"""Issue 12: the bell shows a returned item's notification, and its link opens the item."""

import pytest

from wistara.testing.factories import TEST_PASSWORD
from wistara.verification.tests.conftest import build_rounds

pytestmark = pytest.mark.browser


def test_the_bell_leads_the_office_to_its_returned_item(world_live, live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = world_live
    rounds = build_rounds(world, returned=("T1.1",))
    item = rounds.item("T1.1")
    assert item.office_id == world.office_a1.id  # Dinkes, by the registration's suggestion
    page.goto(live_server.url + "/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("opd.operator")
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    bell = page.get_by_test_id("bell")
    assert bell.get_by_test_id("bell-count").inner_text() == "1"
    bell.click()
    notice = page.get_by_test_id("notification").first
    assert "T1.1" in notice.inner_text() and "dikembalikan" in notice.inner_text()
    notice.get_by_role("button").first.click()
    page.wait_for_url(f"**/ruang/11.01/TEST-2025/indikator/{item.id}/")
    assert "T1.1" in page.content()
    assert page.get_by_test_id("bell-count").count() == 0  # read once opened
