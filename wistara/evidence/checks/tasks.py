"""The worker's task (django-tasks, database backend): check one evidence file."""

from django_tasks import task

from .services import check_file


@task()
def check_evidence_file(file_id: int) -> str:
    check = check_file(file_id)
    return check.state if check else "gone"
