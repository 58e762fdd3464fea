"""The checks that keep a regency from losing kelembagaan points (KKS.md section 4).

A decree (SK) counts only when it is signed (not a draft), attached, signed by the right
authority (the Bupati/Walikota for the Tim Pembina and the Forum, the Camat for an FKK, the
Kepala Desa or Lurah for a Pokja), under 10 years old and still valid at the end of the last
data year ("masih berlaku s.d. tahun 2024"), and, when it was not made for KKS, names the
programme's work. These functions judge one record; selectors apply them to a registration.
"""

from datetime import date

from django.utils.translation import gettext as _

from wistara.regions.models import Regency, Village

from .models import Body, Decree, Institution

MAX_DECREE_AGE_YEARS = 10


def reference_date(data_years: list[int]) -> date:
    """The day the instrument judges institutions on: the last day of the last data year."""
    return date(max(int(y) for y in data_years), 12, 31)


def expected_authorities(institution: Institution) -> set[str]:
    if institution.body in (Body.TIM_PEMBINA, Body.FORUM):
        regency: Regency = institution.regency
        return {
            Decree.Authority.BUPATI if regency.kind == Regency.Kind.KABUPATEN else Decree.Authority.WALIKOTA
        }
    if institution.body == Body.FKK:
        return {Decree.Authority.CAMAT}
    village = institution.village
    if village is not None and village.kind == Village.Kind.KELURAHAN:
        return {Decree.Authority.LURAH}
    return {Decree.Authority.KEPALA_DESA}


def decree_problems(decree: Decree, institution: Institution, on: date) -> list[str]:
    """Why this decree would not count on `on`; empty when it counts."""
    problems = []
    if decree.is_draft:
        problems.append(_("still a draft"))
    if decree.file_id is None:
        problems.append(_("no file attached"))
    expected = expected_authorities(institution)
    if decree.signer_authority not in expected:
        problems.append(
            _("signed by %(actual)s, not by %(expected)s")
            % {
                "actual": decree.get_signer_authority_display(),
                "expected": " / ".join(str(Decree.Authority(a).label) for a in sorted(expected)),
            }
        )
    if _years_between(decree.signed_on, on) >= MAX_DECREE_AGE_YEARS:
        problems.append(
            _("older than %(n)s years on %(date)s")
            % {"n": MAX_DECREE_AGE_YEARS, "date": on.strftime("%d-%m-%Y")}
        )
    if decree.signed_on > on:
        problems.append(
            _("signed after %(date)s, the end of the data years") % {"date": on.strftime("%d-%m-%Y")}
        )
    if decree.valid_until is not None and decree.valid_until < on:
        problems.append(_("expired on %(date)s") % {"date": decree.valid_until.strftime("%d-%m-%Y")})
    if not decree.names_kks:
        problems.append(_("does not name the KKS programme"))
    return problems


def _years_between(start: date, end: date) -> int:
    years = end.year - start.year
    return years - 1 if (end.month, end.day) < (start.month, start.day) else years
