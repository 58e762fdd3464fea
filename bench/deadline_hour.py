# ruff: noqa: S603, S607, E501 - a bench script: it starts fixed local programs with long command lines
"""The deadline hour (issue 14, item 3): locust, headless and bounded, against gunicorn as
production runs it (one node, or two behind Debian's nginx), ramping until p95 passes 500 ms.

    .venv/bin/pip install locust==2.47.0     # (the `bench` extra of pyproject.toml)
    .venv/bin/python bench/deadline_hour.py [--db sqlite|postgresql] [--nodes 1|2]
        [--step-users 10] [--step-seconds 20] [--max-users 200] [--think 1.0]

People: operators (70 %) open their list, open an item, save it as the page does (with the
revision they hold; a 409 means someone saved first, they re-read), and every tenth save upload a
PDF; coordinators (20 %) refresh the regency's dashboard (progress, what is missing); provincial
verifiers (10 %) open the review list. Each waits `--think` seconds (0.5x to 1.5x) between
actions. Users grow by --step-users every --step-seconds up to --max-users (bounded); the knee is
the first moment the running p95 passed 500 ms, read from locust's history.

Reported per request type: requests per second, p50, p95, p99, failures; the error rate; the knee;
the server's CPU seconds per request (this machine's 2 CPUs are shared with other work, so
throughput alone says little). Data: the test world (factories) with regency 11.01 registered;
small, so saves contend for few items: a pessimistic case for conflicts.
"""

import argparse
import contextlib
import csv
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cluster import PY, ROOT, _cpu, nginx_conf, run, start, wait_port  # noqa: E402

OUT = ROOT / "bench" / "out" / "deadline"

SETUP = r"""
import json
from wistara.testing.world import build_world
from wistara.testing.assessments import register
from wistara.accounts.services import api_token_create
world = build_world()
registration = register(world.regency_a1)
registration.responses.update(office=world.office_a1)
tokens = {role: api_token_create(user=world.user(role), name="deadline")[1]
          for role in ("opd_operator", "regency_coordinator", "provincial_verifier")}
print(json.dumps({"tokens": tokens, "items": list(registration.responses.values_list("id", flat=True)),
                  "cycle": registration.cycle.code, "year": registration.cycle.instrument.data_years[0]}))
"""

