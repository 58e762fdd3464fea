"""Turning an evidence id into evidence for a user: through its response's access, nothing else.

Whoever may see the response sees its evidence (404 otherwise, also for other tenants and for an
OPD operator of another office); whoever may change the response may change its evidence (403
for the read-only roles).
"""

from django.http import Http404

from wistara.accounts.models import User
from wistara.assessments.access import get_response_for_user

from .models import Evidence


def get_evidence_for_user(user: User, evidence_id: int, *, change: bool = False) -> Evidence:
    evidence = Evidence.objects.select_related("file").filter(id=evidence_id).first()
    if evidence is None:
        raise Http404
    evidence.response = get_response_for_user(user, evidence.response_id, change=change)
    return evidence
