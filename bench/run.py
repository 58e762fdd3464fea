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

START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
REGION_FILES = ("provinces", "regencies", "districts", "villages")

TARGET_LOAD = "< 60 s"
TARGET_REGENCY = "≤10 q, p95 ≤100 ms"


# --- Measuring --------------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    unit: str  # "ms" or "s"
    samples: list[float]  # seconds
    baseline_name: str
    baseline: list[float]
    queries: int | None = None
    queries_small: int | None = None  # the same page on the smallest regency (workspace)
    cpu: list[float] | None = None  # seconds of this process's CPU per call
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


def alternate(
    run: Callable[[], object], baseline: Callable[[], object], n: int, warmup: int
) -> tuple[list[float], list[float], list[float]]:
    """Time `run` and `baseline` alternately, n times each after `warmup` untimed rounds.

    Returns the wall times of run, of the baseline, and run's CPU times (this process's user +
    system time: what the call cost, whatever else the machine was doing meanwhile).
    """
    for _ in range(warmup):
        run()
        baseline()
    gc.collect()
    runs, bases, cpus = [], [], []
    clock, cpu = time.perf_counter, time.process_time
    for _ in range(n):
        c0 = cpu()
        t0 = clock()
        run()
        t1 = clock()
        c1 = cpu()
        baseline()
        t2 = clock()
        runs.append(t1 - t0)
        cpus.append(c1 - c0)
        bases.append(t2 - t1)
    return runs, bases, cpus


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
    for suffix in ("", "-wal", "-shm", "-writers"):
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

    warm, base, _cpu = alternate(regions_load, read_region_csvs, repeats, warmup=1)
    figures = [
        Figure(
            "load_regions, already loaded (idempotent re-run)",
            "s",
            warm,
            "read the 4 CSVs",
            base,
            target=TARGET_LOAD,
            met=max(warm) < 60,
            note=f"{repeats} runs; p95 is the slowest",
        )
    ]
    if skip_cold:
        return figures
    cold_db = common.OUT / "cold.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # always SQLite
    proc = subprocess.run(  # noqa: S603 - our own interpreter running this very file
        [sys.executable, __file__, "--cold-child", str(cold_db)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    for suffix in ("", "-wal", "-shm", "-writers"):
        Path(f"{cold_db}{suffix}").unlink(missing_ok=True)
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, file=sys.stderr)
        raise SystemExit("the cold load failed")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    figures.append(
        Figure(
            "load_regions, cold into a fresh empty SQLite DB",
            "s",
            [result["seconds"]],
            "read the 4 CSVs (same samples)",
            base,
            target=TARGET_LOAD,
            met=result["seconds"] < 60,
            note=f"one run in a subprocess, {result['villages']:,} villages created",
        )
    )
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

    province = Province.objects.annotate(n=Count("regencies")).order_by("-n", "code").first()
    regency = Regency.objects.annotate(n=Count("districts__villages")).order_by("-n", "code").first()
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
    "regions.Province": "regions_province",
    "regions.Regency": "regions_regency",
    "regions.District": "regions_district",
    "regions.Village": "regions_village",
    "accounts.Office": "accounts_office",
    "accounts.RoleAssignment": "accounts_roleassignment",
    "accounts.User": "accounts_user",
    "instruments.Section": "instruments_section",
    "instruments.InstrumentVersion": "instruments_instrumentversion",
    "instruments.Indicator": "instruments_indicator",
    "instruments.ScaleOption": "instruments_scaleoption",
}


