"""The worker's task for sending (django-tasks, database backend); the deadline scan's task is in
wistara.reminders.tasks. Tasks keep no state: everything is in the Delivery rows, claimed under
a row lock."""

from django_tasks import task

from . import delivery


@task()
def deliver_due() -> int:
    return delivery.deliver_due()
