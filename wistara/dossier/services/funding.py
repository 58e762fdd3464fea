"""Funding rows and their evidence. Every change is revision-checked, soft (removal can be
undone) and recorded in the audit trail with the values before and after."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration
from wistara.assessments.services.revisions import lock, revise
from wistara.common.numbers import rupiah
from wistara.common.text import clean_text
from wistara.evidence.services import stored_file
from wistara.verification.services.workflow import record

from ..locking import dossier_lock_reason
from ..models import Attachment, Funding
from .common import file_title, has_file, refuse_if

FIELDS = ("data_year", "source", "section", "office", "activity", "amount", "note")


def _year(registration: Registration, raw) -> int:
    years = [int(y) for y in registration.cycle.data_years]
    try:
        year = int(raw)
    except (TypeError, ValueError):
        year = None
    if year not in years:
        raise ValidationError(
            {
                "data_year": _("Choose one of the data years: %(years)s.")
                % {"years": ", ".join(str(y) for y in years)}
            }
        )
    return year


def _clean(registration: Registration, data: dict) -> dict:
    if data.get("source") not in Funding.Source.values:
        raise ValidationError({"source": _("Choose the source of the funds.")})
    section = None
    if data.get("section"):
        section = registration.cycle.instrument.sections.filter(kind="tatanan", code=data["section"]).first()
        if section is None:
            raise ValidationError({"section": _("Choose one of this cycle's tatanan.")})
    office = None
    if data.get("office"):
        office_id = _int(data["office"])
        office = registration.regency.offices.filter(id=office_id).first() if office_id else None
        if office is None:
            raise ValidationError({"office": _("Choose one of the regency's offices.")})
    activity = clean_text(data.get("activity"), "activity", limit=300, one_line=True)
    if not activity:
        raise ValidationError({"activity": _("Name the programme or activity funded.")})
    return {
        "data_year": _year(registration, data.get("data_year")),
        "source": data["source"],
        "section": section,
        "office": office,
        "activity": activity,
        "amount": rupiah("amount", data.get("amount")),
        "note": clean_text(data.get("note"), "note", limit=2000),
    }


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return getattr(value, "code", None) or getattr(value, "short_name", None) or str(value)


def _lock(funding: Funding, base_revision: int | None = None) -> Funding:
    return lock(
        Funding.objects.select_related("registration__cycle__instrument", "registration__regency"),
        pk=funding.pk,
        base_revision=base_revision,
        lock_reason=lambda row: dossier_lock_reason(row.registration),
        conflict=_("%(who)s changed this row at %(when)s; reload to see it."),
    )


@transaction.atomic
def funding_create(*, registration: Registration, user: User, data: dict) -> Funding:
    refuse_if(dossier_lock_reason(registration))
    funding = Funding.objects.create(
        registration=registration,
        created_by=user,
        updated_by=user,
        updated_at=timezone.now(),
        **_clean(registration, data),
    )
    record(
        "dossier.funding_added",
        user,
        registration,
        obj=funding,
        **{f: _shown(getattr(funding, f)) for f in FIELDS},
    )
    return funding


@transaction.atomic
def funding_update(*, funding: Funding, user: User, base_revision: int, data: dict) -> Funding:
    current = _lock(funding, base_revision)
    changed = revise(current, _clean(current.registration, data), user=user)
    if changed:
        changes = {f: [_shown(old), _shown(new)] for f, (old, new) in changed.items()}
        record("dossier.funding_changed", user, current.registration, obj=current, changes=changes)
    return current


@transaction.atomic
def funding_remove(*, funding: Funding, user: User) -> Funding:
    """Remove softly; the row and its evidence stay and can be restored."""
    current = _lock(funding)
    if current.removed_at is None:
        revise(current, {"removed_at": timezone.now(), "removed_by": user})
        record("dossier.funding_removed", user, current.registration, obj=current)
    return current


@transaction.atomic
def funding_restore(*, funding: Funding, user: User) -> Funding:
    current = _lock(funding)
    if current.removed_at is not None:
        revise(current, {"removed_at": None, "removed_by": None})
        record("dossier.funding_restored", user, current.registration, obj=current)
    return current


def funding_evidence_upload(
    *,
    funding: Funding,
    user: User,
    uploaded_file: File | None,
    title: str = "",
) -> Attachment:
    """Attach a file (budget document, DPA, receipt, MoU...) as the row's evidence."""
    uploaded_file = has_file(uploaded_file)
    registration = funding.registration
    refuse_if(dossier_lock_reason(registration))
    with stored_file(regency=registration.regency, uploaded_file=uploaded_file, user=user) as (file, name):
        current = _lock(funding)
        if current.evidence.filter(file=file, removed_at__isnull=True).exists():
            raise ValidationError(_("This file is already attached to this row."), code="duplicate")
        attachment = Attachment.objects.create(
            registration=registration,
            file=file,
            kind=Attachment.Kind.FUNDING,
            funding=current,
            title=file_title(title, name),
            added_by=user,
            added_at=timezone.now(),
        )
        record(
            "dossier.funding_evidence_added",
            user,
            registration,
            obj=current,
            title=attachment.title,
            sha256=file.sha256,
        )
    return attachment


@transaction.atomic
def funding_evidence_remove(*, attachment: Attachment, user: User) -> Attachment:
    if attachment.funding is None:
        raise ValidationError(_("This file is not funding evidence."))
    _lock(attachment.funding)
    if attachment.removed_at is None:
        attachment.removed_at, attachment.removed_by = timezone.now(), user
        attachment.save(update_fields=["removed_at", "removed_by"])
        record(
            "dossier.funding_evidence_removed",
            user,
            attachment.registration,
            obj=attachment.funding,
            title=attachment.title,
        )
    return attachment
