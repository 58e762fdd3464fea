"""Shared by generate.py and run.py: the environment, Django set-up and the fixed bench names.

Everything here must run BEFORE `django.setup()`: settings read the environment once, at import.
"""

import argparse
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_DB = OUT / "national.sqlite3"

# The one password every bench user has (its hash is computed once and reused).
BENCH_PASSWORD = "wistara-bench-2025"
INSTRUMENT_CODE = "KKS-2025"
INSTRUMENT_PATH = ROOT / "wistara" / "instruments" / "data" / "instrumen-kks-2025.xlsx"
# The one cycle of the dataset, opened on that instrument.
CYCLE_CODE = "KKS-2025"

# Usernames, so that run.py finds the users generate.py made.
NATIONAL_ADMIN = "bench.admin"
NATIONAL_VERIFIER = "bench.verifikator"


def provincial_verifier(province_code: str) -> str:
    return f"verifikator.p{province_code}"


def coordinator(regency_code: str) -> str:
    return f"koordinator.{regency_code}"


def leader(regency_code: str) -> str:
    return f"pimpinan.{regency_code}"


def operator(regency_code: str, office_short_name: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in office_short_name.lower()).strip("-")
    return f"opd.{regency_code}.{slug}"


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        help=f"SQLite file (default {DEFAULT_DB.relative_to(ROOT)}); ignored when DATABASE_URL "
        "is set, which selects PostgreSQL instead.",
    )


def media_root(db: Path) -> Path:
    """Where the dataset's evidence files are stored: next to its database.

    bench/out/media for the default SQLite file, bench/out/media-postgresql with DATABASE_URL,
    <db stem>-media beside any other SQLite file (so that a fresh build of one dataset never
    deletes the files of another).
    """
    if os.environ.get("DATABASE_URL"):
        return OUT / "media-postgresql"
    db = db.resolve()
    if db == DEFAULT_DB.resolve():
        return OUT / "media"
    return db.parent / f"{db.stem}-media"


def db_label(db: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    return f"PostgreSQL ({url})" if url else f"SQLite ({db})"


def setup_django(db: Path) -> None:
    """Point the settings at the bench database and start Django."""
    db = db.resolve()
    db.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "0"
    os.environ["SECRET_KEY"] = "bench-only-secret-key-not-for-production"
    os.environ["HTTPS"] = "0"
    os.environ["SQLITE_PATH"] = str(db)
    # Evidence files go through default_storage into the bench's own folder, never var/media.
    os.environ["MEDIA_ROOT"] = os.environ.get("BENCH_MEDIA_ROOT") or str(media_root(db))
    # The test Client sends Host: testserver.
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    # No collectstatic for the bench: plain storage instead of the manifest one (the manifest
    # lookup is a dict lookup; leaving it out does not change what the figures measure).
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ["LOG_LEVEL"] = os.environ.get("BENCH_LOG_LEVEL", "WARNING")
    # The project's .env is read with setdefault: an empty value here keeps a DATABASE_URL
    # written in .env from sending the bench to another database. Only the real environment
    # selects PostgreSQL.
    os.environ.setdefault("DATABASE_URL", "")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # WhiteNoise warns that STATIC_ROOT does not exist (no collectstatic): harmless here.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


DOC = ROOT / "docs" / "benchmarks.md"


def write_doc_section(text: str, start: str, end: str, *, head: str = "# Benchmarks\n") -> None:
    """Put `text` (which carries its own start and end markers) in place of the section between
    `start` and `end` in docs/benchmarks.md, or append it: each bench owns only its section."""
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else head
    if start in doc and end in doc:
        before, rest = doc.split(start, 1)
        doc = before + text + rest.split(end, 1)[1]
    else:
        doc = doc.rstrip("\n") + "\n\n" + text + "\n"
    DOC.write_text(doc, encoding="utf-8")
