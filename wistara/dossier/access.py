"""Turning ids and codes from URLs into dossier objects for a user (see wistara.accounts.access).

A regency's dossier goes with its registration: whoever sees the registration sees it, whoever
changes the regency's records (its coordinator, a national administrator) changes it, and the
verifiers of a level review it (verification.access.may_review). A province's own documents are
seen by its verifiers and by national roles only, changed by its verifiers (and national
administrators), reviewed by national roles. 404 for missing and not-yours alike, 403 for
yours-to-see-not-to-change.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from wistara.accounts.access import get_province_for_user, scope_for
from wistara.accounts.models import User
from wistara.assessments.access import get_cycle, get_registration_for_user
from wistara.assessments.models import Cycle, Registration
from wistara.instruments.models import Section
from wistara.regions.models import Province
from wistara.verification.access import get_registration_for_review

from .models import OVERVIEW_KEY, Attachment, Funding, ProvincialDocument


def get_dossier_for_user(
    user: User, regency_code: str, cycle_code: str, *, change: bool = False
) -> Registration:
    return get_registration_for_user(user, regency_code, cycle_code, change=change)


def get_dossier_for_review(
    user: User,
    regency_code: str,
    cycle_code: str,
    level: str,
    *,
    change: bool = False,
) -> Registration:
    return get_registration_for_review(user, regency_code, cycle_code, level, change=change)


def narrative_section(registration: Registration, key: str) -> Section | None:
    """The tatanan a narrative key names (None for the overview); 404 for anything else."""
    if key == OVERVIEW_KEY:
        return None
    section = registration.cycle.instrument.sections.filter(kind="tatanan", code=key).first()
    if section is None:
        raise Http404
    return section


def get_funding_for_user(
    user: User,
    regency_code: str,
    cycle_code: str,
    funding_id: int,
    *,
    change: bool = False,
) -> Funding:
    registration = get_dossier_for_user(user, regency_code, cycle_code, change=change)
    funding = Funding.objects.filter(id=funding_id, registration=registration).first()
    if funding is None:
        raise Http404
    funding.registration = registration
    return funding


def get_attachment_for_user(
    user: User,
    regency_code: str,
    cycle_code: str,
    attachment_id: int,
    *,
    change: bool = False,
) -> Attachment:
    registration = get_dossier_for_user(user, regency_code, cycle_code, change=change)
    attachment = (
        Attachment.objects.select_related("file", "funding")
        .filter(id=attachment_id, registration=registration)
        .first()
    )
    if attachment is None:
        raise Http404
    attachment.registration = registration
    return attachment


def may_change_province(user: User, province: Province) -> bool:
    scope = scope_for(user)
    return scope.national_admin or province.id in scope.province_ids


def get_province_cycle_for_user(
    user: User,
    code: str,
    cycle_code: str,
    *,
    change: bool = False,
) -> tuple[Province, Cycle]:
    province = get_province_for_user(user, code)
    cycle = get_cycle(cycle_code)
    if change and not may_change_province(user, province):
        raise PermissionDenied
    return province, cycle


def get_provincial_document_for_user(
    user: User,
    code: str,
    cycle_code: str,
    document_id: int,
    *,
    change: bool = False,
) -> ProvincialDocument:
    province, cycle = get_province_cycle_for_user(user, code, cycle_code, change=change)
    document = (
        ProvincialDocument.objects.select_related("dossier__province", "dossier__cycle", "file")
        .filter(id=document_id, dossier__province=province, dossier__cycle=cycle)
        .first()
    )
    if document is None:
        raise Http404
    return document


def ensure_national_reviewer(user: User) -> None:
    if not scope_for(user).national:
        raise PermissionDenied
