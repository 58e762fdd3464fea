"""Writers at the same moment still make one gapless chain, and rollbacks leave no holes."""

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.db.transaction import TransactionManagementError

from ..models import AuditEvent
from ..selectors import audit_chain_check
from ..services import audit_record
from .record_many import _work

ROOT = Path(__file__).resolve().parents[3]
THREADS, COUNT = 4, 15  # every fifth record of a writer is rolled back


def test_it_refuses_to_record_outside_a_transaction(transactional_db):
    with pytest.raises(TransactionManagementError):
        audit_record(action="review.recorded", actor=None)
    assert not AuditEvent.objects.exists()


def _skip_on_sqlite_in_memory() -> None:
    # Threads on a shared-cache in-memory database fail at once with "database table is locked"
    # (no busy wait there); the file database test below covers SQLite.
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        pytest.skip("the SQLite test database is in memory; see the SQLite file database test")


def _run_writers(count: int) -> list[BaseException]:
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []
    threads = [threading.Thread(target=_work, args=(f"t{i}", count, start, failures)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_it_keeps_the_chain_gapless_when_threads_record_at_once(transactional_db):
    _skip_on_sqlite_in_memory()
    assert _run_writers(COUNT) == []
    kept = THREADS * (COUNT - COUNT // 5)
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == list(
        range(1, kept + 1)
    )
    assert audit_chain_check().ok


def _manage(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_it_keeps_the_chain_gapless_across_processes_on_a_sqlite_file(tmp_path):
    """Production's SQLite setup (a WAL file, IMMEDIATE transactions): 3 processes x 2 threads."""
    db = tmp_path / "audit.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings_test", SQLITE_PATH=str(db))
    assert _manage(env, "migrate", "-v0").returncode == 0
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "wistara.audit.tests.record_many",
                "--name",
                f"p{i}",
                "--threads",
                "2",
                "--count",
                str(COUNT),
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0, 0], [
        writer.stderr.read() for writer in writers
    ]
    kept = 3 * 2 * (COUNT - COUNT // 5)
    with sqlite3.connect(db) as raw:
        sequences = [row[0] for row in raw.execute("SELECT sequence FROM audit_auditevent ORDER BY 1")]
    assert sequences == list(range(1, kept + 1))
    checked = _manage(env, "audit_check", "--json")
    assert checked.returncode == 0 and json.loads(checked.stdout)["events"] == kept
    with sqlite3.connect(db) as raw:
        raw.execute("DROP TRIGGER audit_event_no_update")
        raw.execute("UPDATE audit_auditevent SET payload = '{\"n\": 99}' WHERE sequence = 7")
    checked = _manage(env, "audit_check")
    assert checked.returncode == 2
    assert checked.stdout.strip() == "BROKEN: sequence 7 (hash): hash does not match the event's content"


def test_it_creates_the_chain_head_once_when_the_first_writers_race(transactional_db):
    _skip_on_sqlite_in_memory()
    assert _run_writers(1) == [] and audit_chain_check().ok
    assert AuditEvent.objects.count() == THREADS
