from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wistara.accounts.http import AuthedRequest

from .access import get_job_for_user


@login_required
@require_GET
def job_detail(request: AuthedRequest, job_id) -> HttpResponse:
    """The job's progress; the page asks again every two seconds until it is finished."""
    job = get_job_for_user(request.user, job_id)
    return render(request, "jobs/detail.html", {"job": job})


@login_required
@require_GET
def job_download(request: AuthedRequest, job_id) -> FileResponse:
    job = get_job_for_user(request.user, job_id)
    if job.status != job.Status.DONE or not job.storage_name:
        raise Http404
    try:
        handle = default_storage.open(job.storage_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.file_name,
        content_type=job.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-cache"
    return response
