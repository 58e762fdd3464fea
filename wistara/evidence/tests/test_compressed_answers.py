"""Pages, fragments and JSON go out gzipped; evidence files and a new token's page do not
(issue 10, slow lines; the BREACH reasoning is in wistara/common/compression.py)."""

import gzip

import pytest

from .. import services
from . import files

pytestmark = pytest.mark.django_db
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_it_compresses_pages_and_json_for_clients_that_accept_gzip(world, login, response):
    client = login(world.user("regency_coordinator"))
    page = client.get("/akun/", headers=GZIP)
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    html = gzip.decompress(page.content).decode()
    assert "</html>" in html
    assert int(page["Content-Length"]) == len(page.content) < len(html.encode())
    api = client.get("/api/v1/openapi.json", headers=GZIP)
    assert api["Content-Encoding"] == "gzip"
    assert b'"openapi"' in gzip.decompress(api.content)
    # Without Accept-Encoding the same page is sent as it is.
    assert not client.get("/akun/").has_header("Content-Encoding")


def test_it_sends_evidence_files_and_a_new_tokens_secret_uncompressed(world, login, response):
    evidence = services.evidence_upload(
        response=response,
        uploaded_file=files.upload(files.pdf(), "laporan.pdf"),
        data_year=2024,
        kind="report",
        user=world.user("opd_operator"),
    )
    client = login(world.user("leader"))
    download = client.get(f"/bukti/berkas/{evidence.id}/unduh/", headers=GZIP)
    assert download.status_code == 200 and not download.has_header("Content-Encoding")
    assert b"".join(download.streaming_content) == files.pdf()
    created = client.post("/akun/token/", {"name": "skrip"}, headers=GZIP)
    assert created.status_code == 200 and not created.has_header("Content-Encoding")
    assert b"wst_" in created.content
