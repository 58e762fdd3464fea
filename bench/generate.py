"""Build the national-scale bench dataset.

    .venv/bin/python bench/generate.py [--db PATH] [--fresh]

Default target: SQLite at bench/out/national.sqlite3; with DATABASE_URL set, that database
(PostgreSQL) instead. Idempotent: a second run finds what exists and adds only what is missing;
`--fresh` rebuilds from nothing (deletes the SQLite file, or flushes the PostgreSQL database).

Levels, each a small function that later issues extend (registrations, filled indicators,
evidence): schema > regions > instrument > national users > provincial users > regency offices
> regency users, then planner statistics (PostgreSQL).

Single writes in the application go through the services. A generator of ~11,000 users may
bulk insert instead: users and roles are written here with bulk_create in batches inside
transactions, with one password hash computed once and reused (hashing is slow by design).
Offices still go through `offices_create_defaults`, the service, one regency at a time.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

BATCH = 1000


@dataclass
class Ctx:
    """What the levels share: the hash, the national admin (grants roles) and timings."""

    password_hash: str = ""
    admin_id: int | None = None
    timings: list[tuple[str, float, str]] = field(default_factory=list)


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    position: str
    role: str
    province_id: int | None = None
    regency_id: int | None = None
    office_id: int | None = None
    granted_by_id: int | None = None


# --- Helpers ----------------------------------------------------------------------------------


def ensure_users(specs: Iterable[UserSpec], ctx: Ctx) -> tuple[int, int]:
    """Create the users and role assignments that are missing; returns (users, roles) created.

    A bulk insert, not the services: see the module docstring.
    """
    from django.db import transaction

    from wistara.accounts.models import RoleAssignment, User

    specs = list(specs)
    ids = dict(User.objects.values_list("username", "id"))
    new_users = [
        User(username=s.username, full_name=s.full_name, position=s.position,
             email=f"{s.username}@bench.wistara.id", password=ctx.password_hash)
        for s in specs if s.username not in ids
    ]
    for start in range(0, len(new_users), BATCH):
        with transaction.atomic():
            User.objects.bulk_create(new_users[start:start + BATCH])
    if new_users:
        ids = dict(User.objects.values_list("username", "id"))

    have = set(RoleAssignment.objects.values_list(
        "user_id", "role", "province_id", "regency_id", "office_id"))
    new_roles = []
    for s in specs:
        key = (ids[s.username], s.role, s.province_id, s.regency_id, s.office_id)
        if key not in have:
            have.add(key)
            new_roles.append(RoleAssignment(
                user_id=key[0], role=s.role, province_id=s.province_id,
                regency_id=s.regency_id, office_id=s.office_id, granted_by_id=s.granted_by_id,
            ))
    for start in range(0, len(new_roles), BATCH):
        with transaction.atomic():
            RoleAssignment.objects.bulk_create(new_roles[start:start + BATCH])
    return len(new_users), len(new_roles)


def created(made: tuple[int, int]) -> str:
    return f"users +{made[0]}, roles +{made[1]}"


def title(name: str) -> str:
    return name.title().replace("Dki", "DKI").replace("Di ", "DI ")


# --- Levels -----------------------------------------------------------------------------------


def level_schema(ctx: Ctx) -> str:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return "migrated"


def level_regions(ctx: Ctx) -> str:
    from wistara.regions.services import regions_load

    results = regions_load()
    return ", ".join(f"{level} {r.total} (+{r.created})" for level, r in results.items())


def level_instrument(ctx: Ctx) -> str:
    from django.core.management import call_command, get_commands

    from wistara.instruments.models import InstrumentVersion

    if InstrumentVersion.objects.filter(code=common.INSTRUMENT_CODE).exists():
        return f"{common.INSTRUMENT_CODE} already imported"
    if "import_instrument" not in get_commands():
        print("  WARNING: no import_instrument command yet; the dataset has no instrument "
              "(run generate.py again once the command exists).")
        return "SKIPPED (no import_instrument command)"
    call_command("import_instrument", str(common.INSTRUMENT_PATH), code=common.INSTRUMENT_CODE)
    return f"{common.INSTRUMENT_CODE} imported"


def level_national_users(ctx: Ctx) -> str:
    from wistara.accounts.models import Role, User

    made = ensure_users([
        UserSpec(common.NATIONAL_ADMIN, "Admin Nasional (bench)",
                 "Direktorat Penyehatan Lingkungan", Role.NATIONAL_ADMIN),
        UserSpec(common.NATIONAL_VERIFIER, "Verifikator Nasional (bench)", "Kemenkes",
                 Role.NATIONAL_VERIFIER),
    ], ctx)
    ctx.admin_id = User.objects.get(username=common.NATIONAL_ADMIN).id
    return created(made)


def level_provincial_users(ctx: Ctx) -> str:
    from wistara.accounts.models import Role
    from wistara.regions.models import Province

    made = ensure_users((
        UserSpec(common.provincial_verifier(p.code), f"Verifikator Provinsi {title(p.name)}",
                 f"Tim Pembina Provinsi {title(p.name)}", Role.PROVINCIAL_VERIFIER,
                 province_id=p.id, granted_by_id=ctx.admin_id)
        for p in Province.objects.order_by("code")
    ), ctx)
    return created(made)


def level_regency_offices(ctx: Ctx) -> str:
    from django.db import transaction

    from wistara.accounts.models import Office
    from wistara.accounts.services import offices_create_defaults
    from wistara.regions.models import Regency

    before = Office.objects.count()
    with_offices = set(Office.objects.values_list("regency_id", flat=True).distinct())
    with transaction.atomic():  # one commit instead of 514
        for regency in Regency.objects.order_by("code"):
            if regency.id not in with_offices:
                offices_create_defaults(regency=regency)
    return f"offices {Office.objects.count()} (+{Office.objects.count() - before})"


def level_regency_users(ctx: Ctx) -> str:
    from wistara.accounts.models import Office, Role
    from wistara.regions.models import Regency

    offices: dict[int, list[Office]] = {}
    for office in Office.objects.order_by("regency_id", "short_name"):
        offices.setdefault(office.regency_id, []).append(office)
    specs = []
    for regency in Regency.objects.order_by("code"):
        name = title(regency.short_name)
        coord = common.coordinator(regency.code)
        specs.append(UserSpec(coord, f"Sekretariat Tim Pembina {name}", "Bappeda",
                              Role.REGENCY_COORDINATOR, regency_id=regency.id,
                              granted_by_id=ctx.admin_id))
        specs.append(UserSpec(common.leader(regency.code), f"Sekda {name}", "Sekretaris Daerah",
                              Role.LEADER, regency_id=regency.id, granted_by_id=ctx.admin_id))
        for office in offices.get(regency.id, []):
            specs.append(UserSpec(
                common.operator(regency.code, office.short_name),
                f"Operator {office.short_name} {name}", office.name, Role.OPD_OPERATOR,
                regency_id=regency.id, office_id=office.id, granted_by_id=ctx.admin_id,
            ))
    return created(ensure_users(specs, ctx))


def level_statistics(ctx: Ctx) -> str:
    """PostgreSQL: refresh the planner's statistics, as autovacuum would soon after a load.

    Without this, a freshly loaded database has none and PostgreSQL plans a join of 27 villages
    as a sequential scan of all 83,763 (measured: 19 ms instead of 0.5 ms). SQLite is left as
    the application leaves it (no ANALYZE), so that the figures show what production sees.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return "not needed on " + connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return "ANALYZE done"