def check_tables() -> None:
    from django.apps import apps

    for label, table in {**TABLES, **WS_TABLES}.items():
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
    regency_rows = chain(
        sql(SQL_REGENCY, (code,)), sql(SQL_VILLAGE_KINDS, (code,)), sql(SQL_OFFICES, (code,))
    )
    out = [
        Page(
            "national home `/` (national admin)",
            common.NATIONAL_ADMIN,
            "/",
            "1 query: provinces + regency counts",
            sql(SQL_HOME),
        ),
        Page(
            f"province page {prov} (its provincial verifier)",
            common.provincial_verifier(prov),
            f"/wilayah/provinsi/{prov}/",
            "1 query: regencies + kecamatan/office counts",
            sql(SQL_PROVINCE, (prov,)),
        ),
        Page(
            f"regency page {code} (its coordinator)",
            common.coordinator(code),
            f"/wilayah/kabupaten/{code}/",
            "4 queries: regency, village kinds, offices, people",
            chain(regency_rows, sql(SQL_PEOPLE, (code,))),
            TARGET_REGENCY,
            10,
            100,
        ),
    ]
    if InstrumentVersion.objects.filter(code=common.INSTRUMENT_CODE).exists():
        out.append(
            Page(
                f"instrument section `/instrumen/{common.INSTRUMENT_CODE}/T1/` (coordinator)",
                common.coordinator(code),
                f"/instrumen/{common.INSTRUMENT_CODE}/T1/",
                "2 queries: sections, indicators + options",
                chain(
                    sql(SQL_SECTIONS, (common.INSTRUMENT_CODE,)),
                    sql(SQL_INDICATORS, (common.INSTRUMENT_CODE, "T1")),
                ),
            )
        )
    else:
        print("WARNING: no instrument in the dataset; the instrument page is left out.")
    out += [
        Page(
            f"API workspaces/regencies/{code} (coordinator, session)",
            common.coordinator(code),
            f"/api/v1/workspaces/regencies/{code}",
            "3 queries: regency, village kinds, offices",
            regency_rows,
            TARGET_REGENCY,
            10,
            100,
        ),
        Page(
            f"API regions/regencies?province={prov} (session)",
            common.coordinator(code),
            f"/api/v1/regions/regencies?province={prov}",
            "1 query: regencies",
            sql(SQL_REGENCIES, (prov,)),
        ),
    ]
    return out


def figures_pages(subjects: Subjects, n: int, warmup: int, show_queries: bool) -> list[Figure]:
    figures = []
    clients: dict[str, object] = {}
    for page in pages(subjects):
        client = clients.get(page.username) or client_for(page.username)
        clients[page.username] = client
        run = get(client, page.url)
        samples, base, cpu = alternate(run, page.baseline, n, warmup)
        queries, statements = count_queries(run)
        figure = Figure(
            page.name, "ms", samples, page.baseline_name, base, queries=queries, target=page.target, cpu=cpu
        )
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

    samples, base, cpu = alternate(run, select_1, n, warmup)
    queries, _ = count_queries(run)
    return [
        Figure(
            "`scope_for` (coordinator, 1 role, uncached)",
            "ms",
            samples,
            "`SELECT 1`",
            base,
            queries=queries,
            cpu=cpu,
        )
    ]


# --- (d) Regency workspace -------------------------------------------------------------------------

TARGET_WORKSPACE = "≤10 q (same on a small regency), p95 ≤100 ms"
WORKSPACE_MAX_QUERIES = 10
WORKSPACE_MAX_P95_MS = 100

