"""The option that an item's two achievements imply, where the rubric says so plainly.

Most 2025 rubrics read "Nilai 100 jika <x> menurun dalam 2 tahun terakhir dan ≤10 per 100.000
pada tahun 2024; Nilai 50 jika ... atau ...; Nilai 0 jika ...": a trend between the two data years
and thresholds on the second year. This reads those two kinds of condition out of each option's
text and proposes an option only when every option could be decided and exactly one holds: a
rubric that mentions a target or a national figure without a number, a document, a count of
activities, is left to the office. The proposal is a hint shown beside the options, never a choice
made for anyone.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

UP, DOWN, FLAT = "up", "down", "flat"
# Verbs only: "penurunan" is often part of what is measured ("persentase penurunan fatalitas").
TREND_WORDS = {
    UP: ("meningkat", "naik", "bertambah"),
    DOWN: ("menurun", "turun", "berkurang"),
    FLAT: ("tetap", "stagnan"),
}
# Words that make a condition undecidable from two numbers alone.
UNKNOWN_WORDS = ("target", "angka nasional", "rata-rata nasional", "standar nasional", "provinsi")
# 21,8 or 100.000, never stopping inside a number ("30" read as "3").
NUMBER = r"\d+(?:\.\d{3})*(?:,\d+)?(?![.,]?\d)"
RANGE = re.compile(rf"(≥|>=|>)?\s*({NUMBER})\s*%?\s*-\s*(<|≤|<=)?\s*({NUMBER})\s*%?")
# Not "usia >18 tahun" or "waktu tempuh ≤ 30 menit": an age or a duration, not the achievement.
NOT_A_VALUE = r"(?!\s*%?\s*(?:tahun|bulan|minggu|hari|jam|menit|kali)\b)"
COMPARISON = re.compile(
    rf"(≥|>=|≤|<=|<|>|di bawah|di atas|kurang dari|lebih dari)\s*({NUMBER}){NOT_A_VALUE}\s*%?"
)
OPERATORS = {
    "≥": ">=",
    ">=": ">=",
    ">": ">",
    "lebih dari": ">",
    "di atas": ">",
    "≤": "<=",
    "<=": "<=",
    "<": "<",
    "kurang dari": "<",
    "di bawah": "<",
}


TREND_LABELS = {UP: _("rising"), DOWN: _("falling"), FLAT: _("unchanged")}


@dataclass(frozen=True)
class Proposal:
    option_id: int
    points: int
    trend: str  # up | down | flat: what the two achievements did

    @property
    def trend_label(self) -> str:
        return str(TREND_LABELS[self.trend])


def _number(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def _trends(text: str) -> set[str]:
    words = set(re.findall(r"[a-z]+", text))
    return {trend for trend, needles in TREND_WORDS.items() if words & set(needles)}


def _thresholds(text: str) -> list[tuple[str, Decimal]]:
    """The comparisons on the second year's value."""
    found: list[tuple[str, Decimal]] = []
    rest = text
    for match in RANGE.finditer(text):
        if not (match.group(1) or match.group(3)):
            continue  # "2023 - 2024", a span of years, not a band
        found += [
            (">=" if match.group(1) in (None, "≥", ">=") else ">", _number(match.group(2))),
            ("<" if match.group(3) == "<" else "<=", _number(match.group(4))),
        ]
        rest = rest.replace(match.group(0), " ")
    for match in COMPARISON.finditer(rest):
        found.append((OPERATORS[match.group(1)], _number(match.group(2))))
    return found


def _holds(operator: str, value: Decimal, bound: Decimal) -> bool:
    return {">=": value >= bound, ">": value > bound, "<=": value <= bound, "<": value < bound}[operator]


def _alternatives(description: str) -> list[str]:
    body = re.split(r"\bjika\b", description.lower(), maxsplit=1)[-1]
    body = body.replace("dan/atau", "dan")
    return [part for part in re.split(r"\batau\b", body) if part.strip()]


def _decide(alternative: str, trend: str, value: Decimal) -> bool | None:
    """True or False when the alternative can be decided from the trend and the value, else None."""
    trends = _trends(alternative)
    if trends and trend not in trends:
        return False
    if any(word in alternative for word in UNKNOWN_WORDS):
        return None
    thresholds = _thresholds(alternative)
    if not trends and not thresholds:
        return None
    return all(_holds(op, value, bound) for op, bound in thresholds)


def _option_holds(description: str, trend: str, value: Decimal) -> bool | None:
    verdicts = [_decide(part, trend, value) for part in _alternatives(description)]
    if any(v is True for v in verdicts):
        return True
    return None if any(v is None for v in verdicts) or not verdicts else False


def trend_of(first: Decimal, second: Decimal) -> str:
    return UP if second > first else DOWN if second < first else FLAT


def _typed(value) -> Decimal:
    """A value as stored (Decimal) or as typed in the form ("87,5")."""
    return value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))


def propose(options, value_prev, value_curr) -> Proposal | None:
    """The one option (of `options`: objects with id, points, description) the values imply."""
    if value_prev in (None, "") or value_curr in (None, ""):
        return None
    try:
        first, second = _typed(value_prev), _typed(value_curr)
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not (first.is_finite() and second.is_finite()):
        return None
    trend = trend_of(first, second)
    verdicts = [(option, _option_holds(option.description, trend, second)) for option in options]
    if not verdicts or any(v is None for _o, v in verdicts):
        return None
    holding = [option for option, v in verdicts if v]
    if len(holding) != 1:
        return None
    return Proposal(holding[0].id, holding[0].points, trend)
