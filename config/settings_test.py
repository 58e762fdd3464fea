"""Test settings: the real settings with fast hashing, plain static storage and immediate tasks.

The database follows DATABASE_URL like production, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("SQLITE_PATH", "/tmp/wistara-test.sqlite3")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files come straight from the app folders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# An empty folder outside the repository: WhiteNoise warns about a missing one, and importing the
# settings must write nothing into the repository (issue 15).
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="wistara-test-static-"))
# Large uploads spool outside the repository too (the evidence app makes the folder at start-up).
FILE_UPLOAD_TEMP_DIR = Path(tempfile.mkdtemp(prefix="wistara-test-uploads-"))
# Issue 14: each test process reads and writes its own (empty) audit checkpoints.
AUDIT_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="wistara-checkpoints-"))
