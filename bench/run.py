"""Measure Wistara against the national-scale dataset made by generate.py.

    .venv/bin/python bench/run.py [--db PATH] [--requests N] [--skip-cold] [--no-doc]

In-process, with Django's test Client (no network, no WSGI server): every figure is timed with
time.perf_counter after a warm-up, N times, and reported as p50/p95 next to a BASELINE measured
in the same run and in the same loop (figure and baseline alternate), so that the ratio says how
far the code is from the least work that could produce the same answer on this machine.
Query counts come from one extra request under CaptureQueriesContext (never during timing).

Prints a markdown table and writes it, with the machine and the dataset, into the results
section of docs/benchmarks.md.
"""

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

DOC = common.ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
REGION_FILES = ("provinces", "regencies", "districts", "villages")

TARGET_LOAD = "< 60 s"
TARGET_REGENCY = "≤10 q, p95 ≤100 ms (later issue)"
TARGET_NATIONAL = "≤6 q, p95 ≤150 ms (later issue)"


# --- Measuring --------------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    unit: str  # "ms" or "s"
    samples: list[float]  # seconds
    baseline_name: str
    baseline: list[float]
    queries: int | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    def p(self, q: float, data: list[float] | None = None) -> float:
        """Nearest-rank percentile, in the figure's unit."""
        data = sorted(self.samples if data is None else data)
        value = data[max(0, math.ceil(q * len(data)) - 1)]
        return value * (1000 if self.unit == "ms" else 1)

    @property
    def ratio(self) -> float:
        base = self.p(0.95, self.baseline)
        return self.p(0.95) / base if base else float("inf")


def alternate(run: Callable[[], object], baseline: Callable[[], object], n: int,
              warmup: int) -> tuple[list[float], list[float]]:
    """Time `run` and `baseline` alternately, n times each after `warmup` untimed rounds."""
    for _ in range(warmup):
        run()
        baseline()
    gc.collect()
    runs, bases = [], []
    clock = time.perf_counter
    for _ in range(n):
        t0 = clock()
        run()
        t1 = clock()
        baseline()
        t2 = clock()
        runs.append(t1 - t0)
        bases.append(t2 - t1)
    return runs, bases


def count_queries(run: Callable[[], object]) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        run()
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def sql(query: str, params: tuple = ()) -> Callable[[], list]:
    """A raw query through the same connection Django uses, rows fetched into Python."""
    from django.db import connection

    def run() -> list:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    return run


