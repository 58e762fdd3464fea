"""Every write to instruments goes through these services (views, API, admin and commands).

An import is validated completely before anything is written, then written in one transaction.
A frozen version (one that assessments use) never changes: `instrument_ensure_editable` is the
guard every write calls, and a changed instrument needs a new version code.
"""

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wistara.common.errors import Invalid, Locked

from .importer import (
    DEFAULT_RULES_PATH,
    SETTING_DEFAULTS,
    InstrumentImportError,
    dump_yaml,
    load_award_rules,
    normalise_instrument,
    parse_workbook,
    read_yaml_file,
)
from .models import AwardCategory, Indicator, InstrumentVersion, ScaleOption, Section
from .selectors import instrument_tree

ImportStatus = Literal["created", "replaced", "unchanged"]
_INDICATOR_TEXTS = ("definition", "data_source", "evidence_required", "scale_text")


def _number(value: Decimal | None) -> int | float | None:
    """Decimals as the YAML numbers they came from (60, not '60.00')."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _decimal(value: Decimal | float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _category_dict(category: AwardCategory) -> dict:
    return {
        "code": category.code,
        "name": category.name,
        "rank": category.rank,
        "min_score": _number(category.min_score),
        "min_tatanan_score": _number(category.min_tatanan_score),
        "min_odf_percent": _number(category.min_odf_percent),
        "requires_kelembagaan_pass": category.requires_kelembagaan_pass,
        "previous_categories": list(category.previous_categories),
    }


def _indicator_dict(indicator: Indicator) -> dict:
    return {
        "number": indicator.number,
        "code": indicator.code,
        "name": indicator.name,
        **{key: getattr(indicator, key) for key in _INDICATOR_TEXTS},
        "element": indicator.element,
        "options": [{"points": o.points, "description": o.description} for o in indicator.options.all()],
    }


def _section_dict(section: Section) -> dict:
    return {
        "kind": section.kind,
        "code": section.code,
        "number": section.number,
        "name": section.name,
        "body": section.body,
        "indicators": [_indicator_dict(i) for i in section.indicators.all()],
    }


def instrument_to_dict(version: InstrumentVersion) -> dict:
    """The whole version in the canonical (YAML) shape, as `normalise_instrument` returns it."""
    return {
        "code": version.code,
        "name": version.name,
        "award_year": version.award_year,
        "data_years": list(version.data_years),
        "award_rules": {
            "score_method": version.score_method,
            "kelembagaan_pass_mark": _number(version.kelembagaan_pass_mark),
            **award_settings_dict(version),
            "categories": [_category_dict(c) for c in version.award_categories.order_by("rank")],
        },
        "sections": [_section_dict(s) for s in instrument_tree(version)],
    }


def award_settings_dict(version: InstrumentVersion) -> dict:
    """The version's award settings (issue 13) as the YAML carries them."""
    return {
        "band_edge": version.band_edge,
        "min_tatanan_percent": _number(version.min_tatanan_percent),
        "odf_denominator": version.odf_denominator,
        "odf_status": version.odf_status,
        "percent_rounding": version.percent_rounding,
        "percent_decimals": version.percent_decimals,
        "paripurna_ip_spm_indicator": version.paripurna_ip_spm_indicator,
        "paripurna_innovation_indicator": version.paripurna_innovation_indicator,
    }


def instrument_to_yaml(version: InstrumentVersion) -> str:
    return dump_yaml(instrument_to_dict(version))


def instrument_ensure_editable(*, version: InstrumentVersion) -> None:
    """The guard every write to a version's content calls first."""
    if version.is_frozen:
        raise ValidationError(
            f"Instrument version {version.code} is used by assessments (frozen on "
            f"{version.frozen_at:%Y-%m-%d}), so its content cannot change: import the changed "
            f"instrument under a new version code."
        )


def instrument_freeze(*, version: InstrumentVersion) -> InstrumentVersion:
    """Mark the version as used by assessments; freezing twice keeps the first date."""
    if not version.is_frozen:
        version.frozen_at = timezone.now()
        version.save(update_fields=["frozen_at", "updated_at"])
    return version


# Issue 13: the award settings a national admin may change on the settings page.
AWARD_SETTING_FIELDS = (
    "band_edge",
    "score_method",
    "min_tatanan_percent",
    "odf_denominator",
    "odf_status",
    "percent_rounding",
    "percent_decimals",
    "kelembagaan_pass_mark",
    "paripurna_ip_spm_indicator",
    "paripurna_innovation_indicator",
)