LOCUSTFILE = r"""
import json, os, random, uuid
from locust import HttpUser, LoadTestShape, between, task

DATA = json.loads(os.environ["DEADLINE_DATA"])
THINK = float(os.environ["DEADLINE_THINK"])
STEP_USERS, STEP_SECONDS, MAX_USERS = (int(os.environ[k]) for k in ("STEP_USERS", "STEP_SECONDS", "MAX_USERS"))
REG = f"/api/v1/assessments/registrations/11.01/{DATA['cycle']}"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% x\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class Person(HttpUser):
    abstract = True
    wait_time = between(0.5 * THINK, 1.5 * THINK)
    role = ""

    def on_start(self):
        self.client.verify = False
        self.client.headers["Authorization"] = f"Bearer {DATA['tokens'][self.role]}"


class Operator(Person):
    weight, role = 7, "opd_operator"
    saves = 0

    @task
    def work_an_item(self):
        self.client.get(REG + "/responses", name="operator: list")
        item = random.choice(DATA["items"])
        got = self.client.get(f"/api/v1/assessments/responses/{item}", name="operator: open item")
        if got.status_code != 200:
            return
        body = {"revision": got.json()["revision"], "value_curr": str(random.randint(1, 10**6))}
        with self.client.patch(f"/api/v1/assessments/responses/{item}", json=body, name="operator: save",
                               catch_response=True) as saved:
            if saved.status_code == 409:
                saved.success()  # someone saved first: the page shows it and the person retries
        self.saves += 1
        if self.saves % 10 == 0:
            self.client.post(f"/api/v1/evidence/responses/{item}/files", name="operator: upload",
                             data={"data_year": DATA["year"], "kind": "report"},
                             files={"file": (f"{uuid.uuid4().hex}.pdf", PDF + uuid.uuid4().bytes, "application/pdf")})


class Coordinator(Person):
    weight, role = 2, "regency_coordinator"

    @task
    def refresh(self):
        self.client.get(REG + "/progress", name="coordinator: dashboard (progress)")
        self.client.get(REG + "/missing", name="coordinator: what is missing")


class Verifier(Person):
    weight, role = 1, "provincial_verifier"

    @task
    def review_list(self):
        self.client.get(f"/api/v1/verification/11.01/{DATA['cycle']}/provincial/reviews",
                        name="verifier: review list")


class Ramp(LoadTestShape):
    def tick(self):
        step = int(self.get_run_time() // STEP_SECONDS) + 1
        users = step * STEP_USERS
        if users > MAX_USERS:
            return None
        # People arrive spread over the step, as they do in a real hour (spawning the whole step in
        # one second fires all their first requests together: a burst no office produces).
        return users, max(STEP_USERS / STEP_SECONDS, 1)
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--nodes", type=int, choices=[1, 2], default=1)
    parser.add_argument("--step-users", type=int, default=10)
    parser.add_argument("--step-seconds", type=int, default=20)
    parser.add_argument("--max-users", type=int, default=200)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--base-port", type=int, default=8125)
    opts = parser.parse_args()
    base, tag = opts.base_port, f"{opts.db}-{opts.nodes}node"
    out = OUT / tag
    out.mkdir(parents=True, exist_ok=True)
    dbname = f"wistara_deadline_{os.getpid()}"
    env = {
        **os.environ,
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "DEBUG": "0",
        "HTTPS": "0",
        "BEHIND_PROXY": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(out / "media"),
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if opts.db == "postgresql":
        env["DATABASE_URL"] = f"postgres:///{dbname}"
        run(["createdb", dbname], env)
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(out / "db.sqlite3")
        for suffix in ("", "-wal", "-shm", "-writers"):
            Path(f"{out / 'db.sqlite3'}{suffix}").unlink(missing_ok=True)
    procs, conf = {}, None
    try:
        run([PY, "manage.py", "migrate", "--noinput"], env)
        data = run([PY, "manage.py", "shell", "-c", SETUP], env).stdout.strip().splitlines()[-1]
        for n in range(opts.nodes):
            log = open(out / f"node{n}.log", "w")  # noqa: SIM115
            procs[f"node{n}"] = start(
                [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{base + n}"],
                {**env, "GUNICORN_RUN_DIR": str(out / f"run{n}")},
                log,
            )
            wait_port(base + n)
        host = f"http://127.0.0.1:{base}"
        if opts.nodes == 2:
            ng = out / "nginx"
            ng.mkdir(exist_ok=True)
            subprocess.run(
                [
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    str(ng / "key.pem"),
                    "-out",
                    str(ng / "cert.pem"),
                    "-days",
                    "1",
                    "-subj",
                    "/CN=127.0.0.1",
                ],
                check=True,
                capture_output=True,
            )
            conf = nginx_conf(base, ng)
            subprocess.run(["nginx", "-c", str(conf)], check=True)
            host = f"https://127.0.0.1:{base + 3}"
        (out / "locustfile.py").write_text(LOCUSTFILE)
        cpu_before = _cpu(procs)
        locust_env = {
            **env,
            "DEADLINE_DATA": data,
            "DEADLINE_THINK": str(opts.think),
            "STEP_USERS": str(opts.step_users),
            "STEP_SECONDS": str(opts.step_seconds),
            "MAX_USERS": str(opts.max_users),
        }
        limit = opts.step_seconds * (opts.max_users // opts.step_users + 1) + 30
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "locust"),
                "-f",
                str(out / "locustfile.py"),
                "--headless",
                "--host",
                host,
                "--csv",
                str(out / "stats"),
                "--csv-full-history",
                "--only-summary",
                "--run-time",
                f"{limit}s",
                "--stop-timeout",
                "5",
                "--loglevel",
                "WARNING",
            ],
            env=locust_env,
            cwd=out,
            timeout=limit + 120,
        )
        cpu = _cpu(procs) - cpu_before
        report(opts, out, cpu, tag)
    finally:
        if conf is not None:
            subprocess.run(["nginx", "-c", str(conf), "-s", "stop"], capture_output=True)
        for proc in procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        time.sleep(2)
        if opts.db == "postgresql":
            subprocess.run(["dropdb", "--if-exists", "--force", dbname], env=env, capture_output=True)


def report(opts, out, cpu, tag):
    with open(out / "stats_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    requests = int(total["Request Count"])
    lines = [
        f"### {tag}: think {opts.think} s, +{opts.step_users} users every {opts.step_seconds} s up to {opts.max_users}",
        "",
        "| request | count | rps | p50 ms | p95 ms | p99 ms | failures |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['Name']} | {r['Request Count']} | {float(r['Requests/s']):.1f} | {r['50%']} | {r['95%']} | "
            f"{r['99%']} | {r['Failure Count']} |"
        )
    knee = "not reached"
    with open(out / "stats_stats_history.csv") as handle:
        for r in csv.DictReader(handle):
            if (
                r["Name"] == "Aggregated"
                and r["95%"] not in ("N/A", "")
                and float(r["Requests/s"]) > 0
                and float(r["95%"]) > 500
            ):
                knee = f"{r['User Count']} users ({float(r['Requests/s']):.1f} rps)"
                break
    failures = int(total["Failure Count"])
    lines += [
        "",
        f"- error rate: {100 * failures / max(requests, 1):.2f} %; knee (p95 > 500 ms first seen at): {knee}",
        f"- server CPU: {cpu:.1f} s, {1000 * cpu / max(requests, 1):.1f} ms per request",
    ]
    print("\n".join(lines))
    (out / "result.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
