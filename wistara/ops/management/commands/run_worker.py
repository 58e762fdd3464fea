"""python manage.py run_worker [db_worker options]: the task worker with a heartbeat for /healthz."""

import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone


def beat(name: str) -> None:
    from wistara.ops.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


def _beat_forever(name: str, stop: threading.Event) -> None:
    while not stop.wait(settings.HEARTBEAT_SECONDS):
        try:
            close_old_connections()
            beat(name)
        except Exception:  # noqa: BLE001,S110 - a missed beat shows as stale; the worker goes on
            pass


class Command(BaseCommand):
    help = (
        "Run django-tasks' database worker and write a heartbeat every HEARTBEAT_SECONDS, which "
        "/healthz checks. Options after -- go to db_worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("worker_args", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        name = f"{socket.gethostname()}:{os.getpid()}"
        beat(name)
        stop = threading.Event()
        threading.Thread(target=_beat_forever, args=(name, stop), daemon=True).start()
        try:
            call_command("db_worker", *options["worker_args"])
        finally:
            stop.set()
