"""Which office answers which item: one by one, by tatanan, or by the data-source suggestion."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.accounts.models import Office, User
from wistara.audit.capture import capture
from wistara.instruments.models import Indicator
from wistara.notifications import events

from ..models import Registration, Response, ResponseChange
from .status import WITHDRAWN_MOVED, validation_withdraw

# Words in an indicator's "sumber data" that point to an office, by the office's usual short
# name. The earliest mention in the text wins: the instrument names the main source first.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "Dinkes": ("kesehatan", "puskesmas", "fasyankes", "asik", "sitb", "sigizi", "e-ppgbm"),
    "DLH": ("lingkungan hidup", "sampah", "sipsn", "limbah"),
    "Disdik": ("pendidikan", "sekolah", "madrasah"),
    "Dishub": ("perhubungan", "lalu lintas", "transportasi", "angkutan"),
    "Dinsos": ("sosial", "kesejahteraan"),
    "BPBD": ("bencana", "kebencanaan"),
    "Disparbud": ("pariwisata", "pariwsata", "kepariwisataan", "kebudayaan", "daya tarik wisata"),
    "Disperindag": ("perdagangan", "pasar", "perindustrian", "industri", "siinas"),
    "Disnaker": ("ketenagakerjaan", "tenaga kerja", "tempat kerja"),
    "PUPR": ("pekerjaan umum", "air minum", "jalan", "tata ruang", "sanitasi"),
    "Perkim": ("permukiman", "perumahan"),
    "DP3A": ("pppa", "perempuan", "perlindungan anak", "ramah anak"),
    "DPMD": ("pemberdayaan masyarakat", "desa"),
    "Satpol PP": ("ketertiban", "satpol", "trantibum", "kriminalitas"),
    "Diskominfo": ("komunikasi", "informatika", "kominfo"),
    "DKPP": ("ketahanan pangan", "pangan", "pertanian"),
    "Bagian Hukum": ("hukum",),
    "Forum KKS": ("forum kabupaten", "forum kab"),
    "Bappeda": ("bappeda", "perencanaan", "tim pembina", "sipd", "bps"),
}


def office_suggest(indicator: Indicator, offices: list[Office]) -> Office | None:
    """The office whose keywords appear earliest in the indicator's data source."""
    text = f" {indicator.data_source.lower()} "
    by_short = {office.short_name.lower(): office for office in offices if office.is_active}
    best: tuple[int, Office] | None = None
    for short, words in KEYWORDS.items():
        office = by_short.get(short.lower())
        if office is None:
            continue
        for word in (short.lower(), *words):
            match = re.search(rf"\b{re.escape(word)}", text)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), office)
    return best[1] if best else None


def _check_office(registration: Registration, office: Office | None) -> None:
    if office is not None and office.regency_id != registration.regency_id:
        raise ValidationError(_("That office belongs to another regency."))
    if office is not None and not office.is_active:
        raise ValidationError(_("That office is no longer active."))


def _record(response: Response, office: Office | None, user: User | None) -> None:
    # Recorded at the current revision: history, not a competing edit (see response_assign).
    ResponseChange.objects.create(
        response=response,
        revision=response.revision,
        field="office",
        old=str(response.office or ""),
        new=str(office or ""),
        changed_by=user,
    )


@transaction.atomic
def response_assign(*, response: Response, office: Office | None, user: User | None) -> Response:
    """Give the item to an office. Not an edit of the answer: the revision stays, so nobody's
    open form is refused because the coordinator reassigned the item meanwhile.

    A validation vouches for one office's answer: moving a validated item to another office
    withdraws it, and the history says why (`current.withdrawn` tells the caller)."""
    _check_office(response.registration, office)
    current = Response.objects.select_for_update(of=("self",)).select_related("office").get(pk=response.pk)
    current.withdrawn = False
    if current.office_id == (office.id if office else None):
        return current
    _record(current, office, user)
    fields, line = validation_withdraw(current, user=user, revision=current.revision, note=WITHDRAWN_MOVED)
    if line is not None:
        line.save()
        current.withdrawn = True
    Response.objects.filter(pk=current.pk).update(
        office=office, **{name: getattr(current, name) for name in fields}
    )
    current.office = office
    events.item_assigned(response=current, office=office, user=user)  # issue 12
    capture(current, "updated", ["office", *fields])  # update() sends no signal
    return current


@transaction.atomic
def responses_assign_section(
    *,
    registration: Registration,
    section_code: str,
    office: Office | None,
    user: User | None,
    only_unassigned: bool = False,
) -> int:
    """Give every item of one tatanan or kelembagaan component to one office (with
    only_unassigned, only those without an office; the page previews it first: wistara.bulk)."""
    _check_office(registration, office)
    responses = list(
        registration.responses.filter(indicator__section__code=section_code).select_related("office")
    )
    if not responses:
        raise ValidationError(_("No items in section %(code)s.") % {"code": section_code})
    if only_unassigned:
        responses = [r for r in responses if r.office_id is None]
    for response in responses:
        response_assign(response=response, office=office, user=user)
    return len(responses)


@transaction.atomic
def responses_assign_suggested(
    *, registration: Registration, user: User | None, only_unassigned: bool = True
) -> int:
    """Assign items by the data-source suggestion; returns how many were assigned."""
    offices = list(Office.objects.filter(regency=registration.regency, is_active=True))
    qs = registration.responses.select_related("indicator", "office")
    if only_unassigned:
        qs = qs.filter(office__isnull=True)
    count = 0
    for response in qs:
        office = office_suggest(response.indicator, offices)
        if office is not None and office.id != response.office_id:
            response_assign(response=response, office=office, user=user)
            count += 1
    return count
