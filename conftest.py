import os

import pytest

from wistara.common.testing.world import build_world


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
