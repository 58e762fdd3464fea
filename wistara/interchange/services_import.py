"""Bring a filled workbook in as drafts: read, match, then write all of it or nothing.

Every answer goes through the assessments' and evidence's own services (lock rules, history,
totals, validation withdrawn), inside one transaction: a problem anywhere (a locked item, a bad
link) is collected with its sheet and row, and at the end any problem, or a dry run, rolls the
whole import back. The old provincial score and note become PastScore rows (history), never a
verification of this cycle.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration, Response
from wistara.assessments.services import response_update
from wistara.evidence.services import evidence_add_link
from wistara.instruments.models import ScaleOption

from .importer.matching import MATCHED, PROBABLE, UNMATCHED, match_workbook
from .importer.reader import WorkbookProblems, read_workbook
from .models import ImportBatch, PastScore


class ImportRefused(ValueError):
    """Nothing was written; `problems` lists every one with sheet and row."""

    def __init__(self, problems: list[str], summary: dict | None = None) -> None:
        self.problems, self.summary = problems, summary or {}
        super().__init__("\n".join(problems))


class _Rollback(Exception):
    pass


def import_read(*, path: str | Path, registration: Registration, display_name: str | None = None) -> dict:
    """The workbook's items with their proposed matches: {"file", "sheets", "skipped", "items"}."""
    path = Path(path)
    try:
        workbook = read_workbook(path, display_name)
    except WorkbookProblems as exc:
        raise ImportRefused(exc.problems) from exc
    items = match_workbook(workbook, registration.cycle.instrument)
    return {
        "file": workbook.name,
        "sheets": [
            {"name": s.name, "kind": s.kind, "number": s.number, "items": len(s.items)}
            for s in workbook.sheets
        ],
        "skipped": [{"name": name, "why": why} for name, why in workbook.skipped],
        "items": items,
    }


def import_batch_create(
    *, path: str | Path, registration: Registration, user: User, data_year: int, display_name: str
) -> ImportBatch:
    """Read an uploaded workbook and keep it for review (nothing of the assessment changes)."""
    _check_year(registration, data_year)
    content = import_read(path=path, registration=registration, display_name=display_name)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return ImportBatch.objects.create(
        registration=registration,
        file_name=display_name[:200],
        sha256=digest,
        data_year=data_year,
        content=content,
        created_by=user,
    )


def import_batch_choose(*, batch: ImportBatch, choices: dict[int, int | None]) -> ImportBatch:
    """The coordinator's matches: item index -> indicator id (None: leave the item out)."""
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("This import is already closed."))
    valid = set(batch.registration.cycle.instrument.sections.values_list("indicators__id", flat=True))
    items = batch.content["items"]
    for index, indicator_id in choices.items():
        if not 0 <= index < len(items):
            continue
        if indicator_id is not None and indicator_id not in valid:
            raise ValidationError(_("Choose an indicator of this cycle's instrument."))
        match = items[index]["match"]
        if match["indicator"] != indicator_id:
            items[index]["match"] = {
                "indicator": indicator_id,
                "status": "chosen" if indicator_id else UNMATCHED,
                "score": match.get("score", 0),
            }
    chosen = [m["match"]["indicator"] for m in items if m["match"]["indicator"]]
    if len(chosen) != len(set(chosen)):
        raise ValidationError(_("Two rows of the workbook are matched to the same indicator."))
    batch.save(update_fields=["content"])
    return batch


def import_batch_apply(*, batch: ImportBatch, user: User, dry_run: bool = False) -> dict:
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValidationError(_("This import is already closed."))
    summary = import_apply(
        registration=batch.registration,
        content=batch.content,
        user=user,
        data_year=batch.data_year,
        dry_run=dry_run,
        batch=batch,
    )
    if not dry_run:
        batch.status, batch.summary, batch.applied_at = ImportBatch.Status.APPLIED, summary, timezone.now()
        batch.save(update_fields=["status", "summary", "applied_at"])
    return summary


