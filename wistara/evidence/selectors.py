"""Reads: a response's evidence, grouped by data year, and where else each file is used."""

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.access import can_change_response
from wistara.assessments.models import Response
from wistara.assessments.services.locking import response_lock_reason

from .checks.selectors import attach_checks
from .forms import EvidenceLinkForm, EvidenceUploadForm
from .models import Evidence, EvidenceFile


@dataclass
class YearEvidence:
    year: int
    label: str
    active: list[Evidence] = field(default_factory=list)
    removed: list[Evidence] = field(default_factory=list)


def evidence_for_response(response: Response) -> list[Evidence]:
    """All of it, removed included; each carries `also_used_in`, the other indicators' codes, and
    `file_check`, the findings of the worker's check of its file (None for a link)."""
    evidence = list(
        response.evidence.select_related("file", "added_by", "removed_by").order_by(
            "data_year", "added_at", "id"
        )
    )
    uses = evidence_other_uses(response, {item.file_id for item in evidence if item.file_id})
    for item in evidence:
        item.also_used_in = uses.get(item.file_id, []) if item.file_id else []
    attach_checks(response, evidence)  # what the worker's check found (item.file_check)
    return evidence


def evidence_other_uses(response: Response, file_ids: set[int]) -> dict[int, list[str]]:
    """file id -> codes of the other indicators with active evidence of that file (one query).

    A file belongs to one regency, so these are the regency's own indicators; another cycle's
    are marked with that cycle's code.
    """
    if not file_ids:
        return {}
    rows = (
        Evidence.objects.filter(file_id__in=file_ids, removed_at__isnull=True)
        .exclude(response_id=response.id)
        .order_by()
        .values_list(
            "file_id",
            "response__indicator__code",
            "response__registration__cycle_id",
            "response__registration__cycle__code",
        )
        .distinct()
    )
    uses: dict[int, set[str]] = {}
    for file_id, code, cycle_id, cycle_code in rows:
        label = code if cycle_id == response.registration.cycle_id else f"{code} ({cycle_code})"
        uses.setdefault(file_id, set()).add(label)
    return {file_id: sorted(labels) for file_id, labels in uses.items()}


def evidence_by_year(response: Response, evidence: list[Evidence]) -> list[YearEvidence]:
    years = list(response.registration.cycle.data_years)
    labels = [_("First data year"), _("Second data year")]
    groups = {year: YearEvidence(year, labels[i] if i < 2 else "") for i, year in enumerate(years)}
    for item in evidence:
        group = groups.get(item.data_year)
        if group is not None:
            (group.removed if item.is_removed else group.active).append(item)
    return list(groups.values())


def evidence_panel_context(
    *,
    response: Response,
    user: User,
    upload_form: EvidenceUploadForm | None = None,
    link_form: EvidenceLinkForm | None = None,
) -> dict:
    """What evidence/partials/panel.html needs besides `response`: merge it into a page's context.

    Two queries (the evidence, and where else its files are used); the response must come with
    its registration, cycle and instrument (as get_response_for_user gives it).
    """
    lock_reason = response_lock_reason(response)
    may_change = can_change_response(user, response)
    return {
        "evidence_years": evidence_by_year(response, evidence_for_response(response)),
        "evidence_may_change": may_change and lock_reason is None,
        "evidence_lock_reason": lock_reason if may_change else None,
        "evidence_upload_form": upload_form or EvidenceUploadForm(response=response),
        "evidence_link_form": link_form or EvidenceLinkForm(response=response),
        "evidence_max_bytes": settings.EVIDENCE_MAX_BYTES,
    }


def evidence_orphan_names(*, older_than: timedelta) -> list[str]:
    """Stored blobs that no EvidenceFile names, last written before `older_than` ago.

    They come from an upload whose process died between storing the file and committing its
    row, or whose caller's outer transaction rolled back. Younger ones may be an upload in
    progress, hence the age.
    """
    try:
        folders = default_storage.listdir("evidence")[0]
    except FileNotFoundError:
        return []
    cutoff = timezone.now() - older_than
    orphans: list[str] = []
    for folder in sorted(folders):
        names = [f"evidence/{folder}/{name}" for name in default_storage.listdir(f"evidence/{folder}")[1]]
        for start in range(0, len(names), 500):
            batch = names[start : start + 500]
            known = set(
                EvidenceFile.objects.filter(storage_name__in=batch).values_list("storage_name", flat=True)
            )
            orphans += [
                name
                for name in batch
                if name not in known and default_storage.get_modified_time(name) < cutoff
            ]
    return orphans


def upload_leftovers(*, older_than: timedelta) -> list[Path]:
    """Upload temporaries (settings.FILE_UPLOAD_TEMP_DIR) older than `older_than`.

    Django deletes an upload's temporary file when the request ends; a worker killed mid-body
    (a timeout, kill -9, a crash) leaves it behind. An upload in progress is younger than the
    age given, and only Django's temporaries ("*.upload*") are touched.
    """
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR or "")
    if not settings.FILE_UPLOAD_TEMP_DIR or not folder.is_dir():
        return []
    cutoff = (timezone.now() - older_than).timestamp()
    return sorted(
        path for path in folder.glob("*.upload*") if path.is_file() and path.stat().st_mtime < cutoff
    )
