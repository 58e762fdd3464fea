"""Build the national-scale bench dataset.

    .venv/bin/python bench/generate.py [--db PATH] [--fresh]

Default target: SQLite at bench/out/national.sqlite3 with its evidence files under
bench/out/media (common.media_root); with DATABASE_URL set, that database (PostgreSQL) instead.
Idempotent: a second run finds what exists and adds only what is missing; `--fresh` rebuilds
from nothing (deletes the SQLite file and the media folder, or flushes the PostgreSQL database).

Levels, each a small function: schema > regions > instrument > national users > provincial
users > regency offices > regency users > cycle > registrations > answers > evidence > odf,
then planner statistics (PostgreSQL), which stays last.

Single writes in the application go through the services. A generator may bulk insert instead:
users and roles with bulk_create in batches inside transactions, with one password hash computed
once and reused (hashing is slow by design); registrations and responses with bulk_create; the
big tables (lokus, history, evidence, ODF) with executemany (insert_rows / update_rows). Offices
still go through `offices_create_defaults` and the cycle through `cycle_open`, the services;
responses are assigned with the service's `office_suggest`; evidence files are stored through
`default_storage`, as uploads are.
"""

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

BATCH = 1000


@dataclass
class Ctx:
    """What the levels share: the hash, the national admin (grants roles) and timings."""

    password_hash: str = ""
    admin_id: int | None = None
    user_ids: dict[str, int] = field(default_factory=dict)
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
        User(
            username=s.username,
            full_name=s.full_name,
            position=s.position,
            email=f"{s.username}@bench.wistara.id",
            password=ctx.password_hash,
        )
        for s in specs
        if s.username not in ids
    ]
    for start in range(0, len(new_users), BATCH):
        with transaction.atomic():
            User.objects.bulk_create(new_users[start : start + BATCH])
    if new_users:
        ids = dict(User.objects.values_list("username", "id"))

    have = set(
        RoleAssignment.objects.values_list("user_id", "role", "province_id", "regency_id", "office_id")
    )
    new_roles = []
    for s in specs:
        key = (ids[s.username], s.role, s.province_id, s.regency_id, s.office_id)
        if key not in have:
            have.add(key)
            new_roles.append(
                RoleAssignment(
                    user_id=key[0],
                    role=s.role,
                    province_id=s.province_id,
                    regency_id=s.regency_id,
                    office_id=s.office_id,
                    granted_by_id=s.granted_by_id,
                )
            )
    for start in range(0, len(new_roles), BATCH):
        with transaction.atomic():
            RoleAssignment.objects.bulk_create(new_roles[start : start + BATCH])
    return len(new_users), len(new_roles)


def _prep(field) -> bool:
    from django.db import models

    return isinstance(field, (models.DateField, models.DecimalField, models.JSONField))


def insert_rows(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """INSERT rows given as tuples of `fields` (foreign keys as ids) with executemany.

    A bulk insert for the big tables (history, evidence, ODF, lokus), several times faster than
    bulk_create because no model instance is built. Dates, decimals and JSON go through the
    field's own conversion, so the rows are what the ORM would have written, on SQLite and
    PostgreSQL alike.
    """
    from django.db import connection

    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    # Table and column names come from the models' _meta, quoted; values are parameters.
    statement = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(c.column) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    return _executemany(statement, columns, rows)


def update_rows(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """UPDATE by primary key: rows are tuples of `fields` followed by the pk (executemany)."""
    from django.db import connection

    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(c.column)} = %s" for c in columns)
    statement = f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(meta.pk.column)} = %s"  # noqa: S608
    return _executemany(statement, [*columns, meta.pk], rows)


def _executemany(statement: str, columns: list, rows: Iterable[tuple]) -> int:
    from django.db import connection

    convert = [(i, c) for i, c in enumerate(columns) if _prep(c)]
    done, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            if convert:
                row = list(row)
                for i, column in convert:
                    row[i] = column.get_db_prep_save(row[i], connection)
            batch.append(row)
            if len(batch) >= BATCH * 5:
                cursor.executemany(statement, batch)
                done, batch = done + len(batch), []
        if batch:
            cursor.executemany(statement, batch)
            done += len(batch)
    return done


def chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def maturity(regency_code: str) -> float:
    """How far along a regency is, 0.3 to 0.95: drives answers, evidence, ODF and its target."""
    return random.Random(f"maturity:{regency_code}").uniform(0.3, 0.95)


def user_ids(ctx: Ctx) -> dict[str, int]:
    from wistara.accounts.models import User

    if not ctx.user_ids:
        ctx.user_ids = dict(User.objects.values_list("username", "id"))
    return ctx.user_ids


def the_cycle():
    from wistara.assessments.models import Cycle

    cycle = Cycle.objects.select_related("instrument").filter(code=common.CYCLE_CODE).first()
    if cycle is None:
        raise SystemExit(f"No cycle {common.CYCLE_CODE}: the 'cycle' level must run first.")
    return cycle


def regency_codes() -> dict[int, str]:
    from wistara.regions.models import Regency

    return dict(Regency.objects.values_list("id", "code"))


def office_names() -> dict[int, tuple[int, str]]:
    """office id -> (regency id, short name)."""
    from wistara.accounts.models import Office

    return {i: (r, n) for i, r, n in Office.objects.values_list("id", "regency_id", "short_name")}


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
        print(
            "  WARNING: no import_instrument command yet; the dataset has no instrument "
            "(run generate.py again once the command exists)."
        )
        return "SKIPPED (no import_instrument command)"
    call_command("import_instrument", str(common.INSTRUMENT_PATH), code=common.INSTRUMENT_CODE)
    return f"{common.INSTRUMENT_CODE} imported"


def level_national_users(ctx: Ctx) -> str:
    from wistara.accounts.models import Role, User

    made = ensure_users(
        [
            UserSpec(
                common.NATIONAL_ADMIN,
                "Admin Nasional (bench)",
                "Direktorat Penyehatan Lingkungan",
                Role.NATIONAL_ADMIN,
            ),
            UserSpec(
                common.NATIONAL_VERIFIER, "Verifikator Nasional (bench)", "Kemenkes", Role.NATIONAL_VERIFIER
            ),
        ],
        ctx,
    )
    ctx.admin_id = User.objects.get(username=common.NATIONAL_ADMIN).id
    return created(made)


def level_provincial_users(ctx: Ctx) -> str:
    from wistara.accounts.models import Role
    from wistara.regions.models import Province

    made = ensure_users(
        (
            UserSpec(
                common.provincial_verifier(p.code),
                f"Verifikator Provinsi {title(p.name)}",
                f"Tim Pembina Provinsi {title(p.name)}",
                Role.PROVINCIAL_VERIFIER,
                province_id=p.id,
                granted_by_id=ctx.admin_id,
            )
            for p in Province.objects.order_by("code")
        ),
        ctx,
    )
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
        specs.append(
            UserSpec(
                coord,
                f"Sekretariat Tim Pembina {name}",
                "Bappeda",
                Role.REGENCY_COORDINATOR,
                regency_id=regency.id,
                granted_by_id=ctx.admin_id,
            )
        )
        specs.append(
            UserSpec(
                common.leader(regency.code),
                f"Sekda {name}",
                "Sekretaris Daerah",
                Role.LEADER,
                regency_id=regency.id,
                granted_by_id=ctx.admin_id,
            )
        )
        for office in offices.get(regency.id, []):
            specs.append(
                UserSpec(
                    common.operator(regency.code, office.short_name),
                    f"Operator {office.short_name} {name}",
                    office.name,
                    Role.OPD_OPERATOR,
                    regency_id=regency.id,
                    office_id=office.id,
                    granted_by_id=ctx.admin_id,
                )
            )
    return created(ensure_users(specs, ctx))


