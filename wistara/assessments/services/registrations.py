"""A regency registers for a cycle (usulan): target category, lokus, contact persons."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wistara.accounts.models import Office, User
from wistara.accounts.services import offices_create_defaults
from wistara.common.text import clean_text
from wistara.instruments.models import AwardCategory, Indicator
from wistara.regions.models import District, Regency, Village

from ..models import Cycle, Registration, Response
from .assignments import office_suggest
from .locking import registration_lock_reason, today
from .revisions import lock, revise
from .totals import totals_recount

CONTACT_KEYS = ("name", "position", "phone", "email")


def _category(cycle: Cycle, code: str) -> AwardCategory:
    category = cycle.instrument.award_categories.filter(code=code).first()
    if category is None:
        raise ValidationError({"target_category": _("Choose one of this cycle's categories.")})
    return category


def _lokus(regency: Regency, district_codes: list[str], village_codes: list[str]):
    districts = list(District.objects.filter(regency=regency, code__in=district_codes))
    if len(districts) != len(set(district_codes)):
        raise ValidationError({"lokus_districts": _("Some kecamatan are not in this regency.")})
    villages = list(Village.objects.filter(district__in=districts, code__in=village_codes))
    if len(villages) != len(set(village_codes)):
        raise ValidationError(
            {
                "lokus_villages": _(
                    "Every desa/kelurahan in the lokus must lie in one of the chosen kecamatan."
                )
            }
        )
    return districts, villages


def _contacts(contacts: list[dict]) -> list[dict]:
    cleaned = []
    for contact in contacts:
        row = {key: clean_text(contact.get(key, ""), "contacts", limit=200) for key in CONTACT_KEYS}
        if any(row.values()):
            if not row["name"]:
                raise ValidationError({"contacts": _("Every contact person needs a name.")})
            cleaned.append(row)
    return cleaned


def _create_responses(registration: Registration) -> None:
    offices = list(Office.objects.filter(regency=registration.regency, is_active=True))
    indicators = Indicator.objects.filter(section__version=registration.cycle.instrument)
    Response.objects.bulk_create(
        Response(registration=registration, indicator=indicator, office=office_suggest(indicator, offices))
        for indicator in indicators.select_related("section")
    )
    totals_recount(registrations=[registration.pk])


def _check_window(cycle: Cycle, allow_late: bool) -> None:
    if allow_late:
        return
    if not cycle.registration_opens <= today() <= cycle.registration_closes:
        raise ValidationError(
            _("Registration for %(cycle)s is open from %(start)s to %(end)s.")
            % {
                "cycle": cycle.name,
                "start": cycle.registration_opens.strftime("%d-%m-%Y"),
                "end": cycle.registration_closes.strftime("%d-%m-%Y"),
            }
        )


def _refuse_if_registered(cycle: Cycle, regency: Regency) -> None:
    if Registration.objects.filter(cycle=cycle, regency=regency).exists():
        raise ValidationError(
            _("%(regency)s is already registered for %(cycle)s.")
            % {"regency": regency.name, "cycle": cycle.name},
            code="registered",
        )


@transaction.atomic
def registration_create(
    *,
    cycle: Cycle,
    regency: Regency,
    target_category: str,
    district_codes: list[str],
    village_codes: list[str],
    contacts: list[dict] | None = None,
    user: User | None = None,
    allow_late: bool = False,
) -> Registration:
    """Register the regency and open one response per item, assigned by suggestion."""
    _check_window(cycle, allow_late)
    _refuse_if_registered(cycle, regency)
    category = _category(cycle, target_category)
    districts, villages = _lokus(regency, district_codes, village_codes)
    try:
        # A savepoint: a parallel request may register the regency (and give it its offices) first.
        with transaction.atomic():
            if not Office.objects.filter(regency=regency).exists():
                offices_create_defaults(regency=regency)
            registration = Registration.objects.create(
                cycle=cycle,
                regency=regency,
                target_category=category,
                contacts=_contacts(contacts or []),
                registered_by=user,
            )
    except IntegrityError:
        _refuse_if_registered(cycle, regency)  # it did: the same refusal as when it came earlier
        raise
    registration.lokus_districts.set(districts)
    registration.lokus_villages.set(villages)
    _create_responses(registration)
    return registration


@transaction.atomic
def registration_update(
    *,
    registration: Registration,
    base_revision: int,
    target_category: str,
    district_codes: list[str],
    village_codes: list[str],
    contacts: list[dict],
    user: User | None = None,
) -> Registration:
    """Change the target, lokus or contacts; refused if someone else changed them first."""
    # The target and lokus follow the same window as ODF data: open until the deadline or the
    # submission, whichever comes first.
    current = lock(
        Registration.objects.select_related("cycle"),
        pk=registration.pk,
        base_revision=base_revision,
        lock_reason=registration_lock_reason,
        conflict=_("%(who)s changed this registration at %(when)s; reload to see it."),
    )
    category = _category(current.cycle, target_category)
    districts, villages = _lokus(current.regency, district_codes, village_codes)
    # Always a new revision: the lokus (below) may change alone.
    revise(current, {"target_category": category, "contacts": _contacts(contacts)}, user=user, always=True)
    current.lokus_districts.set(districts)
    current.lokus_villages.set(villages)
    return current
