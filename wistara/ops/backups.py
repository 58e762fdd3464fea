"""Backups that restore: the database and every stored file, with a manifest to check them by.

A backup folder holds
- `database.sqlite3` (SQLite's online backup API: a consistent copy while writers carry on) or
  `database.dump` (pg_dump's custom format, taken in an exported snapshot);
- `files/<name>`: every file of the default storage (evidence, institutions' documents,
  dossier uploads, PDFs), copied after the database's snapshot, so every file a row of the
  backup names was already stored (files are written before their rows commit, and never
  deleted while a row names them);
- `manifest.json`: the database file's SHA-256, each table's row count in the snapshot, and each
  file's name, size and SHA-256.

`verify_backup DIR` checks all of it without touching the live system; `restore DIR` puts the
database and the files back (into the configured ones, or into others given on the command line)
and checks the row counts and checksums after.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _tables(cursor_connection) -> list[str]:
    return sorted(cursor_connection.introspection.table_names())


def _counts_sqlite(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608
    finally:
        db.close()


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    return env


# --- walking a storage --------------------------------------------------------------------------


def storage_names(storage: Storage, folder: str = "") -> list[str]:
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in dirs:
        names += storage_names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


# --- backup -------------------------------------------------------------------------------------


def backup(target: Path, *, storage: Storage | None = None) -> dict[str, Any]:
    storage = storage or default_storage
    target = Path(target)
    if connection.in_atomic_block:
        # SQLite's online backup of a connection inside its own open transaction never finishes.
        raise BackupError("Run a backup outside any transaction (it takes its own snapshot).")
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: give a new folder for each backup.")
    target.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
    }
    if connection.vendor == "sqlite":
        manifest["database"] = _backup_sqlite(target / SQLITE_FILE)
    elif connection.vendor == "postgresql":
        manifest["database"] = _backup_postgresql(target / PG_FILE)
    else:
        raise BackupError(f"No backup for the {connection.vendor} database.")
    manifest["files"] = _backup_files(storage, target / "files")
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def _backup_sqlite(path: Path) -> dict[str, Any]:
    connection.ensure_connection()
    destination = sqlite3.connect(path)
    try:
        # The online backup API: pages copied in steps, a consistent snapshot, writers not stopped
        # for long (each step holds the read lock only while it copies).
        connection.connection.backup(destination, pages=1024)
    finally:
        destination.close()
    with path.open("rb") as handle:
        digest = sha256_of(handle)
    return {"file": SQLITE_FILE, "sha256": digest, "tables": _counts_sqlite(path)}


def _backup_postgresql(path: Path) -> dict[str, Any]:
    # One snapshot for the counts and the dump: a REPEATABLE READ transaction exports it and stays
    # open while pg_dump reads through it.
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = {}
            for name in _tables(connection):
                cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608 - names from the catalogue
                counts[name] = cursor.fetchone()[0]
            settings_dict = connection.settings_dict
            subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-owner",
                    f"--file={path}",
                    settings_dict["NAME"],
                ],
                check=True,
                env=_pg_env(settings_dict),
                capture_output=True,
            )
            cursor.execute("COMMIT")
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"pg_dump failed: {exc.stderr.decode(errors='replace')}") from exc
    finally:
        raw.autocommit = previous
    with path.open("rb") as handle:
        digest = sha256_of(handle)
    return {"file": PG_FILE, "sha256": digest, "tables": counts}


def _backup_files(storage: Storage, folder: Path) -> list[dict[str, Any]]:
    entries = []
    for name in storage_names(storage):
        destination = folder / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with storage.open(name, "rb") as source, destination.open("wb") as out:
            for chunk in iter(partial(source.read, CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        entries.append({"name": name, "size": size, "sha256": digest.hexdigest()})
    return entries


# --- verify -------------------------------------------------------------------------------------


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"{path} is missing: this is not a Wistara backup folder.")
    return json.loads(path.read_text(encoding="utf-8"))


def verify(folder: Path) -> Verification:
    folder = Path(folder)
    manifest = read_manifest(folder)
    result = Verification()
    database = manifest["database"]
    db_path = folder / database["file"]
    if not db_path.exists():
        result.problems.append(f"the database file {database['file']} is missing")
    else:
        with db_path.open("rb") as handle:
            if sha256_of(handle) != database["sha256"]:
                result.problems.append(f"the database file {database['file']} does not match its checksum")
        if manifest["vendor"] == "sqlite":
            counts = _counts_sqlite(db_path)
            for table, expected in database["tables"].items():
                if counts.get(table) != expected:
                    result.problems.append(
                        f"table {table}: {counts.get(table)} rows, manifest says {expected}"
                    )
        else:
            listed = subprocess.run(
                ["pg_restore", "--list", str(db_path)],
                capture_output=True,
            )
            if listed.returncode != 0:
                result.problems.append("pg_restore cannot read the dump")
    result.tables = len(database["tables"])
    result.rows = sum(database["tables"].values())
    for entry in manifest["files"]:
        path = folder / "files" / entry["name"]
        if not path.exists():
            result.problems.append(f"file {entry['name']} is missing")
            continue
        with path.open("rb") as handle:
            if sha256_of(handle) != entry["sha256"]:
                result.problems.append(f"file {entry['name']} does not match its checksum")
        result.files += 1
    return result


# --- restore ------------------------------------------------------------------------------------


def restore(folder: Path, *, database: str | None = None, storage: Storage | None = None) -> Verification:
    """Put a backup back: into the configured database and storage, or into `database` (a SQLite
    path, or a PostgreSQL database name) and `storage`. The target database should be new or
    disposable: it is replaced. Returns the check of the restored data against the manifest."""
    folder = Path(folder)
    checked = verify(folder)
    if not checked.ok:
        raise BackupError("The backup does not verify: " + "; ".join(checked.problems[:5]))
    manifest = read_manifest(folder)
    storage = storage or default_storage
    result = Verification(tables=checked.tables, rows=checked.rows)
    if manifest["vendor"] == "sqlite":
        target = Path(database or settings.DATABASES["default"]["NAME"])
        _restore_sqlite(folder / SQLITE_FILE, target)
        counts = _counts_sqlite(target)
    else:
        name = database or settings.DATABASES["default"]["NAME"]
        counts = _restore_postgresql(folder / PG_FILE, name)
    for table, expected in manifest["database"]["tables"].items():
        if counts.get(table) != expected:
            result.problems.append(f"restored table {table}: {counts.get(table)} rows, expected {expected}")
    for entry in manifest["files"]:
        source = folder / "files" / entry["name"]
        if storage.exists(entry["name"]):
            with storage.open(entry["name"], "rb") as handle:
                if sha256_of(handle) == entry["sha256"]:
                    result.files += 1
                    continue
            storage.delete(entry["name"])
        with source.open("rb") as handle:
            saved = storage.save(entry["name"], File(handle, name=entry["name"]))
        if saved != entry["name"]:
            result.problems.append(f"file {entry['name']} was stored as {saved}")
        result.files += 1
    return result


def _restore_sqlite(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _restore_postgresql(dump: Path, name: str) -> dict[str, int]:
    env = _pg_env(connection.settings_dict)
    done = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={name}",
            str(dump),
        ],
        env=env,
        capture_output=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.decode(errors='replace')[:2000]}")
    import psycopg

    with psycopg.connect(
        dbname=name,
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
    ) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {}
        for n in names:
            row = db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()  # noqa: S608
            counts[n] = row[0] if row else 0  # COUNT(*) always answers one row
        return counts