LEVELS: list[tuple[str, Callable[[Ctx], str]]] = [
    ("schema", level_schema),
    ("regions", level_regions),
    ("instrument", level_instrument),
    ("national users", level_national_users),
    ("provincial users", level_provincial_users),
    ("regency offices", level_regency_offices),
    ("regency users", level_regency_users),
    ("statistics", level_statistics),  # keep last: after every level that writes
]


# --- Driver -----------------------------------------------------------------------------------


def fresh(db: Path) -> None:
    """Start from nothing: delete the SQLite file, or flush PostgreSQL (before/after setup)."""
    if os.environ.get("DATABASE_URL"):
        return  # flushed after django.setup(), see main()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def dataset_counts() -> dict[str, int]:
    """The dataset's size, printed here and written into docs/benchmarks.md by run.py."""
    from wistara.accounts.models import Office, RoleAssignment, User
    from wistara.instruments.models import Indicator, InstrumentVersion
    from wistara.regions.models import District, Province, Regency, Village

    return {
        "provinces": Province.objects.count(),
        "regencies": Regency.objects.count(),
        "districts": District.objects.count(),
        "villages": Village.objects.count(),
        "instrument versions": InstrumentVersion.objects.count(),
        "indicators": Indicator.objects.count(),
        "offices": Office.objects.count(),
        "users": User.objects.count(),
        "role assignments": RoleAssignment.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_db_argument(parser)
    parser.add_argument("--fresh", action="store_true", help="rebuild from an empty database")
    args = parser.parse_args()

    started = time.perf_counter()
    if args.fresh:
        fresh(args.db)
    common.setup_django(args.db)
    print(f"Bench dataset in {common.db_label(args.db.resolve())}")
    if args.fresh and os.environ.get("DATABASE_URL"):
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)

    from django.contrib.auth.hashers import make_password

    ctx = Ctx(password_hash=make_password(common.BENCH_PASSWORD))
    for name, level in LEVELS:
        t0 = time.perf_counter()
        summary = level(ctx)
        elapsed = time.perf_counter() - t0
        ctx.timings.append((name, elapsed, summary))
        print(f"  {name:<18} {elapsed:7.1f} s  {summary}")

    print("Dataset:")
    for name, count in dataset_counts().items():
        print(f"  {name:<20} {count:>8,}")
    print(f"Done in {time.perf_counter() - started:.1f} s. "
          f"Every bench user's password: {common.BENCH_PASSWORD}")


if __name__ == "__main__":
    main()
