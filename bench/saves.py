"""Saving one indicator under load: concurrent writers over HTTP against gunicorn.

    .venv/bin/python bench/saves.py [--db PATH] [--writers 32] [--seconds 20]
                                    [--server sync:4] [--server gthread:4x8] [--no-doc]

For each server variant (default: the production setting of gunicorn.conf.py, sync workers,
2 x CPUs + 1 of them; --server sync:N or gthread:NxT for others):
1. a fresh COPY of the bench database (SQLite: the backup API into bench/out/saves.sqlite3;
   PostgreSQL: CREATE DATABASE <name>_saves TEMPLATE <name>), so that every run starts from the
   same data and the bench database never drifts;
2. gunicorn on a free loopback port (`config.wsgi`, DEBUG=0, HTTPS=0, the copy);
3. the plan, written into the copy: 32 writers (per regency its coordinator and the operators of
   its three offices with the most items), each with an API token from
   `wistara.accounts.services.api_token_create` and a pool of items it may change: an operator its
   office's first six, the coordinator two of each of those pools, so that every coordinator item
   is also some operator's item and conflicts really happen;
4. warm-up (GETs, not counted), then the **baseline**: the same threads doing only
   `GET /api/v1/assessments/responses/<id>` for the same time, then the **saves**: each thread
   repeatedly GETs an item for its revision and PATCHes it with that revision and a new
   `value_curr` (unique per attempt); on 409 it re-reads and retries (conflicts counted);
5. the check: for every item, final revision - initial revision == the number of 200 PATCHes
   on it; its ResponseChange rows after the initial revision are exactly those saves (one
   `value_curr` row per revision, by the writer who got that 200, each one's old value being the
   previous save's new value) and the final value is the last save's. Any difference is a lost
   (or phantom) update.

One `http.client` keep-alive connection per thread, loopback only, every phase bounded by time.
Errors: any status other than 200/409, timeouts (30 s), dropped connections, and in the server's
log `database is locked`, tracebacks and worker timeouts. Targets (issue 3): >= 200 saves/s with
32 concurrent writers, no errors, no lost update.

The server log of each variant is kept in bench/out/saves-<variant>.log. With DATABASE_URL set,
PostgreSQL (the copy is a database beside it; the role needs CREATEDB).
"""

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

COPY = common.OUT / "saves.sqlite3"
GUNICORN = common.ROOT / ".venv" / "bin" / "gunicorn"
TIMEOUT = 30.0
ITEMS_PER_OPERATOR = 6
SHARED_PER_OPERATOR = 2
OFFICES_PER_REGENCY = 3
TARGET_SAVES = 200.0
API = "/api/v1/assessments/responses/"


# --- The database copy -----------------------------------------------------------------------------


