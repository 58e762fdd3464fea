from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class OptionOut(Schema):
    position: int
    points: int
    description: str


class IndicatorOut(Schema):
    code: str
    number: int
    name: str
    definition: str
    data_source: str
    evidence_required: str
    element: str
    options: list[OptionOut]


class SectionSummaryOut(Schema):
    kind: str
    code: str
    number: int
    name: str
    body: str
    indicators: int


class SectionOut(Schema):
    kind: str
    code: str
    number: int
    name: str
    body: str
    indicators: list[IndicatorOut]


class AwardCategoryOut(Schema):
    code: str
    name: str
    rank: int
    min_score: float
    min_tatanan_score: float | None
    min_odf_percent: float
    requires_kelembagaan_pass: bool
    previous_categories: list[str]


class AwardRulesOut(Schema):
    """The award rules the guidelines leave open, as the version sets them (docs/award-rules.md)."""

    band_edge: Literal["inclusive", "exclusive"]
    score_method: Literal["per_indicator", "per_tatanan_mean"]
    min_tatanan_percent: float | None
    odf_denominator: Literal["all_villages", "lokus"]
    odf_status: Literal["claimed", "verified"]
    percent_rounding: Literal["round", "truncate"]
    percent_decimals: int
    kelembagaan_pass_mark: float
    paripurna_ip_spm_indicator: str
    paripurna_innovation_indicator: str
    rules_used_at: datetime | None = Field(
        description="When a decision first used these rules; from then on they cannot change."
    )


class VersionSummaryOut(Schema):
    code: str
    name: str
    award_year: int
    data_years: list[int]
    frozen: bool


class VersionOut(VersionSummaryOut):
    score_method: str
    kelembagaan_pass_mark: float
    award_rules: AwardRulesOut
    award_categories: list[AwardCategoryOut]
    sections: list[SectionSummaryOut]
