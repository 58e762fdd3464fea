"""Project-level promises: deploy checks, the demo, the API schema, security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_it_passes_the_deploy_check_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "Aa1!zQ",
        "HTTPS": "1",
        "ALLOWED_HOSTS": "wistara.example.go.id",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SQLITE_PATH": "/tmp/wistara-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": ""})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_it_seeds_the_demo_idempotently(capsys):
    from wistara.accounts.models import Office, RoleAssignment, User

    call_command("load_regions")
    call_command("seed_demo")
    out = capsys.readouterr().out
    counts = (User.objects.count(), RoleAssignment.objects.count(), Office.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), RoleAssignment.objects.count(), Office.objects.count()) == counts
    assert counts[0] == 11 and counts[2] >= 30
    for username in (
        "admin",
        "verifikator.nasional",
        "verifikator.riau",
        "koordinator.kampar",
        "dinkes.kampar",
        "pimpinan.kampar",
    ):
        assert username in out
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {
        "national_admin",
        "national_verifier",
        "provincial_verifier",
        "regency_coordinator",
        "opd_operator",
        "office_head",
        "leader",
    }


@pytest.mark.django_db
def test_it_publishes_the_openapi_schema_and_docs(world, client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/workspaces/regencies/{code}" in paths
    client.force_login(world.user("leader"))
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.django_db
def test_it_sends_security_headers(world, client):
    response = client.get("/akun/masuk/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.cookies["csrftoken"]["httponly"]


def test_importing_the_settings_writes_nothing_into_the_project(tmp_path):
    """Issue 15: importing the (test) settings used to make var/ folders inside the repository.
    A copy of config/ in an empty folder stands for the project: BASE_DIR is taken from the
    settings file's own place, so anything they made would appear in that copy."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(ROOT / "config", project / "config", ignore=shutil.ignore_patterns("__pycache__"))
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SQLITE_PATH",
            "UPLOAD_TEMP_DIR",
            "MEDIA_ROOT",
            "AUDIT_CHECKPOINT_DIR",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    env |= {"PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1", "SECRET_KEY": "x" * 50}
    code = (
        "import config.settings as s, config.settings_test as t; "
        f"assert s.BASE_DIR == t.BASE_DIR and str(s.BASE_DIR).startswith({str(project)!r})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
