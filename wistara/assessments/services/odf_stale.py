"""An ODF file made from an old template must not silently undo newer changes (issue 10).

The template Wistara hands out carries the moment it was downloaded (odf_file.template_stamp).
When such a file comes back, every village whose status was changed in Wistara after that moment
and that the file would set to something else is a conflict: the importer is shown each one
(what Wistara holds now, who changed it and when, what the file says) and chooses to overwrite
them too or to keep them and import the rest. A file without the stamp (made elsewhere) cannot
be compared and imports as before.

The checked rows wait in the session between the two steps (pending_* below); the choice is
applied under the registration's lock, after the conflicts are computed again: if another change
arrived in between, the importer is asked again rather than overwriting what it never saw.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from wistara.accounts.models import User

from ..models import Registration, VillageOdf
from .odf import OdfImportResult, _lock, _refuse_if_locked, _Row, _write, check_odf_rows


@dataclass(frozen=True)
class OdfConflict:
    village_id: int
    code: str
    name: str
    district: str
    is_odf: bool  # what Wistara holds now
    verified_on: date | None
    changed_at: datetime
    changed_by: str
    file_is_odf: bool  # what the file would write
    file_verified_on: date | None


def odf_conflicts(registration: Registration, rows: list[_Row], since: datetime | None) -> list[OdfConflict]:
    """The villages changed after `since` that the rows would change again (in one query)."""
    if since is None:
        return []
    by_village = {row.village_id: row for row in rows}
    newer = (
        VillageOdf.objects.filter(
            registration=registration, updated_at__gt=since, village_id__in=list(by_village)
        )
        .select_related("village__district", "updated_by")
        .order_by("village__code")
    )
    conflicts = []
    for state in newer:
        row = by_village[state.village_id]
        if (state.is_odf, state.verified_on) == (row.is_odf, row.verified_on):
            continue  # the file agrees with the newer change: nothing would be undone
        conflicts.append(
            OdfConflict(
                village_id=state.village_id,
                code=state.village.code,
                name=state.village.name,
                district=state.village.district.name,
                is_odf=state.is_odf,
                verified_on=state.verified_on,
                changed_at=state.updated_at,
                changed_by=state.updated_by.get_full_name() if state.updated_by else "",
                file_is_odf=row.is_odf,
                file_verified_on=row.verified_on,
            )
        )
    return conflicts


def odf_check_file(registration: Registration, table) -> tuple[list[_Row], list[OdfConflict]]:
    """The file's checked rows (OdfImportError if any is wrong) and its conflicts."""
    _refuse_if_locked(registration)
    rows = check_odf_rows(registration, table)
    return rows, odf_conflicts(registration, rows, table.downloaded_at)


def odf_apply(
    *,
    registration: Registration,
    rows: list[_Row],
    since: datetime | None,
    shown: set[int],
    overwrite: bool,
    user: User | None,
) -> OdfImportResult | list[OdfConflict]:
    """Write the rows, overwriting the newer changes or keeping them (`overwrite`). If conflicts
    other than the `shown` ones appeared meanwhile, nothing is written and they are returned."""
    _refuse_if_locked(registration)
    with transaction.atomic():
        locked = _lock(registration)
        conflicts = odf_conflicts(locked, rows, since)
        if {c.village_id for c in conflicts} - shown:
            return conflicts
        keep = set() if overwrite else {c.village_id for c in conflicts}
        return _write(locked, [r for r in rows if r.village_id not in keep], user)


# --- The rows waiting in the session between the check and the choice -----------------------------


def pending_dump(rows: list[_Row], since: datetime | None, shown: list[OdfConflict]) -> dict:
    return {
        "since": since.isoformat() if since else None,
        "shown": [c.village_id for c in shown],
        "rows": [
            [r.number, r.village_id, r.is_odf, r.verified_on.isoformat() if r.verified_on else None]
            for r in rows
        ],
    }


def pending_load(data: dict) -> tuple[list[_Row], datetime | None, set[int]]:
    rows = [
        _Row(number, village_id, is_odf, date.fromisoformat(day) if day else None)
        for number, village_id, is_odf, day in data["rows"]
    ]
    since = datetime.fromisoformat(data["since"]) if data.get("since") else None
    return rows, since, set(data.get("shown", []))
