"""Every write to evidence: upload a file, add a link, remove and restore.

Each one refuses while the response is locked (wistara.assessments.services.locking), keeps the
response's two evidence counters equal to its active evidence per data year in the same
transaction, and records the change in the response's history.

An upload is checked before anything is stored (size, then the type read from the content), its
SHA-256 computed while streaming, and its bytes stored once per regency under a random name: the
same file attached again reuses the stored one. The file is read in chunks, never whole, and
stored outside the database transaction (a 25 MB copy must not hold the database's write lock);
a blob stored by a call whose database write then fails is deleted again, so a refusal leaves
neither a row nor a file.
"""

import hashlib
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Response, ResponseChange
from wistara.assessments.services.locking import response_lock_reason
from wistara.assessments.services.totals import contribution, totals_add
from wistara.common.text import clean_text
from wistara.regions.models import Province, Regency

from .checks.services import check_later
from .exif import PhotoFacts, photo_facts
from .filetypes import TYPES, sniff
from .models import Evidence, EvidenceFile
from .names import name_stem, sanitise_name
from .selectors import evidence_orphan_names, upload_leftovers
from .uploads import too_large_message

logger = logging.getLogger(__name__)

TITLE_MAX = 200
URL_MAX = 2000


@dataclass(frozen=True)
class _Blob:
    """A checked upload, before any row exists for it."""

    name: str
    size: int
    sha256: str
    content_type: str
    facts: PhotoFacts


def evidence_upload(
    *,
    response: Response,
    uploaded_file: File,
    data_year: int | str,
    kind: str,
    title: str = "",
    user: User,
) -> Evidence:
    """Check the file, store it (once per regency) and attach it to the response."""
    _ensure_open(response)
    data_year, kind = _clean_tags(response, data_year, kind)
    typed = _typed_title(title)  # refused before the file is stored
    with stored_file(regency=response.registration.regency, uploaded_file=uploaded_file, user=user) as (
        file,
        name,
    ):
        current = _lock(response)
        _refuse_duplicate(current, data_year, file=file)
        evidence = _evidence_create(
            current, user, file=file, url="", data_year=data_year, kind=kind, title=typed or name_stem(name)
        )
    _sync_counters(response, current)
    return evidence


@contextmanager
def stored_file(
    *,
    regency: Regency | None = None,
    uploaded_file: File,
    user: User,
    province: Province | None = None,
) -> Iterator[tuple[EvidenceFile, str]]:
    """Check an upload and store it once per regency; yield (its EvidenceFile, its clean name)
    inside a transaction for the caller's rows. Should the caller's block fail, a blob stored by
    this call is deleted again: a refusal leaves neither a row nor a file.

    Institutions' decrees, plans and photos and meetings' minutes use it too (one upload path)."""
    owner = regency or province
    if owner is None or (regency is not None and province is not None):
        raise TypeError("stored_file needs one owner: a regency or (its own documents) a province")
    blob = _checked_blob(uploaded_file)
    existing = EvidenceFile.objects.filter(regency=regency, province=province, sha256=blob.sha256).first()
    stored = None if existing else _store(uploaded_file, owner)
    try:
        with transaction.atomic():
            if existing is not None:
                yield existing, blob.name
            else:
                assert stored is not None  # new bytes were stored above
                yield _file_create(blob, stored, regency, user, province=province), blob.name
    except BaseException:
        if stored:
            _discard(stored)
        raise


@transaction.atomic
def evidence_attach_file(
    *,
    response: Response,
    file: EvidenceFile,
    data_year: int | str,
    kind: str,
    title: str = "",
    user: User | None,
    skip_duplicate: bool = False,
) -> Evidence | None:
    """Attach a file already stored for the regency (a decree, a meeting's minutes) to an item.

    With skip_duplicate, a file already attached for that year is left as it is (None)."""
    if file.regency_id != response.registration.regency_id:
        raise ValidationError(_("This file belongs to another regency."), code="regency")
    data_year, kind = _clean_tags(response, data_year, kind)
    current = _lock(response)
    try:
        _refuse_duplicate(current, data_year, file=file)
    except ValidationError:
        if skip_duplicate:
            return None
        raise
    evidence = _evidence_create(
        current,
        user,
        file=file,
        url="",
        data_year=data_year,
        kind=kind,
        title=_clean_title(title) or name_stem(file.original_name),
    )
    _sync_counters(response, current)
    return evidence


