import os

import pytest

from wistara.testing.world import build_world

# Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make here
# are ordinary synchronous calls, so Django's async-safety guard does not apply. (The deploy-check
# test removes this variable from the environment it passes on.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def world_live(transactional_db):
    # The live server runs in another thread: the data must be committed, not in a test transaction.
    return build_world()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()
