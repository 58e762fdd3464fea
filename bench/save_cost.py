"""What one save costs the server, in one process: CPU, queries and time inside the write lock.

    .venv/bin/python bench/save_cost.py [--db PATH] [--saves N] [--no-doc]

bench/saves.py measures saves over HTTP with 32 writers, where the figures move with whatever else
runs on the machine. This measures the application's own cost of the same requests, one at a
time, with Django's test Client (the whole middleware and ninja stack, no network, no gunicorn):

- `PATCH /api/v1/assessments/responses/<id>` with a personal API token, as bench/saves.py sends
  it: `{"revision": r, "value_curr": "<new>"}` (the revision of the previous 200, as an open form
  holds it);
- the same with the option changed too (the points move: the per-section totals are written);
- `GET` of the same item (bench/saves.py's baseline and its re-read after a 409);
- the same change saved through the item page as a browser sends it (issue 10): the signed-in
  session, the CSRF token, every field of the form, htmx's headers, `POST /bukti/<id>/isi/`; its
  CPU beside the API's PATCH is the page's overhead (target: at most 1.5 times).

Per kind: CPU per request (this process's user + system time: SQLite runs in-process, so its
work is included), queries per request, and on SQLite the time from `BEGIN IMMEDIATE` to
`COMMIT`, during which no other process can write (SQLite has one write lock per database), as a
share of the request. Runs on a copy of the bench database (bench/out/save_cost.sqlite3); on
PostgreSQL (DATABASE_URL) on the bench database itself, inside a transaction rolled back at the
end. Writes its section of docs/benchmarks.md between the bench:save-cost markers.
"""

import argparse
import datetime as dt
import json
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

COPY = common.OUT / "save_cost.sqlite3"
START, END = "<!-- bench:save-cost:start -->", "<!-- bench:save-cost:end -->"
ITEMS = 20