def award_settings_ensure_editable(*, version: InstrumentVersion) -> None:
    """Settings a decision used never change: the decision and its reasons must stay readable
    as they were decided."""
    if version.rules_used_at is not None:
        raise Locked(
            _(
                "The award rules of %(code)s were used by a decision on %(date)s and can no longer "
                "change: import the changed rules under a new version code."
            )
            % {
                "code": version.code,
                "date": formats.date_format(timezone.localtime(version.rules_used_at), "SHORT_DATE_FORMAT"),
            }
        )


@transaction.atomic
def award_rules_lock(*, version: InstrumentVersion) -> InstrumentVersion:
    """The version's row locked until the caller's transaction ends, so that no change of its
    award settings (award_settings_update takes the same lock) lands between a decision reading
    the rules and marking them used."""
    return InstrumentVersion.objects.select_for_update().get(pk=version.pk)


@transaction.atomic
def award_rules_mark_used(*, version: InstrumentVersion) -> None:
    """A decision read the version's award rules: from now on they are fixed (the first date
    stays). Saved, not updated in bulk, so the audit trail records when they were fixed."""
    current = award_rules_lock(version=version)
    if current.rules_used_at is None:
        current.rules_used_at = timezone.now()
        current.save(update_fields=["rules_used_at", "updated_at"])


