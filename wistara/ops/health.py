"""/healthz for a load balancer (issue 14): the database, the file store and the worker.

Answers 200 with {"status": "ok", ...} when every check passes, 503 with the failing ones named
otherwise. No sign-in and nothing secret: it says only which part is down. The worker check
applies when tasks run on the database backend (a worker must be running): its newest heartbeat
(`manage.py run_worker` writes one every HEARTBEAT_SECONDS) must be younger than
WORKER_STALE_SECONDS.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .models import WorkerHeartbeat


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                return "unreadable"
    finally:
        default_storage.delete(name)
    return "ok"


def worker_expected() -> bool:
    return "django_tasks_db" in settings.TASKS["default"]["BACKEND"]


def check_worker() -> str:
    if not worker_expected():
        return "not used"
    newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if newest is None:
        return "no heartbeat"
    if timezone.now() - newest > timedelta(seconds=settings.WORKER_STALE_SECONDS):
        return "stale"
    return "ok"


CHECKS = {"database": check_database, "storage": check_storage, "worker": check_worker}
FINE = {"ok", "not used"}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure is the answer, named
            results[name] = f"error: {type(exc).__name__}"
    healthy = all(value in FINE for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **results}, status=200 if healthy else 503)
