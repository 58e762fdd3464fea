import os

import pytest
from django.utils import translation

from wistara.audit.testing import audit_trail_erase
from wistara.testing.world import build_world


@pytest.fixture(autouse=True)
def _indonesian():
    # Users work in Bahasa Indonesia: services' messages are asserted in it, whatever ran before.
    with translation.override("id"):
        yield


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    wants = bool(marker and marker.kwargs.get("transaction"))
    return wants or bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _audit_trail_erased_after_transactional_tests(request):
    """Erase committed audit events before pytest-django's flush, which the triggers refuse.

    Requesting transactional_db here makes this teardown run before the flush.
    """
    if not _transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    audit_trail_erase()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """Log a user in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_collection_modifyitems(config, items):
    # Browser tests need Debian's chromium; skip them where it is missing unless CI demands it.
    if os.path.exists("/usr/bin/chromium") or os.getenv("WISTARA_REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason="needs /usr/bin/chromium (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
