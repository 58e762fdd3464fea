"""A province extends the library of common notes its verifiers insert with one key."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.audit.services import audit_record
from wistara.regions.models import Province

from ..models import CommonNote


@transaction.atomic
def common_note_add(*, province: Province, text: str, user: User) -> CommonNote:
    text = " ".join(text.split())
    if not text:
        raise ValidationError(_("Write the note first."))
    if len(text) > 300:
        raise ValidationError(_("A common note is at most 300 characters."))
    if CommonNote.objects.filter(province=province, text=text).exists():
        raise ValidationError(_("This note is already in the library."))
    note = CommonNote.objects.create(province=province, text=text, created_by=user)
    audit_record(
        action="verification.common_note_added",
        actor=user,
        obj=note,
        province=province,
        payload={"text": text},
    )
    return note
