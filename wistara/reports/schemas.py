from decimal import Decimal

from ninja import Schema


class RegencyRowOut(Schema):
    regency_code: str
    regency_name: str
    province_code: str
    province_name: str
    status: str
    status_label: str
    items: int
    complete: int
    completion: Decimal
    self_score: Decimal
    provincial_score: Decimal | None
    national_score: Decimal | None
    latest_score: Decimal
    kelembagaan: Decimal
    odf_villages: int
    odf_count: int
    odf_percent: Decimal | None
    target_category: str
    projected_category: str | None
    decided: bool
    final_category: str | None


class ProvinceRowOut(Schema):
    code: str
    name: str
    regencies: int
    registered: int
    submitted: int
    verified: int
    decided: int
    average_score: Decimal | None
    progress: Decimal | None
