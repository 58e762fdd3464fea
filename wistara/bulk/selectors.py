"""What the bulk pages read: the waiting items of a head's offices, a change's rows as people
read them, and what a pre-fill does to the kelembagaan score and the projected category."""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from wistara.accounts.access import scope_for
from wistara.accounts.models import User
from wistara.assessments import engine, stages
from wistara.assessments.models import Registration, Response
from wistara.assessments.selectors import registration_progress, rules_for
from wistara.evidence.models import Evidence

from .models import BulkChange
from .rules import validated_offices


def waiting_items(user: User, registration: Registration) -> list[Response]:
    """The complete, not yet validated items of the offices the user validates, with their files."""
    qs = registration.responses.filter(stages.WAITING_Q)
    offices = validated_offices(scope_for(user), registration.regency_id)
    if offices is not None:
        qs = qs.filter(office_id__in=offices)
    return list(
        qs.select_related("indicator__section", "office", "option")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(removed_at__isnull=True).order_by("data_year", "id"),
                to_attr="active_evidence",
            )
        )
        .order_by("office__short_name", "indicator__section__order", "indicator__order")
    )


@dataclass
class Cell:
    label: str
    old: str
    new: str


@dataclass
class RowView:
    index: int
    code: str
    name: str
    response_id: int
    cells: list[Cell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    lower: bool = False  # a pre-fill row that lowers the score: unticked until the person ticks it


def _status(code: str | None) -> str:
    return str(Response.Status(code).label) if code in Response.Status.values else "—"


def rows(change: BulkChange) -> list[RowView]:
    out = []
    for i, row in enumerate(change.rows):
        before, after = row["before"], row["after"]
        view = RowView(
            i,
            row["code"],
            row["name"],
            row["response"],
            notes=[_(n) for n in row.get("notes", [])],
            files=[f"{f[1]} · {f[3]}" for f in row.get("files", [])],
        )
        if "office" in after:
            view.cells.append(Cell(_("Office"), before["office_name"] or "—", after["office_name"] or "—"))
        if "option" in after:
            view.cells.append(
                Cell(
                    _("Score"),
                    "—" if before["points"] is None else str(before["points"]),
                    str(after["points"]),
                )
            )
            view.lower = before["points"] is not None and after["points"] < before["points"]
        if "explanation" in after:
            view.cells.append(Cell(_("Office's explanation"), "—", after["explanation"][:140]))
        if "status" in after:
            view.cells.append(Cell(_("Status"), _status(before["status"]), _status(after["status"])))
        out.append(view)
    return out


def skipped(change: BulkChange) -> list[str]:
    out = []
    for item in change.skipped:
        params = dict(item.get("params", {}))
        if "status" in params:
            params["status"] = _status(params["status"])
        out.append(f"{item['code']}: {_(item['reason']) % params}")
    return out


# --- The effect of a pre-fill on the award --------------------------------------------------------


def prefill_effect(registration: Registration, change_rows: list[dict]) -> dict:
    """Kelembagaan % and the projected category now and once the rows are applied (stored with the
    plan: the preview and the applied change show the same figures)."""
    progress = registration_progress(registration)
    delta = sum(
        row["after"]["points"] - (row["before"]["points"] or 0)
        for row in change_rows
        if "points" in row["after"]
    )
    kelembagaan = progress.kelembagaan
    points = sum(s.points for s in kelembagaan)
    maximum = sum(s.max_points for s in kelembagaan)
    # The facts the projection read, with only the kelembagaan changed (same rules, same ODF).
    # A registration with items always has facts (the projection read them above).
    assert progress.facts is not None
    facts = replace(progress.facts, kelembagaan=engine.SectionScore("K", "K", points + delta, maximum))
    after = engine.evaluate(rules_for(registration.cycle.instrument), facts)
    return {
        "kelembagaan_before": str(progress.award.kelembagaan),
        "kelembagaan_after": str(after.kelembagaan),
        "category_before": progress.award.reached.name if progress.award.reached else "",
        "category_after": after.reached.name if after.reached else "",
        "pass_mark": str(rules_for(registration.cycle.instrument).kelembagaan_pass_mark),
    }


def effect(change: BulkChange, key: str = "effect") -> dict | None:
    """The stored effect of the default selection ("effect") or of every row ("effect_all")."""
    found = change.params.get(key)
    if not found:
        return None
    return {
        **found,
        **{k: Decimal(found[k]) for k in ("kelembagaan_before", "kelembagaan_after", "pass_mark")},
        "lower": Decimal(found["kelembagaan_after"]) < Decimal(found["kelembagaan_before"]),
    }


def latest_applied(registration: Registration, kind: str) -> BulkChange | None:
    """The last applied change of a kind, still standing (its page offers the undo)."""
    return (
        BulkChange.objects.filter(registration=registration, kind=kind, state=BulkChange.State.APPLIED)
        .order_by("-applied_at", "-id")
        .first()
    )