def chain(*steps: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        for step in steps:
            step()

    return run


# --- (a) Loading the regions -------------------------------------------------------------------


def read_region_csvs() -> int:
    """The baseline of a load: decompress and parse the four CSVs, nothing else."""
    import csv
    import gzip

    from wistara.regions.services import DATA_DIR

    n = 0
    for name in REGION_FILES:
        packed = DATA_DIR / f"{name}.csv.gz"
        path = packed if packed.exists() else DATA_DIR / f"{name}.csv"
        opener = gzip.open if packed.exists() else open
        with opener(path, "rt", encoding="utf-8", newline="") as fh:
            n += sum(1 for _ in csv.DictReader(fh))
    return n


def cold_child(db: Path) -> None:
    """In a subprocess: migrate a fresh empty SQLite file, then time regions_load alone."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    common.setup_django(db)
    from django.core.management import call_command

    from wistara.regions.services import regions_load

    call_command("migrate", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    results = regions_load()
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "villages": results["villages"].created}))


def figures_load(repeats: int, skip_cold: bool) -> list[Figure]:
    from wistara.regions.services import regions_load

    warm, base = alternate(regions_load, read_region_csvs, repeats, warmup=1)
    figures = [Figure(
        "load_regions, already loaded (idempotent re-run)", "s", warm,
        "read the 4 CSVs", base, target=TARGET_LOAD, met=max(warm) < 60,
        note=f"{repeats} runs; p95 is the slowest",
    )]
    if skip_cold:
        return figures
    cold_db = common.OUT / "cold.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # always SQLite
    proc = subprocess.run(  # noqa: S603 - our own interpreter running this very file
        [sys.executable, __file__, "--cold-child", str(cold_db)],
        env=env, capture_output=True, text=True, check=False, timeout=600,
    )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{cold_db}{suffix}").unlink(missing_ok=True)
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, file=sys.stderr)
        raise SystemExit("the cold load failed")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    figures.append(Figure(
        "load_regions, cold into a fresh empty SQLite DB", "s", [result["seconds"]],
        "read the 4 CSVs (same samples)", base, target=TARGET_LOAD, met=result["seconds"] < 60,
        note=f"one run in a subprocess, {result['villages']:,} villages created",
    ))
    return figures


# --- (b) Pages and API -------------------------------------------------------------------------


@dataclass
class Subjects:
    """Who and what the pages are measured with: the biggest cases, chosen from the data."""

    province_code: str
    province_name: str
    regency_code: str
    regency_name: str
    villages: int


def pick_subjects() -> Subjects:
    from django.db.models import Count

    from wistara.regions.models import Province, Regency

    province = (Province.objects.annotate(n=Count("regencies")).order_by("-n", "code").first())
    regency = (Regency.objects.annotate(n=Count("districts__villages"))
               .order_by("-n", "code").first())
    if province is None or regency is None:
        raise SystemExit("No regions: run bench/generate.py first.")
    return Subjects(province.code, province.name, regency.code, regency.name, regency.n)


def client_for(username: str):
    from django.test import Client

    from wistara.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise SystemExit(f"No user {username}: run bench/generate.py first.")
    client = Client()
    client.force_login(user)
    return client


def get(client, url: str) -> Callable[[], object]:
    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}, expected 200")
        return response

    return run


# The baselines: the rows each page shows, fetched with raw SQL (same connection, same loop).
SQL_HOME = """
SELECT p.code, p.name, COUNT(r.id) FROM regions_province p
LEFT JOIN regions_regency r ON r.province_id = p.id
GROUP BY p.id, p.code, p.name ORDER BY p.code"""
SQL_PROVINCE = """
SELECT p.name, r.code, r.name, r.kind,
  (SELECT COUNT(*) FROM regions_district d WHERE d.regency_id = r.id),
  (SELECT COUNT(*) FROM accounts_office o WHERE o.regency_id = r.id)
FROM regions_regency r JOIN regions_province p ON p.id = r.province_id
WHERE p.code = %s ORDER BY r.code"""
SQL_REGENCY = """
SELECT r.id, r.code, r.name, r.kind, p.code, p.name,
  (SELECT COUNT(*) FROM regions_district d WHERE d.regency_id = r.id)
FROM regions_regency r JOIN regions_province p ON p.id = r.province_id WHERE r.code = %s"""
SQL_VILLAGE_KINDS = """
SELECT v.kind, COUNT(*) FROM regions_village v
JOIN regions_district d ON d.id = v.district_id JOIN regions_regency r ON r.id = d.regency_id
WHERE r.code = %s GROUP BY v.kind"""
SQL_OFFICES = """
SELECT o.id, o.short_name, o.name FROM accounts_office o
JOIN regions_regency r ON r.id = o.regency_id WHERE r.code = %s ORDER BY o.short_name"""
SQL_PEOPLE = """
SELECT u.full_name, u.username, u.position, ra.role, o.short_name
FROM accounts_roleassignment ra JOIN accounts_user u ON u.id = ra.user_id
JOIN regions_regency r ON r.id = ra.regency_id
LEFT JOIN accounts_office o ON o.id = ra.office_id
WHERE r.code = %s ORDER BY ra.role, o.short_name, u.username"""
SQL_SECTIONS = """
SELECT s.code, s.name, s.kind FROM instruments_section s
JOIN instruments_instrumentversion v ON v.id = s.version_id
WHERE v.code = %s ORDER BY s."order" """
SQL_INDICATORS = """
SELECT i.code, i.name, i.definition, i.data_source, i.evidence_required,
  o.points, o.description
FROM instruments_indicator i JOIN instruments_section s ON s.id = i.section_id
JOIN instruments_instrumentversion v ON v.id = s.version_id
LEFT JOIN instruments_scaleoption o ON o.indicator_id = i.id
WHERE v.code = %s AND s.code = %s ORDER BY i."order", o.position"""
SQL_REGENCIES = """
SELECT r.code, r.name, r.kind, p.code FROM regions_regency r
JOIN regions_province p ON p.id = r.province_id WHERE p.code = %s ORDER BY r.code"""

TABLES = {  # the baselines name tables directly: fail loudly if a model moves
    "regions.Province": "regions_province", "regions.Regency": "regions_regency",
    "regions.District": "regions_district", "regions.Village": "regions_village",
    "accounts.Office": "accounts_office", "accounts.RoleAssignment": "accounts_roleassignment",
    "accounts.User": "accounts_user", "instruments.Section": "instruments_section",
    "instruments.InstrumentVersion": "instruments_instrumentversion",
    "instruments.Indicator": "instruments_indicator",
    "instruments.ScaleOption": "instruments_scaleoption",
}


def check_tables() -> None:
    from django.apps import apps

    for label, table in TABLES.items():
        actual = apps.get_model(label)._meta.db_table
        if actual != table:
            raise SystemExit(f"{label} is now in table {actual}; update the baselines in run.py")


@dataclass
class Page:
    name: str
    username: str
    url: str
    baseline_name: str
    baseline: Callable[[], object]
    target: str = ""
    max_queries: int | None = None
    max_p95_ms: float | None = None


def pages(s: Subjects) -> list[Page]:
    from wistara.instruments.models import InstrumentVersion

    code, prov = s.regency_code, s.province_code
    regency_rows = chain(sql(SQL_REGENCY, (code,)), sql(SQL_VILLAGE_KINDS, (code,)),
                         sql(SQL_OFFICES, (code,)))
    out = [
        Page("national home `/` (national admin)", common.NATIONAL_ADMIN, "/",
             "1 query: provinces + regency counts", sql(SQL_HOME),
             TARGET_NATIONAL, 6, 150),
        Page(f"province page {prov} (its provincial verifier)",
             common.provincial_verifier(prov), f"/wilayah/provinsi/{prov}/",
             "1 query: regencies + kecamatan/office counts", sql(SQL_PROVINCE, (prov,))),
        Page(f"regency page {code} (its coordinator)", common.coordinator(code),
             f"/wilayah/kabupaten/{code}/", "4 queries: regency, village kinds, offices, people",
             chain(regency_rows, sql(SQL_PEOPLE, (code,))), TARGET_REGENCY, 10, 100),
    ]
    if InstrumentVersion.objects.filter(code=common.INSTRUMENT_CODE).exists():
        out.append(Page(
            f"instrument section `/instrumen/{common.INSTRUMENT_CODE}/T1/` (coordinator)",
            common.coordinator(code), f"/instrumen/{common.INSTRUMENT_CODE}/T1/",
            "2 queries: sections, indicators + options",
            chain(sql(SQL_SECTIONS, (common.INSTRUMENT_CODE,)),
                  sql(SQL_INDICATORS, (common.INSTRUMENT_CODE, "T1"))),
        ))
    else:
        print("WARNING: no instrument in the dataset; the instrument page is left out.")
    out += [
        Page(f"API workspaces/regencies/{code} (coordinator, session)", common.coordinator(code),
             f"/api/v1/workspaces/regencies/{code}",
             "3 queries: regency, village kinds, offices", regency_rows, TARGET_REGENCY, 10, 100),
        Page(f"API regions/regencies?province={prov} (session)", common.coordinator(code),
             f"/api/v1/regions/regencies?province={prov}", "1 query: regencies",
             sql(SQL_REGENCIES, (prov,))),
    ]
    return out


def figures_pages(subjects: Subjects, n: int, warmup: int, show_queries: bool) -> list[Figure]:
    figures = []
    clients: dict[str, object] = {}
    for page in pages(subjects):
        client = clients.get(page.username) or client_for(page.username)
        clients[page.username] = client
        run = get(client, page.url)
        samples, base = alternate(run, page.baseline, n, warmup)
        queries, statements = count_queries(run)
        figure = Figure(page.name, "ms", samples, page.baseline_name, base, queries=queries,
                        target=page.target)
        if page.max_queries is not None:
            figure.met = queries <= page.max_queries and figure.p(0.95) <= page.max_p95_ms
        figures.append(figure)
        print(f"  {page.name}: p95 {figure.p(0.95):.1f} ms, {queries} queries", flush=True)
        if show_queries:
            for statement in statements:
                print(f"      {statement[:160]}")
    for client in clients.values():
        client.logout()  # leave no bench sessions behind
    return figures


# --- (c) Access ---------------------------------------------------------------------------------


def figures_access(subjects: Subjects, n: int, warmup: int) -> list[Figure]:
    from django.db import connection

    from wistara.accounts.access import scope_for
    from wistara.accounts.models import User

    user = User.objects.get(username=common.coordinator(subjects.regency_code))

    def run():
        user.__dict__.pop("_wistara_scope", None)  # scope_for caches on the user object
        return scope_for(user)

    def select_1():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()

    samples, base = alternate(run, select_1, n, warmup)
    queries, _ = count_queries(run)
    return [Figure("`scope_for` (coordinator, 1 role, uncached)", "ms", samples, "`SELECT 1`",
                   base, queries=queries)]


# --- Report -------------------------------------------------------------------------------------


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms"


def table(figures: list[Figure]) -> str:
    lines = [
        "| Figure | p50 | p95 | queries | baseline | baseline p50 | baseline p95 "
        "| ratio p95 | target | met |",
        "|---|--:|--:|--:|---|--:|--:|--:|---|---|",
    ]
    for f in figures:
        met = "" if f.met is None else ("yes" if f.met else "**no**")
        queries = "" if f.queries is None else str(f.queries)
        lines.append(
            f"| {f.name} | {fmt(f.p(0.5), f.unit)} | {fmt(f.p(0.95), f.unit)} | {queries} "
            f"| {f.baseline_name} | {fmt(f.p(0.5, f.baseline), f.unit)} "
            f"| {fmt(f.p(0.95, f.baseline), f.unit)} | {f.ratio:.1f}× | {f.target} | {met} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, str]:
    import sqlite3

    import django
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    info = {
        "nproc": str(os.cpu_count()),
        "cpu": cpu or platform.processor() or platform.machine(),
        "memory": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "database": connection.vendor,
        # The machine may be shared (other test runs): the load tells how quiet it was.
        "load average (1/5/15 min, the bench adds ~1)": " ".join(
            f"{x:.2f}" for x in os.getloadavg()),
    }
    if connection.vendor == "postgresql":
        version = connection.pg_version
        info["postgresql"] = f"{version // 10000}.{version % 10000}"
    return info


def results_section(figures: list[Figure], subjects: Subjects, args, elapsed: float) -> str:
    from generate import dataset_counts

    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    mach = ", ".join(f"{k} {v}" for k, v in machine().items() if v)
    counts = ", ".join(f"{k} {v:,}" for k, v in dataset_counts().items())
    return "\n".join([
        START,
        "## Results",
        "",
        f"Measured {now} by `bench/run.py --requests {args.requests}` "
        f"(warm-up {args.warmup}, load re-runs {args.load_repeats}) in {elapsed:.0f} s.",
        "",
        f"- Machine: {mach}.",
        f"- Dataset: {counts}.",
        f"- Subjects: province {subjects.province_code} {subjects.province_name} (most "
        f"regencies); regency {subjects.regency_code} {subjects.regency_name} (most villages, "
        f"{subjects.villages:,}).",
        "",
        table(figures),
        "",
        "Times are wall-clock per call in one process (test Client, no network); the baseline "
        "is timed in the same loop, alternating with the figure. Ratio = figure p95 / baseline "
        "p95. Query counts include the session and user look-ups of every signed-in request. "
        "The targets marked *later issue* belong to the regency workspace and the national "
        "dashboard that later issues build; today's pages stand in for them.",
        END,
    ])


DOC_HEAD = """# Benchmarks

Wistara is measured against a national-scale dataset: all of Indonesia's regions, the 2025
instrument and every regency staffed (offices, coordinator, leader, one operator per office,
about 11,000 users). The generator and the benchmark live in `bench/` (see `bench/README.md`).

## Targets

- `load_regions` (all 38 provinces, 514 regencies, 7,277 kecamatan, 83,763 desa/kelurahan):
  under 60 s on SQLite, cold or re-run.
- Later issues add: the regency workspace in at most 10 queries with p95 ≤ 100 ms; the national
  dashboard in at most 6 queries with p95 ≤ 150 ms.

## Reproduce

```
.venv/bin/python bench/generate.py --fresh     # builds bench/out/national.sqlite3
.venv/bin/python bench/run.py                  # prints the table and rewrites Results below
```

On PostgreSQL: `DATABASE_URL=postgres:///wistara_bench` before both commands.

"""


def write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else DOC_HEAD
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text, encoding="utf-8")


# --- Driver -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_db_argument(parser)
    parser.add_argument("--requests", type=int, default=200, help="timed calls per figure")
    parser.add_argument("--warmup", type=int, default=20, help="untimed calls first")
    parser.add_argument("--load-repeats", type=int, default=3,
                        help="timed re-runs of load_regions on the loaded database")
    parser.add_argument("--skip-cold", action="store_true",
                        help="leave out the cold load into a fresh SQLite file (~30 s)")
    parser.add_argument("--show-queries", action="store_true", help="print each page's SQL")
    parser.add_argument("--no-doc", action="store_true", help="do not touch docs/benchmarks.md")
    parser.add_argument("--cold-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_child:
        cold_child(args.cold_child)
        return

    started = time.perf_counter()
    db = args.db.resolve()
    if not os.environ.get("DATABASE_URL") and not db.exists():
        raise SystemExit(f"No {db}: run bench/generate.py first.")
    common.setup_django(db)
    check_tables()
    print(f"Benchmarking {common.db_label(db)}, {args.requests} requests per figure")
    subjects = pick_subjects()

    print("(b) pages and API")
    figures = figures_pages(subjects, args.requests, args.warmup, args.show_queries)
    print("(c) access")
    figures += figures_access(subjects, args.requests, args.warmup)
    print("(a) load_regions")
    figures = figures_load(args.load_repeats, args.skip_cold) + figures

    elapsed = time.perf_counter() - started
    print()
    print(table(figures))
    if not args.no_doc:
        write_doc(results_section(figures, subjects, args, elapsed))
        print(f"\nWritten to {DOC.relative_to(common.ROOT)}")
    print(f"Done in {elapsed:.0f} s.")


if __name__ == "__main__":
    main()
