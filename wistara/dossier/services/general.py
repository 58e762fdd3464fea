"""The regency's general data (data umum): one record across cycles, revision-checked, audited."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.services.revisions import lock, revise
from wistara.audit.services import audit_record
from wistara.common.numbers import rupiah
from wistara.common.text import clean_text
from wistara.regions.models import Regency

from ..locking import general_data_lock_reason
from ..models import GeneralData

LINES = {
    "leader_name": 150,
    "tim_pembina_chair": 150,
    "forum_name": 200,
    "forum_chair": 150,
    "forum_phone": 40,
}
TEXTS = {"leader_office_address": 1000, "forum_address": 1000}
CONTACT_KEYS = ("name", "position", "phone", "email")
MAX_CONTACTS = 20


def _number(field: str, raw, *, lowest: int, highest: int) -> int | None:
    if raw in (None, ""):
        return None
    # Not rupiah's own refusal: "enter an amount in rupiah" under the population would puzzle.
    refusal = ValidationError(
        {
            field: _("Enter a number from %(low)s to %(high)s.")
            % {"low": _shown_int(lowest), "high": _shown_int(highest)}
        }
    )
    try:
        value = rupiah(field, raw)  # the same tolerant reading of "12.345"
    except ValidationError:
        raise refusal from None
    if not lowest <= value <= highest:
        raise refusal
    return int(value)


def _shown_int(n: int) -> str:
    """50.000.000 as Indonesians write it; a year stays 2100."""
    return f"{n:,}".replace(",", ".") if n >= 10_000 else str(n)


def _area(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(
            str(raw).strip().replace(".", "").replace(",", ".") if "," in str(raw) else str(raw).strip()
        )
    except InvalidOperation:
        raise ValidationError({"area_km2": _("Enter the area in km², e.g. 1.128,9.")}) from None
    if not value.is_finite() or not 0 < value < Decimal("1e8"):
        raise ValidationError({"area_km2": _("Enter the area in km², e.g. 1.128,9.")})
    return value.quantize(Decimal("0.01"))


def _email(raw) -> str:
    value = clean_text(raw, "forum_email", limit=254, one_line=True)
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError({"forum_email": _("Enter a valid e-mail address.")}) from None
    return value


def _contacts(rows) -> list[dict]:
    cleaned = []
    for row in rows or []:
        contact = {
            key: clean_text(row.get(key, ""), "contacts", limit=200, one_line=True) for key in CONTACT_KEYS
        }
        if any(contact.values()):
            if not contact["name"]:
                raise ValidationError({"contacts": _("Every contact person needs a name.")})
            cleaned.append(contact)
    if len(cleaned) > MAX_CONTACTS:  # refused, not cut: the 21st person would vanish unseen
        raise ValidationError({"contacts": _("At most %(n)s contact persons.") % {"n": MAX_CONTACTS}})
    return cleaned


def _clean(data: dict) -> dict:
    cleaned: dict[str, object] = {
        f: clean_text(data.get(f), f, limit=n, one_line=True) for f, n in LINES.items() if f in data
    }
    cleaned |= {f: clean_text(data.get(f), f, limit=n) for f, n in TEXTS.items() if f in data}
    if "forum_email" in data:
        cleaned["forum_email"] = _email(data["forum_email"])
    if "area_km2" in data:
        cleaned["area_km2"] = _area(data["area_km2"])
    if "population" in data:
        cleaned["population"] = _number("population", data["population"], lowest=1, highest=50_000_000)
    if "population_year" in data:
        cleaned["population_year"] = _number(
            "population_year", data["population_year"], lowest=1990, highest=2100
        )
    if "contacts" in data:
        cleaned["contacts"] = _contacts(data["contacts"])
    return cleaned


def _shown(value) -> str | list:
    return value if isinstance(value, list) else ("" if value is None else str(value))


@transaction.atomic
def general_data_update(*, regency: Regency, user: User, base_revision: int, data: dict) -> GeneralData:
    """Change the fields in `data`; refused when locked or when someone saved after base_revision."""
    GeneralData.objects.get_or_create(regency=regency)
    current = lock(
        GeneralData.objects,
        regency=regency,
        base_revision=base_revision,
        lock_reason=lambda _row: general_data_lock_reason(regency),
        conflict=_("%(who)s changed the general data at %(when)s; reload to see it."),
    )
    changed = revise(current, _clean(data), user=user)
    if changed:
        changes = {f: [_shown(old), _shown(new)] for f, (old, new) in changed.items()}
        audit_record(
            action="dossier.general_data_changed",
            actor=user,
            obj=current,
            regency=regency,
            payload={"revision": current.revision, "changes": changes},
        )
    return current