def copy_url(url: str) -> str:
    """postgres:///wistara_bench -> postgres:///wistara_bench_saves (same server, same role)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_saves"))


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def fresh_copy(source_db: Path, source_url: str) -> None:
    """Replace the copy with the bench database as it is now (Django's connections closed)."""
    from django.db import connections

    connections.close_all()
    if source_url:
        import psycopg

        admin = urlunsplit(urlsplit(source_url)._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            target = db_name(copy_url(source_url))
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{db_name(source_url)}"')
        return
    for suffix in ("", "-wal", "-shm", "-journal", "-writers"):
        Path(f"{COPY}{suffix}").unlink(missing_ok=True)
    src, dst = sqlite3.connect(source_db), sqlite3.connect(COPY)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


# --- The plan: writers, their tokens and items ------------------------------------------------------


@dataclass
class Writer:
    username: str
    token: str
    items: list[int]


def make_plan(n_writers: int) -> list[Writer]:
    """Per regency (largest first): the coordinator and the operators of its 3 busiest offices."""
    from django.db.models import Count

    from wistara.accounts.models import User
    from wistara.accounts.services import api_token_create
    from wistara.assessments.models import Registration, Response

    registrations = (
        Registration.objects.filter(cycle__code=common.CYCLE_CODE)
        .select_related("regency")
        .annotate(n=Count("regency__districts__villages"))
        .order_by("-n", "regency__code")
    )
    plan: list[tuple[str, list[int]]] = []
    for registration in registrations:
        if len(plan) >= n_writers:
            break
        code = registration.regency.code
        offices = (
            Response.objects.filter(registration=registration, office__isnull=False)
            .values("office_id", "office__short_name")
            .annotate(n=Count("id"))
            .order_by("-n", "office__short_name")[:OFFICES_PER_REGENCY]
        )
        group, shared = [], []
        for office in offices:
            items = list(
                Response.objects.filter(registration=registration, office_id=office["office_id"])
                .order_by("indicator__section__order", "indicator__order")
                .values_list("id", flat=True)[:ITEMS_PER_OPERATOR]
            )
            group.append((common.operator(code, office["office__short_name"]), items))
            shared += items[:SHARED_PER_OPERATOR]
        plan += [(common.coordinator(code), shared), *group]
    users = {u.username: u for u in User.objects.filter(username__in=[p[0] for p in plan])}
    writers = []
    for username, items in plan[:n_writers]:
        _token, secret = api_token_create(user=users[username], name="bench saves")
        writers.append(Writer(username, secret, items))
    return writers


def snapshot(item_ids: set[int]) -> dict[int, tuple[int, Decimal | None]]:
    from wistara.assessments.models import Response

    return {
        i: (r, v)
        for i, r, v in Response.objects.filter(id__in=item_ids).values_list("id", "revision", "value_curr")
    }


# --- The server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    label: str
    workers: int
    threads: int

    @classmethod
    def parse(cls, text: str) -> "Server":
        kind, _, size = text.partition(":")
        if kind == "sync":
            return cls(f"sync {size} workers", int(size), 1)
        if kind == "gthread":
            workers, _, threads = size.partition("x")
            return cls(f"gthread {workers} workers x {threads} threads", int(workers), int(threads))
        raise argparse.ArgumentTypeError(f"--server sync:N or gthread:NxT, not {text!r}")

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-")

    @property
    def spec(self) -> str:
        return f"sync:{self.workers}" if self.threads == 1 else f"gthread:{self.workers}x{self.threads}"

    def args(self) -> list[str]:
        out = ["--workers", str(self.workers)]
        if self.threads > 1:
            out += ["--worker-class", "gthread", "--threads", str(self.threads)]
        return out


def start_server(server: Server, port: int, log: Path, source_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SQLITE_PATH": str(COPY),
        "DATABASE_URL": copy_url(source_url) if source_url else "",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "WARNING",
    }
    handle = log.open("w")
    proc = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
        [
            str(GUNICORN),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            *server.args(),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=common.ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    handle.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited ({proc.returncode}); see {log}")
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/me")
            status = conn.getresponse().status
            conn.close()
            if status in (200, 401):
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- CPU accounting (Linux /proc): is the server CPU-bound or waiting? ----------------------------


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # fields after the command name


def server_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by gunicorn's master and its workers."""
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == master:
                pids.append(int(entry.name))
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += int(fields[11]) + int(fields[12])
    return total / TICK


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs so far, from /proc/stat."""
    try:
        values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


@dataclass
class Usage:
    server_cpu: float = 0.0  # seconds
    client_cpu: float = 0.0  # seconds
    busy: float = 0.0  # fraction of all CPUs busy (everything on the machine)


def measure(master: int, phase) -> tuple[object, Usage]:
    """Run phase() and account the CPU it took: server, this client, the whole machine."""
    server0, client0, (busy0, total0) = server_cpu(master), time.process_time(), machine_busy()
    result = phase()
    server1, client1, (busy1, total1) = server_cpu(master), time.process_time(), machine_busy()
    return result, Usage(
        server1 - server0, client1 - client0, (busy1 - busy0) / (total1 - total0) if total1 > total0 else 0.0
    )


# --- The load --------------------------------------------------------------------------------------


@dataclass
class ThreadResult:
    gets: list[float] = field(default_factory=list)  # seconds, 200 only
    patches: list[float] = field(default_factory=list)  # seconds, 200 and 409
    saves: list[float] = field(default_factory=list)  # GET..200 PATCH, retries included
    saved: list[tuple[int, int, str, str]] = field(default_factory=list)  # item, revision, value, who
    conflicts: int = 0
    abandoned: int = 0  # a 409 at the end of the phase, not retried
    errors: list[str] = field(default_factory=list)


class Client:
    """One keep-alive connection; reconnects when the server closed it (sync workers do)."""

    def __init__(self, port: int, token: str):
        self.port = port
        self.headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self.conn = HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, float]:
        data = json.dumps(body).encode() if body is not None else None
        t0 = time.perf_counter()
        try:
            self.conn.request(method, path, body=data, headers=self.headers)
            response = self.conn.getresponse()
            payload = response.read()
        except TimeoutError:
            self.reset()
            return -1, b"timeout", time.perf_counter() - t0
        except (OSError, HTTPException) as exc:
            self.reset()
            return -2, f"connection: {type(exc).__name__} {exc}".encode(), time.perf_counter() - t0
        return response.status, payload, time.perf_counter() - t0

    def reset(self) -> None:
        self.conn.close()
        self.conn = HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)

    def close(self) -> None:
        self.conn.close()


def _error(result: ThreadResult, method: str, status: int, body: bytes) -> None:
    result.errors.append(f"{method} {status}: {body[:200].decode(errors='replace')}")


def run_phase(
    writers: list[Writer], port: int, seconds: float, saving: bool, tag: str, reuse_revision: bool = False
) -> tuple[list[ThreadResult], float]:
    """All threads start together and stop taking new work after `seconds`.

    reuse_revision (diagnostic, --reuse-revision): a writer PATCHes with the revision its last
    200 on that item returned, as an open form does, and GETs only the first time and after a
    409. Returns the results and the wall time from the start to the last thread's end.
    """
    results = [ThreadResult() for _ in writers]
    barrier = threading.Barrier(len(writers) + 1)
    times: dict[str, float] = {}

    def work(index: int, writer: Writer) -> None:
        result, client = results[index], Client(port, writer.token)
        rng, seq = random.Random(f"{tag}:{index}"), 0
        known: dict[int, int] = {}  # item -> the revision of this writer's last 200 on it
        barrier.wait()
        stop = times["stop"]
        while time.perf_counter() < stop:
            item = rng.choice(writer.items)
            started = time.perf_counter()
            revision = known.get(item) if reuse_revision else None
            if revision is None:
                status, body, took = client.call("GET", f"{API}{item}")
                if status != 200:
                    _error(result, "GET", status, body)
                    continue
                result.gets.append(took)
                if not saving:
                    continue
                revision = json.loads(body)["revision"]
            seq += 1
            value = f"{index + 1}{seq:06d}"  # unique per writer and attempt: always a change
            while True:
                status, body, took = client.call(
                    "PATCH", f"{API}{item}", {"revision": revision, "value_curr": value}
                )
                if status == 200:
                    result.patches.append(took)
                    saved = json.loads(body)
                    known[item] = saved["revision"]
                    result.saved.append((item, saved["revision"], value, writer.username))
                    result.saves.append(time.perf_counter() - started)
                    break
                if status != 409:
                    _error(result, "PATCH", status, body)
                    break
                result.patches.append(took)
                result.conflicts += 1
                if time.perf_counter() >= stop:
                    result.abandoned += 1
                    break
                status, body, took = client.call("GET", f"{API}{item}")  # re-read, then retry
                if status != 200:
                    _error(result, "GET", status, body)
                    break
                result.gets.append(took)
                revision = json.loads(body)["revision"]
        times[f"end{index}"] = time.perf_counter()
        client.close()

    threads = [threading.Thread(target=work, args=(i, w), daemon=True) for i, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    times["start"] = time.perf_counter()
    times["stop"] = times["start"] + seconds
    barrier.wait()
    for thread in threads:
        thread.join(timeout=seconds + 2 * TIMEOUT + 10)
    wall = max(v for k, v in times.items() if k.startswith("end")) - times["start"]
    return results, wall


# --- The check -------------------------------------------------------------------------------------


@dataclass
class Check:
    items: int = 0
    saves: int = 0
    ok_items: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def lost(self) -> bool:
        return bool(self.problems)


def _decimal_text(value) -> str:
    return "" if value is None else f"{Decimal(value).normalize():f}"


def check_no_lost_update(
    initial: dict[int, tuple[int, Decimal | None]], results: list[ThreadResult]
) -> Check:
    from django.db import connections

    from wistara.assessments.models import Response, ResponseChange

    connections.close_all()  # see what the server committed
    saves: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for result in results:
        for item, revision, value, who in result.saved:
            saves[item].append((revision, value, who))
    check = Check(items=len(initial), saves=sum(len(v) for v in saves.values()))
    final = {
        i: (r, v)
        for i, r, v in Response.objects.filter(id__in=initial).values_list("id", "revision", "value_curr")
    }
    changes: dict[int, list[tuple[int, str, str, str, str]]] = defaultdict(list)
    for response_id, revision, name, old, new, who in (
        ResponseChange.objects.filter(response_id__in=initial)
        .order_by("revision", "id")
        .values_list("response_id", "revision", "field", "old", "new", "changed_by__username")
    ):
        if revision > initial[response_id][0]:
            changes[response_id].append((revision, name, old, new, who))
    for item, (rev0, value0) in sorted(initial.items()):
        mine = sorted(saves.get(item, []))
        rev1, value1 = final[item]
        problems = []
        if rev1 - rev0 != len(mine):
            problems.append(f"revision {rev0} -> {rev1} but {len(mine)} saves answered 200")
        expected = list(range(rev0 + 1, rev0 + 1 + len(mine)))
        if [r for r, _v, _w in mine] != expected:
            problems.append(f"200 revisions {[r for r, _v, _w in mine]} != {expected}")
        rows = changes.get(item, [])
        if [(r, "value_curr", v, w) for r, v, w in mine] != [(r, n, new, w) for r, n, _o, new, w in rows]:
            problems.append(
                f"history after revision {rev0} does not match the 200 saves "
                f"({len(rows)} rows, {len(mine)} saves)"
            )
        previous = _decimal_text(value0)
        for r, _n, old, new, _w in rows:
            if old != previous:
                problems.append(f"revision {r} overwrote {old!r}, but the value was {previous!r}")
                break
            previous = new
        if mine and _decimal_text(value1) != mine[-1][1]:
            problems.append(f"final value {value1} != last save's {mine[-1][1]}")
        if problems:
            check.problems.append(f"response {item}: " + "; ".join(problems))
        else:
            check.ok_items += 1
    return check


# --- Report ----------------------------------------------------------------------------------------


def pct(data: list[float], q: float) -> float:
    data = sorted(data)
    return data[max(0, math.ceil(q * len(data)) - 1)] * 1000 if data else float("nan")


@dataclass
class Outcome:
    server: Server
    database: str
    writers: int
    seconds: float
    get_wall: float
    get_results: list[ThreadResult]
    save_wall: float
    save_results: list[ThreadResult]
    get_usage: Usage
    save_usage: Usage
    check: Check
    log_findings: Counter
    log_exceptions: Counter

    def _all(self, results: list[ThreadResult], name: str) -> list:
        return [x for r in results for x in getattr(r, name)]

    def ms(self, name: str, q: float) -> float:
        """Percentile of a latency list (saves, patches: saves phase; gets: baseline), in ms."""
        return pct(self._all(self.get_results if name == "gets" else self.save_results, name), q)

    @property
    def gets_per_s(self) -> float:
        return len(self._all(self.get_results, "gets")) / self.get_wall

    @property
    def saves_per_s(self) -> float:
        return len(self._all(self.save_results, "saved")) / self.save_wall

    @property
    def conflicts(self) -> int:
        return sum(r.conflicts for r in self.save_results)

    @property
    def errors(self) -> list[str]:
        return self._all(self.get_results, "errors") + self._all(self.save_results, "errors")

    @property
    def error_count(self) -> int:
        """What the clients saw go wrong, plus worker timeouts (a killed worker may answer nothing);
        the log's tracebacks are the 500s the clients already counted."""
        return len(self.errors) + self.log_findings.get("worker timeout", 0)

    @property
    def log_summary(self) -> str:
        return ", ".join(f"{n} {k}" for k, n in self.log_findings.items()) or "clean"

    def cpu_ms(self, saving: bool) -> tuple[float, float]:
        """(server, client) CPU milliseconds per save (saving) or per GET (baseline)."""
        usage = self.save_usage if saving else self.get_usage
        count = (
            len(self._all(self.save_results, "saved")) if saving else len(self._all(self.get_results, "gets"))
        )
        return 1000 * usage.server_cpu / max(1, count), 1000 * usage.client_cpu / max(1, count)

    @property
    def ceiling(self) -> float:
        """Saves/s this machine could do at most if its CPUs did nothing but this server and
        client at the measured CPU cost per save."""
        server, client = self.cpu_ms(True)
        return 1000 * (os.cpu_count() or 1) / (server + client) if server + client else 0.0

    def cpu_row(self) -> str:
        save_server, save_client = self.cpu_ms(True)
        get_server, _ = self.cpu_ms(False)
        return (
            f"| {self.database}, {self.server.label} | {save_server:.1f} ms | {save_client:.1f} ms "
            f"| {get_server:.1f} ms | {self.save_usage.server_cpu / self.save_wall:.2f} "
            f"| {self.save_usage.busy:.0%} | {self.others:.2f} | {self.ceiling:.0f} |"
        )

    @property
    def others(self) -> float:
        """Cores that processes other than this server and client took during the saves (other
        people's tests, say): the machine's busy share minus ours."""
        usage = self.save_usage
        ours = (usage.server_cpu + usage.client_cpu) / self.save_wall
        return max(0.0, usage.busy * (os.cpu_count() or 1) - ours)

    @property
    def met(self) -> bool:
        return (
            self.saves_per_s >= TARGET_SAVES
            and self.error_count == 0
            and not self.check.lost
            and not self.log_findings
            and self.writers >= 32
        )

    def row(self) -> str:
        lost = "none" if not self.check.lost else f"**{len(self.check.problems)} items**"
        return (
            f"| {self.database}, {self.server.label} | {self.saves_per_s:.0f} "
            f"| {self.ms('saves', 0.5):.0f} ms | {self.ms('saves', 0.95):.0f} ms "
            f"| {self.ms('patches', 0.5):.0f} ms | {self.ms('patches', 0.95):.0f} ms "
            f"| {self.conflicts} | {self.error_count} | {self.log_summary} "
            f"| {lost} ({self.check.saves} saves on {self.check.items} items) "
            f"| {self.gets_per_s:.0f} | {self.ms('gets', 0.5):.1f} ms | {self.ms('gets', 0.95):.1f} ms "
            f"| {self.saves_per_s / self.gets_per_s:.2f} | {'yes' if self.met else '**no**'} |"
        )


CPU_HEADER = (
    "| Database, server | server CPU per save | client CPU per save | server CPU per GET "
    "| server cores busy (saves) | machine busy (saves) | other processes (cores) "
    "| ceiling, saves/s |\n"
    "|---|--:|--:|--:|--:|--:|--:|--:|"
)
HEADER = (
    "| Database, server | saves/s | save p50 | save p95 | PATCH p50 | PATCH p95 | 409s "
    "| errors | server log | lost updates | baseline GETs/s | GET p50 | GET p95 | saves/GETs "
    "| met |\n"
    "|---|--:|--:|--:|--:|--:|--:|--:|---|---|--:|--:|--:|--:|---|"
)


EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Locked)\b.*)$", re.MULTILINE)


def scan_log(log: Path) -> tuple[Counter, Counter]:
    """(counts of what counts as an error, the exceptions' last lines) in the server's log."""
    found: Counter = Counter()
    text = log.read_text(errors="replace") if log.exists() else ""
    for name, pattern in (
        ("database is locked", "database is locked"),
        ("traceback", "Traceback"),
        ("worker timeout", "WORKER TIMEOUT"),
    ):
        if text.count(pattern):
            found[name] = text.count(pattern)
    exceptions = Counter(line[:240] for line in EXCEPTION_LINE.findall(text))
    return found, exceptions


def print_outcome(o: Outcome) -> None:
    saves = o.save_results
    print(
        f"  saves: {len(o._all(saves, 'saved'))} in {o.save_wall:.1f} s = {o.saves_per_s:.0f}/s, "
        f"save p50 {o.ms('saves', 0.5):.0f} ms p95 {o.ms('saves', 0.95):.0f} ms, "
        f"PATCH p50 {o.ms('patches', 0.5):.0f} ms p95 {o.ms('patches', 0.95):.0f} ms, "
        f"409s {o.conflicts} (abandoned at the end {sum(r.abandoned for r in saves)})"
    )
    for name, usage, wall, count in (
        ("saves", o.save_usage, o.save_wall, len(o._all(saves, "saved"))),
        ("GETs", o.get_usage, o.get_wall, len(o._all(o.get_results, "gets"))),
    ):
        print(
            f"  CPU during the {name}: server {usage.server_cpu / wall:.2f} cores "
            f"({1000 * usage.server_cpu / max(1, count):.1f} ms per {name[:-1]}), client "
            f"{usage.client_cpu / wall:.2f} cores, machine {usage.busy:.0%} busy "
            f"of {os.cpu_count()} CPUs"
        )
    print(
        f"  baseline GETs: {len(o._all(o.get_results, 'gets'))} in {o.get_wall:.1f} s = "
        f"{o.gets_per_s:.0f}/s, p50 {o.ms('gets', 0.5):.1f} ms p95 {o.ms('gets', 0.95):.1f} ms; "
        f"saves/GETs {o.saves_per_s / o.gets_per_s:.2f}"
    )
    print(f"  errors: {len(o.errors)} in the client, server log: {dict(o.log_findings) or 'clean'}")
    for line, n in Counter(e[:160] for e in o.errors).most_common(3):
        print(f"    {n} x {' '.join(line.split())}")
    for line, n in o.log_exceptions.most_common(3):
        print(f"    log: {n} x {line}")
    print(f"  ceiling at this CPU cost: {o.ceiling:.0f} saves/s on {os.cpu_count()} CPUs")
    c = o.check
    print(
        f"  lost update check: {c.items} items, {c.saves} saves answered 200; "
        f"{c.ok_items} items exact, {len(c.problems)} with a difference "
        f"-> {'NO LOST UPDATE' if not c.lost else 'LOST OR PHANTOM UPDATES'}"
    )
    for problem in c.problems[:10]:
        print(f"    {problem}")


def markers(database: str, reuse_revision: bool = False) -> tuple[str, str]:
    """One results block per database and kind of save (GET + PATCH, or PATCH with the revision
    held, as a form does), so that one run keeps the others' figures."""
    name = database.lower() + ("-form" if reuse_revision else "")
    return f"<!-- bench:saves-{name}:start -->", f"<!-- bench:saves-{name}:end -->"


def machine(load: tuple[float, ...]) -> str:
    from django.db import connection

    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem = f"{int(Path('/proc/meminfo').read_text().split()[1]) / 1024 / 1024:.0f} GB"
    parts = [
        f"nproc {os.cpu_count()}",
        f"memory {mem}",
        f"python {platform.python_version()}",
        f"sqlite {sqlite3.sqlite_version}",
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            parts.append(f"postgresql {cursor.fetchone()[0]}")
    load = " ".join(f"{x:.2f}" for x in load)
    return ", ".join(parts) + f", load average before the run {load}"


KIND = {
    False: (
        "GET + PATCH",
        'A save is GET (for the revision) + PATCH `{"revision": r, "value_curr": '
        "...}`; on 409 re-read and retry; *save* latency is from the first GET to the 200, "
        "retries included. ",
    ),
    True: (
        "PATCH with the revision held",
        'A save is one PATCH `{"revision": r, "value_curr": '
        "...}` with the revision of the writer's last 200 on that item, as the item form and an "
        "API client hold it (`--reuse-revision`); a GET only for an item's first save and "
        "after a 409, then retry; *save* latency is from the first request to the 200, retries "
        "included. ",
    ),
}


def section(outcomes: list[Outcome], args, started: str, elapsed: float, mach: str, database: str) -> str:
    best = max(outcomes, key=lambda o: o.saves_per_s)
    start, end = markers(database, args.reuse_revision)
    kind, explained = KIND[args.reuse_revision]
    servers = " ".join(f"--server {o.server.spec}" for o in outcomes)
    flags = " --reuse-revision" if args.reuse_revision else ""
    return "\n".join(
        [
            start,
            f"### Saves ({database}, {kind})",
            "",
            f"Measured {started} by `bench/saves.py --writers {args.writers} --seconds {args.seconds:g} "
            f"{servers}{flags}` in {elapsed:.0f} s; gunicorn on loopback, one keep-alive "
            "`http.client` connection per writer thread, the client in one process on the same "
            "machine.",
            "",
            f"- Machine: {mach}.",
            f"- Writers: {outcomes[0].writers} ({outcomes[0].writers // 4} regencies, largest first: "
            "the coordinator and the operators of the 3 offices with the most items; "
            f"{ITEMS_PER_OPERATOR} items per operator, the coordinator {SHARED_PER_OPERATOR} of each "
            f"of them, shared), {outcomes[0].check.items} items, each phase {args.seconds:g} s after "
            f"a {args.warmup:g} s warm-up.",
            "",
            HEADER,
            *[o.row() for o in outcomes],
            "",
            CPU_HEADER,
            *[o.cpu_row() for o in outcomes],
            "",
            *[
                f"- {o.server.label}: server log {n} x `{line}`\n"
                for o in outcomes
                for line, n in o.log_exceptions.most_common(2)
            ],
            explained
            + "The baseline runs the same threads doing only the GETs, in the same run, on the same "
            "server; saves/GETs is the ratio of the two rates. "
            "Lost updates: for every item, final revision - initial revision = its 200 PATCHes, "
            "and its history rows are exactly those saves, each one's old value the previous one's "
            "new value. Errors: anything but 200/409, timeouts, dropped connections, and "
            "`database is locked`, tracebacks or worker timeouts in the server log. CPU comes from "
            "/proc (gunicorn's processes, this client, the whole machine) over the saves phase; "
            "*other processes* is the machine's busy time minus ours (other work on the machine, "
            "which the throughput competes with); the *ceiling* is the CPUs' time divided by the CPU "
            "one save costs (server + client): no server setting goes past it on this machine"
            + (
                " (PostgreSQL's own processes are not in the server CPU: the real ceiling is lower). "
                if database == "PostgreSQL"
                else ". "
            )
            + f"Best: {best.server.label}, {best.saves_per_s:.0f} saves/s (target ≥ {TARGET_SAVES:.0f} "
            "with 32 writers, no errors, no lost update).",
            end,
        ]
    )


def write_doc(text: str, database: str, reuse_revision: bool = False) -> None:
    common.write_doc_section(text, *markers(database, reuse_revision))


# --- Profile (py-spy, optional) --------------------------------------------------------------------

PY_SPY = common.ROOT / ".venv" / "bin" / "py-spy"

# Where a busy worker's time goes: the innermost frame that matches a bucket decides.
PROFILE_BUCKETS = (
    (
        "SQL: the other statements, inside cursor.execute (the database's own work)",
        ("sqlite3/base.py", "(psycopg/", "_execute (django/db/backends/utils.py"),
    ),
    (
        "SQL: transaction begin/commit",
        (
            "commit (django/db/",
            "_start_transaction_under_autocommit",
            "__enter__ (django/db/transaction.py",
            "__exit__ (django/db/transaction.py",
        ),
    ),
    ("SQL: Django compiling queries", ("(django/db/models/sql/",)),
    ("SQL: building model instances and values", ("(django/db/models/query.py", "(django/db/models/base.py")),
    ("ninja: parsing, validating, serialising", ("(ninja/", "(pydantic")),
    ("templates", ("(django/template/",)),
)
# Checked first, on the whole stack: where a request waits for the database's write lock.
WAIT_BUCKETS = (
    (
        "SQL: BEGIN IMMEDIATE, waiting for SQLite's write lock (busy handler sleeps)",
        ("_start_transaction_under_autocommit",),
    ),
    ("SQL: the locking SELECT of _lock_for_write (on PostgreSQL: row lock waits)", ("_lock_for_write",)),
)
# A request is being handled when one of these is on the stack; otherwise the thread waits.
HANDLING = ("handle_request (gunicorn/", "handle (gunicorn/workers/gthread.py")


def start_profile(master: int, seconds: float, out: Path) -> subprocess.Popen | None:
    if not PY_SPY.exists():
        print(f"  no {PY_SPY}: `.venv/bin/pip install py-spy` to profile (bench only)")
        return None
    return subprocess.Popen(  # noqa: S603 - our own venv's py-spy on our own gunicorn
        [
            str(PY_SPY),
            "record",
            "--pid",
            str(master),
            "--subprocesses",
            "--idle",
            "--format",
            "raw",
            "--duration",
            str(int(seconds)),
            "--rate",
            "200",
            "--nonblocking",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def summarise_profile(folded: Path) -> None:
    """Share of the workers' samples: waiting for a request, or handling one (by bucket); and
    the innermost Wistara frames."""
    if not folded.exists():
        print("  (no profile written)")
        return
    buckets: Counter = Counter()
    app: Counter = Counter()
    total = 0
    for line in folded.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames, n = stack.split(";"), int(count)
        if sum(f.startswith("process ") for f in frames) < 2:
            continue  # the master (a worker's stacks name the master, then the worker)
        total += n
        if not any(h in stack for h in HANDLING):
            buckets["waiting for a request (idle)"] += n
            continue
        in_sql = any(n in frames[-1] for n in PROFILE_BUCKETS[0][1]) or "sqlite3/" in frames[-1]
        label = next(
            (
                label
                for label, needles in WAIT_BUCKETS
                if in_sql and any(needle in stack for needle in needles)
            ),
            None,
        )
        label = label or next(
            (
                label
                for frame in reversed(frames)
                for label, needles in PROFILE_BUCKETS
                if any(needle in frame for needle in needles)
            ),
            "Python: the rest (views, services, access, middleware, gunicorn)",
        )
        buckets[label] += n
        inner = next((f for f in reversed(frames) if "(wistara/" in f or "(config/" in f), None)
        if inner:
            app[inner] += n
    if not total:
        print("  (empty profile)")
        return
    print(f"  profile of the workers during the saves ({total} samples, {folded.name}):")
    for label, n in buckets.most_common():
        print(f"    {n / total:6.1%}  {label}")
    print("    innermost Wistara frames:")
    for frame, n in app.most_common(10):
        print(f"    {n / total:6.1%}  {frame}")


# --- Driver ----------------------------------------------------------------------------------------


def run_variant(server: Server, args, source_db: Path, source_url: str) -> Outcome:
    print(f"{server.label}: fresh copy of the database", flush=True)
    fresh_copy(source_db, source_url)
    writers = make_plan(args.writers)
    items = {i for w in writers for i in w.items}
    initial = snapshot(items)
    from django.db import connections

    connections.close_all()  # the server writes now; this process only reads afterwards
    port = free_port()
    name = f"saves-{'pg-' if source_url else ''}{server.slug}"
    log = common.OUT / f"{name}.log"
    proc = start_server(server, port, log, source_url)
    try:
        print(
            f"  gunicorn pid {proc.pid} on 127.0.0.1:{port}; {len(writers)} writers, "
            f"{len(items)} items; warm-up {args.warmup:g} s",
            flush=True,
        )
        run_phase(writers, port, args.warmup, saving=False, tag="warmup")
        print(f"  baseline (GETs only) {args.seconds:g} s", flush=True)
        (gets, get_wall), get_usage = measure(
            proc.pid, lambda: run_phase(writers, port, args.seconds, saving=False, tag="gets")
        )
        print(f"  saves {args.seconds:g} s", flush=True)
        spy = start_profile(proc.pid, args.seconds, common.OUT / f"{name}.folded") if args.profile else None
        (saves, save_wall), save_usage = measure(
            proc.pid,
            lambda: run_phase(
                writers, port, args.seconds, saving=True, tag="saves", reuse_revision=args.reuse_revision
            ),
        )
    finally:
        stop_server(proc)
    outcome = Outcome(
        server,
        "PostgreSQL" if source_url else "SQLite",
        len(writers),
        args.seconds,
        get_wall,
        gets,
        save_wall,
        saves,
        get_usage,
        save_usage,
        check_no_lost_update(initial, saves),
        *scan_log(log),
    )
    print_outcome(outcome)
    if spy is not None:
        spy.wait(timeout=60)
        summarise_profile(common.OUT / f"{name}.folded")
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_db_argument(parser)
    parser.add_argument("--writers", type=int, default=32, help="concurrent writer threads")
    parser.add_argument("--seconds", type=float, default=20, help="length of each timed phase")
    parser.add_argument("--warmup", type=float, default=3, help="untimed GETs first (seconds)")
    parser.add_argument(
        "--server",
        type=Server.parse,
        action="append",
        help="sync:N (N sync workers) or gthread:NxT; repeat for several "
        "(default: sync with 2 x CPUs + 1 workers, as gunicorn.conf.py)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="record the workers with py-spy during the saves and summarise "
        "(py-spy takes CPU too: implies --no-doc)",
    )
    parser.add_argument(
        "--reuse-revision",
        action="store_true",
        help="PATCH with the revision of the writer's last 200 on the item (as an "
        "open form does), GET only at first and after a 409; written to its "
        "own block of the doc",
    )
    parser.add_argument("--no-doc", action="store_true", help="do not touch docs/benchmarks.md")
    args = parser.parse_args()
    # By default the server as production runs it (gunicorn.conf.py: sync, 2 x CPUs + 1).
    servers = args.server or [Server.parse(f"sync:{2 * (os.cpu_count() or 1) + 1}")]

    started, load = time.perf_counter(), os.getloadavg()
    source_url = os.environ.get("DATABASE_URL", "")
    source_db = args.db.resolve()
    if not source_url and not source_db.exists():
        raise SystemExit(f"No {source_db}: run bench/generate.py first.")
    if not GUNICORN.exists():
        raise SystemExit(f"No {GUNICORN}: install the project's dependencies.")
    # This process reads and writes the copy only (the plan, then the check).
    os.environ["BENCH_MEDIA_ROOT"] = str(common.media_root(source_db))
    if source_url:
        os.environ["DATABASE_URL"] = copy_url(source_url)
    common.setup_django(COPY)  # SQLITE_PATH; with DATABASE_URL (now the copy's) ignored
    started_at = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")  # in TIME_ZONE
    source = source_url or f"SQLite {source_db}"
    print(f"Saves against {source} (copied to {copy_url(source_url) if source_url else COPY})")
    outcomes = [run_variant(server, args, source_db, source_url) for server in servers]
    elapsed = time.perf_counter() - started
    print()
    print(HEADER)
    for o in outcomes:
        print(o.row())
    database = "PostgreSQL" if source_url else "SQLite"
    if not (args.no_doc or args.profile):
        text = section(outcomes, args, started_at, elapsed, machine(load), database)
        write_doc(text, database, args.reuse_revision)
        print(f"\nWritten to {common.DOC.relative_to(common.ROOT)}")
    print(f"Done in {elapsed:.0f} s.")


if __name__ == "__main__":
    main()
