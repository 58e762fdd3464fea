"""Start and run jobs. The run is a django-tasks task (the database backend in production, run
at once in tests); its file is written to a temporary file, then moved to the default storage."""

import logging
import tempfile
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User

from .models import Job
from .registry import RUNNERS

logger = logging.getLogger(__name__)


def job_start(*, kind: str, title: str, params: dict, user: User) -> Job:
    if kind not in RUNNERS:
        raise ValueError(f"no runner for job kind {kind!r}")
    job = Job.objects.create(kind=kind, title=title[:200], params=params, created_by=user)
    from .tasks import run_job

    run_job.enqueue(str(job.id))
    job.refresh_from_db()
    return job


def _progress(job: Job):
    def report(done: int, total: int) -> None:
        job.done, job.total = done, total
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    return report


def job_run(job_id: str) -> None:
    job = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).first()
    if job is None:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        with tempfile.TemporaryFile() as handle:
            name, content_type = RUNNERS[job.kind](job, handle, _progress(job))
            size = handle.tell()
            handle.seek(0)
            stored = default_storage.save(f"jobs/{job.id.hex}", File(handle, name=name))
    except ValidationError as exc:
        _fail(job, " ".join(exc.messages))
        return
    except Exception:
        logger.exception("job %s (%s) failed", job.id, job.kind)
        _fail(job, _("The job failed; try again or tell the administrator."))
        return
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        file_name=name,
        content_type=content_type,
        storage_name=stored,
        size=size,
        finished_at=timezone.now(),
    )


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, message=message, finished_at=timezone.now()
    )


def job_delete_file(*, job: Job) -> None:
    if job.storage_name:
        default_storage.delete(job.storage_name)
        Job.objects.filter(pk=job.pk).update(storage_name="")


def jobs_purge(*, older_than: timedelta) -> int:
    """Delete jobs created before `older_than` ago, with their files: a job's file is a copy
    made for one download (an export, a bundle), so nothing is lost that a new job cannot make.
    Returns the number of jobs deleted."""
    old = Job.objects.filter(created_at__lt=timezone.now() - older_than)
    count = 0
    for job in old.iterator():
        job_delete_file(job=job)  # the file first: a row left without its file is only a 404
        Job.objects.filter(pk=job.pk).delete()
        count += 1
    return count