# --- Assessment levels: cycle, registrations, answers, evidence, ODF ---------------------------
#
# A generator may bulk insert (see the module docstring): these levels write Registration and
# Response rows with bulk_create and the big tables (lokus, history, evidence, ODF) with
# executemany, in one transaction per chunk of regencies. Only the cycle goes through its
# service (cycle_open); offices are assigned with the service's own suggestion (office_suggest).
# Every spread comes from a random.Random seeded with the regency's code: the same dataset on
# every run and on every database.

REGENCY_CHUNK = 50
UNITS = (("%", 60), ("dokumen", 14), ("unit", 10), ("desa/kelurahan", 8), ("orang", 8))
KINDS = (
    ("report", 40),
    ("decree", 20),
    ("plan", 10),
    ("minutes", 10),
    ("regulation", 8),
    ("photo", 6),
    ("attendance", 4),
    ("screenshot", 2),
)
EXPLANATIONS = (
    "Data diambil dari laporan tahunan {office}; capaian {year} naik dibanding tahun sebelumnya.",
    "Kegiatan dilaksanakan oleh {office} bersama kecamatan; dokumen pendukung terlampir.",
    "Capaian dihitung dari rekapitulasi {office} per kecamatan, diverifikasi kepala bidang.",
    "Target RPJMD belum tercapai karena anggaran terbatas; {office} menambah kegiatan pada {year}.",
    "Sumber: aplikasi pelaporan {office} (unduhan Desember {year}).",
)


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def level_cycle(ctx: Ctx) -> str:
    """One cycle on the instrument, through cycle_open; the deadline is a year away."""
    from django.utils import timezone

    from wistara.assessments.models import Cycle
    from wistara.assessments.services import cycle_open
    from wistara.instruments.models import InstrumentVersion

    if Cycle.objects.filter(code=common.CYCLE_CODE).exists():
        return f"{common.CYCLE_CODE} already open"
    instrument = InstrumentVersion.objects.filter(code=common.INSTRUMENT_CODE).first()
    if instrument is None:
        raise SystemExit(f"No instrument {common.INSTRUMENT_CODE}: the instrument level failed.")
    today = timezone.localdate()

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    cycle_open(
        code=common.CYCLE_CODE,
        name="Kabupaten/Kota Sehat 2025 (bench)",
        instrument=instrument,
        registration_opens=day(-60),
        registration_closes=day(300),
        self_assessment_deadline=day(365),
        provincial_verification_start=day(372),
        provincial_verification_end=day(400),
        national_verification_start=day(407),
        national_verification_end=day(435),
        field_validation_start=day(442),
        field_validation_end=day(470),
        award_date=day(500),
    )
    return f"{common.CYCLE_CODE} opened, self-assessment deadline {day(365):%d-%m-%Y}"


def target_category(regency_code: str) -> str:
    """Mostly padapa or wiwerda; the mature regencies aim at wistara more often."""
    m = maturity(regency_code)
    wistara = 0.03 + 0.27 * max(0.0, (m - 0.7) / 0.25)
    wiwerda = 0.2 + 0.4 * m
    draw = random.Random(f"target:{regency_code}").random()
    return "wistara" if draw < wistara else "wiwerda" if draw < wistara + wiwerda else "padapa"