# The baselines of the workspace: the rows each page shows, raw SQL, same loop. The registration
# is found from the codes in the URL, as the pages do; the later queries use its id.
SQL_WS_REGISTRATION = """
SELECT g.id, g.status, g.revision, g.contacts, c.id, c.code, c.name, c.registration_opens,
  c.registration_closes, c.self_assessment_deadline, c.provincial_verification_start,
  c.provincial_verification_end, c.national_verification_start, c.national_verification_end,
  c.field_validation_start, c.field_validation_end, c.award_date, v.id, v.data_years,
  v.score_method, v.kelembagaan_pass_mark, r.id, r.code, r.name, p.code, p.name,
  t.code, t.name, t.min_score, t.min_odf_percent
FROM assessments_registration g JOIN assessments_cycle c ON c.id = g.cycle_id
JOIN instruments_instrumentversion v ON v.id = c.instrument_id
JOIN regions_regency r ON r.id = g.regency_id JOIN regions_province p ON p.id = r.province_id
JOIN instruments_awardcategory t ON t.id = g.target_category_id
WHERE r.code = %s AND c.code = %s"""
SQL_WS_SECTIONS = """
SELECT s.id, s.code, s.name, s.kind, COUNT(x.id), COUNT(x.option_id),
  SUM(CASE WHEN x.option_id IS NOT NULL AND x.evidence_prev > 0 AND x.evidence_curr > 0
      THEN 1 ELSE 0 END), SUM(x.points), SUM(i.max_points)
FROM assessments_response x JOIN instruments_indicator i ON i.id = x.indicator_id
JOIN instruments_section s ON s.id = i.section_id
WHERE x.registration_id = %s GROUP BY s.id, s.code, s.name, s.kind, s."order" ORDER BY s."order" """
SQL_WS_OFFICES = """
SELECT x.office_id, o.short_name, o.name, COUNT(x.id), COUNT(x.option_id),
  SUM(CASE WHEN x.option_id IS NOT NULL AND x.evidence_prev > 0 AND x.evidence_curr > 0
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN x.status IN ('validated', 'submitted') THEN 1 ELSE 0 END)
FROM assessments_response x LEFT JOIN accounts_office o ON o.id = x.office_id
WHERE x.registration_id = %s GROUP BY x.office_id, o.short_name, o.name ORDER BY o.short_name"""
SQL_WS_ODF = """
SELECT COUNT(v.id), SUM(CASE WHEN f.is_odf THEN 1 ELSE 0 END)
FROM regions_village v JOIN regions_district d ON d.id = v.district_id
LEFT JOIN assessments_villageodf f ON f.village_id = v.id AND f.registration_id = %s
WHERE d.regency_id = %s"""
SQL_WS_CATEGORIES = """
SELECT code, name, rank, min_score, min_tatanan_score, min_odf_percent,
  requires_kelembagaan_pass, previous_categories
FROM instruments_awardcategory WHERE version_id = %s ORDER BY rank"""
SQL_WS_LIST = """
SELECT x.id, i.code, i.name, s.code, o.short_name, x.points, x.evidence_prev, x.evidence_curr,
  x.status
FROM assessments_response x JOIN instruments_indicator i ON i.id = x.indicator_id
JOIN instruments_section s ON s.id = i.section_id LEFT JOIN accounts_office o ON o.id = x.office_id
WHERE x.registration_id = %s {offices} ORDER BY s."order", i."order" """
SQL_WS_SECTION_LIST = """
SELECT code, name FROM instruments_section WHERE version_id = %s ORDER BY "order" """
SQL_WS_OFFICE_LIST = """
SELECT short_name FROM accounts_office WHERE regency_id = %s AND is_active ORDER BY short_name"""
SQL_WS_MISSING = """
SELECT x.id, i.code, i.name, o.short_name, x.option_id, x.evidence_prev, x.evidence_curr, x.status
FROM assessments_response x JOIN instruments_indicator i ON i.id = x.indicator_id
JOIN instruments_section s ON s.id = i.section_id LEFT JOIN accounts_office o ON o.id = x.office_id
WHERE x.registration_id = %s {offices} AND NOT (x.option_id IS NOT NULL AND x.evidence_prev > 0
  AND x.evidence_curr > 0 AND x.status IN ('validated', 'submitted'))
ORDER BY o.short_name, s."order", i."order" """
SQL_WS_RESPONSE = """
SELECT x.id, x.value_prev, x.value_curr, x.unit, x.note_prev, x.note_curr, x.points, x.explanation,
  x.status, x.evidence_prev, x.evidence_curr, x.revision, x.option_id, x.office_id, o.short_name,
  i.code, i.name, i.definition, i.data_source, i.evidence_required, s.code, s.name,
  g.id, g.status, r.code, r.name, c.code, c.name, c.self_assessment_deadline, v.data_years
FROM assessments_response x JOIN instruments_indicator i ON i.id = x.indicator_id
JOIN instruments_section s ON s.id = i.section_id LEFT JOIN accounts_office o ON o.id = x.office_id
JOIN assessments_registration g ON g.id = x.registration_id
JOIN regions_regency r ON r.id = g.regency_id JOIN assessments_cycle c ON c.id = g.cycle_id
JOIN instruments_instrumentversion v ON v.id = c.instrument_id WHERE x.id = %s"""
SQL_WS_OPTIONS = """
SELECT o.id, o.points, o.description FROM instruments_scaleoption o
JOIN assessments_response x ON x.indicator_id = o.indicator_id WHERE x.id = %s ORDER BY o.position"""
SQL_WS_HISTORY = """
SELECT h.revision, h.field, h.old, h.new, h.changed_at, u.username, u.full_name
FROM assessments_responsechange h LEFT JOIN accounts_user u ON u.id = h.changed_by_id
WHERE h.response_id = %s ORDER BY h.changed_at DESC, h.id DESC LIMIT 50"""
SQL_WS_EVIDENCE = """
SELECT e.id, e.url, e.title, e.data_year, e.kind, e.added_at, e.removed_at, f.id, f.original_name,
  f.content_type, f.size, a.full_name, b.full_name
FROM evidence_evidence e LEFT JOIN evidence_evidencefile f ON f.id = e.file_id
LEFT JOIN accounts_user a ON a.id = e.added_by_id LEFT JOIN accounts_user b ON b.id = e.removed_by_id
WHERE e.response_id = %s ORDER BY e.data_year, e.added_at, e.id"""
SQL_WS_OTHER_USES = """
SELECT DISTINCT e.file_id, i.code, g.cycle_id, c.code
FROM evidence_evidence e JOIN assessments_response x ON x.id = e.response_id
JOIN instruments_indicator i ON i.id = x.indicator_id
JOIN assessments_registration g ON g.id = x.registration_id
JOIN assessments_cycle c ON c.id = g.cycle_id
WHERE e.removed_at IS NULL AND e.response_id <> %s AND e.file_id IN (
  SELECT file_id FROM evidence_evidence WHERE response_id = %s AND file_id IS NOT NULL)"""

