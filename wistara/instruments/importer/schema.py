"""Validate an instrument dict (from YAML or the workbook parser) and bring it to canonical form.

The canonical form is what `instrument_to_dict` produces, key order included, so that comparing
two dicts tells whether an import would change anything. Every problem is reported with its
path (``sections[2].indicators[4].options[1]: 'points' must be a whole number``).
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import ErrorList
from .text import clean_block, clean_line

SCORE_METHODS = ("per_indicator", "per_tatanan_mean")
# Issue 13: the award rules the guidelines leave open; the first of each is the default.
BAND_EDGES = ("inclusive", "exclusive")
ODF_DENOMINATORS = ("all_villages", "lokus")
ODF_STATUSES = ("claimed", "verified")
ROUNDINGS = ("round", "truncate")
# The settings' keys in award_rules with their defaults (the behaviour before the settings): a
# YAML file without them reads as it always did.
SETTING_DEFAULTS = {
    "band_edge": "inclusive",
    "min_tatanan_percent": None,
    "odf_denominator": "all_villages",
    "odf_status": "claimed",
    "percent_rounding": "round",
    "percent_decimals": 2,
    "paripurna_ip_spm_indicator": "",
    "paripurna_innovation_indicator": "",
}
SECTION_KINDS = ("tatanan", "kelembagaan")
BODIES = ("tim_pembina", "forum", "fkk", "pokja")
ELEMENTS = ("sk", "rencana_kerja", "anggaran", "sekretariat")
_MISSING = object()
# Mirrors the model's max_length values so the database never truncates or rejects a value.
_MAX_LENGTH = {
    "version.code": 40,
    "version.name": 300,
    "category.code": 40,
    "category.name": 100,
    "section.code": 20,
    "section.name": 300,
    "indicator.code": 20,
}


class _Reader:
    """Reads typed values out of nested dicts, recording an error (with its path) per problem."""

    def __init__(self) -> None:
        self.errors = ErrorList()

    def get(self, data: dict, key: str, path: str, default: Any = _MISSING) -> Any:
        if key in data and data[key] is not None:
            return data[key]
        if default is _MISSING:
            self.errors.add(f"{path}: missing key '{key}'")
        return None if default is _MISSING else default

    def fail(self, path: str, key: str, message: str) -> None:
        self.errors.add(f"{path}: '{key}' {message}")

    def mapping(self, value: Any, path: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.errors.add(f"{path}: must be a mapping (key: value), not {type(value).__name__}")
        return None

    def items(self, data: dict, key: str, path: str, *, allow_empty: bool = False) -> list[dict]:
        value = self.get(data, key, path, [] if allow_empty else _MISSING)
        if value is None:
            return []
        if not isinstance(value, list) or (not value and not allow_empty):
            self.fail(path, key, "must be a non-empty list")
            return []
        return [self.mapping(item, f"{path}.{key}[{n}]") or {} for n, item in enumerate(value)]

    def text(
        self, data: dict, key: str, path: str, *, limit: str = "", optional: bool = False, block: bool = False
    ) -> str:
        value = self.get(data, key, path, "" if optional else _MISSING)
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(path, key, "must be text")
            return ""
        text = clean_block(value) if block else clean_line(value)
        if not text and not optional:
            self.fail(path, key, "must not be empty")
        if limit and len(text) > _MAX_LENGTH[limit]:
            self.fail(path, key, f"is longer than {_MAX_LENGTH[limit]} characters")
        return text

    def integer(self, data: dict, key: str, path: str, low: int, high: int) -> int:
        value = self.get(data, key, path)
        if value is None:
            return 0
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(path, key, f"must be a whole number from {low} to {high}")
            return 0
        return value

    def percent(self, data: dict, key: str, path: str, *, optional: bool = False) -> int | float | None:
        value = self.get(data, key, path, None if optional else _MISSING)
        if value is None:
            return None
        try:
            number = Decimal(str(value)) if not isinstance(value, bool) else Decimal("NaN")
        except InvalidOperation:
            number = Decimal("NaN")
        if number.is_nan() or not 0 <= number <= 100 or number != round(number, 2):
            self.fail(path, key, "must be a number from 0 to 100 with at most 2 decimals")
            return None
        return int(number) if number == int(number) else float(number)

    def boolean(self, data: dict, key: str, path: str) -> bool:
        value = self.get(data, key, path, True)
        if not isinstance(value, bool):
            self.fail(path, key, "must be true or false")
        return bool(value)

    def choice(
        self, data: dict, key: str, path: str, choices: tuple[str, ...], *, optional: bool = False
    ) -> str:
        value = self.text(data, key, path, optional=optional)
        if value and value not in choices:
            self.fail(path, key, f"must be one of {', '.join(choices)} (not '{value}')")
        return value

    def unique(self, values: list[Any], path: str, what: str) -> None:
        seen = set()
        for value in values:
            if value in seen:
                self.errors.add(f"{path}: duplicate {what} {value!r}")
            seen.add(value)


def _option(r: _Reader, data: dict, path: str) -> dict:
    return {
        "points": r.integer(data, "points", path, 0, 100),
        "description": r.text(data, "description", path),
    }


def _indicator(r: _Reader, data: dict, path: str, kind: str) -> dict:
    element = r.choice(data, "element", path, ELEMENTS, optional=kind != "kelembagaan")
    indicator = {
        "number": r.integer(data, "number", path, 1, 999),
        "code": r.text(data, "code", path, limit="indicator.code"),
        "name": r.text(data, "name", path),
        **{
            key: r.text(data, key, path, optional=True, block=True)
            for key in ("definition", "data_source", "evidence_required", "scale_text")
        },
        "element": element,
    }
    options = r.items(data, "options", path)
    indicator["options"] = [_option(r, o, f"{path}.options[{n}]") for n, o in enumerate(options)]
    return indicator


def _section(r: _Reader, data: dict, path: str) -> dict:
    kind = r.choice(data, "kind", path, SECTION_KINDS)
    body = r.choice(data, "body", path, BODIES, optional=kind != "kelembagaan")
    section: dict[str, Any] = {
        "kind": kind,
        "code": r.text(data, "code", path, limit="section.code"),
        "number": r.integer(data, "number", path, 1, 99),
        "name": r.text(data, "name", path, limit="section.name"),
        "body": body,
    }
    items = r.items(data, "indicators", path)
    indicators = [_indicator(r, item, f"{path}.indicators[{n}]", kind) for n, item in enumerate(items)]
    r.unique([i["number"] for i in indicators], path, "indicator number")
    r.unique([i["code"] for i in indicators], path, "indicator code")
    section["indicators"] = indicators
    return section


def _category(r: _Reader, data: dict, path: str) -> dict:
    previous = r.get(data, "previous_categories", path, [])
    if not isinstance(previous, list) or not all(isinstance(p, str) for p in previous):
        r.fail(path, "previous_categories", "must be a list of category codes")
        previous = []
    return {
        "code": r.text(data, "code", path, limit="category.code"),
        "name": r.text(data, "name", path, limit="category.name"),
        "rank": r.integer(data, "rank", path, 1, 99),
        "min_score": r.percent(data, "min_score", path),
        "min_tatanan_score": r.percent(data, "min_tatanan_score", path, optional=True),
        "min_odf_percent": r.percent(data, "min_odf_percent", path, optional=True) or 0,
        "requires_kelembagaan_pass": r.boolean(data, "requires_kelembagaan_pass", path),
        "previous_categories": [clean_line(p) for p in previous],
    }


def _award_rules(r: _Reader, data: dict, path: str) -> dict:
    items = r.items(data, "categories", path)
    categories = [_category(r, c, f"{path}.categories[{n}]") for n, c in enumerate(items)]
    codes = [c["code"] for c in categories]
    r.unique(codes, path, "category code")
    r.unique([c["rank"] for c in categories], path, "category rank")
    for n, category in enumerate(categories):
        for code in set(category["previous_categories"]) - set(codes):
            r.errors.add(f"{path}.categories[{n}]: unknown previous category '{code}'")
    return {
        "score_method": r.choice(data, "score_method", path, SCORE_METHODS),
        "kelembagaan_pass_mark": r.percent(data, "kelembagaan_pass_mark", path),
        **_settings(r, data, path),
        "categories": categories,
    }


def _settings(r: _Reader, data: dict, path: str) -> dict:
    def choice(key: str, choices: tuple[str, ...]) -> str:
        return r.choice(data, key, path, choices, optional=True) or choices[0]

    decimals = r.get(data, "percent_decimals", path, 2)
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
        r.fail(path, "percent_decimals", "must be a whole number from 0 to 4")
        decimals = 2
    return {
        "band_edge": choice("band_edge", BAND_EDGES),
        "min_tatanan_percent": r.percent(data, "min_tatanan_percent", path, optional=True),
        "odf_denominator": choice("odf_denominator", ODF_DENOMINATORS),
        "odf_status": choice("odf_status", ODF_STATUSES),
        "percent_rounding": choice("percent_rounding", ROUNDINGS),
        "percent_decimals": decimals,
        "paripurna_ip_spm_indicator": r.text(
            data, "paripurna_ip_spm_indicator", path, limit="indicator.code", optional=True
        ),
        "paripurna_innovation_indicator": r.text(
            data, "paripurna_innovation_indicator", path, limit="indicator.code", optional=True
        ),
    }


def _data_years(r: _Reader, data: dict) -> list[int]:
    years = r.get(data, "data_years", "instrument")
    if years is None:
        return []
    if (
        not isinstance(years, list)
        or not years
        or not all(isinstance(y, int) and not isinstance(y, bool) and 1900 <= y <= 2100 for y in years)
    ):
        r.fail("instrument", "data_years", "must be a non-empty list of years")
        return []
    return list(years)


def normalise_award_rules(data: object, *, path: str = "award_rules") -> dict:
    """Validated award rules in canonical form; raises InstrumentImportError."""
    r = _Reader()
    rules = _award_rules(r, r.mapping(data, path) or {}, path)
    r.errors.raise_if_any()
    return rules


def _rules_of(r: _Reader, source: dict) -> dict:
    rules = r.get(source, "award_rules", "instrument")
    mapping = r.mapping(rules, "award_rules") if rules is not None else None
    return _award_rules(r, mapping, "award_rules") if mapping is not None else {}


def normalise_instrument(data: object, *, code: str | None = None) -> dict:
    """The canonical instrument dict; raises InstrumentImportError listing every problem.

    `code` replaces the one in the data (an import under a new code).
    """
    r = _Reader()
    source = dict(r.mapping(data, "instrument") or {})
    r.errors.raise_if_any()
    if code is not None:
        source["code"] = code
    result: dict[str, Any] = {
        "code": r.text(source, "code", "instrument", limit="version.code"),
        "name": r.text(source, "name", "instrument", limit="version.name"),
        "award_year": r.integer(source, "award_year", "instrument", 1900, 2100),
        "data_years": _data_years(r, source),
        "award_rules": _rules_of(r, source),
    }
    items = r.items(source, "sections", "instrument")
    sections = [_section(r, s, f"sections[{n}]") for n, s in enumerate(items)]
    r.unique([s["code"] for s in sections], "sections", "section code")
    result["sections"] = sections
    codes = {i["code"] for s in sections for i in s["indicators"]}
    for key in ("paripurna_ip_spm_indicator", "paripurna_innovation_indicator"):
        code = result["award_rules"].get(key)
        if code and code not in codes:
            r.fail("award_rules", key, f"names no indicator of this instrument ('{code}')")
    r.errors.raise_if_any()
    return result
