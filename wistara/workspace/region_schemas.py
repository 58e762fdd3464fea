from ninja import Schema


class ProvinceOut(Schema):
    code: str
    name: str


class RegencyOut(Schema):
    code: str
    name: str
    kind: str
    province_code: str


class DistrictOut(Schema):
    code: str
    name: str
    regency_code: str


class VillageOut(Schema):
    code: str
    name: str
    kind: str
    district_code: str


class RegionOfficeOut(Schema):
    id: int
    short_name: str
    name: str
    is_active: bool


class RegencyWorkspaceOut(RegencyOut):
    province_name: str
    districts: int
    villages: int
    desa: int
    kelurahan: int
    offices: list[RegionOfficeOut]
    can_change: bool


class ProvinceWorkspaceOut(ProvinceOut):
    regencies: list[RegencyOut]
