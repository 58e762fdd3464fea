"""Reads of the checks for pages and the API; callers pass objects already access-checked."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from wistara.assessments.models import Registration, Response
from wistara.evidence.models import Evidence

from . import findings as rules
from .models import Level, UseCheck

NEEDS_LOOK = (Level.WARNING, Level.PROBLEM)


@dataclass
class Shown:
    """One attachment's check as pages show it: the level, worded findings, and what was read."""

    level: str
    items: list[dict] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    checked_at: object = None

    @property
    def pending(self) -> bool:
        return self.level == Level.PENDING

    @property
    def unchecked(self) -> bool:
        """Attached before the checks existed (or its queue was lost): `manage.py evidence_check`."""
        return self.level == ""

    @property
    def label(self) -> str:
        return str(Level(self.level).label) if self.level else ""

    @property
    def counts(self) -> dict[str, int]:
        out = {"problem": 0, "warning": 0}
        for item in self.items:
            if item["level"] in out:
                out[item["level"]] += 1
        return out


def shown(use: UseCheck | None) -> Shown:
    if use is None:
        return Shown(level="")
    items = [{**item, "message": rules.message(item), "advice": rules.advice(item)} for item in use.findings]
    order = [Level.PROBLEM, Level.WARNING, Level.INFO, Level.OK]
    items.sort(key=lambda item: order.index(Level(item["level"])))
    return Shown(level=use.level, items=items, facts=use.summary, checked_at=use.checked_at)


def checks_for(response: Response, file_ids: set[int]) -> dict[int, Shown]:
    """file id -> its check on this response (one query)."""
    if not file_ids:
        return {}
    uses = {u.file_id: u for u in UseCheck.objects.filter(response=response, file_id__in=file_ids)}
    return {file_id: shown(uses.get(file_id)) for file_id in file_ids}


def attach_checks(response: Response, evidence: list[Evidence]) -> None:
    """Give each piece of file evidence its `file_check` (links have none). Not `check`, which
    would shadow Model.check (Django's system checks) on the instance."""
    checks = checks_for(response, {item.file_id for item in evidence if item.file_id})
    for item in evidence:
        item.file_check = checks.get(item.file_id) if item.file_id else None


def check_for_evidence(evidence: Evidence) -> Shown | None:
    if not evidence.file_id:
        return None
    return checks_for(evidence.response, {evidence.file_id})[evidence.file_id]


def response_findings(response: Response) -> list[tuple[Evidence, Shown]]:
    """Each active file of the response with its check, for the verifier's review screen."""
    return registration_findings(response.registration_id, [response.id]).get(response.id, [])


def registration_findings(
    registration_id: int,
    response_ids: list[int] | None = None,
) -> dict[int, list[tuple[Evidence, Shown]]]:
    """response id -> [(evidence, its check)] for a whole registration in two queries: a review
    screen of 150 items reads them once, not per item. A file tagged for both years is shown once."""
    evidence = Evidence.objects.filter(
        response__registration_id=registration_id, removed_at__isnull=True, file__isnull=False
    ).order_by("response_id", "data_year", "id")
    uses = UseCheck.objects.filter(response__registration_id=registration_id)
    if response_ids is not None:
        evidence = evidence.filter(response_id__in=response_ids)
        uses = uses.filter(response_id__in=response_ids)
    items = list(evidence.only("id", "response_id", "file_id", "title", "data_year"))
    by_use: dict[tuple[int, int | None], UseCheck] = {(u.response_id, u.file_id): u for u in uses}
    rows: dict[int, list[tuple[Evidence, Shown]]] = {}
    seen = set()
    for item in items:
        if (item.response_id, item.file_id) in seen:
            continue
        seen.add((item.response_id, item.file_id))
        check = shown(by_use.get((item.response_id, item.file_id)))
        rows.setdefault(item.response_id, []).append((item, check))
    return rows


@dataclass
class OfficeCount:
    office_id: int | None
    short_name: str
    files: int
    problems: int
    warnings: int
    pending: int


def counts_per_office(registration: Registration, responses: QuerySet[Response]) -> list[OfficeCount]:
    """Per office: files checked, files with a problem, files worth a look, files being checked."""
    rows = (
        UseCheck.objects.filter(response__in=responses, response__registration=registration)
        .values("response__office_id", "response__office__short_name")
        .order_by("response__office__short_name")
        .annotate(
            files=Count("id"),
            problems=Count("id", filter=Q(level=Level.PROBLEM)),
            warnings=Count("id", filter=Q(level=Level.WARNING)),
            pending=Count("id", filter=Q(level=Level.PENDING)),
        )
    )
    found = [
        OfficeCount(
            r["response__office_id"],
            r["response__office__short_name"] or "—",
            r["files"],
            r["problems"],
            r["warnings"],
            r["pending"],
        )
        for r in rows
    ]
    return sorted(found, key=lambda c: (-c.problems, -c.warnings, c.short_name))


def files_needing_a_look(responses: QuerySet[Response], office_id: int | None = None) -> list[dict]:
    """The attachments with a problem or a warning, worst first, with their findings worded."""
    uses = UseCheck.objects.filter(response__in=responses, level__in=NEEDS_LOOK).select_related(
        "file", "response__indicator", "response__office"
    )
    if office_id:
        uses = uses.filter(response__office_id=office_id)
    rows = [{"use": use, "response": use.response, "file": use.file, "shown": shown(use)} for use in uses]
    order = [Level.PROBLEM, Level.WARNING]
    return sorted(rows, key=lambda r: (order.index(Level(r["use"].level)), r["response"].indicator.code))


def flagged_per_response(registration_id: int) -> dict[int, dict[str, int]]:
    """response id -> {"problem": n, "warning": n} files, for a list of items (one query)."""
    rows = (
        UseCheck.objects.filter(response__registration_id=registration_id, level__in=NEEDS_LOOK)
        .values("response_id", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row["response_id"], {"problem": 0, "warning": 0})[row["level"]] = row["n"]
    return out
