"""The backup drill (issue 14): back up while writes go on, restore into a fresh database and a
fresh store, and find nothing lost: every table as the manifest counted it, every file a row names
present with its checksum, the audit chain intact. Runs on whichever database the suite runs on.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(settings.BASE_DIR)


def _env(tmp_path: Path, *, sqlite_path: Path | None = None, database: str | None = None) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }
    if sqlite_path is not None:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(sqlite_path)
    else:
        env["DATABASE_URL"] = f"postgres:///{database}"
    return env


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _rows(vendor: str, target: str, sql: str) -> list[tuple]:
    if vendor == "sqlite":
        db = sqlite3.connect(target)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()
    import psycopg

    with psycopg.connect(dbname=target) as pg:
        return pg.execute(sql).fetchall()


def test_a_backup_taken_while_writing_restores_with_nothing_lost(world, tmp_path):
    registration = register(world.regency_a1)
    item = registration.responses.get(indicator__code="T1.1")
    item.office = world.office_a1
    item.save()
    vendor = connection.vendor
    if vendor == "sqlite":
        live = tmp_path / "live.sqlite3"
        copy = sqlite3.connect(live)
        connection.connection.backup(copy)  # the migrated test database, as a file others can open
        copy.close()
        env = _env(tmp_path, sqlite_path=live)
        restored_db = str(tmp_path / "restored.sqlite3")
    else:
        env = _env(tmp_path, database=connection.settings_dict["NAME"])
        restored_db = f"{connection.settings_dict['NAME']}_restored"
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored_db}"')
            admin.execute(f'CREATE DATABASE "{restored_db}"')
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wistara.ops.tests.drill_writer",
            str(item.pk),
            str(world.user("opd_operator").pk),
            str(world.office_a1.pk),
            str(stop),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        media = tmp_path / "media"
        for _ in range(600):  # the writer is under way: some files stored
            if media.exists() and len(list(media.rglob("*.pdf"))) >= 2:
                break
            time.sleep(0.1)
        backed_up = _manage(env, "backup", str(tmp_path / "backup"))
        assert backed_up.returncode == 0, backed_up.stderr
        time.sleep(0.5)  # and it goes on after the snapshot
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    written = int(out.strip().splitlines()[-1])

    assert _manage(env, "verify_backup", str(tmp_path / "backup")).returncode == 0
    fresh = (
        _env(tmp_path / "fresh", sqlite_path=Path(restored_db))
        if vendor == "sqlite"
        else _env(tmp_path / "fresh", database=restored_db)
    )
    restored = _manage(
        fresh,
        "restore",
        str(tmp_path / "backup"),
        "--database",
        restored_db,
        "--media",
        str(tmp_path / "restored-media"),
    )
    assert restored.returncode == 0, restored.stdout + restored.stderr
    try:
        files = _rows(vendor, restored_db, "SELECT storage_name, sha256 FROM evidence_evidencefile")
        assert 2 <= len(files) <= written  # taken mid-way: some uploads, not necessarily all
        for name, digest in files:
            path = tmp_path / "restored-media" / name
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, name
        checked = _manage(fresh, "audit_check")
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        if vendor != "sqlite":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{restored_db}"')


def test_verify_backup_finds_a_damaged_file(world, tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import CommandError, call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("evidence/11.01/a.pdf", ContentFile(b"%PDF-1.4 a"))
    call_command("backup", str(tmp_path / "backup"))
    call_command("verify_backup", str(tmp_path / "backup"))
    (tmp_path / "backup" / "files" / "evidence" / "11.01" / "a.pdf").write_bytes(b"changed")
    with pytest.raises(CommandError, match="does not verify"):
        call_command("verify_backup", str(tmp_path / "backup"))
