"""An item's history as people read it: field names, statuses and evidence kinds in the reader's
language, whatever language the writer used.

Writers store codes and English msgids (services.status, evidence.services); lines written before
that stored translated labels, which are shown as they are.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from .forms import year_labels
from .models import Response, ResponseChange

SEPARATOR = " · "


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    field: str
    label: str
    old: str
    new: str
    note: str


def field_labels(years) -> dict[str, str]:
    return {
        **year_labels(years),
        "unit": _("Unit"),
        "option": _("Score option"),
        "explanation": _("Office's explanation"),
        "office": _("Office"),
        "status": _("Status"),
        "evidence": _("Evidence"),
    }


def _value(field: str, value: str) -> str:
    if field == "status" and value in Response.Status.values:
        return str(Response.Status(value).label)
    if field == "evidence" and value.count(SEPARATOR) >= 2:
        year, kind, title = value.split(SEPARATOR, 2)
        return SEPARATOR.join((year, _(kind), title))
    return value


def history_lines(changes: list[ResponseChange], years) -> list[HistoryLine]:
    labels = field_labels(years)
    return [
        HistoryLine(
            at=c.changed_at,
            who=c.changed_by.get_full_name() if c.changed_by else "—",
            field=c.field,
            label=labels.get(c.field, c.field),
            old=_value(c.field, c.old),
            new=_value(c.field, c.new),
            note=_(c.note) if c.note else "",
        )
        for c in changes
    ]
