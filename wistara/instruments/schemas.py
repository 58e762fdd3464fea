from ninja import Schema


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


class VersionSummaryOut(Schema):
    code: str
    name: str
    award_year: int
    data_years: list[int]
    frozen: bool


class VersionOut(VersionSummaryOut):
    score_method: str
    kelembagaan_pass_mark: float
    award_categories: list[AwardCategoryOut]
    sections: list[SectionSummaryOut]
