"""What changed on a returned item between the round that returned it and now.

The "before" side is the submission the returning round reviewed (its frozen snapshot). The
"after" side is the resubmission's snapshot once the regency has sent the items back, or the live
item while the office is still fixing it, so that a later round never shows in an earlier one.
Who changed a field, and when, comes from the item's history (ResponseChange) within the
correction window; who added or removed a file comes from the attachment's own stamps. Every read
here is a fixed number of queries, however many items changed.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.forms import year_labels
from wistara.assessments.models import Registration, Response, ResponseChange
from wistara.evidence.models import Evidence

from .models import CorrectionRound, Review, Submission
from .selectors_submission import snapshot_item

FIELDS = ("value_prev", "value_curr", "unit", "note_prev", "note_curr", "explanation", "option")
# The workflow's own moves (returned, resubmitted) are history too, but not the office's work.
WORKFLOW_FIELDS = ("status",)


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    changed_by: User | None = None
    changed_at: datetime | None = None

    @property
    def old_value(self) -> Decimal | str:
        """For the page: achievements as numbers, so that they are shown the reader's way."""
        return self._typed(self.old)

    @property
    def new_value(self) -> Decimal | str:
        return self._typed(self.new)

    def _typed(self, text: str) -> Decimal | str:
        return Decimal(text) if text and self.field in ("value_prev", "value_curr") else text


@dataclass
class EvidenceChange:
    added: bool
    evidence_id: int
    data_year: int
    title: str
    name: str  # the file's name, or the link
    is_link: bool = False
    by: User | None = None
    at: datetime | None = None

    @property
    def name_differs(self) -> bool:
        """Whether the file's name says more than the title (uploads are titled by their name)."""
        return self.is_link or self.name.rsplit(".", 1)[0] != self.title


@dataclass
class ItemChanges:
    """One returned item: the reviewer's note of that round beside what the office changed."""

    response: Response
    round: int
    returned_at: datetime
    resubmitted_at: datetime | None
    review: Review | None
    fields: list[FieldChange] = field(default_factory=list)
    evidence: list[EvidenceChange] = field(default_factory=list)
    edits: int = 0  # history rows in the window, edits undone again included

    @property
    def changed(self) -> bool:
        return bool(self.fields or self.evidence)


def last_return(registration: Registration, level: str) -> CorrectionRound | None:
    """The level's latest return for correction: what "the last round" refers to."""
    return registration.corrections.filter(level=level).order_by("-number").first()


def _returned_reviews(correction: CorrectionRound):
    return Review.objects.filter(
        response__registration_id=correction.registration_id,
        level=correction.level,
        round=correction.number,
        verdict=Review.Verdict.NEEDS_CORRECTION,
    )


def _window(correction: CorrectionRound) -> Q:
    window = Q(changed_at__gte=correction.returned_at)
    if correction.resubmitted_at:
        window &= Q(changed_at__lte=correction.resubmitted_at)
    return window


def _history(correction: CorrectionRound):
    """The office's edits of the returned items while they were out for correction."""
    returned = _returned_reviews(correction).values("response_id")
    return ResponseChange.objects.filter(_window(correction), response_id__in=returned).exclude(
        field__in=WORKFLOW_FIELDS
    )


def change_counts(correction: CorrectionRound | None) -> dict[int, int]:
    """Edits per returned item since the return, by response id: one aggregate query."""
    if correction is None:
        return {}
    rows = _history(correction).order_by().values("response_id").annotate(n=Count("id"))
    return {row["response_id"]: row["n"] for row in rows}


def item_changes(
    registration: Registration,
    level: str,
    *,
    correction: CorrectionRound | None = None,
    response_ids: list[int] | None = None,
) -> dict[int, ItemChanges]:
    """The items returned in the level's last round (or those of `response_ids` among them),
    each with its before/after differences, by response id."""
    correction = correction or last_return(registration, level)
    if correction is None:
        return {}
    reviews = _returned_reviews(correction).select_related("reviewer")
    if response_ids is not None:
        reviews = reviews.filter(response_id__in=response_ids)
    reviews = {r.response_id: r for r in reviews}
    if not reviews:
        return {}
    responses = _responses(registration, list(reviews))
    before = _snapshot_before(registration, correction)
    after = _snapshot_after(registration, correction, responses)
    history = _history(correction).filter(response_id__in=list(reviews)).select_related("changed_by")
    edits: dict[int, list[ResponseChange]] = {}
    for change in history.order_by("changed_at", "id"):
        edits.setdefault(change.response_id, []).append(change)
    attachments = _attachments(before, after, reviews)
    labels = _labels(registration)
    items = {}
    for response in responses:
        old, new = before.get(response.id), after.get(response.id)
        item = ItemChanges(
            response,
            correction.number,
            correction.returned_at,
            correction.resubmitted_at,
            reviews[response.id],
            edits=len(edits.get(response.id, [])),
        )
        if old and new:
            item.fields = _field_changes(response, old, new, edits.get(response.id, []), labels)
            item.evidence = _evidence_changes(old, new, attachments)
        items[response.id] = item
    return items


