"""Reads over an instrument version: the browse tree and the summary counts."""

from collections import Counter

from django.db.models import Prefetch

from .models import Indicator, InstrumentVersion, ScaleOption, Section


def instrument_version_get(*, code: str) -> InstrumentVersion | None:
    return InstrumentVersion.objects.filter(code=code).first()


def instrument_tree(version: InstrumentVersion) -> list[Section]:
    """Sections in order, each with `.indicators.all()` and their `.options.all()` in order.

    Three queries whatever the size of the instrument, so browse pages can loop freely.
    """
    options = Prefetch("options", queryset=ScaleOption.objects.order_by("position"))
    indicators = Prefetch(
        "indicators", queryset=Indicator.objects.order_by("order").prefetch_related(options)
    )
    return list(Section.objects.filter(version=version).order_by("order").prefetch_related(indicators))


def option_pattern(indicator: Indicator) -> str:
    """'100/50/0': the points of the options in order (uses prefetched options)."""
    return "/".join(str(option.points) for option in indicator.options.all())


def _patterns(sections: list[Section]) -> dict[str, int]:
    counts = Counter(option_pattern(i) for s in sections for i in s.indicators.all())
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def instrument_summary(version: InstrumentVersion) -> dict:
    """Counts per tatanan and per kelembagaan component, totals and option patterns."""
    sections = instrument_tree(version)
    tatanan = [s for s in sections if s.kind == Section.Kind.TATANAN]
    kelembagaan = [s for s in sections if s.kind == Section.Kind.KELEMBAGAAN]
    return {
        "code": version.code,
        "name": version.name,
        "award_year": version.award_year,
        "data_years": list(version.data_years),
        "frozen": version.is_frozen,
        "tatanan": [{"code": s.code, "name": s.name, "indicators": len(s.indicators.all())} for s in tatanan],
        "kelembagaan": [
            {"code": s.code, "name": s.name, "body": s.body, "items": len(s.indicators.all())}
            for s in kelembagaan
        ],
        "indicators": sum(len(s.indicators.all()) for s in tatanan),
        "kelembagaan_items": sum(len(s.indicators.all()) for s in kelembagaan),
        "option_patterns": _patterns(tatanan),
        "kelembagaan_option_patterns": _patterns(kelembagaan),
    }