def level_registrations(ctx: Ctx) -> str:
    """Every regency registered: target, lokus (15-40% of its kecamatan with all their villages),
    contacts, and one response per item assigned by office_suggest."""
    from django.db import transaction

    from wistara.accounts.models import Office
    from wistara.assessments.models import Registration, Response
    from wistara.assessments.services import office_suggest
    from wistara.instruments.models import Indicator
    from wistara.regions.models import District, Regency, Village

    cycle = the_cycle()
    categories = dict(cycle.instrument.award_categories.values_list("code", "id"))
    indicators = list(
        Indicator.objects.filter(section__version=cycle.instrument)
        .select_related("section")
        .order_by("section__order", "order")
    )
    done = set(Registration.objects.filter(cycle=cycle).values_list("regency_id", flat=True))
    regencies = [r for r in Regency.objects.order_by("code") if r.id not in done]
    if not regencies:
        return f"registrations {len(done)} (+0)"
    offices: dict[int, list[Office]] = {}
    for office in Office.objects.order_by("short_name"):
        offices.setdefault(office.regency_id, []).append(office)
    districts: dict[int, list[int]] = {}
    for district_id, regency_id in District.objects.order_by("code").values_list("id", "regency_id"):
        districts.setdefault(regency_id, []).append(district_id)
    villages: dict[int, list[int]] = {}
    for village_id, district_id in Village.objects.order_by("code").values_list("id", "district_id"):
        villages.setdefault(district_id, []).append(village_id)
    users = user_ids(ctx)
    # office_suggest reads the indicator's text against the offices' short names: regencies with
    # the same set of active offices get the same answer, so it is asked once per set.
    suggestions: dict[tuple[str, ...], dict[int, str | None]] = {}
    through_d = Registration.lokus_districts.through
    through_v = Registration.lokus_villages.through
    made = lokus_d = lokus_v = responses = 0
    for chunk in chunks(regencies, REGENCY_CHUNK):
        with transaction.atomic():
            registrations = Registration.objects.bulk_create(
                Registration(
                    cycle=cycle,
                    regency=regency,
                    target_category_id=categories[target_category(regency.code)],
                    status=Registration.Status.SELF_ASSESSMENT,
                    registered_by_id=users.get(common.coordinator(regency.code)),
                    contacts=[
                        {
                            "name": f"Sekretariat Tim Pembina {title(regency.short_name)}",
                            "position": "Bappeda",
                            "phone": f"0812{regency.code.replace('.', '')}01",
                            "email": f"{common.coordinator(regency.code)}@bench.wistara.id",
                        }
                    ],
                )
                for regency in chunk
            )
            d_rows, v_rows, new = [], [], []
            for registration in registrations:
                regency = registration.regency
                rng = random.Random(f"lokus:{regency.code}")
                mine = districts.get(regency.id, [])
                chosen = rng.sample(mine, max(1, round(len(mine) * rng.uniform(0.15, 0.4)))) if mine else []
                d_rows += [(registration.id, d) for d in chosen]
                v_rows += [(registration.id, v) for d in chosen for v in villages.get(d, [])]
                active = [o for o in offices.get(regency.id, []) if o.is_active]
                key = tuple(sorted(o.short_name for o in active))
                if key not in suggestions:
                    suggestions[key] = {}
                    for indicator in indicators:
                        office = office_suggest(indicator, active)
                        suggestions[key][indicator.id] = office.short_name if office else None
                by_short = {o.short_name: o.id for o in active}
                new += [
                    Response(
                        registration_id=registration.id,
                        indicator_id=i.id,
                        office_id=by_short.get(suggestions[key][i.id]),
                    )
                    for i in indicators
                ]
            lokus_d += insert_rows(through_d, ["registration", "district"], d_rows)
            lokus_v += insert_rows(through_v, ["registration", "village"], v_rows)
            responses += len(Response.objects.bulk_create(new, batch_size=BATCH * 2))
            made += len(registrations)
    return (
        f"registrations {len(done) + made} (+{made}), responses +{responses:,}, "
        f"lokus +{lokus_d:,} kecamatan, +{lokus_v:,} desa/kelurahan"
    )


def _display(value) -> str:
    """As wistara.assessments.services.responses shows a value in the history."""
    if value is None:
        return ""
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def _value(rng: random.Random, unit: str) -> tuple[Decimal, Decimal]:
    if unit == "%":
        prev = rng.uniform(20, 95)
        return Decimal(f"{prev:.2f}"), Decimal(f"{min(100.0, prev + rng.uniform(-3, 8)):.2f}")
    prev = rng.randint(1, 60)
    return Decimal(prev), Decimal(max(0, prev + rng.randint(-2, 10)))


