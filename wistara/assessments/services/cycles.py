from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.common.dates import check_plausible
from wistara.common.models import field_label
from wistara.instruments.models import InstrumentVersion
from wistara.instruments.services import instrument_freeze

from ..models import Cycle

MILESTONES = [
    "registration_opens",
    "registration_closes",
    "self_assessment_deadline",
    "provincial_verification_start",
    "provincial_verification_end",
    "national_verification_start",
    "national_verification_end",
    "field_validation_start",
    "field_validation_end",
    "award_date",
]


def _check_order(milestones: dict[str, date]) -> None:
    missing = [name for name in MILESTONES if not milestones.get(name)]
    if missing:
        raise ValidationError({name: _("This date is required.") for name in missing})
    for name in MILESTONES:
        check_plausible(milestones[name], name)  # a cycle in 9999 is a slip (issue 14)
    for earlier, later in zip(MILESTONES, MILESTONES[1:], strict=False):
        if milestones[later] < milestones[earlier]:
            raise ValidationError(
                {
                    later: _("This date cannot be before %(earlier)s.")
                    % {"earlier": field_label(Cycle, earlier)}
                }
            )


@transaction.atomic
def cycle_open(
    *,
    code: str,
    name: str,
    instrument: InstrumentVersion,
    previous: Cycle | None = None,
    **milestones: date,
) -> Cycle:
    """Open an assessment cycle on an instrument version; the version is frozen from now on."""
    _check_order(milestones)
    # The version as the database has it, locked until the cycle is saved and the version frozen:
    # a stale copy would freeze it again (a new date) or race a change to it.
    version = InstrumentVersion.objects.select_for_update(of=("self",)).get(pk=instrument.pk)
    cycle = Cycle(
        code=code.strip(),
        name=name.strip(),
        instrument=version,
        previous=previous,
        **{k: milestones[k] for k in MILESTONES},
    )
    cycle.full_clean()
    cycle.save()
    instrument_freeze(version=version)
    instrument.frozen_at = version.frozen_at  # the caller's copy says what the database says
    return cycle