WS_TABLES = {
    "assessments.Cycle": "assessments_cycle",
    "assessments.Registration": "assessments_registration",
    "assessments.Response": "assessments_response",
    "assessments.ResponseChange": "assessments_responsechange",
    "assessments.VillageOdf": "assessments_villageodf",
    "instruments.AwardCategory": "instruments_awardcategory",
    "evidence.Evidence": "evidence_evidence",
    "evidence.EvidenceFile": "evidence_evidencefile",
}


@dataclass
class Workspace:
    """One regency's workspace as the bench sees it: who looks at it and which item."""

    regency_code: str
    regency_name: str
    villages: int
    registration_id: int
    regency_id: int
    version_id: int
    coordinator: str
    operator: str
    office: str  # the operator's office (short name)
    office_id: int
    office_items: int
    response_id: int  # one of the office's items: the page and the evidence panel show it
    evidence: int  # its evidence rows
    history: int  # its history rows


def workspace(regency_code: str, *, heaviest: bool) -> Workspace | None:
    """The regency's workspace with the office that has the most items (heaviest) or the fewest,
    and that office's item with the most evidence and history (heaviest) or the least."""
    from django.db.models import Count

    from wistara.assessments.models import Registration, Response

    registration = (
        Registration.objects.select_related("regency", "cycle")
        .filter(regency__code=regency_code, cycle__code=common.CYCLE_CODE)
        .first()
    )
    if registration is None:
        return None
    offices = (
        registration.responses.filter(office__isnull=False)
        .values("office_id", "office__short_name")
        .annotate(n=Count("id"))
        .order_by("-n" if heaviest else "n", "office__short_name")
    )
    office = offices.first()
    items = Response.objects.filter(registration=registration, office_id=office["office_id"]).annotate(
        e=Count("evidence", distinct=True), h=Count("changes", distinct=True)
    )
    item = items.order_by(*(("-e", "-h", "id") if heaviest else ("e", "h", "id"))).first()
    villages = registration.regency.districts.aggregate(n=Count("villages"))["n"]
    return Workspace(
        regency_code,
        registration.regency.name,
        villages,
        registration.id,
        registration.regency_id,
        registration.cycle.instrument_id,
        common.coordinator(regency_code),
        common.operator(regency_code, office["office__short_name"]),
        office["office__short_name"],
        office["office_id"],
        office["n"],
        item.id,
        item.e,
        item.h,
    )


def smallest_registered_regency() -> str | None:
    from django.db.models import Count

    from wistara.regions.models import Regency

    regency = (
        Regency.objects.filter(registrations__cycle__code=common.CYCLE_CODE)
        .annotate(n=Count("districts__villages"))
        .order_by("n", "code")
        .first()
    )
    return regency.code if regency else None


@dataclass
class WorkspacePage:
    name: str
    path: Callable[[Workspace], str]
    baseline_name: str
    baseline: Callable[[Workspace, bool], Callable[[], object]]  # (workspace, as operator)


def _ws_registration(ws: Workspace) -> Callable[[], list]:
    return sql(SQL_WS_REGISTRATION, (ws.regency_code, common.CYCLE_CODE))


