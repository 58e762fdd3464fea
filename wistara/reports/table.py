"""The dashboard's regency table: filters, sort and column headers, shared by page, xlsx and API.

Rows come from selectors.cycle_overview for every regency the user may see; filtering and
sorting happen here, in Python, because the projected category exists only after the award
engine has run (and 514 rows sort in well under a millisecond).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wistara.assessments.models import Registration

from .selectors import RegencyRow

NO_CATEGORY = "none"
STATE_ORDER = {value: index for index, value in enumerate(Registration.Status.values)}


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    numeric: bool
    sort_key: Callable[[RegencyRow], Any]


def _final(row: RegencyRow) -> int | None:
    if not row.decided:
        return None
    return row.final_rank or 0  # decided without a category sorts below every category


COLUMNS = (
    Column("regency", _("Regency/city"), False, lambda r: r.regency_name),
    Column("province", _("Province"), False, lambda r: (r.province_name, r.regency_name)),
    Column("state", _("State"), False, lambda r: (STATE_ORDER[r.status], r.completion)),
    Column("completion", _("Completion"), True, lambda r: r.completion),
    Column("self", _("Self-assessment score"), True, lambda r: r.self_score),
    Column("provincial", _("Provincial score"), True, lambda r: r.provincial_score),
    Column("national", _("National score"), True, lambda r: r.national_score),
    Column("kelembagaan", _("Kelembagaan"), True, lambda r: r.kelembagaan),
    Column("odf", _("ODF villages"), True, lambda r: r.odf_percent),
    Column("target", _("Target"), False, lambda r: r.target_rank),
    Column("projected", _("Projected category"), False, lambda r: r.projected.rank if r.projected else None),
    Column("final", _("Final category"), False, _final),
)
BY_KEY = {c.key: c for c in COLUMNS}
SORT_CHOICES = [(k, k) for k in BY_KEY] + [(f"-{k}", f"-{k}") for k in BY_KEY]
FILTER_FIELDS = ("province", "state", "category", "q")


class TableFilterForm(forms.Form):
    """?province=&state=&category=&q=&sort= (every field optional; `-` before sort = descending)."""

    # Free text (shown as a list): a code with no registered regency simply matches no row.
    province = forms.CharField(label=_("Province"), required=False, max_length=2, widget=forms.Select)
    state = forms.ChoiceField(label=_("State"), required=False)
    category = forms.ChoiceField(label=_("Projected category"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(required=False, choices=[("", "")] + SORT_CHOICES)

    def __init__(
        self, data, *, categories: Sequence[tuple[str, str]], provinces: Sequence[tuple[str, str]] = ()
    ):
        super().__init__(data)
        cast(forms.Select, self.fields["province"].widget).choices = [("", _("All provinces")), *provinces]
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            ("", _("All states")),
            *Registration.Status.choices,
        ]
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("All categories")),
            *categories,
            (NO_CATEGORY, _("No category yet")),
        ]
        self.fields["q"].widget.attrs["placeholder"] = _("Regency or city name")

    def filters(self) -> dict[str, str]:
        """The valid values; an invalid one is dropped rather than failing the whole page."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: (cleaned.get(name) or "").strip() for name in (*FILTER_FIELDS, "sort")}


def filter_rows(rows: list[RegencyRow], filters: dict[str, str]) -> list[RegencyRow]:
    province, state, category = filters.get("province"), filters.get("state"), filters.get("category")
    q = (filters.get("q") or "").casefold()
    return [
        r
        for r in rows
        if (not province or r.province_code == province)
        and (not state or r.status == state)
        and (not category or (r.projected.code if r.projected else NO_CATEGORY) == category)
        and (not q or q in r.regency_name.casefold() or r.regency_code.startswith(q))
    ]


def sort_rows(rows: list[RegencyRow], sort: str) -> list[RegencyRow]:
    """By the column `sort` (`-column`: descending); rows without a value always come last."""
    column = BY_KEY.get(sort.removeprefix("-"))
    if column is None:
        return sorted(rows, key=lambda r: r.regency_code)
    present = [r for r in rows if column.sort_key(r) is not None]
    missing = [r for r in rows if column.sort_key(r) is None]
    present.sort(key=lambda r: r.regency_code)  # ties keep the code order (the sort is stable)
    present.sort(key=column.sort_key, reverse=sort.startswith("-"))
    return present + sorted(missing, key=lambda r: r.regency_code)


def table_rows(rows: list[RegencyRow], filters: dict[str, str]) -> list[RegencyRow]:
    return sort_rows(filter_rows(rows, filters), filters.get("sort", ""))


@dataclass(frozen=True)
class Header:
    key: str
    label: str
    numeric: bool
    query: str  # the query string that sorts by this column (toggling the direction)
    direction: str  # "ascending" | "descending" | "" (for aria-sort)


def headers(filters: dict[str, str]) -> list[Header]:
    current = filters.get("sort", "")
    kept = {k: v for k, v in filters.items() if k in FILTER_FIELDS and v}
    result = []
    for column in COLUMNS:
        direction = (
            "ascending" if current == column.key else "descending" if current == f"-{column.key}" else ""
        )
        target = f"-{column.key}" if direction == "ascending" else column.key
        result.append(
            Header(
                column.key, str(column.label), column.numeric, urlencode({**kept, "sort": target}), direction
            )
        )
    return result


def query_string(filters: dict[str, str]) -> str:
    """The filters and sort as a query string (for the paging links)."""
    return urlencode({k: v for k, v in filters.items() if v})


PAGE_SIZE = 50


def page_of(rows: list[RegencyRow], number: str | None) -> Page:
    """One page of the table (the xlsx and the API carry every row)."""
    return Paginator(rows, PAGE_SIZE).get_page(number)
