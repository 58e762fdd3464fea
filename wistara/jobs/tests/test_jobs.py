import pytest

from wistara.jobs.models import Job
from wistara.jobs.registry import runner
from wistara.jobs.services import job_start

pytestmark = pytest.mark.django_db


@runner("test_echo")
def _echo(job, out, progress):
    for done in range(1, 4):
        out.write(job.params["text"].encode())
        progress(done, 3)
    if job.params.get("fail"):
        raise RuntimeError("boom")
    return "echo.txt", "text/plain"


def test_a_job_runs_reports_progress_and_only_its_starter_sees_it(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = job_start(kind="test_echo", title="Gema", params={"text": "ab"}, user=world.user("leader"))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and (job.done, job.total, job.size) == (3, 3, 6)
    client.force_login(world.user("leader"))
    assert client.get(f"/tugas/{job.id}/").status_code == 200
    assert b"".join(client.get(f"/tugas/{job.id}/unduh/").streaming_content) == b"ababab"
    for role in ("national_admin", "regency_coordinator"):
        client.force_login(world.user(role))
        assert client.get(f"/tugas/{job.id}/").status_code == 404
        assert client.get(f"/tugas/{job.id}/unduh/").status_code == 404


def test_a_failed_job_says_so_without_the_details(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = job_start(
        kind="test_echo", title="Gema", params={"text": "a", "fail": True}, user=world.user("leader")
    )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "boom" not in job.message and job.message
    assert job.storage_name == ""


def test_jobs_purge_deletes_old_jobs_and_their_files_only(world, settings, tmp_path):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    old = job_start(kind="test_echo", title="Lama", params={"text": "a"}, user=world.user("leader"))
    new = job_start(kind="test_echo", title="Baru", params={"text": "b"}, user=world.user("leader"))
    old.refresh_from_db()
    new.refresh_from_db()
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    call_command("jobs_purge", "--days", "7")
    assert list(Job.objects.all()) == [new]
    assert not default_storage.exists(old.storage_name) and default_storage.exists(new.storage_name)