def _ws_progress(ws: Workspace, _operator: bool) -> Callable[[], None]:
    return chain(
        _ws_registration(ws),
        sql(SQL_WS_SECTIONS, (ws.registration_id,)),
        sql(SQL_WS_ODF, (ws.registration_id, ws.regency_id)),
        sql(SQL_WS_CATEGORIES, (ws.version_id,)),
        sql(SQL_WS_OFFICES, (ws.registration_id,)),
    )


def _offices_clause(ws: Workspace, operator: bool) -> tuple[str, tuple]:
    return ("AND x.office_id = %s", (ws.office_id,)) if operator else ("", ())


def _ws_list(ws: Workspace, operator: bool) -> Callable[[], None]:
    clause, params = _offices_clause(ws, operator)
    return chain(
        _ws_registration(ws),
        sql(SQL_WS_SECTION_LIST, (ws.version_id,)),
        sql(SQL_WS_OFFICE_LIST, (ws.regency_id,)),
        sql(SQL_WS_LIST.format(offices=clause), (ws.registration_id, *params)),
    )


def _ws_missing(ws: Workspace, operator: bool) -> Callable[[], None]:
    clause, params = _offices_clause(ws, operator)
    return chain(
        _ws_registration(ws), sql(SQL_WS_MISSING.format(offices=clause), (ws.registration_id, *params))
    )


def _ws_item(ws: Workspace, _operator: bool) -> Callable[[], None]:
    return chain(
        sql(SQL_WS_RESPONSE, (ws.response_id,)),
        sql(SQL_WS_OPTIONS, (ws.response_id,)),
        sql(SQL_WS_HISTORY, (ws.response_id,)),
    )


def _ws_evidence(ws: Workspace, _operator: bool) -> Callable[[], None]:
    return chain(
        sql(SQL_WS_RESPONSE, (ws.response_id,)),
        sql(SQL_WS_EVIDENCE, (ws.response_id,)),
        sql(SQL_WS_OTHER_USES, (ws.response_id, ws.response_id)),
    )


def _ws(ws: Workspace) -> str:
    return f"/ruang/{ws.regency_code}/{common.CYCLE_CODE}/"


WORKSPACE_PAGES = [
    WorkspacePage(
        "dashboard",
        _ws,
        "5 queries: registration, per-tatanan and per-office aggregates, ODF count, categories",
        _ws_progress,
    ),
    WorkspacePage(
        "indicator list `indikator/`",
        lambda ws: _ws(ws) + "indikator/",
        "4 queries: registration, sections, offices, the items",
        _ws_list,
    ),
    WorkspacePage(
        "one item `indikator/<id>/`",
        lambda ws: f"{_ws(ws)}indikator/{ws.response_id}/",
        "3 queries: item with its indicator/registration, options, history (50)",
        _ws_item,
    ),
    WorkspacePage(
        "what is missing `kekurangan/`",
        lambda ws: _ws(ws) + "kekurangan/",
        "2 queries: registration, the incomplete items",
        _ws_missing,
    ),
    WorkspacePage(
        "evidence panel `/bukti/<id>/`",
        lambda ws: f"/bukti/{ws.response_id}/",
        "3 queries: item, its evidence with files and people, other uses of its files",
        _ws_evidence,
    ),
    WorkspacePage(
        "API `registrations/<code>/KKS-2025/progress`",
        lambda ws: f"/api/v1/assessments/registrations/{ws.regency_code}/{common.CYCLE_CODE}/progress",
        "5 queries: as the dashboard",
        _ws_progress,
    ),
]


def url_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def viewer(ws: Workspace, operator: bool) -> str:
    return ws.operator if operator else ws.coordinator


