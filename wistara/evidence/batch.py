"""Several files attached to one item in one step, each for one or both data years.

All or nothing: every file is checked (size, type read from the content) before anything is
stored; the blobs are stored outside the database transaction (a 25 MB copy must not hold
SQLite's write lock), then the rows for all of them, and whatever else the caller saves with
them (the item's answer: `with_rows`), are written in one transaction. If anything fails, the
blobs this call stored are deleted again: a refusal leaves neither a row nor a file.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Response

from .kinds import TaggedFile
from .models import Evidence, EvidenceFile
from .names import name_stem
from .services import (
    _checked_blob,
    _clean_tags,
    _clean_title,
    _discard,
    _ensure_open,
    _evidence_create,
    _file_create,
    _lock,
    _store,
    _sync_counters,
)

T = TypeVar("T")


@dataclass
class BatchResult:
    added: list[Evidence] = field(default_factory=list)
    # "name (year)" of files already attached for that year: kept once, not an error.
    already: list[str] = field(default_factory=list)


def evidence_upload_batch(
    *,
    response: Response,
    files: list[TaggedFile],
    user: User,
    with_rows: Callable[[], T] | None = None,
) -> tuple[T | None, BatchResult]:
    """Check and store `files`, then run `with_rows` and attach them in one transaction."""
    _ensure_open(response)
    checked = [(tagged, _checked_named(tagged), _tags(response, tagged)) for tagged in files]
    regency = response.registration.regency
    stored: dict[str, str] = {}  # sha256 -> storage name, for blobs new to this regency
    known = {
        f.sha256: f
        for f in EvidenceFile.objects.filter(
            regency=regency, sha256__in=[blob.sha256 for _t, blob, _y in checked]
        )
    }
    try:
        for tagged, blob, _years in checked:
            if blob.sha256 not in known and blob.sha256 not in stored:
                stored[blob.sha256] = _store(tagged.file, regency)
        with transaction.atomic():
            outcome = with_rows() if with_rows else None
            result = _attach_all(response, checked, known, stored, user)
    except BaseException:
        for name in stored.values():
            _discard(name)
        raise
    return outcome, result


def _checked_named(tagged: TaggedFile):
    try:
        return _checked_blob(tagged.file)
    except ValidationError as exc:
        raise ValidationError(
            _("“%(name)s”: %(problem)s") % {"name": tagged.file.name, "problem": " ".join(exc.messages)},
            code=exc.code,
        ) from None


def _tags(response: Response, tagged: TaggedFile) -> list[tuple[int, str]]:
    if not tagged.years:
        raise ValidationError(
            _("“%(name)s”: choose the data year it is evidence for.") % {"name": tagged.file.name},
            code="data_year",
        )
    return [_clean_tags(response, year, tagged.kind) for year in sorted(set(tagged.years))]


def _attach_all(response, checked, known, stored, user) -> BatchResult:
    current = _lock(response)
    attached = set(
        current.evidence.filter(removed_at__isnull=True, file__isnull=False).values_list(
            "file__sha256", "data_year"
        )
    )
    result = BatchResult()
    for tagged, blob, tags in checked:
        file = known.get(blob.sha256) or _file_create(
            blob, stored[blob.sha256], current.registration.regency, user
        )
        known[blob.sha256] = file
        for year, kind in tags:
            if (blob.sha256, year) in attached:
                result.already.append(f"{blob.name} ({year})")
                continue
            attached.add((blob.sha256, year))
            result.added.append(
                _evidence_create(
                    current,
                    user,
                    file=file,
                    url="",
                    data_year=year,
                    kind=kind,
                    title=_clean_title(tagged.title) or name_stem(blob.name),
                )
            )
    _sync_counters(response, current)
    return result
