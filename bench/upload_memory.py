"""Upload memory: what one 25 MB evidence upload adds to the server's memory.

    .venv/bin/python bench/upload_memory.py [--repeats N] [--no-doc]

Everything runs in this one process, with nothing external: a throwaway SQLite database and
media folder in a temporary directory, the test world (wistara.testing) and Django's test
Client. The request body is streamed from a file on disk (the Client would otherwise hold the
whole body in memory and blur the figure), so what grows is the server's own memory.

Each repetition posts the same multipart body (one file of EVIDENCE_MAX_BYTES, 25 MB, plus the
form fields) twice, alternating:
- **upload**: to the evidence upload view (htmx), which parses, checks, hashes, stores the file
  and answers with the panel;
- **baseline**: to a view that reads nothing and answers "ok";
- **control**: to a view that reads the whole body into memory (`request.read()`), the mistake
  the figure is there to catch: it shows that the measure sees a 25 MB allocation.

Two measures, each in its own pass so that one does not disturb the other:
- **peak RSS growth**: the process's peak resident memory during the request minus its resident
  memory just before (Linux: the peak is reset through /proc/self/clear_refs before each
  request; elsewhere ru_maxrss, which only shows growth beyond the earlier peak);
- **peak traced allocations**: tracemalloc's peak during the request minus the traced memory
  before it (Python objects only: a file read whole into memory would show here at once).

The figures are the worst of the repetitions. Target (issue 3): a 25 MB upload adds at most
30 MB to the server's memory. The section between the bench:upload markers in
docs/benchmarks.md is rewritten (appended when missing); the rest of that file is not touched.
"""

import argparse
import contextlib
import gc
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
import types
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

ROOT = common.ROOT
START, END = "<!-- bench:upload:start -->", "<!-- bench:upload:end -->"
BOUNDARY = "wistara-bench-upload"
TARGET_MB = 30.0
MB = 1024 * 1024


def setup_django(workdir: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "SQLITE_PATH": str(workdir / "bench.sqlite3"),
            "MEDIA_ROOT": str(workdir / "media"),
            "ALLOWED_HOSTS": "testserver",
            "LOG_LEVEL": "ERROR",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            # Always a throwaway SQLite file: never write into a database named by the environment.
            "DATABASE_URL": "",
        }
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic: harmless
    import django

    django.setup()


# --- Measuring -------------------------------------------------------------------------------------


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: reset VmHWM to the current RSS
        return True
    except OSError:
        return False


def rss_growth(run: Callable[[], object]) -> float:
    """Peak resident memory during run() minus the resident memory before, in MB."""
    gc.collect()
    if _reset_peak_rss() and _status_kb("VmRSS") is not None:
        before = _status_kb("VmRSS")
        run()
        return (_status_kb("VmHWM") - before) / 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run()
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024


def traced_growth(run: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    run()
    return (tracemalloc.get_traced_memory()[1] - before) / MB


# --- The requests ----------------------------------------------------------------------------------


def write_body(path: Path, file_size: int, repetition: int) -> int:
    """A multipart body on disk: three fields and one PDF-looking file, unique per repetition."""
    head = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in (("data_year", "2023"), ("kind", "report"), ("title", f"Bench {repetition}"))
    )
    head += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="laporan-{repetition}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    )
    first = f"%PDF-1.7\n% bench repetition {repetition}\n".encode()
    with path.open("wb") as out:
        out.write(head.encode())
        out.write(first)
        remaining = file_size - len(first)
        while remaining > 0:
            chunk = os.urandom(min(MB, remaining))
            out.write(chunk)
            remaining -= len(chunk)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return path.stat().st_size


def poster(client, url: str, body: Path, length: int, expect: int) -> Callable[[], None]:
    def run() -> None:
        with body.open("rb") as stream:
            response = client.generic(
                "POST",
                url,
                b"",
                headers={"HX-Request": "true"},
                CONTENT_LENGTH=str(length),
                CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
                **{"wsgi.input": stream},
            )
        if response.status_code != expect:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")

    return run


def bench_urlconf() -> types.ModuleType:
    from django.http import HttpResponse
    from django.urls import include, path

    def reads_nothing(request):
        return HttpResponse("ok")

    def reads_all(request):
        return HttpResponse(str(len(request.read())))  # request.body would refuse: too big

    urls = types.ModuleType("bench_upload_urls")
    urls.urlpatterns = [
        path("bench/reads-nothing/", reads_nothing),
        path("bench/reads-all/", reads_all),
        path("", include("config.urls")),
    ]
    return urls


def prepare():
    from django.core.management import call_command
    from django.test import Client

    from wistara.assessments.models import Response
    from wistara.testing.assessments import register
    from wistara.testing.world import build_world

    call_command("migrate", verbosity=0)
    world = build_world()
    registration = register(world.regency_a1)
    response = registration.responses.get(indicator__code="T1.1")
    Response.objects.filter(pk=response.pk).update(office=world.office_a1)
    client = Client()
    client.force_login(world.user("opd_operator"))
    return client, response