@transaction.atomic
def award_settings_update(*, version: InstrumentVersion, values: dict) -> InstrumentVersion:
    """Change the version's award settings (keys of AWARD_SETTING_FIELDS); refused with a
    message per field when a value is out of range, and whole once a decision used them."""
    current = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    award_settings_ensure_editable(version=current)
    unknown = set(values) - set(AWARD_SETTING_FIELDS)
    if unknown:
        raise Invalid(_("Unknown settings: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    for key, value in values.items():
        setattr(current, key, value)
    errors: dict[str, list[str]] = {}
    try:  # the ranges first, in words people read; the field checks for what they leave
        current.clean()
    except ValidationError as exc:
        errors = exc.message_dict
    try:
        current.clean_fields(
            exclude=[
                f.name
                for f in InstrumentVersion._meta.fields
                if f.name not in AWARD_SETTING_FIELDS or f.name in errors
            ]
        )
    except ValidationError as exc:
        errors |= exc.message_dict
    codes = set(Indicator.objects.filter(section__version=current).values_list("code", flat=True))
    for key in ("paripurna_ip_spm_indicator", "paripurna_innovation_indicator"):
        code = getattr(current, key)
        if code and code not in codes and key not in errors:
            errors[key] = [_("No indicator of this version has the code %(code)s.") % {"code": code}]
    if errors:
        raise Invalid(errors)
    current.save(update_fields=[*values, "updated_at"])
    return current


def _create_categories(version: InstrumentVersion, rules: dict) -> None:
    percents = ("min_score", "min_tatanan_score", "min_odf_percent")
    AwardCategory.objects.bulk_create(
        AwardCategory(
            version=version,
            **{key: _decimal(value) if key in percents else value for key, value in c.items()},
        )
        for c in rules["categories"]
    )


def _create_sections(version: InstrumentVersion, sections: list[dict]) -> None:
    # bulk_create returns primary keys on PostgreSQL and SQLite >= 3.35, which the options need.
    indicators: list[tuple[Indicator, list[dict]]] = []
    for order, data in enumerate(sections, start=1):
        fields = {key: data[key] for key in ("kind", "code", "number", "name", "body")}
        section = Section.objects.create(version=version, order=order, **fields)
        for position, item in enumerate(data["indicators"], start=1):
            fields = {key: value for key, value in item.items() if key != "options"}
            best = max((o["points"] for o in item["options"]), default=0)
            indicators.append(
                (Indicator(section=section, order=position, max_points=best, **fields), item["options"])
            )
    Indicator.objects.bulk_create(indicator for indicator, _ in indicators)
    ScaleOption.objects.bulk_create(
        ScaleOption(indicator=indicator, position=position, **option)
        for indicator, options in indicators
        for position, option in enumerate(options, start=1)
    )


def _write(version: InstrumentVersion, data: dict, source_name: str, source_sha256: str) -> None:
    rules = data["award_rules"]
    version.name = data["name"]
    version.award_year = data["award_year"]
    version.data_years = data["data_years"]
    version.score_method = rules["score_method"]
    version.kelembagaan_pass_mark = Decimal(str(rules["kelembagaan_pass_mark"]))
    for key, default in SETTING_DEFAULTS.items():
        setattr(version, key, rules.get(key, default))
    version.min_tatanan_percent = _decimal(version.min_tatanan_percent)
    version.source_name = source_name
    version.source_sha256 = source_sha256
    version.full_clean()
    version.save()
    # The children were validated as a whole by normalise_instrument; full_clean on each would
    # cost a uniqueness query per row (hundreds per import) for no extra safety.
    _create_categories(version, rules)
    _create_sections(version, data["sections"])


@transaction.atomic
def instrument_import(
    *, data: dict, code: str, source_name: str = "", source_sha256: str = ""
) -> tuple[InstrumentVersion, ImportStatus]:
    """Create the version `code`, replace its content, or leave it as it is when identical.

    Raises InstrumentImportError for invalid data and ValidationError when the version is frozen
    and the content differs. Nothing is written in either case.
    """
    canonical = normalise_instrument(data, code=code)
    version = InstrumentVersion.objects.select_for_update().filter(code=code).first()
    if version is None:
        version = InstrumentVersion(code=code)
        _write(version, canonical, source_name, source_sha256)
        return version, "created"
    if instrument_to_dict(version) == canonical:
        return version, "unchanged"
    instrument_ensure_editable(version=version)
    version.sections.all().delete()
    version.award_categories.all().delete()
    _write(version, canonical, source_name, source_sha256)
    return version, "replaced"


def instrument_from_dict(data: dict, *, code: str | None = None) -> InstrumentVersion:
    """Import a dict in the YAML shape, under `code` when given, else under the data's code."""
    version, _ = instrument_import(data=data, code=code or _code_of(data))
    return version


def _code_of(data: dict) -> str:
    code = data.get("code") if isinstance(data, dict) else None
    if not code or not isinstance(code, str):
        raise InstrumentImportError(["instrument: missing key 'code'"])
    return code


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _with_overrides(
    data: dict,
    *,
    award_year: int | None,
    data_years: list[int] | None,
    rules_path: str | Path | None,
) -> dict:
    year = award_year or data.get("award_year")
    years = data_years or data.get("data_years")
    if not years and isinstance(year, int):
        years = [year - 2, year - 1]  # the two years before the award round, as in 2025
    rules = load_award_rules(rules_path) if rules_path else data.get("award_rules")
    return {**data, "award_year": year, "data_years": years, "award_rules": rules}


def instrument_import_workbook(
    *,
    path: str | Path,
    code: str,
    award_year: int | None = None,
    data_years: list[int] | None = None,
    rules_path: str | Path | None = None,
) -> tuple[InstrumentVersion, ImportStatus]:
    """Import the official workbook; year, name and data years default to its title rows.

    The award rules come from `rules_path`, by default the shipped award-rules-kks.yaml.
    """
    path = Path(path)
    parsed = parse_workbook(path)
    year = award_year or parsed["award_year"]
    if not year:
        raise InstrumentImportError([f"{path.name}: no year in the title rows; give the award year"])
    data = {
        "code": code,
        "name": parsed["name"] or f"Instrumen Penilaian KKS Tahun {year}",
        "sections": parsed["sections"],
    }
    data = _with_overrides(
        data, award_year=year, data_years=data_years, rules_path=rules_path or DEFAULT_RULES_PATH
    )
    return instrument_import(data=data, code=code, source_name=path.name, source_sha256=_sha256(path))


def instrument_import_yaml(
    *,
    path: str | Path,
    code: str | None = None,
    award_year: int | None = None,
    data_years: list[int] | None = None,
    rules_path: str | Path | None = None,
) -> tuple[InstrumentVersion, ImportStatus]:
    """Import an exported (possibly edited) YAML file, under `code` or the file's own code."""
    path = Path(path)
    data = _with_overrides(
        read_yaml_file(path), award_year=award_year, data_years=data_years, rules_path=rules_path
    )
    return instrument_import(
        data=data, code=code or _code_of(data), source_name=path.name, source_sha256=_sha256(path)
    )