def figures_workspace(
    big: Workspace, small: Workspace, n: int, warmup: int, show_queries: bool
) -> list[Figure]:
    """Each page as the coordinator and as the operator of the office with the most items; the
    query count again on the smallest regency (its operator: the office with the fewest items,
    its item: the one with the least evidence and history) to show it does not grow."""
    figures = []
    clients: dict[str, object] = {}

    def client(username: str):
        if username not in clients:
            clients[username] = client_for(username)
        return clients[username]

    for page in WORKSPACE_PAGES:
        if not url_exists(page.path(big)):
            print(f"  {page.name}: no such URL ({page.path(big)}), left out")
            continue
        for role, operator in (("coordinator", False), ("operator", True)):
            who = f"operator {big.office}, {big.office_items} items" if operator else "coordinator"
            run = get(client(viewer(big, operator)), page.path(big))
            samples, base, cpu = alternate(run, page.baseline(big, operator), n, warmup)
            queries, statements = count_queries(run)
            small_run = get(client(viewer(small, operator)), page.path(small))
            small_run()  # the first call of a client may differ (nothing cached yet)
            small_queries, small_statements = count_queries(small_run)
            figure = Figure(
                f"workspace {page.name} ({who})",
                "ms",
                samples,
                page.baseline_name,
                base,
                queries=queries,
                queries_small=small_queries,
                target=TARGET_WORKSPACE,
                cpu=cpu,
            )
            figure.met = (
                queries <= WORKSPACE_MAX_QUERIES
                and queries == small_queries
                and figure.p(0.95) <= WORKSPACE_MAX_P95_MS
            )
            figures.append(figure)
            print(
                f"  {page.name} as {role}: p95 {figure.p(0.95):.1f} ms (baseline "
                f"{figure.p(0.95, base):.2f} ms), queries {queries} here, {small_queries} on "
                f"{small.regency_code}",
                flush=True,
            )
            if show_queries or queries != small_queries:
                for label, listing in (("here", statements), (small.regency_code, small_statements)):
                    print(f"    queries {label}:")
                    for statement in listing:
                        print(f"      {statement[:160]}")
    for c in clients.values():
        c.logout()
    return figures


# --- Report -------------------------------------------------------------------------------------


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms"


