"""A job is its starter's alone: anyone else gets a 404, as if it did not exist."""

from django.http import Http404

from wistara.accounts.models import User

from .models import Job


def get_job_for_user(user: User, job_id) -> Job:
    job = Job.objects.filter(pk=job_id, created_by=user).first()
    if job is None:
        raise Http404
    return job
