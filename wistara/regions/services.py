"""The one way in for writes to the region tables: the loader of the official list.

A file with a bad row (a missing column, a malformed or repeated code, an empty name, a parent
that is not in the list, a code outside its parent's) is refused whole: the load is one
transaction, and it raises `Invalid` naming the file and line of each problem (issue 15).
"""

import csv
import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from wistara.common.errors import Invalid

from .models import District, Province, Regency, Village

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 2000
# Kemendagri codes: 11, 11.01, 11.01.01, 11.01.01.2001.
CODE = {
    "provinces": re.compile(r"\d{2}"),
    "regencies": re.compile(r"\d{2}\.\d{2}"),
    "districts": re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    "villages": re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}
PARENT = {"regencies": "province_code", "districts": "regency_code", "villages": "district_code"}
MAX_PROBLEMS = 20  # enough to see what is wrong with a file, not a screenful per bad line


@dataclass
class LevelResult:
    created: int = 0
    updated: int = 0
    total: int = 0


def _rows(data_dir: Path, name: str) -> Iterator[dict[str, str]]:
    plain, packed = data_dir / f"{name}.csv", data_dir / f"{name}.csv.gz"
    opener = gzip.open if packed.exists() else open
    with opener(packed if packed.exists() else plain, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _checked(data_dir: Path, name: str, parents: dict[str, int] | None = None) -> list[dict[str, str]]:
    """The file's rows, or Invalid listing its problems by line (the header is line 1)."""
    parent = PARENT.get(name)
    columns = {"code", "name", *([parent] if parent else [])}
    rows, problems, seen = [], [], set()
    for line, row in enumerate(_rows(data_dir, name), start=2):
        missing = sorted(c for c in columns if not (row.get(c) or "").strip())
        code = (row.get("code") or "").strip()
        if missing:
            problems.append(
                _("%(file)s line %(line)s: no %(columns)s.")
                % {"file": name, "line": line, "columns": ", ".join(missing)}
            )
        elif not CODE[name].fullmatch(code):
            problems.append(
                _("%(file)s line %(line)s: “%(code)s” is not a code of this level.")
                % {"file": name, "line": line, "code": code}
            )
        elif code in seen:
            problems.append(
                _("%(file)s line %(line)s: the code %(code)s appears twice.")
                % {"file": name, "line": line, "code": code}
            )
        elif parent and (row[parent] not in (parents or {}) or not code.startswith(row[parent] + ".")):
            problems.append(
                _("%(file)s line %(line)s: %(code)s does not belong to a known %(parent)s (%(given)s).")
                % {"file": name, "line": line, "code": code, "parent": parent, "given": row[parent]}
            )
        seen.add(code)
        rows.append({k: (v or "").strip() for k, v in row.items() if k})
    if not rows and not problems:
        problems.append(_("%(file)s holds no rows.") % {"file": name})
    if problems:
        raise Invalid(
            [
                *problems[:MAX_PROBLEMS],
                *(
                    [_("... and %(n)s more.") % {"n": len(problems) - MAX_PROBLEMS}]
                    if len(problems) > MAX_PROBLEMS
                    else []
                ),
            ]
        )
    return rows


def regency_kind(name: str) -> str:
    return Regency.Kind.KOTA if name.upper().startswith("KOTA ") else Regency.Kind.KABUPATEN


def village_kind(code: str) -> str:
    # Kemendagri numbers kelurahan 1xxx, desa 2xxx; Papua's desa adat (3xxx) are desa.
    return Village.Kind.KELURAHAN if code.rsplit(".", 1)[-1].startswith("1") else Village.Kind.DESA


def _sync(model, wanted: dict[str, dict]) -> LevelResult:
    """Create missing rows and update changed ones, comparing in memory to stay fast."""
    fields = sorted({key for values in wanted.values() for key in values})
    existing = {row["code"]: row for row in model.objects.values("id", "code", *fields)}
    to_create, to_update = [], []
    for code, values in wanted.items():
        row = existing.get(code)
        if row is None:
            to_create.append(model(code=code, **values))
        elif any(row[f] != v for f, v in values.items()):
            to_update.append(model(id=row["id"], code=code, **values))
    model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=BATCH)
    return LevelResult(len(to_create), len(to_update), model.objects.count())


def _ids(model) -> dict[str, int]:
    return dict(model.objects.values_list("code", "id"))


@transaction.atomic
def regions_load(*, data_dir: Path = DATA_DIR) -> dict[str, LevelResult]:
    """Load the official region list; idempotent, a second run writes nothing; a bad file is
    refused whole (Invalid), nothing of the load kept."""
    results = {}
    results["provinces"] = _sync(
        Province, {r["code"]: {"name": r["name"]} for r in _checked(data_dir, "provinces")}
    )
    ids = _ids(Province)
    results["regencies"] = _sync(
        Regency,
        {
            r["code"]: {
                "name": r["name"],
                "kind": regency_kind(r["name"]),
                "province_id": ids[r["province_code"]],
            }
            for r in _checked(data_dir, "regencies", ids)
        },
    )
    ids = _ids(Regency)
    results["districts"] = _sync(
        District,
        {
            r["code"]: {"name": r["name"], "regency_id": ids[r["regency_code"]]}
            for r in _checked(data_dir, "districts", ids)
        },
    )
    ids = _ids(District)
    results["villages"] = _sync(
        Village,
        {
            r["code"]: {
                "name": r["name"],
                "kind": village_kind(r["code"]),
                "district_id": ids[r["district_code"]],
            }
            for r in _checked(data_dir, "villages", ids)
        },
    )
    _refresh_statistics()
    return results


def _refresh_statistics() -> None:
    # A bulk load leaves PostgreSQL's planner without statistics: it would then scan all 83,763
    # villages for one regency's counts. SQLite's planner needs no such step here.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Province, Regency, District, Village):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
