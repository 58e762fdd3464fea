"""python manage.py run_due_jobs [--once]: the deadline scan and the sending of what is due.

--once: run both now in this process and exit (cron, e.g. every 5 minutes). Without it: stay up
and enqueue both as django-tasks every NOTIFICATIONS_SCAN_SECONDS for the worker (`db_worker`).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from wistara.notifications import delivery
from wistara.notifications import tasks as sending
from wistara.reminders import scan, tasks


class Command(BaseCommand):
    help = "Run the due deadline scan and send due notifications (--once for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run now and exit")
        parser.add_argument("--every", type=int, default=None, help="seconds between scans")

    def handle(self, *args, once: bool, every: int | None, **options):
        if once:
            counts = scan.scan()
            sent = delivery.deliver_due()
            self.stdout.write(f"queued {sum(counts.values())} ({counts}), sent {sent}")
            return
        every = every or settings.NOTIFICATIONS_SCAN_SECONDS
        while True:  # pragma: no cover - the long-running form; --once is what tests run
            tasks.deadline_scan.enqueue()
            sending.deliver_due.enqueue()
            time.sleep(every)
