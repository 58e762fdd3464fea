"""The coordinator sends an office its missing list inside Wistara (issue 10 item 7)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Response
from wistara.assessments.stages import READY
from wistara.audit.services import audit_record
from wistara.notifications import events

# --- The office's missing list (the coordinator's "send to the office") ----------------------------


@transaction.atomic
def missing_list_send(*, registration, office, user: User) -> tuple[int, int]:
    """Send an office its missing list inside Wistara: (items listed, people told). Audited."""
    if office is None or office.regency_id != registration.regency_id:
        raise ValidationError(_("This office is not one of the regency's."))
    count = Response.objects.filter(registration=registration, office=office).exclude(READY).count()
    if not count:
        raise ValidationError(
            _("%(office)s owes nothing: there is no list to send.") % {"office": office.short_name}
        )
    notes = events.missing_list_sent(
        registration=registration, office=office, count=count, user=user, sent_at=timezone.now()
    )
    if not notes:
        raise ValidationError(
            _("%(office)s has no users in Wistara yet: add its operator first.")
            % {"office": office.short_name}
        )
    audit_record(
        action="notifications.missing_list_sent",
        actor=user,
        obj=office,
        regency=registration.regency,
        cycle_code=registration.cycle.code,
        payload={"office": office.short_name, "items": count, "people": len(notes)},
    )
    return count, len(notes)