@transaction.atomic
def evidence_add_link(
    *,
    response: Response,
    url: str,
    data_year: int | str,
    kind: str,
    title: str = "",
    user: User | None,
) -> Evidence:
    """Attach a web address (http or https only)."""
    url = _clean_url(url)
    data_year, kind = _clean_tags(response, data_year, kind)
    typed = _typed_title(title)
    current = _lock(response)
    _refuse_duplicate(current, data_year, url=url)
    evidence = _evidence_create(
        current, user, file=None, url=url, data_year=data_year, kind=kind, title=typed or _link_title(url)
    )
    _sync_counters(response, current)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user: User) -> Evidence:
    """Remove softly (who, when); the file stays stored and the removal can be undone."""
    current = _lock(evidence.response)
    evidence.refresh_from_db(fields=["removed_at", "removed_by"])
    if evidence.removed_at is not None:
        return evidence
    evidence.removed_at, evidence.removed_by = timezone.now(), user
    evidence.save(update_fields=["removed_at", "removed_by"])
    check_later(evidence.file_id)  # the file's findings where it stays attached, or none
    _recount(current)
    _record(current, user, old=_describe(evidence), new="")
    _sync_counters(evidence.response, current)
    return evidence


@transaction.atomic
def evidence_restore(*, evidence: Evidence, user: User) -> Evidence:
    """Undo a removal, unless the same file or link is attached again for that year meanwhile."""
    current = _lock(evidence.response)
    evidence.refresh_from_db(fields=["removed_at", "removed_by"])
    if evidence.removed_at is None:
        return evidence
    _refuse_duplicate(
        current, evidence.data_year, file=evidence.file, url=evidence.url, exclude_id=evidence.id
    )
    evidence.removed_at, evidence.removed_by = None, None
    evidence.save(update_fields=["removed_at", "removed_by"])
    check_later(evidence.file_id, current.id)
    _recount(current)
    _record(current, user, old="", new=_describe(evidence))
    _sync_counters(evidence.response, current)
    return evidence


def evidence_orphans_delete(*, older_than: timedelta) -> list[str]:
    """Delete stored blobs that no EvidenceFile names (see selectors.evidence_orphan_names)."""
    deleted = []
    for name in evidence_orphan_names(older_than=older_than):
        if not EvidenceFile.objects.filter(storage_name=name).exists():  # once more, just before
            default_storage.delete(name)
            deleted.append(name)
    return deleted


def upload_leftovers_delete(*, older_than: timedelta) -> list[str]:
    """Delete upload temporaries left by killed requests (selectors.upload_leftovers)."""
    deleted = []
    for path in upload_leftovers(older_than=older_than):
        path.unlink(missing_ok=True)
        deleted.append(str(path))
    return deleted


# --- Checks ----------------------------------------------------------------------------------------


def _ensure_open(response: Response) -> None:
    reason = response_lock_reason(response)
    if reason:
        raise ValidationError(reason, code="locked")


def _lock(response: Response) -> Response:
    current = (
        Response.objects.select_for_update(of=("self",))
        .select_related("registration__cycle__instrument", "registration__regency")
        .get(pk=response.pk)
    )
    _ensure_open(current)
    return current


def _clean_tags(response: Response, data_year: int | str, kind: str) -> tuple[int, str]:
    years = [int(year) for year in response.registration.cycle.data_years]
    try:
        year = int(data_year)
    except (TypeError, ValueError):
        year = None
    if year not in years:
        raise ValidationError(
            _("Choose one of the data years: %(years)s.") % {"years": ", ".join(str(y) for y in years)},
            code="data_year",
        )
    if kind not in Evidence.Kind.values:
        raise ValidationError(_("Choose the kind of evidence."), code="kind")
    return year, kind


def _typed_title(title: str | None) -> str:
    """A title someone typed: refused when too long, never cut (common.text)."""
    return clean_text(title, "title", limit=TITLE_MAX, one_line=True)


def _clean_title(title: str | None) -> str:
    """A title Wistara composed (a meeting's title and date): shortened to fit."""
    return " ".join(str(title or "").split())[:TITLE_MAX]


def _clean_url(raw: str | None) -> str:
    url = str(raw or "").strip()
    try:
        if len(url) > URL_MAX:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            _("Enter a web address starting with http:// or https://."), code="url"
        ) from None
    return url


def _link_title(url: str) -> str:
    return _clean_title(url.split("://", 1)[-1].rstrip("/"))