def import_batch_discard(*, batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.PREVIEW:
        batch.status = ImportBatch.Status.DISCARDED
        batch.save(update_fields=["status"])


def _check_year(registration: Registration, data_year: int) -> None:
    years = [int(y) for y in registration.cycle.instrument.data_years]
    if int(data_year) not in years:
        raise ValidationError(
            _("Choose one of the data years: %(years)s.") % {"years": ", ".join(str(y) for y in years)}
        )


@dataclass
class _Tally:
    answers: int = 0
    links: int = 0
    links_existing: int = 0
    history: int = 0
    flagged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def import_apply(
    *,
    registration: Registration,
    content: dict,
    user: User | None,
    data_year: int,
    dry_run: bool = False,
    batch: ImportBatch | None = None,
) -> dict:
    """Write the matched items as drafts; all or nothing. Returns the summary (what was, or in a
    dry run would be, created); raises ImportRefused listing every problem."""
    _check_year(registration, data_year)
    tally = _Tally()
    items = content["items"]
    try:
        with transaction.atomic():
            _apply_items(registration, items, user, int(data_year), tally, content.get("file", ""), batch)
            if tally.problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    summary = _summary(content, tally, dry_run)
    if tally.problems:
        raise ImportRefused(tally.problems, summary)
    return summary


def _summary(content: dict, tally: _Tally, dry_run: bool) -> dict:
    statuses = [item["match"]["status"] for item in content["items"]]
    return {
        "file": content.get("file", ""),
        "dry_run": dry_run,
        "sheets": content["sheets"],
        "skipped": content["skipped"],
        "indicators": len(statuses),
        "matched": statuses.count(MATCHED),
        "probable": statuses.count(PROBABLE),
        "chosen": statuses.count("chosen"),
        "unmatched": statuses.count(UNMATCHED),
        "answers": tally.answers,
        "links": tally.links,
        "links_existing": tally.links_existing,
        "history": tally.history,
        "flagged": tally.flagged,
    }


def _where(item: dict) -> str:
    return _("Sheet '%(sheet)s', row %(row)s") % {"sheet": item["sheet"], "row": item["row"]}


def _apply_items(
    registration: Registration,
    items: list[dict],
    user: User | None,
    data_year: int,
    tally: _Tally,
    source: str,
    batch: ImportBatch | None,
) -> None:
    years = [int(y) for y in registration.cycle.instrument.data_years]
    responses = {
        r.indicator_id: r
        for r in Response.objects.filter(registration=registration).select_related(
            "registration__cycle__instrument", "registration__regency", "indicator", "office"
        )
    }
    options: dict[int, list[ScaleOption]] = {}
    for option in ScaleOption.objects.filter(indicator__section__version=registration.cycle.instrument):
        options.setdefault(option.indicator_id, []).append(option)
    for item in items:
        indicator_id = item["match"]["indicator"]
        if not indicator_id:
            continue
        response = responses.get(indicator_id)
        if response is None:
            tally.problems.append(
                _("%(where)s: the indicator is not part of this registration.") % {"where": _where(item)}
            )
            continue
        if item["match"]["status"] == PROBABLE:
            tally.flagged.append(
                _("%(where)s: matched as probable to %(code)s; check it.")
                % {"where": _where(item), "code": response.indicator.code}
            )
        data = _answer(item, response, options.get(indicator_id, []), years, tally)
        try:
            if data:
                response = response_update(
                    response=response, user=user, base_revision=response.revision, data=data
                )
                tally.answers += 1
            _links(item, response, years, data_year, user, tally)
            _files(item, response, data_year, user, tally)
        except ValidationError as exc:
            tally.problems.append(f"{_where(item)}: {' '.join(exc.messages)}")
            continue
        if _has_history(item):
            PastScore.objects.create(
                response=response,
                batch=batch,
                source=source[:200],
                sheet=item["sheet"][:100],
                row=item["row"],
                old_name=item["name"],
                self_points=_old_points(item),
                provincial_points=item["provincial_points"],
                provincial_note=item["provincial_note"],
                national_points=item["national_points"],
                national_note=item["national_note"],
            )
            tally.history += 1


def _has_history(item: dict) -> bool:
    return any(
        item[k] not in (None, "")
        for k in ("provincial_points", "provincial_note", "national_points", "national_note")
    )


def _old_points(item: dict) -> int | None:
    if item["points"] is not None:
        return item["points"]
    position = item["option_position"]
    old = next((o for o in item["options"] if o["position"] == position), None)
    return old["points"] if old else None


def _answer(
    item: dict, response: Response, new_options: list[ScaleOption], years: list[int], tally: _Tally
) -> dict:
    data: dict = {}
    option = _option(item, response, new_options, tally)
    if option is not None:
        data["option"] = option.id
    for field_name, value in _values(item, years).items():
        data[field_name] = value
    if item["explanation"]:
        data["explanation"] = item["explanation"]
    if item["unit"]:
        data["unit"] = item["unit"][:40]
    return data


def _option(
    item: dict, response: Response, new_options: list[ScaleOption], tally: _Tally
) -> ScaleOption | None:
    """The new option nearest to the old answer; flagged when the scales differ."""
    if not new_options:
        return None
    new_points = sorted({o.points for o in new_options})
    old_points = sorted({o["points"] for o in item["options"] if o["points"] is not None})
    points = _old_points(item)
    if points is None and item["option_position"] is not None:
        same = next((o for o in new_options if o.position == item["option_position"]), None)
        if same is None:
            tally.problems.append(
                _("%(where)s: option %(n)s does not exist in the new scale.")
                % {"where": _where(item), "n": item["option_position"]}
            )
        return same
    if points is None:
        return None
    chosen = min(new_options, key=lambda o: (abs(o.points - points), o.points))
    if (old_points and old_points != new_points) or chosen.points != points:
        tally.flagged.append(
            _(
                "%(where)s: the scale changed; the old answer (%(old)s points) became "
                "the nearest new option (%(new)s points) of %(code)s."
            )
            % {"where": _where(item), "old": points, "new": chosen.points, "code": response.indicator.code}
        )
    return chosen


def _values(item: dict, years: list[int]) -> dict:
    """Achievements by data year: a header year of the cycle's, else in the columns' order."""
    raw = item["values"]
    if not raw:
        return {}
    keys = list(raw)
    fields = ("value_prev", "value_curr")
    by_field: dict[str, str] = {}
    if all(k.isdigit() and int(k) in years for k in keys):
        for key in keys:
            by_field[fields[years.index(int(key))]] = raw[key]
    else:
        ordered = keys if len(keys) > 1 else [None, *keys]
        for name, key in zip(fields, ordered[-2:], strict=True):
            if key is not None:
                by_field[name] = raw[key]
    data: dict[str, object] = {}
    for name, text in by_field.items():
        number = _number(text)
        note = "note_prev" if name == "value_prev" else "note_curr"
        if number is None:
            data[note] = text
        else:
            data[name] = number
    return data


def _number(text: str) -> Decimal | None:
    cleaned = text.strip().rstrip("%").strip().replace(" ", "")
    if cleaned.count(",") == 1 and cleaned.count(".") >= 1:  # 1.234,5
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e10") else None


def _files(item: dict, response: Response, data_year: int, user: User | None, tally: _Tally) -> None:
    """Files already stored for the regency (a carry forward's decrees), attached again."""
    from wistara.evidence.models import EvidenceFile
    from wistara.evidence.services import evidence_attach_file

    for file_id, kind, title in item.get("files", []):
        file = EvidenceFile.objects.filter(pk=file_id).first()
        if file is None:
            continue
        if evidence_attach_file(
            response=response,
            file=file,
            data_year=data_year,
            kind=kind,
            title=title,
            user=user,
            skip_duplicate=True,
        ):
            tally.links += 1
        else:
            tally.links_existing += 1


def _links(
    item: dict, response: Response, years: list[int], data_year: int, user: User | None, tally: _Tally
) -> None:
    for url, year, row in item["links"]:
        year = year if year in years else data_year
        try:
            evidence_add_link(response=response, url=url, data_year=year, kind="other", user=user)
            tally.links += 1
        except ValidationError as exc:
            if getattr(exc, "code", None) == "duplicate":
                tally.links_existing += 1
                continue
            tally.problems.append(
                _("Sheet '%(sheet)s', row %(row)s: %(message)s")
                % {"sheet": item["sheet"], "row": row, "message": " ".join(exc.messages)}
            )
