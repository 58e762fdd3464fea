"""An instrument version's check settings, with the defaults when it has none."""

from dataclasses import dataclass

from .models import CheckSettings

ALL_CHECKS = ("opens", "text", "legibility", "years", "indicator", "signature", "photo", "duplicates")


@dataclass(frozen=True)
class Settings:
    checks: frozenset[str]
    min_ppi: int = 120
    min_sharpness: float = 120.0
    match_ratio: float = 1.5
    photo_needs_gps: bool = True
    revision: int = 0

    def runs(self, check: str) -> bool:
        return check in self.checks


DEFAULT = Settings(checks=frozenset(ALL_CHECKS))


def settings_for(version_id: int) -> Settings:
    row = CheckSettings.objects.filter(version_id=version_id).first()
    if row is None:
        return DEFAULT
    chosen = frozenset(code for code in (row.checks or ALL_CHECKS) if code in ALL_CHECKS)
    return Settings(
        checks=chosen,
        min_ppi=row.min_ppi,
        min_sharpness=row.min_sharpness,
        match_ratio=row.match_ratio,
        photo_needs_gps=row.photo_needs_gps,
        revision=row.revision,
    )
