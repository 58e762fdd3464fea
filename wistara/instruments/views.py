"""Browsing the instrument: versions > tatanan/components > indicators > options.

Instruments are national reference data: every signed-in user may read them; their content
changes only by an import of a new version. The award settings (issue 13) are the exception: a
national admin sets them on their page until a decision has used them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wistara.accounts.access import is_national_admin
from wistara.accounts.http import AuthedRequest

from .forms import AwardSettingsForm
from .models import InstrumentVersion, Section
from .services import AWARD_SETTING_FIELDS, award_settings_update


@login_required
def version_list(request: AuthedRequest) -> HttpResponse:
    versions = InstrumentVersion.objects.annotate(n_sections=Count("sections"))
    return render(request, "instruments/version_list.html", {"versions": versions})


@login_required
def version_detail(request: AuthedRequest, code: str) -> HttpResponse:
    version = get_object_or_404(InstrumentVersion, code=code)
    sections = list(version.sections.annotate(n_indicators=Count("indicators")))
    return render(
        request,
        "instruments/version_detail.html",
        {
            "version": version,
            "tatanan": [s for s in sections if s.kind == Section.Kind.TATANAN],
            "components": [s for s in sections if s.kind == Section.Kind.KELEMBAGAAN],
            "n_indicators": sum(s.n_indicators for s in sections if s.kind == Section.Kind.TATANAN),
            "categories": version.award_categories.all(),
        },
    )


@login_required
def section_detail(request: AuthedRequest, code: str, section_code: str) -> HttpResponse:
    section = get_object_or_404(
        Section.objects.select_related("version"), version__code=code, code=section_code
    )
    siblings = section.version.sections.only("code", "name", "kind", "order", "version")
    indicators = section.indicators.prefetch_related("options")
    return render(
        request,
        "instruments/section_detail.html",
        {
            "version": section.version,
            "section": section,
            "siblings": siblings,
            "indicators": indicators,
        },
    )


def _settings_rows(version: InstrumentVersion, form: AwardSettingsForm) -> list[dict]:
    """Each setting with its current value as people read it and what it means."""
    meaning = {
        "band_edge": _(
            "Whether a score exactly on a category's lower edge (say 81.00 for "
            "Wiwerda) reaches that category (inclusive) or stays in the one below "
            "(exclusive)."
        ),
        "score_method": _(
            "The overall score: all tatanan indicator points over their maximum, or "
            "the mean of the tatanan percentages."
        ),
        "min_tatanan_percent": _(
            "If set, every tatanan must reach this percentage for any "
            "category (besides a category's own minimum). Empty: no such "
            "rule."
        ),
        "odf_denominator": _(
            "Over which desa/kelurahan the ODF share is worked out: all of the "
            "regency's, or only the lokus declared at registration."
        ),
        "odf_status": _(
            "Which villages count as ODF: as the regency records them (claimed), or "
            "only those with a verification date (verified)."
        ),
        "percent_rounding": _(
            "How every percentage the award reads (overall, tatanan, ODF, "
            "kelembagaan) is cut to its decimals: rounded half up, or "
            "truncated."
        ),
        "percent_decimals": _("How many decimals those percentages keep (0 to 4)."),
        "kelembagaan_pass_mark": _(
            "The kelembagaan percentage a category that needs kelembagaan to pass asks for (0 to 100)."
        ),
        "paripurna_ip_spm_indicator": _(
            "Wistara Paripurna also needs this item's documents (IP "
            "SPM) accepted by a verifier: the item has a file or "
            "link and its latest review accepted it. Empty: no such "
            "condition."
        ),
        "paripurna_innovation_indicator": _(
            "Wistara Paripurna also needs this item's documents "
            "(an adopted innovation) accepted by a verifier. "
            "Empty: no such condition."
        ),
    }
    rows = []
    for name in AWARD_SETTING_FIELDS:
        value = getattr(version, name)
        display = getattr(version, f"get_{name}_display", None)
        shown = display() if display else ("—" if value in (None, "") else value)
        rows.append({"field": form[name], "value": shown, "meaning": meaning[name]})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def award_settings(request: AuthedRequest, code: str) -> HttpResponse:
    """The version's award settings: read by everyone who reads instruments, changed by a
    national admin while no decision has used them."""
    version = get_object_or_404(InstrumentVersion, code=code)
    may_edit = is_national_admin(request.user)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = AwardSettingsForm(request.POST)
        if form.is_valid():
            try:
                award_settings_update(version=version, values=form.cleaned_data)
                messages.success(request, _("The award settings were saved."))
                return redirect(request.path)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
    else:
        form = AwardSettingsForm(initial={name: getattr(version, name) for name in AWARD_SETTING_FIELDS})
    return render(
        request,
        "instruments/award_settings.html",
        {
            "version": version,
            "form": form,
            "rows": _settings_rows(version, form),
            "may_edit": may_edit and version.rules_used_at is None,
            "may_admin": may_edit,
        },
    )
