"""Issue 12 measures: the deadline scan at national scale, and 10,000 emails to loopback SMTP.

    DATABASE_URL=postgres:///wistara_bench_db .venv/bin/python bench/notifications.py [--regencies 514]

The dataset is made here directly (bench/generate.py builds everything else and is slow): the
real KKS-2025 instrument (152 items), N regencies (514 by default) in 38 provinces, each with 15
offices, an operator and a head per office and a coordinator (31 people, about 16,000 in all),
registered in one cycle with its 152 responses, a third of them complete and unvalidated (so the
"waiting for validation" scan has work). The scan is then timed with the self-assessment ending
in 2 days 23 hours (every regency user is due the 3-day reminder) and email configured (each
reminder gets a Delivery row), twice: the second run must queue nothing.

The email measure queues 10,000 immediate deliveries and times one worker (`deliver_due`) sending
them to an aiosmtpd server in another process on loopback, sampling the worker's RSS per batch.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench-notifications.sqlite3"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from wistara.accounts.models import Office, Role, RoleAssignment, User  # noqa: E402
from wistara.assessments.models import Cycle, Registration, Response  # noqa: E402
from wistara.assessments.services import calendar  # noqa: E402
from wistara.instruments.models import AwardCategory, Indicator, InstrumentVersion  # noqa: E402
from wistara.notifications import delivery  # noqa: E402
from wistara.notifications.models import Delivery, Notification  # noqa: E402
from wistara.regions.models import Province, Regency  # noqa: E402
from wistara.reminders import scan  # noqa: E402

CODE = "BENCH-12"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build(regencies: int) -> Cycle:
    existing = Cycle.objects.filter(code=CODE).first()
    if existing:
        return existing
    if not InstrumentVersion.objects.filter(code="KKS-2025").exists():
        call_command(
            "import_instrument",
            str(ROOT / "wistara/instruments/data/instrumen-kks-2025.xlsx"),
            "--code",
            "KKS-2025",
        )
    instrument = InstrumentVersion.objects.get(code="KKS-2025")
    today = timezone.localdate()
    with transaction.atomic():
        provinces = Province.objects.bulk_create(
            [Province(code=f"{90 - i:02d}", name=f"PROV BENCH {i}") for i in range(38)]
        )
        regs = Regency.objects.bulk_create(
            [
                Regency(
                    code=f"{provinces[i % 38].code}.{10 + i // 38:02d}",
                    province=provinces[i % 38],
                    name=f"KAB BENCH {i}",
                    kind="kabupaten",
                )
                for i in range(regencies)
            ]
        )
        offices = Office.objects.bulk_create(
            [Office(regency=r, name=f"Dinas {k}", short_name=f"D{k}") for r in regs for k in range(15)]
        )
        users, roles = [], []
        for r in regs:
            users.append(
                User(username=f"b12.coord.{r.code}", email=f"coord.{r.code}@bench.test", password="!")
            )
        for o in offices:
            users.append(
                User(username=f"b12.op.{o.regency_id}.{o.short_name}", email="op@bench.test", password="!")
            )
            users.append(
                User(
                    username=f"b12.head.{o.regency_id}.{o.short_name}", email="head@bench.test", password="!"
                )
            )
        User.objects.bulk_create(users, batch_size=2000)
        by_name = dict(User.objects.filter(username__startswith="b12.").values_list("username", "id"))
        for r in regs:
            roles.append(
                RoleAssignment(
                    user_id=by_name[f"b12.coord.{r.code}"], role=Role.REGENCY_COORDINATOR, regency=r
                )
            )
        for o in offices:
            roles.append(
                RoleAssignment(
                    user_id=by_name[f"b12.op.{o.regency_id}.{o.short_name}"],
                    role=Role.OPD_OPERATOR,
                    regency_id=o.regency_id,
                    office=o,
                )
            )
            roles.append(
                RoleAssignment(
                    user_id=by_name[f"b12.head.{o.regency_id}.{o.short_name}"],
                    role=Role.OFFICE_HEAD,
                    regency_id=o.regency_id,
                    office=o,
                )
            )
        RoleAssignment.objects.bulk_create(roles, batch_size=5000)
        d = timedelta(days=1)
        cycle = Cycle.objects.create(
            code=CODE,
            name="Bench 12",
            instrument=instrument,
            registration_opens=today - 30 * d,
            registration_closes=today,
            self_assessment_deadline=today + 30 * d,
            provincial_verification_start=today + 31 * d,
            provincial_verification_end=today + 40 * d,
            national_verification_start=today + 41 * d,
            national_verification_end=today + 50 * d,
            field_validation_start=today + 51 * d,
            field_validation_end=today + 60 * d,
            award_date=today + 70 * d,
        )
        target = AwardCategory.objects.filter(version=instrument).order_by("rank").first()
        registrations = Registration.objects.bulk_create(
            [Registration(cycle=cycle, regency=r, target_category=target) for r in regs]
        )
        indicators = list(Indicator.objects.filter(section__version=instrument).order_by("id"))
        office_of = {}
        for o in offices:
            office_of.setdefault(o.regency_id, []).append(o)
        option_of = {}
        for ind in indicators:
            option_of[ind.id] = ind.options.order_by("-points").first()
        rows = []
        for reg in registrations:
            for n, ind in enumerate(indicators):
                complete = n % 3 == 0
                opt = option_of[ind.id] if complete else None
                rows.append(
                    Response(
                        registration=reg,
                        indicator=ind,
                        office=office_of[reg.regency_id][n % 15],
                        option=opt,
                        points=opt.points if opt else None,
                        evidence_prev=1 if complete else 0,
                        evidence_curr=1 if complete else 0,
                    )
                )
            if len(rows) > 20000:
                Response.objects.bulk_create(rows, batch_size=5000)
                rows = []
        Response.objects.bulk_create(rows, batch_size=5000)
    return cycle


def db_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine), else 0."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scan_measure(cycle: Cycle) -> list[str]:
    Delivery.objects.filter(notification__kind__in=["deadline", "waiting_validation"]).delete()
    Notification.objects.filter(kind__in=["deadline", "waiting_validation"]).delete()
    now = timezone.now()
    sa = calendar.stage(cycle, "self_assessment")
    calendar.calendar_save(
        cycle=cycle,
        user=None,
        data_years=[2023, 2024],
        correction_hours=48,
        correction_end_hour=15,
        stage_times={
            **{s.code: (s.starts_at, s.ends_at) for s in calendar.stages(cycle)},
            "self_assessment": (sa.starts_at, now + timedelta(days=2, hours=23)),
        },
    )
    settings.EMAIL_HOST = "127.0.0.1"  # a configured channel: every reminder gets its Delivery row
    users = User.objects.filter(username__startswith="b12.").count()
    out = []
    pg = connection.vendor == "postgresql"
    for run in (1, 2):
        start, cpu, dbcpu = time.perf_counter(), time.process_time(), db_cpu()
        counts = scan.scan(now)
        took, cpu, dbcpu = time.perf_counter() - start, time.process_time() - cpu, db_cpu() - dbcpu
        out.append(
            f"| scan run {run} | {took:.2f} s wall; CPU {cpu:.2f} s "
            + (f"Python + {dbcpu:.2f} s PostgreSQL | " if pg else "(SQLite runs in this process) | ")
            + f"{counts['deadline']} deadline reminders, "
            f"{counts['waiting_validation']} validation reminders queued |"
        )
    deliveries = Delivery.objects.filter(notification__kind="deadline").count()
    out.append(f"| people in the dataset | {users} | deliveries queued for the reminders: {deliveries} |")
    return out


def email_measure(count: int) -> list[str]:
    Delivery.objects.all().delete()
    Notification.objects.filter(kind="missing_list").delete()
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-c",
            "import asyncio, time\nfrom aiosmtpd.controller import Controller\n"
            "class H:\n async def handle_DATA(self, s, e, env):\n  return '250 OK'\n"
            f"c = Controller(H(), hostname='127.0.0.1', port={port}); c.start()\n"
            "time.sleep(3600)",
        ]
    )
    time.sleep(1.5)
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        user_ids = list(User.objects.filter(username__startswith="b12.op.").values_list("id", flat=True))
        now = timezone.now()
        notes = Notification.objects.bulk_create(
            [
                Notification(
                    user_id=user_ids[i % len(user_ids)],
                    kind="missing_list",
                    event_key=f"bench:{i}",
                    params={"regency": "KAB BENCH", "office": "D1", "count": 12, "sender": "Koordinator"},
                    url="/ruang/90.10/BENCH-12/kekurangan/",
                )
                for i in range(count)
            ],
            batch_size=2000,
        )
        if not notes[0].pk:
            notes = list(Notification.objects.filter(kind="missing_list").order_by("id"))
        Delivery.objects.bulk_create(
            [
                Delivery(notification_id=n.pk, channel="email", key=f"bench:{n.pk}", next_attempt_at=now)
                for n in notes
            ],
            batch_size=2000,
        )
        samples = []
        start, cpu = time.perf_counter(), time.process_time()
        sent = 0
        while True:
            got = delivery.deliver_due(limit=200, max_batches=1)
            if not got and not Delivery.objects.filter(status="pending").exists():
                break
            sent += got
            samples.append(rss_mb())
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        server.terminate()
        server.wait()
    failed = Delivery.objects.filter(status__in=["failed", "pending"]).count()
    return [
        f"| {sent} emails, one worker | {took:.1f} s wall, {cpu:.1f} s worker CPU | "
        f"{sent / took:.0f} per second"
        f" ({sent / cpu:.0f} per CPU second of the worker); {failed} not sent |",
        f"| worker RSS after batch 1 / middle / last | {samples[0]:.0f} / {samples[len(samples) // 2]:.0f}"
        f" / {samples[-1]:.0f} MB | {len(samples)} batches of 200 |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regencies", type=int, default=514)
    parser.add_argument("--emails", type=int, default=10_000, help="0: skip the email measure")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    cycle = build(args.regencies)
    print(
        f"dataset ready in {time.perf_counter() - start:.0f} s ({connection.vendor}); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    lines = ["| measure | figure | detail |", "| --- | --- | --- |"]
    lines += scan_measure(cycle)
    if args.emails:
        lines += email_measure(args.emails)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