def measure(workdir: Path, repeats: int) -> dict:
    from django.conf import settings
    from django.test import override_settings

    from wistara.evidence.models import Evidence

    client, response = prepare()
    file_size = settings.EVIDENCE_MAX_BYTES
    upload_url = f"/bukti/{response.id}/unggah/"
    results: dict[str, list[float]] = {
        f"{name}_{measure}": []
        for name in ("upload", "baseline", "control")
        for measure in ("rss", "traced", "s")
    }
    with override_settings(ROOT_URLCONF=bench_urlconf()):
        # Repetition 0 warms up (imports, templates, the first storage folder); not counted.
        for repetition in range(repeats * 2 + 1):
            body = workdir / "body.bin"
            length = write_body(body, file_size, repetition)
            runs = {
                "baseline": poster(client, "/bench/reads-nothing/", body, length, 200),
                "control": poster(client, "/bench/reads-all/", body, length, 200),
                "upload": poster(client, upload_url, body, length, 200),
            }
            traced = repetition > repeats
            if traced and not tracemalloc.is_tracing():
                tracemalloc.start()
            for name, run in runs.items():
                started = time.perf_counter()
                growth = (traced_growth if traced else rss_growth)(run)
                if repetition:
                    results[f"{name}_{'traced' if traced else 'rss'}"].append(growth)
                    if not traced:
                        results[f"{name}_s"].append(time.perf_counter() - started)
    tracemalloc.stop()
    assert Evidence.objects.filter(response=response).count() == repeats * 2 + 1
    return {"file_size": file_size, "request_size": length, "repeats": repeats, **results}


# --- Reporting -------------------------------------------------------------------------------------


def machine() -> str:
    import django

    kb = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
    return (
        f"nproc {os.cpu_count()}, memory {kb / MB:.0f} GB, os {platform.platform()}, python "
        f"{platform.python_version()}, django {django.get_version()}, load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )


def rows(r: dict) -> list[tuple[str, float, float, float, str]]:
    return [
        (label, max(r[f"upload_{key}"]), max(r[f"baseline_{key}"]), max(r[f"control_{key}"]), unit)
        for label, key, unit in (
            ("peak RSS growth during the request", "rss", "MB"),
            ("peak traced Python allocations (tracemalloc)", "traced", "MB"),
            ("wall time per request (RSS pass)", "s", "s"),
        )
    ]


def section(r: dict, elapsed: float) -> str:
    now = datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M")
    lines = [
        START,
        "## Upload memory",
        "",
        f"Measured {now} WIB by `bench/upload_memory.py --repeats {r['repeats']}` in {elapsed:.0f} s.",
        "",
        f"- Machine: {machine()}.",
        f"- Request: one file of {r['file_size']:,} bytes (EVIDENCE_MAX_BYTES) in a multipart body of "
        f"{r['request_size']:,} bytes, streamed from disk into the test Client, signed in as the "
        "office's operator, htmx.",
        "",
        "| Figure | upload | baseline (reads nothing) | added by the upload | ratio | control "
        "(reads the body whole) | target | met |",
        "|---|--:|--:|--:|--:|--:|---|---|",
    ]
    for label, upload, baseline, control, unit in rows(r):
        ratio = f"{upload / baseline:.1f}×" if baseline >= (0.05 if unit == "MB" else 1e-6) else "–"
        target = f"≤ {TARGET_MB:.0f} MB" if unit == "MB" else ""
        met = ("yes" if upload <= TARGET_MB else "NO") if unit == "MB" else ""
        lines.append(
            f"| {label} | {upload:.2f} {unit} | {baseline:.2f} {unit} | "
            f"{upload - baseline:.2f} {unit} | {ratio} | {control:.2f} {unit} | {target} | {met} |"
        )
    lines += [
        "",
        "Worst of the repetitions; each repetition posts a fresh file (no deduplication). The "
        "upload is parsed by Django's upload handlers (files over FILE_UPLOAD_MAX_MEMORY_SIZE go to "
        "a temporary file), checked from its first bytes, hashed and stored in 64 KB chunks, so "
        "its memory does not grow with the file's size. An oversize request is refused (413) "
        "before its body is read: see wistara/evidence/uploads.py and its tests.",
        END,
    ]
    return "\n".join(lines)


def write_doc(text: str) -> None:
    common.write_doc_section(text, START, END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="measured repetitions per pass (3)")
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/benchmarks.md")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wistara-upload-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        results = measure(workdir, args.repeats)
    text = section(results, time.perf_counter() - started)
    print(text.split("\n", 1)[1].rsplit("\n", 1)[0])
    if not args.no_doc:
        write_doc(text)
        print(f"\nwrote the upload section of {common.DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
