"""Reads for the review screen: the filtered queue of a regency's items, one item with all a
verifier needs to judge it, and the library of common notes.

The queue is the item codes, offices and standings only (item_states: four queries); the panel
reads one item with its options, every level's reviews, its evidence and what changed since the
last return. Both are a fixed number of queries whatever the regency's size.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wistara.assessments.forms import year_labels
from wistara.assessments.models import Registration, Response

from .models import CommonNote, Level, Review
from .selectors_rounds import ItemChanges, item_changes, last_return
from .selectors_scope import (
    NEEDS_CORRECTION,
    RETURNED,
    UNREVIEWED,
    ItemState,
    item_states,
    last_answer_changes,
)

# The programme's common notes; a province adds its own (CommonNote). Keys insert them.
BUILTIN_NOTES = (
    gettext_lazy("The file cannot be read (blurred, cut off or corrupt); upload it again."),
    gettext_lazy("The data are not of the requested year; attach the report of the right year."),
    gettext_lazy("The document is not signed by the head of office; attach the signed version."),
    gettext_lazy("This evidence belongs to another indicator; attach the evidence of this one."),
    gettext_lazy("The evidence of one of the two years is missing."),
)
NOTE_KEYS = "qwertyuiop"
FILTERS = {
    "todo": gettext_lazy("Not reviewed"),
    "changed": gettext_lazy("Changed since the last round"),
    "correction": gettext_lazy("Needs correction"),
}


@dataclass
class QueueItem:
    id: int
    code: str
    section: str
    office_id: int | None
    office: str
    state: ItemState


@dataclass
class Queue:
    items: list[QueueItem]  # after the filters, in instrument order
    total: int  # every item of the regency
    reviewed: int  # items the level has nothing left to do on in this round
    query: str  # the filters, to keep them in links and after a save
    chosen: dict = field(default_factory=dict)
    states: dict = field(default_factory=dict)  # every item's standing (not only those shown)

    def neighbours(self, response_id: int) -> tuple[int | None, int | None]:
        ids = [i.id for i in self.items]
        if response_id not in ids:
            return None, (ids[0] if ids else None)
        at = ids.index(response_id)
        return (ids[at - 1] if at else None), (ids[at + 1] if at + 1 < len(ids) else None)

    def after(self, response_id: int, order: list[int]) -> int | None:
        """The next item in the queue after `response_id` (which may have left the filter)."""
        shown = {i.id for i in self.items}
        start = order.index(response_id) + 1 if response_id in order else 0
        for candidate in order[start:] + order[:start]:
            if candidate in shown and candidate != response_id:
                return candidate
        return None


def filters_from(params: QueryDict) -> dict:
    chosen = {key: params.get(key, "").strip() for key in ("f", "tatanan", "opd", "sejak")}
    return {k: v for k, v in chosen.items() if v}


def build_queue(
    registration: Registration, level: str, chosen: dict, visible: set[int] | None = None
) -> tuple[Queue, list[int]]:
    """The regency's items at the level through the chosen filters, and every item's id in
    order. `visible` keeps an office operator to its office's items."""
    states = item_states(registration, level)
    rows = registration.responses.order_by("indicator__section__order", "indicator__order").values_list(
        "id", "indicator__code", "indicator__section__code", "office_id", "office__short_name"
    )
    since = _changed_since(registration, level, chosen.get("sejak"))
    everything, shown = [], []
    for id_, code, section, office_id, office in rows:
        if visible is not None and id_ not in visible:
            continue
        item = QueueItem(id_, code, section, office_id, office or "—", states[id_])
        everything.append(item)
        if _keep(item, chosen, since):
            shown.append(item)
    reviewed = sum(1 for i in everything if i.state.reason not in UNREVIEWED)
    return (
        Queue(shown, len(everything), reviewed, urlencode(chosen), chosen, states),
        [i.id for i in everything],
    )


def _changed_since(registration: Registration, level: str, number: str | None) -> set[int] | None:
    """Items the office changed after round `number` of the level returned items."""
    if not number or not number.isdigit():
        return None
    correction = registration.corrections.filter(level=level, number=int(number)).first()
    if correction is None:
        return set()
    return {rid for rid, at in last_answer_changes(registration).items() if at > correction.returned_at}


def _keep(item: QueueItem, chosen: dict, since: set[int] | None) -> bool:
    reason = item.state.reason
    which = chosen.get("f")
    if which == "todo" and reason not in UNREVIEWED:
        return False
    if which == "changed" and reason not in (RETURNED, "changed"):
        return False
    if which == "correction" and reason not in (NEEDS_CORRECTION, RETURNED):
        return False
    if chosen.get("tatanan") and item.section != chosen["tatanan"]:
        return False
    if chosen.get("opd") and str(item.office_id) != chosen["opd"]:
        return False
    return since is None or item.id in since


@dataclass
class Panel:
    """One item on the review screen."""

    response: Response
    state: ItemState
    labels: dict
    options: list
    reviews: list[Review]  # every level's, oldest first
    current: Review | None  # this level's review in this round
    province: Review | None  # the province's latest (what the nation builds on)
    chosen_option: int | None  # preselected: this round's, else the province's, else the regency's
    evidence: dict  # data year -> active evidence
    since: ItemChanges | None
    notes: list[tuple[str, str]]  # (key, text)


def panel(
    registration: Registration, level: str, response: Response, state: ItemState, current_round: int
) -> Panel:
    reviews = list(response.reviews.select_related("reviewer").order_by("reviewed_at"))
    current = next((r for r in reviews if r.level == level and r.round == current_round), None)
    province = next((r for r in reversed(reviews) if r.level == Level.PROVINCIAL), None)
    chosen = (
        current.option_id
        if current and current.option_id
        else province.option_id
        if level == Level.NATIONAL and province and province.option_id
        else response.option_id
    )
    years = [str(y) for y in registration.cycle.instrument.data_years] or ["", ""]
    evidence: dict = {}
    for item in response.evidence.all():
        if item.removed_at is None:
            evidence.setdefault(item.data_year, []).append(item)
    # What changed since the last return concerns only the items it returned; reading the
    # submissions' snapshots for any other item would cost the most of the panel for nothing.
    returned = [r for r in reviews if r.level == level and r.verdict == Review.Verdict.NEEDS_CORRECTION]
    correction = last_return(registration, level) if returned else None
    since = (
        item_changes(registration, level, correction=correction, response_ids=[response.id]).get(response.id)
        if correction and returned[-1].round == correction.number
        else None
    )
    return Panel(
        response,
        state,
        year_labels(years),
        list(response.indicator.options.all()),
        reviews,
        current,
        province,
        chosen,
        dict(sorted(evidence.items())),
        since,
        common_notes(registration),
    )


def panel_response(registration: Registration, response_id: int) -> Response | None:
    return (
        registration.responses.select_related("indicator__section", "office", "option")
        .prefetch_related("indicator__options", "evidence__file")
        .filter(id=response_id)
        .first()
    )


def common_notes(registration: Registration) -> list[tuple[str, str]]:
    texts = [str(t) for t in BUILTIN_NOTES] + list(
        CommonNote.objects.filter(province_id=registration.regency.province_id).values_list("text", flat=True)
    )
    return list(zip(NOTE_KEYS, texts, strict=False))


def filter_labels() -> dict:
    return {key: _(str(label)) for key, label in FILTERS.items()}
