"""The deadline scan as a django-tasks task: `manage.py run_due_jobs` enqueues it every few
minutes for the worker (`manage.py db_worker`)."""

from django_tasks import task

from wistara.notifications import delivery

from . import scan


@task()
def deadline_scan() -> dict:
    counts = scan.scan()
    delivery.deliver_due()
    return counts
