"""Match a workbook's items to the cycle's instrument: by sheet (tatanan), number and name.

Names are compared after folding case, punctuation and spacing, so "Jumlah  kematian ibu." and
"Jumlah Kematian Ibu" are the same. Each instrument indicator is taken at most once, best pairs
first. A pair is "matched" when the names are (nearly) the same, "probable" when they are alike
or the numbers agree and the names are not far apart; anything else is left for the coordinator.
"""

import dataclasses
import re
from difflib import SequenceMatcher

from wistara.instruments.models import Indicator, InstrumentVersion, Section

from .reader import OldItem, OldSheet, OldWorkbook

MATCHED, PROBABLE, UNMATCHED = "matched", "probable", "unmatched"
_SAME = 0.9
_ALIKE = 0.6


def fold(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", (text or "").lower()).split())


def similarity(a: str, b: str) -> float:
    a, b = fold(a), fold(b)
    if not a or not b:
        return 0.0
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _section_for(sheet: OldSheet, sections: list[Section]) -> list[Section]:
    """The instrument sections a sheet's items may match."""
    if sheet.kind == "kelembagaan":
        return [s for s in sections if s.kind == Section.Kind.KELEMBAGAAN]
    tatanan = [s for s in sections if s.kind == Section.Kind.TATANAN]
    if sheet.number is not None:
        return [s for s in tatanan if s.number == sheet.number] or tatanan
    text = " ".join([sheet.name, *sheet.titles[:3]])
    best = max(tatanan, key=lambda s: similarity(text, s.name), default=None)
    return [best] if best else tatanan


def _label(indicator: Indicator, section: Section) -> str:
    if section.kind == Section.Kind.KELEMBAGAAN:
        return f"{section.name} {indicator.name}"
    return indicator.name


def _status(score: float, same_number: bool) -> str:
    if score >= _SAME or (same_number and score >= 0.75):
        return MATCHED
    if score >= _ALIKE or (same_number and score >= 0.4):
        return PROBABLE
    return UNMATCHED


def match_workbook(workbook: OldWorkbook, version: InstrumentVersion) -> list[dict]:
    """Every item as a dict (see item_dict) with its proposed match."""
    sections = list(version.sections.all())
    indicators = list(Indicator.objects.filter(section__version=version).select_related("section"))
    by_section: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_section.setdefault(indicator.section_id, []).append(indicator)
    result: list[dict] = []
    for sheet in workbook.sheets:
        candidates = [i for s in _section_for(sheet, sections) for i in by_section.get(s.id, [])]
        result += _match_sheet(sheet, candidates)
    _one_each(result)
    return result


def _match_sheet(sheet: OldSheet, candidates: list[Indicator]) -> list[dict]:
    rows = []
    for item in sheet.items:
        text = f"{item.component} {item.name}" if sheet.kind == "kelembagaan" else item.name
        scored = []
        for indicator in candidates:
            score = similarity(text, _label(indicator, indicator.section))
            same_number = sheet.kind != "kelembagaan" and indicator.number == item.number
            scored.append((score + (0.05 if same_number else 0), score, same_number, indicator))
        scored.sort(key=lambda t: -t[0])
        rows.append(
            {
                **item_dict(item),
                "sheet_kind": sheet.kind,
                "candidates": [(s[3].id, s[1], s[2]) for s in scored[:5]],
            }
        )
    return rows


def _one_each(rows: list[dict]) -> None:
    """Give each instrument indicator to at most one item, best pairs first."""
    pairs = sorted(
        (
            (c[1] + (0.05 if c[2] else 0), index, c)
            for index, row in enumerate(rows)
            for c in row.pop("candidates")
        ),
        key=lambda p: -p[0],
    )
    taken: set[int] = set()
    for row in rows:
        row["match"] = {"indicator": None, "status": UNMATCHED, "score": 0.0}
    for _total, index, (indicator_id, score, same_number) in pairs:
        row = rows[index]
        if row["match"]["indicator"] is not None or indicator_id in taken:
            continue
        status = _status(score, same_number)
        if status == UNMATCHED:
            continue
        row["match"] = {"indicator": indicator_id, "status": status, "score": round(score, 3)}
        taken.add(indicator_id)


def item_dict(item: OldItem) -> dict:
    data = dataclasses.asdict(item)
    data["values"] = {str(k): v for k, v in item.values.items()}
    return data