def copy_db(source: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", "-writers"):
        Path(f"{COPY}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(COPY) as dst:
        src.backup(dst)
    src.close()
    dst.close()


class LockClock:
    """Time between BEGIN IMMEDIATE and COMMIT/ROLLBACK on this connection (SQLite)."""

    def __init__(self, connection):
        self.held = 0.0
        self._since = None
        begin, commit, rollback = (
            connection._start_transaction_under_autocommit,
            connection._commit,
            connection._rollback,
        )

        def _begin():
            self._since = time.perf_counter()
            begin()

        def _end(real):
            def end():
                real()
                if self._since is not None:
                    self.held += time.perf_counter() - self._since
                    self._since = None

            return end

        connection._start_transaction_under_autocommit = _begin
        connection._commit, connection._rollback = _end(commit), _end(rollback)


def plan():
    from wistara.accounts.models import User
    from wistara.accounts.services import api_token_create
    from wistara.assessments.models import Registration, Response

    registration = (
        Registration.objects.filter(cycle__code=common.CYCLE_CODE, status="self_assessment")
        .select_related("regency")
        .order_by("regency__code")
        .first()
    )
    user = User.objects.get(username=common.coordinator(registration.regency.code))
    _token, secret = api_token_create(user=user, name="bench save cost")
    items = list(
        Response.objects.filter(registration=registration)
        .order_by("id")
        .values_list("id", "indicator_id")[:ITEMS]
    )
    return registration, secret, items


def measure(n: int) -> tuple[list[dict], str]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wistara.instruments.models import ScaleOption

    registration, secret, items = plan()
    options: dict[int, list[int]] = {}
    for indicator, option in ScaleOption.objects.filter(indicator_id__in=[i for _r, i in items]).values_list(
        "indicator_id", "id"
    ):
        options.setdefault(indicator, []).append(option)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = "/api/v1/assessments/responses/{}".format
    revisions = {r: client.get(url(r)).json()["revision"] for r, _i in items}
    clock = LockClock(connection) if connection.vendor == "sqlite" else None
    counter = [0]

    def save(item: int, indicator: int, with_option: bool) -> None:
        counter[0] += 1
        body = {"revision": revisions[item], "value_curr": str(counter[0])}
        if with_option:
            choices = options[indicator]
            body["option_id"] = choices[counter[0] % len(choices)]
        answer = client.patch(url(item), json.dumps(body), content_type="application/json")
        if answer.status_code != 200:
            raise SystemExit(f"PATCH {item} answered {answer.status_code}: {answer.content[:200]}")
        revisions[item] = answer.json()["revision"]

    def get(item: int, _indicator: int, _option: bool) -> None:
        if client.get(url(item)).status_code != 200:
            raise SystemExit(f"GET {item} failed")

    browser = page_client(registration, items[0][0])
    fields = {r: client.get(url(r)).json() for r, _i in items}

    def page_save(item: int, _indicator: int, _option: bool) -> None:
        counter[0] += 1
        item_fields = fields[item]
        form = {
            "revision": revisions[item],
            "value_prev": item_fields.get("value_prev") or "",
            "value_curr": str(counter[0]),
            "unit": item_fields.get("unit") or "",
            "note_prev": "",
            "note_curr": "",
            "option": item_fields.get("option_id") or "",
            "explanation": item_fields.get("explanation") or "",
        }
        answer = browser.post(f"/bukti/{item}/isi/", form, headers=HTMX)
        if answer.status_code != 200:
            raise SystemExit(f"page save {item} answered {answer.status_code}: {answer.content[:300]}")
        revisions[item] += 1

    kinds = (
        ("save (PATCH value_curr, as bench/saves.py)", save, False),
        ("save changing the option too (points and totals move)", save, True),
        ("GET the item (the baseline, and the re-read after a 409)", get, False),
        (PAGE_KIND, page_save, False),
    )
    rows = []
    for label, call, flag in kinds:
        for k in range(50):  # warm-up
            call(*items[k % len(items)], flag)
        with CaptureQueriesContext(connection) as queries:
            call(*items[0], flag)
        logged = [q["sql"] for q in queries.captured_queries]  # read now: a request resets the log
        statements = [
            sql for sql in logged if sql.split(" ", 1)[0] in ("SELECT", "INSERT", "UPDATE", "DELETE")
        ]
        cpu, wall, held = [], 0.0, 0.0
        for _rep in range(3):
            if clock:
                clock.held = 0.0
            c0, t0 = time.process_time(), time.perf_counter()
            for k in range(n):
                call(*items[k % len(items)], flag)
            cpu.append((time.process_time() - c0) / n)
            wall += time.perf_counter() - t0
            held += clock.held if clock else 0.0
        rows.append(
            {
                "kind": label,
                "cpu_ms": 1000 * min(cpu),
                "cpu_median_ms": 1000 * statistics.median(cpu),
                "statements": len(statements),
                "queries": len(logged),
                "lock_ms": 1000 * held / (3 * n) if clock else None,
                "lock_share": held / wall if clock else None,
            }
        )
    return rows, registration.regency.code


PAGE_KIND = "save through the item page (session, CSRF, the whole form, htmx)"
HTMX = {"HX-Request": "true", "HX-Target": "save-status", "HX-Current-URL": "http://testserver/"}


def page_client(registration, item: int):
    """A browser's session: the coordinator signed in, with the CSRF cookie the page set."""
    from django.test import Client

    from wistara.accounts.models import User

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(User.objects.get(username=common.coordinator(registration.regency.code)))
    page = browser.get(f"/ruang/{registration.regency.code}/{registration.cycle.code}/indikator/{item}/")
    if page.status_code != 200:
        raise SystemExit(f"item page answered {page.status_code}")
    HTMX["X-CSRFToken"] = browser.cookies["csrftoken"].value
    return browser


def ratio(rows: list[dict]) -> str:
    api = next(r for r in rows if r["kind"].startswith("save (PATCH"))
    page = next(r for r in rows if r["kind"] == PAGE_KIND)
    return (
        f"A save through the item page costs {page['cpu_ms']:.2f} ms of CPU, "
        f"{page['cpu_ms'] / api['cpu_ms']:.2f} times the API's PATCH of the same change "
        f"({api['cpu_ms']:.2f} ms); target at most 1.5 times."
    )


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| Request | CPU per request (best of 3) | median of 3 | statements | queries logged "
        "| inside the write lock | share of the request |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        lock = f"{r['lock_ms']:.2f} ms | {r['lock_share']:.0%}" if r["lock_ms"] is not None else "– | –"
        lines.append(
            f"| {r['kind']} | {r['cpu_ms']:.2f} ms | {r['cpu_median_ms']:.2f} ms "
            f"| {r['statements']} | {r['queries']} | {lock} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_db_argument(parser)
    parser.add_argument("--saves", type=int, default=400, help="requests per kind and repetition")
    parser.add_argument("--no-doc", action="store_true", help="do not touch docs/benchmarks.md")
    args = parser.parse_args()
    started, load = time.perf_counter(), os.getloadavg()
    postgres = bool(os.environ.get("DATABASE_URL"))
    if not postgres:
        if not args.db.exists():
            raise SystemExit(f"No {args.db}: run bench/generate.py first.")
        copy_db(args.db.resolve())
    common.setup_django(COPY)
    from django.core.management import call_command
    from django.db import connection, transaction

    if not postgres:
        call_command("migrate", verbosity=0)
    if postgres:
        # Everything written here is rolled back: the bench database stays as generated.
        with transaction.atomic():
            rows, regency = measure(args.saves)
            transaction.set_rollback(True)
    else:
        rows, regency = measure(args.saves)
    lines = [*table(rows), "", ratio(rows)]
    print("\n".join(lines))
    if args.no_doc or postgres:
        return
    mach = (
        f"nproc {os.cpu_count()}, python {sys.version.split()[0]}, sqlite "
        f"{sqlite3.sqlite_version}, load average before the run " + " ".join(f"{x:.2f}" for x in load)
    )
    text = "\n".join(
        [
            START,
            "### What one save costs (in-process)",
            "",
            f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `bench/save_cost.py "
            f"--saves {args.saves}` in {time.perf_counter() - started:.0f} s on a copy of the national "
            f"dataset ({connection.vendor}); the coordinator of {regency} with an API token, "
            f"{ITEMS} of its items in turn, one request at a time through Django's test Client.",
            "",
            f"- Machine: {mach}.",
            "",
            *lines,
            "",
            "CPU is this process's user + system time per request (SQLite's work included), the best "
            "and the median of three runs: it does not grow with the wait for a CPU, so it reads the "
            "same on a busy machine. *Inside the write lock* is the time from `BEGIN IMMEDIATE` to "
            "`COMMIT`: SQLite lets one process write at a time, so with 2 CPUs a save whose share is "
            "above one half makes the writers queue for the lock rather than for the CPUs. "
            "*Statements* counts SELECT/INSERT/UPDATE; the queries logged add BEGIN and COMMIT.",
            END,
        ]
    )
    common.write_doc_section(text, START, END)
    print(f"\nWritten to {common.DOC.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