def level_answers(ctx: Ctx) -> str:
    """Each regency answers each item with probability = its maturity; the option is drawn
    towards the best ones the more mature the regency is (points = the option's points). Values,
    unit, notes and explanation filled; status a draft/validated/submitted mix; revision = the
    number of saves, each one in the history (ResponseChange) as the services would record it."""
    from django.db import transaction
    from django.utils import timezone

    from wistara.assessments.models import Registration, Response, ResponseChange
    from wistara.instruments.models import ScaleOption

    cycle = the_cycle()
    years = list(cycle.instrument.data_years)
    answered = set(
        Response.objects.filter(registration__cycle=cycle, revision__gt=0)
        .values_list("registration_id", flat=True)
        .distinct()
    )
    todo = [
        (rid, regency_id)
        for rid, regency_id in Registration.objects.filter(cycle=cycle)
        .order_by("regency__code")
        .values_list("id", "regency_id")
        if rid not in answered
    ]
    if not todo:
        return "already answered"
    options: dict[int, list[tuple[int, int, str]]] = {}
    for oid, indicator_id, points, description in (
        ScaleOption.objects.filter(indicator__section__version=cycle.instrument)
        .order_by("points", "position")
        .values_list("id", "indicator_id", "points", "description")
    ):
        options.setdefault(indicator_id, []).append((oid, points, description))
    codes, offices, users = regency_codes(), office_names(), user_ids(ctx)
    draft, validated, submitted = (
        str(Response.Status(s).label)
        for s in (Response.Status.DRAFT, Response.Status.VALIDATED, Response.Status.SUBMITTED)
    )
    now = timezone.now()
    fields = [
        "value_prev",
        "value_curr",
        "unit",
        "note_prev",
        "note_curr",
        "option",
        "points",
        "explanation",
        "status",
        "revision",
        "validated_by",
        "validated_at",
        "updated_by",
        "updated_at",
    ]
    n_answered = n_rows = n_changes = 0
    for chunk in chunks(todo, REGENCY_CHUNK):
        regency_of = dict(chunk)
        updates, changes = [], []
        rows = (
            Response.objects.filter(registration_id__in=regency_of)
            .order_by("registration_id", "id")
            .values_list("id", "registration_id", "indicator_id", "office_id")
        )
        rngs: dict[int, random.Random] = {}
        for rid, registration_id, indicator_id, office_id in rows:
            code = codes[regency_of[registration_id]]
            rng = rngs.setdefault(registration_id, random.Random(f"answers:{code}"))
            m = maturity(code)
            office = offices[office_id][1] if office_id else "Bappeda"
            user = users.get(common.operator(code, office)) if office_id else None
            user = user or users.get(common.coordinator(code))
            opts = options.get(indicator_id, [])
            is_answered = bool(opts) and rng.random() < m
            if not is_answered and rng.random() > 0.2:
                continue  # untouched: no value, no option, revision 0
            unit = weighted(rng, UNITS)
            prev, curr = _value(rng, unit)
            explanation = rng.choice(EXPLANATIONS).format(office=office, year=years[-1])
            note_prev = f"Rekap {office} {years[0]}" if rng.random() < 0.3 else ""
            note_curr = f"Rekap {office} {years[-1]}" if rng.random() < 0.3 else ""
            option = points = None
            if is_answered:
                draw = rng.betavariate(1 + 12 * m * m, 1 + 4 * (1 - m))
                option = opts[min(len(opts) - 1, int(draw * len(opts)))]
                points = option[1]
            when = now - dt.timedelta(days=rng.uniform(1, 90))
            first = [
                ("value_prev", "", _display(prev)),
                ("value_curr", "", _display(curr)),
                ("unit", "", unit),
                ("explanation", "", explanation),
            ]
            if option:
                first.insert(0, ("option", "", f"{option[1]} · {option[2]}"))
            history = [first]
            for _edit in range(min(4, int(rng.expovariate(1.2)))):  # later corrections
                better = Decimal(f"{curr * Decimal('1.02'):.2f}") if unit == "%" else curr + 1
                history.append([("value_curr", _display(curr), _display(better))])
                curr = better
            status, validated_at = Response.Status.DRAFT, None
            if is_answered:
                draw = rng.random()
                if draw < 0.25 + 0.45 * m:
                    history.append([("status", draft, validated)])
                    status, validated_at = Response.Status.VALIDATED, when
                    if draw < 0.5 * m:
                        history.append([("status", validated, submitted)])
                        status = Response.Status.SUBMITTED
            revision = len(history)
            for number, saved in enumerate(history, start=1):
                at = when - dt.timedelta(hours=3 * (revision - number))
                changes += [(rid, number, name, old, new, user, at) for name, old, new in saved]
            updates.append(
                (
                    prev,
                    curr,
                    unit,
                    note_prev,
                    note_curr,
                    option[0] if option else None,
                    points,
                    explanation,
                    status,
                    revision,
                    user if validated_at else None,
                    validated_at,
                    user,
                    when,
                    rid,
                )
            )
            n_answered += is_answered
        with transaction.atomic():
            n_rows += update_rows(Response, fields, updates)
            n_changes += insert_rows(
                ResponseChange,
                ["response", "revision", "field", "old", "new", "changed_by", "changed_at"],
                changes,
            )
    return f"answered +{n_answered:,}, touched +{n_rows:,}, history +{n_changes:,}"


