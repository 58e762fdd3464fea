"""Browsing the instrument: versions > tatanan/components > indicators > options.

Instruments are national reference data: every signed-in user may read them; nobody changes
them from a page (a change is an import of a new version).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from wistara.accounts.http import AuthedRequest

from .models import InstrumentVersion, Section


@login_required
def version_list(request: AuthedRequest) -> HttpResponse:
    versions = InstrumentVersion.objects.annotate(n_sections=Count("sections"))
    return render(request, "instruments/version_list.html", {"versions": versions})


@login_required
def version_detail(request: AuthedRequest, code: str) -> HttpResponse:
    version = get_object_or_404(InstrumentVersion, code=code)
    sections = list(version.sections.annotate(n_indicators=Count("indicators")))
    return render(request, "instruments/version_detail.html", {
        "version": version,
        "tatanan": [s for s in sections if s.kind == Section.Kind.TATANAN],
        "components": [s for s in sections if s.kind == Section.Kind.KELEMBAGAAN],
        "n_indicators": sum(s.n_indicators for s in sections if s.kind == Section.Kind.TATANAN),
        "categories": version.award_categories.all(),
    })


@login_required
def section_detail(request: AuthedRequest, code: str, section_code: str) -> HttpResponse:
    section = get_object_or_404(
        Section.objects.select_related("version"), version__code=code, code=section_code
    )
    siblings = section.version.sections.only("code", "name", "kind", "order", "version")
    indicators = section.indicators.prefetch_related("options")
    return render(request, "instruments/section_detail.html", {
        "version": section.version, "section": section, "siblings": siblings,
        "indicators": indicators,
    })
