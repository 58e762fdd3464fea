"""Every write of the checks: ask for a check, read a file version once, derive the findings.

`check_later` is what the evidence services call when a file is attached, removed or restored
(its tags change): inside their transaction it marks the attachment "being checked", and after the
commit it puts one task on the worker's queue. The upload never waits for a check.
`check_file` is the task's body: it reads the file if this version has not been read yet
(FileCheck, once per version), then derives the findings of every attachment of the file whose
tags, settings or duplicates changed since (UseCheck.key).
"""

import hashlib
import json
import logging
import time
from datetime import timedelta
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wistara.assessments.models import Response
from wistara.evidence.models import Evidence, EvidenceFile
from wistara.instruments.models import Indicator

from . import findings as rules
from .config import settings_for
from .models import ENGINE, FileCheck, Level, UseCheck
from .readers import read_file

logger = logging.getLogger(__name__)
SUMMARY = ("pages", "text_layer", "scanned_pages", "ppi", "ocr")
STALE_RUNNING = timedelta(minutes=30)  # far beyond any one file's check (OCR is capped in pages)


def check_later(file_id: int | None, response_id: int | None = None) -> None:
    """Mark the attachment as being checked now; queue the check once the caller's data commits."""
    if file_id is None:
        return
    if response_id is not None:
        UseCheck.objects.update_or_create(
            response_id=response_id, file_id=file_id, defaults={"level": Level.PENDING}
        )
    transaction.on_commit(lambda: _enqueue(file_id))


def _enqueue(file_id: int) -> None:
    from .tasks import check_evidence_file

    try:
        check_evidence_file.enqueue(file_id)
    except Exception:  # a queue that cannot take it must not break an upload: it stays "pending"
        logger.exception("could not queue the check of evidence file %s", file_id)


def check_file(file_id: int) -> FileCheck | None:
    file = EvidenceFile.objects.filter(id=file_id).first()
    if file is None:
        return None
    facts = read_once(file)
    refresh_uses(file, facts)
    return facts


def read_once(file: EvidenceFile) -> FileCheck:
    """The facts of this file version, read now unless they already are (or are being read)."""
    check, _ = FileCheck.objects.get_or_create(file=file, sha256=file.sha256, engine=ENGINE)
    # Queued, failed before (tried again), or left running by a worker that died long ago.
    claimable = Q(state__in=[FileCheck.State.QUEUED, FileCheck.State.FAILED]) | Q(
        state=FileCheck.State.RUNNING, created_at__lt=timezone.now() - STALE_RUNNING
    )
    claimed = FileCheck.objects.filter(claimable, id=check.id).update(state=FileCheck.State.RUNNING)
    if not claimed:
        return check  # done, failed, or another worker is reading it (it refreshes the uses after)
    started = time.monotonic()
    try:
        with default_storage.open(file.storage_name, "rb") as handle:
            data = handle.read()
        facts, text = read_file(data, file.content_type)
        state, error = FileCheck.State.DONE, ""
    except Exception as exc:
        logger.exception("evidence file %s could not be checked", file.id)
        facts, text, state, error = {}, "", FileCheck.State.FAILED, str(exc)[:500]
    FileCheck.objects.filter(id=check.id).update(
        state=state,
        facts=facts,
        text=text.replace("\x00", ""),
        error=error,
        runs=check.runs + 1,
        seconds=round(time.monotonic() - started, 3),
        finished_at=timezone.now(),
    )
    check.refresh_from_db()
    return check


def refresh_uses(file: EvidenceFile, check: FileCheck) -> list[UseCheck]:
    """Derive the findings of each attachment of the file again where what they depend on changed;
    attachments that no longer exist lose theirs."""
    active = Evidence.objects.filter(file=file, removed_at__isnull=True).values_list(
        "response_id", "data_year", "kind"
    )
    tags: dict[int, tuple[set, set]] = {}
    for response_id, year, kind in active:
        years, kinds = tags.setdefault(response_id, (set(), set()))
        years.add(year)
        kinds.add(kind)
    UseCheck.objects.filter(file=file).exclude(response_id__in=tags).delete()
    if check.state not in (FileCheck.State.DONE, FileCheck.State.FAILED):
        return []
    responses = Response.objects.select_related("indicator", "registration__cycle").filter(id__in=tags)
    uses = _other_indicators(file, tags)
    saved = []
    for response in responses:
        years, kinds = tags[response.id]
        saved.append(_derive(response, file, check, years, kinds, uses.get(response.id, ())))
    return saved


def _other_indicators(file: EvidenceFile, tags: dict) -> dict[int, tuple[str, ...]]:
    codes = dict(Response.objects.filter(id__in=tags).values_list("id", "indicator__code"))
    return {rid: tuple(sorted({c for other, c in codes.items() if other != rid})) for rid in codes}


def _derive(
    response: Response, file: EvidenceFile, check: FileCheck, years: set, kinds: set, also: tuple[str, ...]
) -> UseCheck:
    version_id = response.registration.cycle.instrument_id
    config = settings_for(version_id)
    key = hashlib.sha256(
        json.dumps(
            [
                check.id,
                check.state,
                check.runs,
                sorted(years),
                sorted(kinds),
                config.revision,
                sorted(config.checks),
                list(also),
                ENGINE,
            ]
        ).encode()
    ).hexdigest()
    current = UseCheck.objects.filter(response=response, file=file).first()
    if current and current.key == key and current.level != Level.PENDING:
        return current
    if check.state == FileCheck.State.FAILED:
        found = [rules.finding("check_failed", Level.INFO)]
    else:
        indicator = response.indicator
        instrument = response.registration.cycle.instrument
        ctx = rules.Context(
            content_type=file.content_type,
            years=tuple(sorted(years)),
            kinds=tuple(sorted(kinds)),
            indicator_id=indicator.id,
            indicator_evidence_text=indicator.evidence_required,
            version_id=version_id,
            data_years=tuple(int(y) for y in instrument.data_years),
            taken_at=file.exif_taken_at,
            has_location=file.has_location,
            also_used_in=also,
        )
        found = rules.derive(check.facts, check.text, ctx, config, _codes(version_id))
    use, _ = UseCheck.objects.update_or_create(
        response=response,
        file=file,
        defaults={
            "key": key,
            "findings": found,
            "level": rules.worst(found),
            "checked_at": timezone.now(),
            "summary": {name: check.facts.get(name) for name in SUMMARY if name in check.facts},
            "derivations": (current.derivations if current else 0) + 1,
        },
    )
    return use


def _codes(version_id: int) -> dict[int, str]:
    return dict(Indicator.objects.filter(section__version_id=version_id).values_list("id", "code"))


def recheck_version(version_id: int) -> int:
    """After a change of an instrument version's settings: queue every file used under it."""
    file_ids = set(
        Evidence.objects.filter(
            response__registration__cycle__instrument_id=version_id,
            removed_at__isnull=True,
            file__isnull=False,
        ).values_list("file_id", flat=True)
    )
    for file_id in file_ids:
        transaction.on_commit(partial(_enqueue, file_id))
    return len(file_ids)


def settings_changed(version_id: int) -> int:
    """An instrument version's settings or words changed: a new revision, every file queued."""
    from django.db.models import F

    from .models import CheckSettings

    row, _ = CheckSettings.objects.get_or_create(version_id=version_id)
    CheckSettings.objects.filter(pk=row.pk).update(revision=F("revision") + 1)
    return recheck_version(version_id)