def _responses(registration: Registration, ids: list[int]) -> list[Response]:
    return list(
        registration.responses.filter(id__in=ids)
        .select_related("indicator__section", "office")
        .prefetch_related("indicator__options", "evidence__file")
        .order_by("indicator__section__order", "indicator__order")
    )


def _by_response(submission: Submission | None) -> dict[int, dict]:
    return {item["response"]: item for item in submission.snapshot} if submission else {}


def _snapshot_before(registration: Registration, correction: CorrectionRound) -> dict[int, dict]:
    reviewed = (
        registration.submissions.filter(submitted_at__lte=correction.returned_at).order_by("-number").first()
    )
    return _by_response(reviewed)


def _snapshot_after(
    registration: Registration, correction: CorrectionRound, responses: list[Response]
) -> dict[int, dict]:
    if correction.resubmitted_at is None:  # still with the office: the item as it is now
        return {r.id: snapshot_item(r) for r in responses}
    resubmitted = (
        registration.submissions.filter(submitted_at__gte=correction.resubmitted_at)
        .order_by("number")
        .first()
    )
    return _by_response(resubmitted)


def _labels(registration: Registration) -> dict[str, str]:
    years = [str(y) for y in registration.cycle.data_years] or ["", ""]
    return {
        **year_labels(years),
        "unit": _("Unit"),
        "explanation": _("Office's explanation"),
        "option": _("Option"),
    }


def _display(response: Response, name: str, item: dict) -> str:
    value = item.get(name)
    if value in (None, ""):
        return ""
    if name in ("value_prev", "value_curr"):
        return f"{Decimal(value).normalize():f}"
    if name == "option":
        option = next((o for o in response.indicator.options.all() if o.id == value), None)
        return f"{option.points} · {option.description}" if option else str(item.get("points"))
    return str(value)


def _field_changes(
    response: Response, old: dict, new: dict, edits: list[ResponseChange], labels: dict[str, str]
) -> list[FieldChange]:
    changes = []
    for name in FIELDS:
        before, after = _display(response, name, old), _display(response, name, new)
        if before == after:
            continue
        last = next((e for e in reversed(edits) if e.field == name), None)
        changes.append(
            FieldChange(
                name,
                labels[name],
                before,
                after,
                last.changed_by if last else None,
                last.changed_at if last else None,
            )
        )
    return changes


def _attachments(before: dict, after: dict, reviews: dict) -> dict[int, Evidence]:
    """The attachments added or removed on the returned items, with their files and stamps."""
    ids = set()
    for response_id in reviews:
        old = {e["id"] for e in before.get(response_id, {}).get("evidence", [])}
        new = {e["id"] for e in after.get(response_id, {}).get("evidence", [])}
        ids |= old ^ new
    if not ids:
        return {}
    rows = Evidence.objects.filter(id__in=ids).select_related("file", "added_by", "removed_by")
    return {e.id: e for e in rows}


def _evidence_changes(old: dict, new: dict, attachments: dict[int, Evidence]) -> list[EvidenceChange]:
    before = {e["id"] for e in old.get("evidence", [])}
    after = {e["id"] for e in new.get("evidence", [])}
    changes = []
    for added, ids in ((True, after - before), (False, before - after)):
        for evidence in (attachments[i] for i in ids if i in attachments):
            name = evidence.file.original_name if evidence.file else evidence.url
            by, at = (
                (evidence.added_by, evidence.added_at)
                if added
                else (evidence.removed_by, evidence.removed_at)
            )
            changes.append(
                EvidenceChange(
                    added,
                    evidence.id,
                    evidence.data_year,
                    evidence.title,
                    name,
                    evidence.file_id is None,
                    by,
                    at,
                )
            )
    return sorted(changes, key=lambda c: (c.data_year, not c.added, c.title))