def table(figures: list[Figure]) -> str:
    lines = [
        "| Figure | p50 | p95 | CPU p95 | queries | baseline | baseline p50 | baseline p95 "
        "| ratio p95 | target | met |",
        "|---|--:|--:|--:|--:|---|--:|--:|--:|---|---|",
    ]
    for f in figures:
        met = "" if f.met is None else ("yes" if f.met else "**no**")
        queries = "" if f.queries is None else str(f.queries)
        if f.queries_small is not None:
            queries += f" / {f.queries_small}"
        cpu = fmt(f.p(0.95, f.cpu), f.unit) if f.cpu else ""
        lines.append(
            f"| {f.name} | {fmt(f.p(0.5), f.unit)} | {fmt(f.p(0.95), f.unit)} | {cpu} | {queries} "
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
        "load average (1/5/15 min, the bench adds ~1)": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    if connection.vendor == "postgresql":
        version = connection.pg_version
        info["postgresql"] = f"{version // 10000}.{version % 10000}"
    return info


def workspace_line(pair: tuple[Workspace | None, Workspace | None]) -> str:
    big, small = pair
    if big is None or small is None:
        return "- Workspace: none (no registrations in the dataset)."

    def describe(ws: Workspace) -> str:
        items = f"{ws.office_items} item{'s' if ws.office_items != 1 else ''}"
        return (
            f"{ws.regency_code} {ws.regency_name} ({ws.villages:,} villages), operator of "
            f"{ws.office} ({items}), item #{ws.response_id} ({ws.evidence} evidence, "
            f"{ws.history} history rows)"
        )

    return (
        f"- Workspace: {describe(big)}; query counts also on the smallest registered regency, "
        f"{describe(small)}."
    )


def results_section(
    figures: list[Figure],
    subjects: Subjects,
    pair: tuple[Workspace | None, Workspace | None],
    args,
    elapsed: float,
) -> str:
    from generate import dataset_counts

    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    mach = ", ".join(f"{k} {v}" for k, v in machine().items() if v)
    counts = ", ".join(f"{k} {v:,}" for k, v in dataset_counts().items())
    return "\n".join(
        [
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
            workspace_line(pair),
            "",
            table(figures),
            "",
            "Times are wall-clock per call in one process (test Client, no network); the baseline "
            "is timed in the same loop, alternating with the figure. Ratio = figure p95 / baseline "
            "p95. *CPU p95* is this process's CPU time per call (user + system, SQLite included as "
            "it runs in-process): on a busy machine the wall times grow with the wait for a CPU, "
            "the CPU time does not, so it tells what the page costs when the machine is quiet. "
            "Query counts include the session and user look-ups of every signed-in request; "
            "for the workspace they read *subject regency / smallest regency* (a fixed count is the "
            "same on both). The national dashboard is measured by `bench/dashboard.py` and the "
            "save throughput (32 concurrent writers over HTTP) by `bench/saves.py`: see below.",
            END,
        ]
    )


DOC_HEAD = """# Benchmarks

Wistara is measured against a national-scale dataset: all of Indonesia's regions, the 2025
instrument, every regency staffed (offices, coordinator, leader, one operator per office, about
11,000 users) and, in the cycle KKS-2025, every regency registered and half-way through its
self-assessment (78,128 items, about 49,000 answered, 433,000 history rows, 9,766 stored files
and 95,000 evidence rows, the ODF status of all 83,763 villages). The generator and the
benchmarks live in `bench/` (see `bench/README.md`).

## Targets

- `load_regions` (all 38 provinces, 514 regencies, 7,277 kecamatan, 83,763 desa/kelurahan):
  under 60 s on SQLite, cold or re-run.
- Regency workspace (issue 3): the dashboard, the indicator list, one item, "what is missing",
  the evidence panel and the progress API in at most 10 queries each, the same count whatever
  the number of items and files (checked on the largest and the smallest regency), at p95
  ≤ 100 ms on SQLite, for the coordinator and for an OPD operator.
- Saving one indicator (issue 3): at least 200 saves/s with 32 concurrent writers over HTTP, no
  errors, no lost update (`bench/saves.py`).
- Upload (issue 3): a 25 MB file adds at most 30 MB to the server's memory; an oversize request
  is refused before it is read (`bench/upload_memory.py`).
- Later: the national dashboard in at most 6 queries with p95 ≤ 150 ms.

## Reproduce

```
.venv/bin/python bench/generate.py --fresh     # ~45 s: bench/out/national.sqlite3 + bench/out/media
.venv/bin/python bench/run.py                  # ~1.5 min: pages, API, workspace; rewrites Results
.venv/bin/python bench/saves.py                # ~2 min: 32 writers over HTTP; rewrites Saves
.venv/bin/python bench/upload_memory.py        # upload memory; rewrites Upload memory
```

On PostgreSQL: `DATABASE_URL=postgres:///wistara_bench` before each command (saves.py copies it
into `wistara_bench_saves`, so the role needs CREATEDB). The figures depend on the machine and on
what else runs on it: each block records the machine and its load average.

"""


def write_doc(section: str) -> None:
    common.write_doc_section(section, START, END, head=DOC_HEAD)


# --- Driver -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_db_argument(parser)
    parser.add_argument("--requests", type=int, default=200, help="timed calls per figure")
    parser.add_argument("--warmup", type=int, default=20, help="untimed calls first")
    parser.add_argument(
        "--load-repeats", type=int, default=3, help="timed re-runs of load_regions on the loaded database"
    )
    parser.add_argument(
        "--skip-cold", action="store_true", help="leave out the cold load into a fresh SQLite file (~30 s)"
    )
    parser.add_argument("--show-queries", action="store_true", help="print each page's SQL")
    parser.add_argument("--no-doc", action="store_true", help="do not touch docs/benchmarks.md")
    parser.add_argument(
        "--only-workspace", action="store_true", help="measure the regency workspace alone (implies --no-doc)"
    )
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

    figures: list[Figure] = []
    if not args.only_workspace:
        print("(b) pages and API")
        figures += figures_pages(subjects, args.requests, args.warmup, args.show_queries)
        print("(c) access")
        figures += figures_access(subjects, args.requests, args.warmup)
    print("(d) regency workspace")
    small_code = smallest_registered_regency()
    big = workspace(subjects.regency_code, heaviest=True)
    small = workspace(small_code, heaviest=False) if small_code else None
    if big is None or small is None:
        print(
            f"WARNING: no registration in {common.CYCLE_CODE}; the workspace is left out "
            "(run bench/generate.py)."
        )
    else:
        figures += figures_workspace(big, small, args.requests, args.warmup, args.show_queries)
    if not args.only_workspace:
        print("(a) load_regions")
        figures = figures_load(args.load_repeats, args.skip_cold) + figures

    elapsed = time.perf_counter() - started
    print()
    print(table(figures))
    if not (args.no_doc or args.only_workspace):
        write_doc(results_section(figures, subjects, (big, small), args, elapsed))
        print(f"\nWritten to {common.DOC.relative_to(common.ROOT)}")
    print(f"Done in {elapsed:.0f} s.")


if __name__ == "__main__":
    main()
