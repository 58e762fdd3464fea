"""Handing one person's work over to a successor when staff rotate out of an office."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.accounts.models import OFFICE_ROLES, RoleAssignment, User
from wistara.accounts.services import role_grant, role_revoke
from wistara.assessments.services.revisions import revise
from wistara.regions.models import Regency

from ..models import ActionItem
from .common import audit


@dataclass
class HandoverResult:
    roles: list[str]
    action_items: int


@transaction.atomic
def handover(*, regency: Regency, predecessor: User, successor: User, user: User) -> HandoverResult:
    """Move every office role (operator, head of office) the predecessor holds in this regency,
    and every open action item assigned to them, to the successor. The predecessor's account and
    everything they did stay; only their roles in this regency's offices end."""
    if predecessor.pk == successor.pk:
        raise ValidationError({"successor": _("Choose someone other than the person leaving.")})
    if not successor.is_active:
        raise ValidationError({"successor": _("The successor's account is not active.")})
    assignments = list(
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("office")
        .filter(user=predecessor, regency=regency, role__in=OFFICE_ROLES)
    )
    items = list(
        ActionItem.objects.select_for_update(of=("self",)).filter(
            meeting__regency=regency, assignee=predecessor, status__in=ActionItem.OPEN_STATUSES
        )
    )
    moved_items = [item.id for item in items]
    if not assignments and not moved_items:
        raise ValidationError(
            _("%(user)s holds no office role and no open action item in this regency.")
            % {"user": predecessor.get_full_name() or predecessor.username}
        )
    roles = []
    for assignment in assignments:
        role_grant(
            user=successor, role=assignment.role, regency=regency, office=assignment.office, granted_by=user
        )
        office = assignment.office
        assert office is not None  # an office role names its office (role_scope_matches_role)
        roles.append(f"{assignment.get_role_display()} · {office.short_name}")
        role_revoke(assignment=assignment)
    for item in items:  # a new revision each: an edit opened before the handover is refused
        revise(item, {"assignee": successor})
    audit(
        "institution.handover",
        user,
        successor,
        regency,
        predecessor=predecessor.username,
        successor=successor.username,
        roles=roles,
        action_items=moved_items,
    )
    return HandoverResult(roles=roles, action_items=len(moved_items))
