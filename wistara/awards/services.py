"""Past awards: recorded one by one or from a CSV, and read by the award engine's history rule.

The history rule asks for the category of the period before: a decision of the previous cycle
in Wistara wins; without one, the past award of the latest year before this cycle's award year
and no more than one period (two years) before it.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.common.text import clean_text
from wistara.instruments.models import AwardCategory
from wistara.regions.models import Regency

from .models import PastAward

PERIOD = 2  # the award is given every two years


def _categories() -> set[str]:
    return set(AwardCategory.objects.values_list("code", flat=True))


def _clean(regency_code: str, year, category: str, where: str) -> tuple[Regency | None, int, str, list[str]]:
    problems = []
    regency = Regency.objects.filter(code=str(regency_code).strip()).first()
    if regency is None:
        problems.append(
            _("%(where)s: no regency/city with code %(code)s.") % {"where": where, "code": regency_code}
        )
    try:
        year = int(str(year).strip())
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        problems.append(_("%(where)s: the year “%(year)s” is not a year.") % {"where": where, "year": year})
        year = 0
    category = str(category).strip().lower().replace(" ", "_")
    if category not in _categories():
        problems.append(
            _("%(where)s: unknown category “%(category)s” (%(known)s).")
            % {"where": where, "category": category, "known": ", ".join(sorted(_categories()))}
        )
    return regency, year, category, problems


def past_award_save(
    *, regency_code: str, year, category: str, decree: str = "", file=None, user: User
) -> PastAward:
    regency, year, category, problems = _clean(regency_code, year, category, _("Award"))
    if problems:
        raise ValidationError(problems)
    decree = clean_text(decree, "decree", limit=200)
    award, _created = PastAward.objects.update_or_create(
        regency=regency,
        year=year,
        defaults={
            "category": category,
            "decree": decree,
            "recorded_by": user,
            **({"file": file} if file is not None else {}),
        },
    )
    return award


@transaction.atomic
def past_awards_import_csv(*, text: str, user: User) -> int:
    """Rows `kode_wilayah,tahun,kategori[,nomor_sk]`; all or nothing, every bad row listed."""
    rows = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if any(c.strip() for c in r)]
    numbered = list(enumerate(rows, start=1))
    if rows and rows[0] and not rows[0][0].strip()[:1].isdigit():
        numbered = numbered[1:]
    problems, clean = [], []
    for number, row in numbered:
        where = _("Row %(n)s") % {"n": number}
        if len(row) < 3:
            problems.append(
                _("%(where)s: at least three columns needed (kode_wilayah, tahun, kategori).")
                % {"where": where}
            )
            continue
        regency, year, category, found = _clean(row[0], row[1], row[2], where)
        try:  # a decree number too long is refused with the others, never cut
            decree = clean_text(row[3] if len(row) > 3 else "", "decree", limit=200)
        except ValidationError as exc:
            found = [*found, *(f"{where}: {message}" for message in exc.messages)]
        problems += found
        if not found:
            clean.append((regency, year, category, decree))
    if problems:
        raise ValidationError(problems)
    for regency, year, category, decree in clean:
        PastAward.objects.update_or_create(
            regency=regency, year=year, defaults={"category": category, "decree": decree, "recorded_by": user}
        )
    return len(clean)
