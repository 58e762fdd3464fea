"""A province's own Tim Pembina documents for a cycle, and the nation's review of them.

The province adds documents (each file checked and stored by the evidence app, owned by the
province) until it submits them or its verification period ends. National verifiers then judge
each document (verdict, note) in rounds; the ones that need correction go back with a deadline,
the province replaces or adds files and sends them back. A replaced file stays as a version.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Cycle
from wistara.assessments.services.revisions import lock, revise
from wistara.audit.services import audit_record
from wistara.common.errors import Invalid
from wistara.common.text import clean_text
from wistara.evidence.services import stored_file
from wistara.notifications import events
from wistara.regions.models import Province
from wistara.verification.rounds import check_verdict, next_return_number
from wistara.verification.services.deadlines import check_deadline, default_correction_deadline

from ..locking import provincial_lock_reason
from ..models import (
    ProvincialCorrection,
    ProvincialDocument,
    ProvincialDocumentReview,
    ProvincialDocumentVersion,
    ProvincialDossier,
    Verdict,
)
from ..selectors_rounds import (
    missing_kinds,
    provincial_accepted_before,
    provincial_review_refusal,
    provincial_round,
)
from .common import file_title, has_file, refuse_if

D = ProvincialDossier.Status


class MissingKindsError(Invalid):  # the common refusal (issue 15)
    """Some required kinds have no document: the province must confirm before submitting."""

    def __init__(self, kinds: list[str]):
        labels = [str(ProvincialDocument.Kind(k).label) for k in kinds]
        super().__init__(
            _("Missing: %(kinds)s. Confirm to submit anyway.") % {"kinds": ", ".join(labels)},
            code="incomplete",
        )
        self.kinds = kinds


def _record(action: str, user: User, dossier: ProvincialDossier, obj=None, **payload) -> None:
    audit_record(
        action=action,
        actor=user,
        obj=obj or dossier,
        province=dossier.province,
        cycle_code=dossier.cycle.code,
        payload={"status": dossier.status, **payload},
    )


def provincial_dossier_locked(*, province: Province, cycle: Cycle) -> ProvincialDossier:
    ProvincialDossier.objects.get_or_create(province=province, cycle=cycle)
    return (
        ProvincialDossier.objects.select_for_update(of=("self",))
        .select_related("province", "cycle")
        .get(province=province, cycle=cycle)
    )


def _clean_meta(kind: str, title: str, description: str, document_date: date | None) -> dict:
    if kind not in ProvincialDocument.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    return {
        "kind": kind,
        "title": clean_text(title, "title", limit=200, one_line=True),
        "description": clean_text(description, "description", limit=2000),
        "document_date": document_date,
    }


def provincial_document_add(
    *,
    province: Province,
    cycle: Cycle,
    user: User,
    uploaded_file: File | None,
    kind: str,
    title: str = "",
    description: str = "",
    document_date: date | None = None,
) -> ProvincialDocument:
    uploaded_file = has_file(uploaded_file)
    meta = _clean_meta(kind, title, description, document_date)
    with stored_file(province=province, uploaded_file=uploaded_file, user=user) as (file, name):
        dossier = provincial_dossier_locked(province=province, cycle=cycle)
        refuse_if(provincial_lock_reason(dossier))
        now = timezone.now()
        # Added while the set is returned: it goes to the nation with the corrected ones.
        status = (
            ProvincialDocument.Status.RETURNED
            if dossier.status == D.RETURNED
            else ProvincialDocument.Status.SUBMITTED
        )
        document = ProvincialDocument.objects.create(
            dossier=dossier,
            file=file,
            status=status,
            added_by=user,
            added_at=now,
            updated_at=now,
            **{**meta, "title": meta["title"] or file_title("", name)},
        )
        ProvincialDocumentVersion.objects.create(
            document=document, number=1, file=file, uploaded_by=user, uploaded_at=now
        )
        _record(
            "provincial_document.added",
            user,
            dossier,
            obj=document,
            kind=document.kind,
            title=document.title,
            sha256=file.sha256,
        )
    return document


def _lock_document(document: ProvincialDocument, base_revision: int | None = None) -> ProvincialDocument:
    return lock(
        ProvincialDocument.objects.select_related("dossier__province", "dossier__cycle"),
        pk=document.pk,
        base_revision=base_revision,
        lock_reason=lambda row: provincial_lock_reason(row.dossier, row),
        conflict=_("%(who)s changed this document at %(when)s; reload to see it."),
    )


@transaction.atomic
def provincial_document_update(
    *,
    document: ProvincialDocument,
    user: User,
    base_revision: int,
    kind: str,
    title: str,
    description: str = "",
    document_date: date | None = None,
) -> ProvincialDocument:
    current = _lock_document(document, base_revision)
    meta = _clean_meta(kind, title, description, document_date)
    if not meta["title"]:
        raise ValidationError({"title": _("Give the document a title.")})
    changed = revise(current, meta)
    if changed:
        changes = {f: [str(old or ""), str(new or "")] for f, (old, new) in changed.items()}
        _record("provincial_document.changed", user, current.dossier, obj=current, changes=changes)
    return current


def provincial_document_replace(
    *,
    document: ProvincialDocument,
    user: User,
    uploaded_file: File | None,
) -> ProvincialDocument:
    """A new file for the document (a corrected scan, the signed version); the old one is kept."""
    uploaded_file = has_file(uploaded_file)
    province = document.dossier.province
    with stored_file(province=province, uploaded_file=uploaded_file, user=user) as (file, _name):
        current = _lock_document(document)
        if file.id == current.file_id:
            raise ValidationError(_("This is the file the document already has."), code="duplicate")
        revise(current, {"file": file})
        number = current.versions.count() + 1
        ProvincialDocumentVersion.objects.create(
            document=current, number=number, file=file, uploaded_by=user, uploaded_at=current.updated_at
        )
        _record(
            "provincial_document.replaced",
            user,
            current.dossier,
            obj=current,
            version=number,
            sha256=file.sha256,
        )
    return current


@transaction.atomic
def provincial_document_remove(*, document: ProvincialDocument, user: User) -> ProvincialDocument:
    current = _lock_document(document)
    if current.removed_at is None:
        revise(current, {"removed_at": timezone.now(), "removed_by": user})
        _record("provincial_document.removed", user, current.dossier, obj=current, title=current.title)
    return current


@transaction.atomic
def provincial_dossier_submit(
    *,
    province: Province,
    cycle: Cycle,
    user: User,
    confirm_incomplete: bool = False,
) -> ProvincialDossier:
    dossier = provincial_dossier_locked(province=province, cycle=cycle)
    refuse_if(provincial_lock_reason(dossier))
    if not dossier.documents.filter(removed_at__isnull=True).exists():
        raise ValidationError(_("Add at least one document before submitting."))
    missing = missing_kinds(dossier)
    if missing and not confirm_incomplete:
        raise MissingKindsError(missing)
    dossier.status, dossier.submitted_at, dossier.submitted_by = D.SUBMITTED, timezone.now(), user
    dossier.save(update_fields=["status", "submitted_at", "submitted_by"])
    _record("provincial_dossier.submitted", user, dossier, missing=missing)
    return dossier


# --- The nation's review ---------------------------------------------------------------------------


@transaction.atomic
def provincial_review_record(
    *,
    document: ProvincialDocument,
    user: User,
    verdict: str,
    note: str = "",
) -> ProvincialDocumentReview:
    dossier = (
        ProvincialDossier.objects.select_for_update()
        .select_related("province", "cycle")
        .get(pk=document.dossier_id)
    )
    reason = provincial_review_refusal(dossier)
    if reason:
        raise ValidationError(reason, code="illegal_transition")
    if document.removed_at is not None:
        raise ValidationError(_("This document was removed by the province."))
    check_verdict(verdict, note, correction_message=_("Say what the province must correct."))
    rnd = provincial_round(dossier)
    if document.id in provincial_accepted_before(dossier, rnd):
        raise ValidationError(_("This document was accepted in an earlier round."), code="accepted")
    review, _created = ProvincialDocumentReview.objects.update_or_create(
        document=document,
        round=rnd,
        defaults={
            "verdict": verdict,
            "note": (note or "").strip(),
            "reviewer": user,
            "reviewed_at": timezone.now(),
        },
    )
    _record(
        "provincial_document.reviewed",
        user,
        dossier,
        obj=document,
        round=rnd,
        verdict=verdict,
        note=review.note,
    )
    return review


@transaction.atomic
def provincial_return(
    *,
    province: Province,
    cycle: Cycle,
    user: User,
    deadline: datetime | None = None,
) -> ProvincialCorrection:
    dossier = provincial_dossier_locked(province=province, cycle=cycle)
    reason = provincial_review_refusal(dossier)
    if reason:
        raise ValidationError(reason, code="illegal_transition")
    rnd = provincial_round(dossier)
    returned = list(
        ProvincialDocumentReview.objects.filter(
            document__dossier=dossier,
            document__removed_at__isnull=True,
            round=rnd,
            verdict=Verdict.NEEDS_CORRECTION,
        ).values_list("document_id", flat=True)
    )
    if not returned:
        raise ValidationError(_("No document of this round needs correction."))
    now = timezone.now()
    # One deadline rule for every kind of return (verification.services.deadlines, issue 11).
    if deadline is None:
        deadline = default_correction_deadline(dossier.cycle, now)
    check_deadline(deadline, now)
    correction = ProvincialCorrection.objects.create(
        dossier=dossier,
        number=next_return_number(dossier.corrections.all()),
        returned_by=user,
        returned_at=now,
        deadline=deadline,
    )
    ProvincialDocument.objects.filter(id__in=returned).update(status=ProvincialDocument.Status.RETURNED)
    dossier.status, dossier.correction_deadline = D.RETURNED, correction.deadline
    dossier.save(update_fields=["status", "correction_deadline"])
    # Issue 12: the province's verifiers are told.
    events.provincial_documents_returned(dossier=dossier, correction=correction, count=len(returned))
    _record(
        "provincial_dossier.returned",
        user,
        dossier,
        round=correction.number,
        deadline=correction.deadline.isoformat(),
        documents=sorted(returned),
    )
    return correction


@transaction.atomic
def provincial_resubmit(*, province: Province, cycle: Cycle, user: User) -> ProvincialDossier:
    dossier = provincial_dossier_locked(province=province, cycle=cycle)
    if dossier.status != D.RETURNED:
        raise ValidationError(_("No document is out for correction."))
    correction = dossier.corrections.filter(resubmitted_at__isnull=True).latest("number")
    dossier.documents.filter(status=ProvincialDocument.Status.RETURNED).update(
        status=ProvincialDocument.Status.SUBMITTED
    )
    correction.resubmitted_at = timezone.now()
    correction.save(update_fields=["resubmitted_at"])
    dossier.status, dossier.correction_deadline = D.SUBMITTED, None
    dossier.save(update_fields=["status", "correction_deadline"])
    _record("provincial_dossier.resubmitted", user, dossier, round=correction.number)
    return dossier
