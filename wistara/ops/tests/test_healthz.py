"""/healthz for the load balancer: 200 when the database, the store and the worker answer, 503
naming the part that does not (issue 14). Each failure is real: a database that cannot be
opened, a store that cannot be written, a worker whose heartbeat stopped."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wistara.ops.management.commands.run_worker import beat
from wistara.ops.models import WorkerHeartbeat

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_it_answers_ok_when_everything_answers(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "storage": "ok", "worker": "not used"}
    assert not list(tmp_path.rglob("*.*"))  # its probe file is gone


@pytest.mark.django_db
def test_it_names_a_store_that_cannot_be_written(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    settings.MEDIA_ROOT = blocked
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["storage"].startswith("error")
    assert answer.json()["database"] == "ok"


@pytest.mark.django_db
def test_it_names_a_worker_without_a_recent_heartbeat(client, settings, tmp_path):
    settings.MEDIA_ROOT, settings.TASKS = tmp_path, DB_TASKS
    assert client.get("/healthz").json()["worker"] == "no heartbeat"
    beat("node1:42")
    assert client.get("/healthz").status_code == 200
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=5))
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["worker"] == "stale"


PROBE = """
import django, json
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
answer = Client().get("/healthz")
print(json.dumps({"code": answer.status_code, **answer.json()}))
"""


def test_it_names_a_database_that_cannot_be_reached(tmp_path):
    """In a process of its own whose database cannot be opened (the test database must live on)."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "MEDIA_ROOT": str(tmp_path)}
    if os.getenv("DATABASE_URL"):
        env["DATABASE_URL"] = "postgres:///wistara_no_such_database"
    else:
        env["SQLITE_PATH"] = str(tmp_path)  # a folder: SQLite cannot open it as a database
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["code"] == 503 and answer["database"].startswith("error"), answer
    assert answer["storage"] == "ok"
