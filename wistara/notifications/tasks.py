"""The worker's tasks (django-tasks, database backend): send what is due, scan the deadlines.

`manage.py db_worker` runs them; `manage.py run_due_jobs` enqueues the scan every few minutes
(or, with --once, runs scan and sends in-process for a cron-style deployment). Tasks keep no
state: everything is in the Delivery and Notification rows, claimed under a row lock.
"""

from django_tasks import task

from . import delivery, scan


@task()
def deliver_due() -> int:
    return delivery.deliver_due()


@task()
def deadline_scan() -> dict:
    counts = scan.scan()
    delivery.deliver_due()
    return counts