def tiny_pdf(regency_code: str, office: str) -> bytes:
    """A valid one-page-less PDF, unique per regency and office (so is its SHA-256)."""
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        + f"% Wistara bench: laporan {office}, {regency_code}\n".encode()
        + b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


def level_evidence(ctx: Ctx) -> str:
    """One stored file per regency and office (a tiny PDF, through default_storage), attached to
    that office's responses: answered ones mostly for both data years, some for one; a few
    unanswered ones for one year; some links as well, a few removed. The evidence counters of
    every response are set to its active evidence per year, as the evidence services keep them."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction
    from django.utils import timezone

    from wistara.assessments.models import Registration, Response, ResponseChange
    from wistara.evidence.models import Evidence, EvidenceFile

    cycle = the_cycle()
    years = list(cycle.instrument.data_years)
    codes, offices, users = regency_codes(), office_names(), user_ids(ctx)
    now = timezone.now()

    # The files: stored first (outside the transaction, as evidence_upload does), then the rows.
    have = set(EvidenceFile.objects.values_list("regency_id", "sha256"))
    new_files = []
    for _office_id, (regency_id, short) in sorted(offices.items()):
        data = tiny_pdf(codes[regency_id], short)
        sha = hashlib.sha256(data).hexdigest()
        if (regency_id, sha) in have:
            continue
        name = default_storage.save(f"evidence/{codes[regency_id]}/{uuid.uuid4().hex}", ContentFile(data))
        uploader = users.get(common.operator(codes[regency_id], short))
        new_files.append(
            (
                regency_id,
                sha,
                len(data),
                "application/pdf",
                name,
                f"Laporan {short} {codes[regency_id]}.pdf",
                uploader,
                now,
            )
        )
    with transaction.atomic():
        insert_rows(
            EvidenceFile,
            [
                "regency",
                "sha256",
                "size",
                "content_type",
                "storage_name",
                "original_name",
                "uploaded_by",
                "created_at",
            ],
            new_files,
        )
    file_of: dict[int, int] = {}  # office id -> its file
    by_sha = {
        (r, sha): office_id
        for office_id, (r, short) in offices.items()
        for sha in [hashlib.sha256(tiny_pdf(codes[r], short)).hexdigest()]
    }
    for file_id, regency_id, sha in EvidenceFile.objects.values_list("id", "regency_id", "sha256"):
        if (regency_id, sha) in by_sha:
            file_of[by_sha[regency_id, sha]] = file_id

    # The attachments, for registrations that have none yet.
    done = set(
        Evidence.objects.filter(response__registration__cycle=cycle)
        .values_list("response__registration_id", flat=True)
        .distinct()
    )
    todo = [
        (rid, regency_id)
        for rid, regency_id in Registration.objects.filter(cycle=cycle)
        .order_by("regency__code")
        .values_list("id", "regency_id")
        if rid not in done
    ]
    kinds = dict(Evidence.Kind.choices)
    n_evidence = n_changes = 0
    for chunk in chunks(todo, REGENCY_CHUNK):
        regency_of = dict(chunk)
        rows, counters, changes = [], [], []
        rngs: dict[int, random.Random] = {}
        for rid, registration_id, office_id, option_id, revision, code_ in (
            Response.objects.filter(registration_id__in=regency_of, office__isnull=False)
            .order_by("registration_id", "id")
            .values_list("id", "registration_id", "office_id", "option_id", "revision", "indicator__code")
        ):
            code = codes[regency_of[registration_id]]
            rng = rngs.setdefault(registration_id, random.Random(f"evidence:{code}"))
            m = maturity(code)
            short = offices[office_id][1]
            user = users.get(common.operator(code, short))
            both = 0.5 + 0.4 * m
            draw = rng.random()
            if option_id is not None:
                chosen = (
                    years if draw < both else [rng.choice(years)] if draw < both + 0.75 * (1 - both) else []
                )
            else:
                chosen = [rng.choice(years)] if draw < 0.12 else []
            if not chosen:
                continue
            items = []
            for year in chosen:
                kind = weighted(rng, KINDS)
                items.append((None, year, kind, f"{kinds[kind]} {short} {year}", None))
            if rng.random() < 0.12:
                items.append(
                    (
                        f"https://data.{code.replace('.', '')}.go.id/kks/{code_}/{years[-1]}",
                        years[-1],
                        "screenshot",
                        f"Dasbor data {code_}",
                        None,
                    )
                )
            if rng.random() < 0.04:
                items.append(
                    (
                        f"https://arsip.{code.replace('.', '')}.go.id/{code_}/lama",
                        years[0],
                        "other",
                        f"Dokumen lama {code_}",
                        now - dt.timedelta(days=rng.uniform(1, 20)),
                    )
                )
            count = dict.fromkeys(years, 0)
            for url, year, kind, label, removed_at in items:
                added = now - dt.timedelta(days=rng.uniform(20, 120))
                rows.append(
                    (
                        rid,
                        None if url else file_of[office_id],
                        url or "",
                        label,
                        year,
                        kind,
                        user,
                        added,
                        removed_at,
                        user if removed_at else None,
                    )
                )
                shown = f"{year} · {kinds[kind]} · {label}"
                changes.append((rid, revision, "evidence", "", shown, user, added))
                if removed_at:
                    changes.append((rid, revision, "evidence", shown, "", user, removed_at))
                else:
                    count[year] += 1
            counters.append((count[years[0]], count[years[-1]], rid))
        with transaction.atomic():
            n_evidence += insert_rows(
                Evidence,
                [
                    "response",
                    "file",
                    "url",
                    "title",
                    "data_year",
                    "kind",
                    "added_by",
                    "added_at",
                    "removed_at",
                    "removed_by",
                ],
                rows,
            )
            update_rows(Response, ["evidence_prev", "evidence_curr"], counters)
            n_changes += insert_rows(
                ResponseChange,
                ["response", "revision", "field", "old", "new", "changed_by", "changed_at"],
                changes,
            )
    return f"files +{len(new_files):,}, evidence +{n_evidence:,}, history +{n_changes:,}"


def level_odf(ctx: Ctx) -> str:
    """Every village of every registered regency gets its ODF status. The regency's ODF share
    follows its maturity (some regencies are 100% ODF, the weakest around 40-60%); ODF villages
    carry a verification date between 2017 and last month."""
    from django.db import transaction
    from django.utils import timezone

    from wistara.assessments.models import Registration, VillageOdf
    from wistara.regions.models import Village

    cycle = the_cycle()
    done = set(
        VillageOdf.objects.filter(registration__cycle=cycle)
        .values_list("registration_id", flat=True)
        .distinct()
    )
    todo = [
        (rid, regency_id)
        for rid, regency_id in Registration.objects.filter(cycle=cycle)
        .order_by("regency__code")
        .values_list("id", "regency_id")
        if rid not in done
    ]
    if not todo:
        return "already set"
    villages: dict[int, list[int]] = {}
    for village_id, regency_id in Village.objects.order_by("code").values_list("id", "district__regency_id"):
        villages.setdefault(regency_id, []).append(village_id)
    codes, users = regency_codes(), user_ids(ctx)
    now = timezone.now()
    first, last = dt.date(2017, 1, 1), timezone.localdate() - dt.timedelta(days=30)
    span = (last - first).days
    n_rows = n_odf = 0
    for chunk in chunks(todo, REGENCY_CHUNK * 2):
        rows = []
        for rid, regency_id in chunk:
            code = codes[regency_id]
            rng = random.Random(f"odf:{code}")
            m = maturity(code)
            share = (
                1.0 if rng.random() < 0.05 + 0.25 * m else min(0.99, max(0.1, rng.gauss(0.3 + 0.6 * m, 0.12)))
            )
            user = users.get(common.coordinator(code))
            for village_id in villages.get(regency_id, []):
                is_odf = rng.random() < share
                verified = first + dt.timedelta(days=rng.randrange(span)) if is_odf else None
                rows.append(
                    (rid, village_id, is_odf, verified, user, now - dt.timedelta(days=rng.uniform(1, 60)))
                )
                n_odf += is_odf
        with transaction.atomic():
            n_rows += insert_rows(
                VillageOdf,
                ["registration", "village", "is_odf", "verified_on", "updated_by", "updated_at"],
                rows,
            )
    return f"villages +{n_rows:,}, of which ODF {n_odf:,} ({100 * n_odf / max(1, n_rows):.0f}%)"


def level_totals(ctx: Ctx) -> str:
    """The per-registration, per-section totals the dashboard reads: the application keeps them
    on every write, the generator's bulk writes do not, so they are recounted here (always: it is
    a second and makes a re-run after any bulk write right)."""
    from django.db import transaction

    from wistara.assessments.models import Registration
    from wistara.assessments.services.totals import totals_recount

    with transaction.atomic():
        rows = totals_recount(registrations=Registration.objects.all())
    return f"{rows:,} rows recounted"


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
    ("cycle", level_cycle),
    ("registrations", level_registrations),
    ("answers", level_answers),
    ("evidence", level_evidence),
    ("odf", level_odf),
    ("totals", level_totals),  # after every level that writes answers, evidence or points
    ("statistics", level_statistics),  # keep last: after every level that writes
]


# --- Driver -----------------------------------------------------------------------------------


def fresh(db: Path) -> None:
    """Start from nothing: delete the SQLite file, or flush PostgreSQL (before/after setup).

    The dataset's evidence folder goes too (see common.media_root).
    """
    shutil.rmtree(common.media_root(db), ignore_errors=True)
    if os.environ.get("DATABASE_URL"):
        return  # flushed after django.setup(), see main()
    for suffix in ("", "-wal", "-shm", "-journal", "-writers"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def dataset_counts() -> dict[str, int]:
    """The dataset's size, printed here and written into docs/benchmarks.md by run.py."""
    from wistara.accounts.models import Office, RoleAssignment, User
    from wistara.assessments.models import Cycle, Registration, Response, ResponseChange, VillageOdf
    from wistara.evidence.models import Evidence, EvidenceFile
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
        "cycles": Cycle.objects.count(),
        "registrations": Registration.objects.count(),
        "responses": Response.objects.count(),
        "answered (option chosen)": Response.objects.filter(option__isnull=False).count(),
        "history rows": ResponseChange.objects.count(),
        "evidence files": EvidenceFile.objects.count(),
        "evidence": Evidence.objects.count(),
        "village ODF rows": VillageOdf.objects.count(),
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
    print(
        f"Done in {time.perf_counter() - started:.1f} s. Every bench user's password: {common.BENCH_PASSWORD}"
    )


if __name__ == "__main__":
    main()
