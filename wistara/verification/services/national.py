"""The nation builds on the province: accept the province's result where nothing changed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration

from ..models import Level, Review
from ..selectors_scope import acceptable, current_round, item_states
from .reviews import _set_points
from .workflow import REVIEWING, ensure_move, lock_registration, record


@transaction.atomic
def national_accept_provincial(
    *, registration: Registration, user: User, response_ids: list[int] | None = None
) -> list[Review]:
    """Record, for each chosen item (None: every acceptable item not yet judged nationally in
    this round), this verifier's national review taking over the province's option and points.
    Items the province did not accept, or that changed since, are refused by code."""
    current = lock_registration(registration)
    ensure_move(current, f"review_{Level.NATIONAL}")
    take = acceptable(current)
    if response_ids is None:
        national = item_states(current, Level.NATIONAL)
        chosen = [rid for rid in take if national[rid].pending]
    else:
        codes = dict(current.responses.filter(id__in=response_ids).values_list("id", "indicator__code"))
        refused = sorted(codes.get(rid, str(rid)) for rid in response_ids if rid not in take)
        if refused:
            raise ValidationError(
                _("The province did not accept these items, or they changed since: %(codes)s.")
                % {"codes": ", ".join(refused)},
                code="not_acceptable",
            )
        chosen = list(dict.fromkeys(response_ids))
    if not chosen:
        raise ValidationError(_("No item to accept."), code="nothing")
    rnd, now, reviews = current_round(current, Level.NATIONAL), timezone.now(), []
    responses = {r.id: r for r in current.responses.filter(id__in=chosen).select_related("indicator")}
    for rid in chosen:
        province = take[rid]
        review, _created = Review.objects.update_or_create(
            response_id=rid,
            level=Level.NATIONAL,
            round=rnd,
            defaults={
                "option_id": province.option_id,
                "points": province.points,
                "note": "",
                "verdict": Review.Verdict.ACCEPTED,
                "reviewer": user,
                "reviewed_at": now,
            },
        )
        _set_points(responses[rid], Level.NATIONAL, review.points)
        reviews.append(review)
        record(
            "review.recorded",
            user,
            current,
            obj=responses[rid],
            level=Level.NATIONAL,
            round=rnd,
            indicator=responses[rid].indicator.code,
            points=review.points,
            verdict=review.verdict,
            note="",
            accepted_from="provincial",
            provincial_review=province.id,
        )
    if current.status != REVIEWING[Level.NATIONAL]:
        current.status = REVIEWING[Level.NATIONAL]
        current.save(update_fields=["status", "updated_at"])
    return reviews
