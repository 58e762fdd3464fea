"""Writing the overview and the tatanan narratives: text, an uploaded PDF, images in the text.

Every save carries the revision it was based on and is refused when someone saved after it (the
caller gets their version to compare), is refused while the narrative is locked, and leaves a
NarrativeVersion behind.
"""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration
from wistara.assessments.services.revisions import check_revision, lock, revise
from wistara.evidence.services import stored_file
from wistara.instruments.models import Section

from .. import html
from ..locking import narrative_lock_reason
from ..models import Attachment, Narrative, NarrativeVersion
from .common import IMAGES, PDF, file_title, has_file, refuse_if


def narrative_locked(*, registration: Registration, section: Section | None) -> Narrative:
    """The narrative's row, created empty on first use, locked until the transaction ends."""
    Narrative.objects.get_or_create(registration=registration, section=section)
    return lock(
        Narrative.objects.select_related("registration__cycle", "registration__regency", "section"),
        registration=registration,
        section=section,
    )


def _check_revision(narrative: Narrative, base_revision: int) -> None:
    check_revision(
        narrative,
        base_revision,
        _(
            "%(who)s saved this narrative at %(when)s, after you opened it. Your text was not saved: it "
            "is kept below beside theirs; merge the two, then save again."
        ),
        changes=lambda: list(narrative.versions.select_related("saved_by")[:1]),
    )


def _image_urls(registration: Registration, raw: str):
    allowed = set(
        Attachment.objects.filter(
            registration=registration,
            kind=Attachment.Kind.IMAGE,
            removed_at__isnull=True,
            id__in=html.image_ids(raw),
        ).values_list("id", flat=True)
    )
    regency, cycle = registration.regency.code, registration.cycle.code

    def url(image_id: int) -> str | None:
        if image_id not in allowed:
            return None
        return reverse("dossier:file", args=[regency, cycle, image_id]) + "?lihat=1"

    return url


def _keep_version(narrative: Narrative, user: User, values: dict) -> None:
    if not revise(narrative, values, user=user):
        return
    assert narrative.updated_at is not None  # revise() has just stamped it
    NarrativeVersion.objects.create(
        narrative=narrative,
        revision=narrative.revision,
        body=narrative.body,
        word_count=narrative.word_count,
        pdf=narrative.pdf,
        saved_by=user,
        saved_at=narrative.updated_at,
    )


@transaction.atomic
def narrative_save(
    *,
    registration: Registration,
    section: Section | None,
    user: User,
    base_revision: int,
    body: str,
    remove_pdf: bool = False,
) -> Narrative:
    """Save the text (sanitised) and, with remove_pdf, take the uploaded PDF off."""
    narrative = narrative_locked(registration=registration, section=section)
    refuse_if(narrative_lock_reason(narrative))
    _check_revision(narrative, base_revision)
    if len(body or "") > html.MAX_CHARS:
        raise ValidationError({"body": _("The text is too long for one narrative.")})
    clean = html.sanitise(body, image_url=_image_urls(narrative.registration, body))
    values = {"body": clean, "word_count": html.word_count(clean), **({"pdf": None} if remove_pdf else {})}
    _keep_version(narrative, user, values)
    return narrative


def _refuse_if_locked(registration: Registration, section: Section | None) -> None:
    """Before storing an upload: the narrative as saved, or as a new one would be."""
    narrative = Narrative.objects.filter(registration=registration, section=section).first()
    refuse_if(narrative_lock_reason(narrative or Narrative(registration=registration, section=section)))


def narrative_pdf_upload(
    *,
    registration: Registration,
    section: Section | None,
    user: User,
    uploaded_file: File | None,
) -> Narrative:
    """Attach a PDF as the narrative (beside or instead of the written text)."""
    uploaded_file = has_file(uploaded_file)
    _refuse_if_locked(registration, section)
    with stored_file(regency=registration.regency, uploaded_file=uploaded_file, user=user) as (file, name):
        narrative = narrative_locked(registration=registration, section=section)
        refuse_if(narrative_lock_reason(narrative))
        require_pdf = _("Upload the narrative as a PDF.")
        if file.content_type not in PDF:
            raise ValidationError({"file": require_pdf}, code="file_type")
        pdf = Attachment.objects.create(
            registration=registration,
            file=file,
            kind=Attachment.Kind.NARRATIVE_PDF,
            title=file_title("", name),
            added_by=user,
            added_at=timezone.now(),
        )
        _keep_version(narrative, user, {"pdf": pdf})
    return narrative


def narrative_image_upload(
    *,
    registration: Registration,
    section: Section | None,
    user: User,
    uploaded_file: File | None,
) -> Attachment:
    """Store an image for the narrative's text; the editor then places it by its address."""
    uploaded_file = has_file(uploaded_file)
    _refuse_if_locked(registration, section)
    with stored_file(regency=registration.regency, uploaded_file=uploaded_file, user=user) as (file, name):
        if file.content_type not in IMAGES:
            raise ValidationError({"file": _("Insert a JPEG, PNG, WebP or GIF image.")}, code="file_type")
        return Attachment.objects.create(
            registration=registration,
            file=file,
            kind=Attachment.Kind.IMAGE,
            title=file_title("", name),
            added_by=user,
            added_at=timezone.now(),
        )
