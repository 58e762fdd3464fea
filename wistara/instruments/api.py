"""Instrument endpoints: national reference data, readable by every signed-in user."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Router

from wistara.accounts.http import AuthedRequest
from wistara.common.api_errors import READ

from .models import InstrumentVersion, Section
from .schemas import SectionOut, VersionOut, VersionSummaryOut
from .services import award_settings_dict

router = Router()


def _version_summary(version: InstrumentVersion) -> dict:
    return {
        "code": version.code,
        "name": version.name,
        "award_year": version.award_year,
        "data_years": version.data_years,
        "frozen": version.is_frozen,
    }


@router.get("", response={200: list[VersionSummaryOut], **READ}, summary="Instrument versions")
def version_list(request: AuthedRequest):
    return [_version_summary(v) for v in InstrumentVersion.objects.all()]


@router.get(
    "/{code}", response={200: VersionOut, **READ}, summary="One instrument version and its award rules"
)
def version_detail(request: AuthedRequest, code: str):
    version = get_object_or_404(InstrumentVersion, code=code)
    sections = version.sections.annotate(indicators_count=Count("indicators"))
    return {
        **_version_summary(version),
        "score_method": version.score_method,
        "kelembagaan_pass_mark": version.kelembagaan_pass_mark,
        "award_rules": {
            **award_settings_dict(version),
            "score_method": version.score_method,
            "kelembagaan_pass_mark": version.kelembagaan_pass_mark,
            "rules_used_at": version.rules_used_at,
        },
        "award_categories": list(version.award_categories.all()),
        "sections": [
            {
                "kind": s.kind,
                "code": s.code,
                "number": s.number,
                "name": s.name,
                "body": s.body,
                "indicators": s.indicators_count,
            }
            for s in sections
        ],
    }


@router.get(
    "/{code}/sections/{section_code}",
    response={200: SectionOut, **READ},
    summary="A tatanan or kelembagaan component with its indicators and options",
)
def section_detail(request: AuthedRequest, code: str, section_code: str):
    section = get_object_or_404(Section, version__code=code, code=section_code)
    return {
        "kind": section.kind,
        "code": section.code,
        "number": section.number,
        "name": section.name,
        "body": section.body,
        "indicators": list(section.indicators.prefetch_related("options")),
    }
