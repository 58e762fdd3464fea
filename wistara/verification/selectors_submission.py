"""What a submission reads: what stops it, which items are incomplete, the snapshot of every item
as submitted, the next submission's number (moved out of the services, issue 15: reads only)."""

from collections.abc import Callable

from wistara.assessments.models import Registration, Response
from wistara.assessments.stages import READY

# Conditions that apps above this one require before a regency submits (the dossier's general
# data, for one): each returns a message when unmet, None when met. Apps add theirs at start-up.
SUBMISSION_GATES: list[Callable[[Registration], str | None]] = []


def submission_blockers(registration: Registration) -> list[str]:
    """What stops the regency from submitting, in words for its coordinator."""
    return [message for gate in SUBMISSION_GATES if (message := gate(registration))]


def snapshot(registration: Registration) -> list[dict]:
    """Every item as submitted: values, option, status and its active evidence."""
    rows = (
        registration.responses.select_related("indicator", "office", "option")
        .prefetch_related("evidence__file")
        .order_by("indicator__section__order", "indicator__order")
    )
    return [snapshot_item(r) for r in rows]


def snapshot_item(response: Response) -> dict:
    """One item as the snapshot holds it (evidence prefetched with its files)."""
    return {
        "response": response.id,
        "code": response.indicator.code,
        "office": response.office.short_name if response.office else None,
        "value_prev": str(response.value_prev) if response.value_prev is not None else None,
        "value_curr": str(response.value_curr) if response.value_curr is not None else None,
        "unit": response.unit,
        "note_prev": response.note_prev,
        "note_curr": response.note_curr,
        "option": response.option_id,
        "points": response.points,
        "explanation": response.explanation,
        "status": response.status,
        "revision": response.revision,
        "evidence": [
            {
                "id": e.id,
                "year": e.data_year,
                "title": e.title,
                "url": e.url,
                "sha256": e.file.sha256 if e.file else None,
            }
            for e in response.evidence.all()
            if e.removed_at is None
        ],
    }


def incomplete_items(registration: Registration) -> list[str]:
    qs = registration.responses.exclude(READY)
    return list(
        qs.order_by("indicator__section__order", "indicator__order").values_list("indicator__code", flat=True)
    )


def next_number(registration: Registration) -> int:
    return registration.submissions.count() + 1
