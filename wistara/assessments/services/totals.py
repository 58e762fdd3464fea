"""The per-registration, per-section totals (models.SectionTotal): the one writer.

Every write that changes what a total counts calls `totals_add` in its own transaction, with
the item's contribution before and after (both read under the item's lock), so that the totals
move by exactly the write's difference. A registration's rows are created by `totals_recount`
when it registers (and by the rebuild command). A write that finds no row for its section
recounts that registration instead of guessing: the totals never drift from a recount.
"""

from collections.abc import Iterable

from django.db.models import Count, F, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from wistara.instruments.models import Indicator

from ..models import COMPLETE, Registration, Response, SectionTotal

# What one item adds to its section's total, besides the item itself and its maximum.
DELTA_COLUMNS = (
    "answered",
    "complete",
    "points",
    "provincial_points",
    "national_points",
    "latest_points",
    "provincial_scored",
    "national_scored",
)
COLUMNS = ("items", "max_points", *DELTA_COLUMNS)


def contribution(response: Response) -> tuple[int, ...]:
    """The item's part of DELTA_COLUMNS, from its fields as they are on the object."""
    levels = (response.national_points, response.provincial_points, response.points)
    latest = next((p for p in levels if p is not None), None)
    return (
        int(response.option_id is not None),
        int(response.is_complete),
        response.points or 0,
        response.provincial_points or 0,
        response.national_points or 0,
        latest or 0,
        int(response.provincial_points is not None),
        int(response.national_points is not None),
    )


def totals_add(*, response: Response, before: tuple[int, ...], after: tuple[int, ...]) -> None:
    """Move the total of the item's section by after - before (contributions), in the caller's
    transaction, after writing the item; the caller holds the item's lock."""
    changes = {
        name: F(name) + (new - old)
        for name, old, new in zip(DELTA_COLUMNS, before, after, strict=True)
        if new != old
    }
    if not changes:
        return
    section: int | Subquery
    if "indicator" in response._state.fields_cache:
        section = response.indicator.section_id
    else:
        section = Subquery(Indicator.objects.filter(pk=response.indicator_id).values("section_id"))
    rows = SectionTotal.objects.filter(registration_id=response.registration_id, section_id=section)
    if not rows.update(**changes):
        # No row yet (a registration from before the totals existed): count it all, this write
        # included, rather than adding to nothing.
        totals_recount(registrations=[response.registration_id])


def recount(responses: QuerySet[Response]) -> Iterable[tuple[int, int, tuple[int, ...]]]:
    """(registration id, section id, the COLUMNS) per registration and section of `responses`,
    counted from the items themselves: what the totals must always equal."""
    # Named t_*: an annotation may not take a field's name (points...).
    rows = (
        responses.order_by()
        .values_list("registration_id", "indicator__section_id")
        .annotate(
            t_items=Count("id"),
            t_max_points=Sum("indicator__max_points"),
            t_answered=Count("option_id"),
            t_complete=Count("id", filter=COMPLETE),
            t_points=Sum("points"),
            t_provincial_points=Sum("provincial_points"),
            t_national_points=Sum("national_points"),
            t_latest_points=Sum(Coalesce("national_points", "provincial_points", "points")),
            t_provincial_scored=Count("provincial_points"),
            t_national_scored=Count("national_points"),
        )
    )
    for registration_id, section_id, *values in rows:
        yield registration_id, section_id, tuple(v or 0 for v in values)


def totals_recount(*, registrations: Iterable[int | Registration] | QuerySet[Registration]) -> int:
    """Replace the totals of these registrations by a recount of their items; returns the number
    of rows written. Call it in a transaction (the rows are deleted, then written)."""
    ids: QuerySet[Registration, int] | list[int]
    if isinstance(registrations, QuerySet):
        ids = registrations.values_list("id", flat=True)
    else:
        ids = [r.pk if isinstance(r, Registration) else r for r in registrations]
    SectionTotal.objects.filter(registration_id__in=ids).delete()
    rows = [
        SectionTotal(
            registration_id=registration_id, section_id=section_id, **dict(zip(COLUMNS, values, strict=True))
        )
        for registration_id, section_id, values in recount(Response.objects.filter(registration_id__in=ids))
    ]
    SectionTotal.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
