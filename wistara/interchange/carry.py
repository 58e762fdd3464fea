"""Carry a regency's answers forward from its previous cycle in Wistara, as drafts.

The previous answers become items in the importer's own shape (services_import), so carrying
forward shares its rules: matched by section and indicator (same code and name, else by name),
the nearest new option when a scale changed (flagged), everything written through the services
in one transaction or not at all, a dry run to preview, the old verifiers' scores and notes kept
as history (PastScore). What carries: the chosen option, the unit and the explanation (the
achievements belong to the old data years and do not), links, and files of lasting kinds
(decrees and regulations) attached again for the later data year. Optionally one office only.
"""

from typing import Any

from wistara.assessments.models import Registration
from wistara.instruments.models import Indicator
from wistara.verification.models import Review

from .importer.matching import MATCHED, PROBABLE, UNMATCHED, similarity

LASTING_KINDS = ("decree", "regulation")


def carry_content(
    *, previous: Registration, registration: Registration, office_ids: set[int] | None = None
) -> dict:
    new = {
        (i.section.code, i.code): i
        for i in Indicator.objects.filter(section__version=registration.cycle.instrument).select_related(
            "section"
        )
    }
    offices = dict(registration.responses.values_list("indicator_id", "office_id"))
    notes = {
        (r, level): note
        for r, level, note in Review.objects.filter(response__registration=previous)
        .order_by("response_id", "level", "round")
        .values_list("response_id", "level", "note")
    }
    items: list[dict[str, Any]] = []
    taken: set[int] = set()
    responses = (
        previous.responses.select_related("indicator__section", "option")
        .prefetch_related("evidence__file", "indicator__options")
        .order_by("indicator__section__order", "indicator__order")
    )
    for row, response in enumerate(responses, start=1):
        indicator = response.indicator
        target, status, score = _match(indicator, new, taken)
        if target is not None and office_ids is not None and offices.get(target.id) not in office_ids:
            continue
        evidence = [e for e in response.evidence.all() if e.removed_at is None]
        if response.option_id is None and not evidence and not response.explanation:
            continue
        if target is not None:
            taken.add(target.id)
        items.append(
            {
                "sheet": previous.cycle.code,
                "row": row,
                "number": indicator.number,
                "name": indicator.name,
                "component": "",
                "sheet_kind": indicator.section.kind,
                "options": [
                    {"position": o.position, "points": o.points, "text": o.description}
                    for o in indicator.options.all()
                ],
                "points": response.option.points if response.option else None,
                "option_position": None,
                "values": {},
                "unit": response.unit,
                "explanation": response.explanation,
                "links": [[e.url, None, row] for e in evidence if e.url],
                "files": [
                    [e.file_id, e.kind, e.title] for e in evidence if e.file_id and e.kind in LASTING_KINDS
                ],
                "provincial_points": response.provincial_points,
                "provincial_note": notes.get((response.id, "provincial"), ""),
                "national_points": response.national_points,
                "national_note": notes.get((response.id, "national"), ""),
                "match": {"indicator": target.id if target else None, "status": status, "score": score},
            }
        )
    sheets: dict[str, int] = {}
    for item in items:
        sheets[item["sheet"]] = sheets.get(item["sheet"], 0) + 1
    return {
        "file": previous.cycle.code,
        "items": items,
        "skipped": [],
        "sheets": [{"name": n, "kind": "cycle", "number": None, "items": c} for n, c in sheets.items()],
    }


def _match(indicator: Indicator, new: dict, taken: set) -> tuple[Indicator | None, str, float]:
    same = new.get((indicator.section.code, indicator.code))
    if same is not None and same.id not in taken and similarity(same.name, indicator.name) >= 0.9:
        return same, MATCHED, 1.0
    best, best_score = None, 0.0
    for (section_code, _code), candidate in new.items():
        if section_code != indicator.section.code or candidate.id in taken:
            continue
        score = similarity(candidate.name, indicator.name)
        if score > best_score:
            best, best_score = candidate, score
    if best is not None and best_score >= 0.9:
        return best, MATCHED, round(best_score, 3)
    if best is not None and best_score >= 0.6:
        return best, PROBABLE, round(best_score, 3)
    return None, UNMATCHED, round(best_score, 3)
