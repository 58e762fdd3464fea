"""Wistara settings: one file, every value from the environment.

`.env.example` lists each variable. Defaults are safe for production (DEBUG off, HTTPS-only
cookies); `make run` writes a local `.env` that relaxes HTTPS for http://127.0.0.1:8000.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_dotenv(path: Path) -> None:
    # A tiny reader instead of a dependency: KEY=VALUE lines, real environment wins.
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_read_dotenv(BASE_DIR / ".env")


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.getenv(name, str(default)))


def envpath(name: str, default: str) -> Path:
    # Relative paths are taken from the project folder, not from wherever the process started.
    path = Path(os.getenv(name, default))
    return path if path.is_absolute() else BASE_DIR / path


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "0")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-debug-only-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.getenv("SITE_NAME", "Wistara")

INSTALLED_APPS = [
    "wistara.accounts.admin_site.WistaraAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",  # issue 14: sign-in throttling (wistara/accounts/throttle.py)
    "wistara.common",
    "wistara.regions",
    "wistara.accounts",
    "wistara.instruments",
    "wistara.assessments",
    "wistara.evidence",
    "wistara.evidence.checks",  # issue 16: evidence checked by the worker after upload
    "wistara.audit",
    "wistara.verification",
    "wistara.dossier",
    "wistara.institutions",
    "wistara.workspace",
    "wistara.bulk",  # bulk changes with preview and undo (issue 10)
    "wistara.notifications",  # issue 12
    "wistara.reminders",  # issue 12: the deadline scan and the missing list
    "wistara.reports",
    "wistara.demo",
    # Issue 13: workbooks in and out, the national system (SIPANTAS), background file jobs.
    "wistara.interchange",
    "wistara.jobs",
    "wistara.awards",
    "wistara.ops",  # issue 14: backups, /healthz, the worker's heartbeat
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Issue 10: HTML/JSON/CSV gzipped for slow lines; after WhiteNoise (static files come
    # pre-compressed), before everything that writes the body. BREACH: wistara/common/compression.py.
    "wistara.common.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wistara.common.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wistara.audit.capture.AuditActorMiddleware",  # issue 14: writes name their user
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wistara.common.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # issue 14: answers a locked-out sign-in
    "wistara.common.badinput.BadInputMiddleware",  # issue 14: bad input answers 400, not 500
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wistara.common.context_processors.site",
                "wistara.accounts.context_processors.access",
                "wistara.notifications.context_processors.bell",  # issue 12: the bell's count
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default: WAL so readers never block the writer, IMMEDIATE transactions so two
# writers queue on the busy timeout instead of failing with "database is locked" mid-transaction.
SQLITE_PATH = envpath("SQLITE_PATH", "var/wistara.sqlite3")
SQLITE_OPTIONS = {
    "timeout": envint("SQLITE_BUSY_TIMEOUT", 20),
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        " PRAGMA busy_timeout=20000;"
    ),
}
if os.getenv("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=envint("DB_CONN_MAX_AGE", 60)
        )
    }
    # Issue 14: Django's PostgreSQL backend appending the audit trail's queued events at COMMIT.
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "config.postgresql"
else:
    # The folder is made by the backend when it first connects (config/sqlite), not here:
    # importing the settings writes nothing (issue 15).
    DATABASES = {
        "default": {
            # Django's SQLite, with writers queueing for the write lock (see config/sqlite).
            "ENGINE": "config.sqlite",
            "NAME": str(SQLITE_PATH),  # a str, as dj_database_url gives for PostgreSQL
            "OPTIONS": SQLITE_OPTIONS,
            # Keep the connection: reopening costs the file open and four PRAGMAs per request.
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
            # Tests in memory, as with Django's own engine (pytest-django knows only its name).
            "TEST": {"NAME": ":memory:"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out client before the password is even checked (issue 14).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "wistara.accounts.backends.WistaraBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", 15)
# --- Sign-in throttling: django-axes (issue 14; why and how in wistara/accounts/throttle.py) ---
BEHIND_PROXY = envbool("BEHIND_PROXY", "0")
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
# Address and username together, and the address alone (a spray of usernames from one client).
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "wistara.accounts.throttle.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = False  # throttle.py clears only the succeeding address+username
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "wistara.accounts.throttle.username_of"
AXES_VERBOSE = False
# Password reset mails (the locked-out user's way back): SMTP settings from the environment.
EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "wistara@localhost")
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 60 * 60 * 2)

# HTTPS is the default; only a local http demo (make run) turns it off.
HTTPS = envbool("HTTPS", "1")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", "1")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 12)
CSRF_COOKIE_HTTPONLY = True  # htmx reads the token from the page, never from the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # stateless processes: sessions in the DB

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.getenv("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Files ------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence lives outside any public path and is served only through access-checked views.
MEDIA_ROOT = envpath("MEDIA_ROOT", "var/media")
# Any: the S3 storage below takes options of several types.
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.getenv("STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}

# --- Audit trail (issue 14) ---------------------------------------------------------------------
# The chain's key (AUDIT_HMAC_KEY or AUDIT_HMAC_KEY_FILE, read by wistara/audit/keys.py) and where
# signed checkpoints of its head go: a folder, or a storage alias (an object-store bucket).
AUDIT_CHECKPOINT_DIR = envpath("AUDIT_CHECKPOINT_DIR", "var/audit-checkpoints")
AUDIT_CHECKPOINT_STORAGE = os.getenv("AUDIT_CHECKPOINT_STORAGE", "")

# --- Object storage (issue 14) ------------------------------------------------------------------
# Evidence and every other stored file on S3-compatible object storage (django-storages + boto3)
# when S3_BUCKET is set; the local disk (MEDIA_ROOT) otherwise. Files are never public: no ACL,
# and downloads stream through Wistara's access-checked views (README).
if os.getenv("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.getenv("S3_ENDPOINT_URL") or None,
            "access_key": os.getenv("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.getenv("S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.getenv("S3_REGION") or None,
            "location": os.getenv("S3_PREFIX", ""),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

# --- Uploads -----------------------------------------------------------------------------------
# The largest evidence file accepted, in bytes (25 MB by default).
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", 25 * 1024 * 1024)
# An office document is a zip: it is refused when its entries claim to expand beyond this many
# bytes in all, or beyond this many times the document's own size (a zip bomb). Only the zip's
# directory is read for this; nothing is ever unpacked.
EVIDENCE_ZIP_MAX_BYTES = envint("EVIDENCE_ZIP_MAX_BYTES", 200 * 1024 * 1024)
EVIDENCE_ZIP_MAX_RATIO = envint("EVIDENCE_ZIP_MAX_RATIO", 100)
# The first handler refuses any multipart request larger than EVIDENCE_MAX_BYTES plus room for the
# form fields (413) before a byte of its body is read; the others stream what is accepted.
FILE_UPLOAD_HANDLERS = [
    "wistara.evidence.uploads.RequestSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "wistara.evidence.uploads.TemporaryFolderUploadHandler",
]
# Such a request's form token is never read either: a plain form's CSRF failure then answers 413.
CSRF_FAILURE_VIEW = "wistara.evidence.views.csrf_failure"
# Uploaded files larger than this go to a temporary file instead of memory (Django's 2.5 MB).
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Issue 14: large uploads spool to Wistara's own folder, not the system's /tmp, so that those
# left by an upload killed mid-body are found and removed by `evidence_orphans --delete`.
# Made by that handler when a file first spools there, not when the settings are imported.
FILE_UPLOAD_TEMP_DIR = envpath("UPLOAD_TEMP_DIR", "var/upload-tmp")
# The most non-file form data one request may carry in memory; files do not count (2.5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# --- Evidence checks (issue 16) ------------------------------------------------------------------
# Debian's tesseract-ocr with its Indonesian data reads scans; unset, it is looked up on PATH, and
# when absent (or without the language) OCR is skipped with a note. EVIDENCE_TESSERACT="" turns it off.
EVIDENCE_TESSERACT = os.getenv("EVIDENCE_TESSERACT")
EVIDENCE_OCR_LANG = os.getenv("EVIDENCE_OCR_LANG", "ind")
EVIDENCE_OCR_MAX_PAGES = envint("EVIDENCE_OCR_MAX_PAGES", 5)

# --- Background work ----------------------------------------------------------------------------
# Issue 13: signed evidence links for the national system (SIPANTAS) need the public address;
# they expire after SIPANTAS_LINK_MAX_AGE seconds. Its credentials are read from the environment
# only when pushing (wistara.interchange.sipantas.client), never kept in settings or the database.
PUBLIC_BASE_URL = os.getenv("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
SIPANTAS_LINK_MAX_AGE = envint("SIPANTAS_LINK_MAX_AGE", 30 * 24 * 3600)

TASKS = {"default": {"BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Issue 14: LOG_FORMAT=json writes one JSON object per line (for a log collector).
    "formatters": {"json": {"()": "wistara.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if os.getenv("LOG_FORMAT") == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
}
# Issue 14: /healthz counts the worker as down when its heartbeat is older than this.
HEARTBEAT_SECONDS = envint("HEARTBEAT_SECONDS", 15)
WORKER_STALE_SECONDS = envint("WORKER_STALE_SECONDS", 90)

# --- Verification ------------------------------------------------------------------------------
# Hours a regency has to correct items returned by a verifier (the national rule is 2x24 hours).
CORRECTION_WINDOW_HOURS = envint("CORRECTION_WINDOW_HOURS", 48)

# --- Notifications (issue 12) ---------------------------------------------------------------------
# A channel is used only when configured here; with neither, Wistara notifies only under the bell.
# Email: Django's SMTP mail. EMAIL_HOST empty = no email.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1" if EMAIL_PORT == 587 else "0")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "0")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Wistara <noreply@localhost>")
# The address links in messages start with (no trailing slash).
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")
# WhatsApp Cloud API: the token and the sender's phone number id; another gateway: WHATSAPP_DRIVER.
WHATSAPP_TOKEN = os.getenv("WHATSAPP_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID = os.getenv("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_API_URL = os.getenv("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
WHATSAPP_DRIVER = os.getenv("WHATSAPP_DRIVER", "wistara.notifications.channels.CloudApiDriver")
WHATSAPP_CODE_TEMPLATE = os.getenv("WHATSAPP_CODE_TEMPLATE", "wistara_kode_verifikasi")
WHATSAPP_DIGEST_TEMPLATE = os.getenv("WHATSAPP_DIGEST_TEMPLATE", "wistara_ringkasan")
# The daily digest goes out at this hour, Indonesian time; the deadline scan every N seconds.
NOTIFICATIONS_DIGEST_HOUR = envint("NOTIFICATIONS_DIGEST_HOUR", 7)
NOTIFICATIONS_SCAN_SECONDS = envint("NOTIFICATIONS_SCAN_SECONDS", 300)
