"""Field validation and the plenary's decision."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration
from wistara.instruments.services import award_rules_lock, award_rules_mark_used
from wistara.notifications import events
from wistara.regions.models import Village

from ..awards import award_result, result_as_dict
from ..models import Decision, FieldFinding, FieldVisit
from .workflow import MOVES, ensure_move, lock_registration, record


@transaction.atomic
def field_visit_record(
    *,
    registration: Registration,
    starts_on: date,
    ends_on: date,
    team: list[dict],
    village_codes: list[str],
    findings: dict[str, str],
    user: User,
) -> FieldVisit:
    """Schedule or update the field validation: team, lokus visited, findings per tatanan."""
    current = lock_registration(registration)
    ensure_move(current, "field_validation")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})
    villages = list(Village.objects.filter(code__in=village_codes, district__regency=current.regency))
    if len(villages) != len(set(village_codes)):
        raise ValidationError({"villages": _("Some villages are not in this regency.")})
    visit, _created = FieldVisit.objects.update_or_create(
        registration=current,
        defaults={"starts_on": starts_on, "ends_on": ends_on, "team": team, "recorded_by": user},
    )
    visit.villages.set(villages)
    sections = {s.code: s for s in current.cycle.instrument.sections.all()}
    for code, text in findings.items():
        if code not in sections:
            raise ValidationError({"findings": _("Unknown tatanan %(code)s.") % {"code": code}})
        FieldFinding.objects.update_or_create(
            visit=visit, section=sections[code], defaults={"finding": text.strip()}
        )
    current.status = Registration.Status.FIELD_VALIDATION
    current.save(update_fields=["status", "updated_at"])
    record(
        "field_validation.recorded",
        user,
        current,
        starts_on=starts_on,
        ends_on=ends_on,
        villages=sorted(village_codes),
        findings=findings,
    )
    return visit


@transaction.atomic
def decision_record(
    *,
    registration: Registration,
    category_code: str | None,
    reason: str,
    user: User,
) -> Decision:
    """The final category (or none) with its reason; the engine's result is kept beside it.

    The result is computed here, after the instrument version's row is locked: computed by the
    caller, an award-settings change landing in between would leave a decision whose stored
    reasons no longer follow from the rules it fixed."""
    current = lock_registration(registration)
    award_rules_lock(version=current.cycle.instrument)
    if current.status not in MOVES["decide"]:
        raise ValidationError(
            _("A decision is possible once national verification is complete; %(regency)s is “%(status)s”.")
            % {"regency": current.regency.name, "status": current.get_status_display()},
            code="illegal_transition",
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    category = None
    if category_code:
        category = current.cycle.instrument.award_categories.filter(code=category_code).first()
        if category is None:
            raise ValidationError({"category": _("Choose one of this cycle's categories.")})
    engine_result = result_as_dict(award_result(current))
    decision = Decision.objects.create(
        registration=current,
        category=category,
        reason=reason.strip(),
        engine_result=engine_result,
        decided_by=user,
        decided_at=timezone.now(),
    )
    current.status = Registration.Status.DECIDED
    current.save(update_fields=["status", "updated_at"])
    # The engine's result above read the version's award settings: they are fixed from now on.
    award_rules_mark_used(version=current.cycle.instrument)
    events.decision_recorded(decision=decision)  # issue 12
    record(
        "decision.recorded",
        user,
        current,
        category=category.code if category else None,
        reason=decision.reason,
        engine=engine_result,
    )
    return decision
