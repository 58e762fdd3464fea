"""Every file feature on the local disk and on S3-compatible object storage (issue 14).

The S3 side talks to a real S3-compatible server on loopback: moto's standalone server, started
here (or the one `.ci/run` starts, named by WISTARA_TEST_S3_ENDPOINT), through django-storages
and boto3 exactly as production would with S3_BUCKET set. No client-side mock.
"""

import os
import socket
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wistara.evidence.tests import files
from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db
BUCKET = "wistara-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    endpoint = os.getenv("WISTARA_TEST_S3_ENDPOINT")
    server = None
    if not endpoint:
        from moto.server import ThreadedMotoServer

        port = _free_port()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        endpoint = f"http://127.0.0.1:{port}"
    yield endpoint
    if server is not None:
        server.stop()


@pytest.fixture(params=["disk", "s3"])
def store(request, settings, tmp_path):
    if request.param == "disk":
        settings.MEDIA_ROOT = tmp_path / "media"
        yield "disk"
        return
    import boto3

    endpoint = request.getfixturevalue("s3_endpoint")
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
    client = boto3.client("s3", endpoint_url=endpoint, **credentials)
    bucket = f"{BUCKET}-{os.getpid()}-{abs(hash(request.node.name)) % 10**8}"
    client.create_bucket(Bucket=bucket)
    # The same block settings.py builds from S3_BUCKET, S3_ENDPOINT_URL and the credentials.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
    }
    yield "s3"
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    for entry in listed:
        client.delete_object(Bucket=bucket, Key=entry["Key"])
    client.delete_bucket(Bucket=bucket)


def _item(world):
    item = register(world.regency_a1).responses.get(indicator__code="T1.1")
    item.office = world.office_a1
    item.save()
    return item


def test_evidence_is_uploaded_to_the_store_and_downloaded_only_behind_the_access_check(store, world, client):
    from wistara.evidence.models import Evidence

    item = _item(world)
    client.force_login(world.user("opd_operator"))
    content = files.pdf("Laporan di " + store)
    stored = client.post(
        f"/bukti/{item.id}/unggah/",
        {"file": files.upload(content, "laporan.pdf"), "data_year": 2023, "kind": "report", "title": ""},
    )
    assert stored.status_code in (200, 302)
    evidence = Evidence.objects.get(response=item)
    name = evidence.file.storage_name
    assert default_storage.exists(name)
    assert type(default_storage._wrapped).__name__ == ("S3Storage" if store == "s3" else "FileSystemStorage")
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == content
    download = client.get(f"/bukti/berkas/{evidence.id}/unduh/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    client.force_login(world.user("other_coordinator"))
    assert client.get(f"/bukti/berkas/{evidence.id}/unduh/").status_code == 404


def test_orphans_are_found_and_deleted_in_the_store(store, world):
    from wistara.evidence.selectors import evidence_orphan_names
    from wistara.evidence.services import evidence_orphans_delete

    orphan = default_storage.save("evidence/11.01/orphan.pdf", ContentFile(files.pdf("yatim")))
    assert evidence_orphan_names(older_than=timedelta(seconds=-60)) == [orphan]
    assert evidence_orphans_delete(older_than=timedelta(seconds=-60)) == [orphan]
    assert not default_storage.exists(orphan)


@pytest.mark.django_db(transaction=True)  # a backup runs outside any transaction, as the command does
def test_a_backup_copies_and_checks_every_stored_file(store, world, tmp_path):
    from wistara.ops.backups import backup, verify

    names = [
        default_storage.save(f"evidence/11.01/f{n}.pdf", ContentFile(files.pdf(str(n)))) for n in range(3)
    ]
    manifest = backup(tmp_path / "backup")
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(names)
    assert verify(tmp_path / "backup").ok


def test_healthz_writes_and_reads_the_store(store, client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json()["storage"] == "ok"