def _refuse_duplicate(
    response: Response,
    data_year: int,
    *,
    file: EvidenceFile | None = None,
    url: str | None = None,
    exclude_id: int | None = None,
) -> None:
    same = response.evidence.filter(removed_at__isnull=True, data_year=data_year)
    same = same.filter(file=file) if file is not None else same.filter(url=url)
    if exclude_id is not None:
        same = same.exclude(id=exclude_id)
    if same.exists():
        message = (
            _("This file is already attached to this indicator for %(year)s.")
            if file
            else _("This link is already attached to this indicator for %(year)s.")
        )
        raise ValidationError(message % {"year": data_year}, code="duplicate")


# --- The file --------------------------------------------------------------------------------------


def _checked_blob(uploaded_file: File) -> _Blob:
    size = uploaded_file.size or 0
    if size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(too_large_message(), code="too_large")
    content_type = sniff(uploaded_file, size)
    facts = photo_facts(uploaded_file) if TYPES[content_type].exif else PhotoFacts()
    return _Blob(
        name=sanitise_name(uploaded_file.name),
        size=size,
        sha256=_sha256(uploaded_file),
        content_type=content_type,
        facts=facts,
    )


def _sha256(uploaded_file: File) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():  # chunks() starts from the beginning
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def _store(uploaded_file: File, owner: Regency | Province) -> str:
    uploaded_file.seek(0)
    return default_storage.save(f"evidence/{owner.code}/{uuid.uuid4().hex}", uploaded_file)


def _discard(storage_name: str) -> None:
    try:
        default_storage.delete(storage_name)
    except Exception:
        logger.exception("could not delete the unused evidence blob %s", storage_name)


def _file_create(
    blob: _Blob,
    stored: str,
    regency: Regency | None,
    user: User,
    *,
    province: Province | None = None,
) -> EvidenceFile:
    try:
        with transaction.atomic():
            return EvidenceFile.objects.create(
                regency=regency,
                province=province,
                sha256=blob.sha256,
                size=blob.size,
                content_type=blob.content_type,
                storage_name=stored,
                original_name=blob.name,
                exif_taken_at=blob.facts.taken_at,
                exif_lat=blob.facts.lat,
                exif_lon=blob.facts.lon,
                uploaded_by=user,
            )
    except IntegrityError:
        # The same bytes were uploaded for this regency at the same moment: use theirs.
        existing = EvidenceFile.objects.get(regency=regency, province=province, sha256=blob.sha256)
        transaction.on_commit(lambda: _discard(stored))
        return existing


# --- Rows and counters -----------------------------------------------------------------------------


def _evidence_create(response: Response, user: User | None, **fields) -> Evidence:
    evidence = Evidence(response=response, added_by=user, added_at=timezone.now(), **fields)
    evidence.full_clean(exclude=["response", "file", "added_by", "removed_by"])
    evidence.save()
    _recount(response)
    _record(response, user, old="", new=_describe(evidence))
    check_later(evidence.file_id, response.id)  # its tags changed: checked again by the worker
    return evidence


def _recount(response: Response) -> None:
    """evidence_prev / evidence_curr = active evidence of the first / second data year."""
    years = list(response.registration.cycle.data_years)
    counts = dict(
        response.evidence.filter(removed_at__isnull=True)
        .order_by()
        .values_list("data_year")
        .annotate(n=Count("id"))
    )
    before = contribution(response)
    response.evidence_prev = counts.get(years[0], 0) if years else 0
    response.evidence_curr = counts.get(years[1], 0) if len(years) > 1 else 0
    Response.objects.filter(pk=response.pk).update(
        evidence_prev=response.evidence_prev, evidence_curr=response.evidence_curr
    )
    totals_add(response=response, before=before, after=contribution(response))  # completeness


def _sync_counters(response: Response, current: Response) -> None:
    response.evidence_prev, response.evidence_curr = current.evidence_prev, current.evidence_curr


def _describe(evidence: Evidence) -> str:
    # The kind's English msgid: the history translates it for whoever reads it (assessments.history).
    with translation.override("en"):
        kind = str(evidence.get_kind_display())
    return f"{evidence.data_year} · {kind} · {evidence.title}"


def _record(response: Response, user: User | None, *, old: str, new: str) -> None:
    # Evidence does not move the response's revision: attaching a file must not make someone's
    # open edit of the indicator's answer fail as a conflict.
    ResponseChange.objects.create(
        response=response, revision=response.revision, field="evidence", old=old, new=new, changed_by=user
    )
