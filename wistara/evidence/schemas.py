from datetime import datetime

from ninja import Schema

from wistara.common.api_input import InSchema


class EvidenceFileOut(Schema):
    name: str
    size: int
    content_type: str
    type_label: str
    sha256: str
    taken_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None


class EvidenceOut(Schema):
    id: int
    response_id: int
    indicator_code: str
    data_year: int
    kind: str
    kind_label: str
    title: str
    url: str | None = None
    file: EvidenceFileOut | None = None
    download_url: str | None = None
    also_used_in: list[str]
    added_by: str | None = None
    added_at: datetime
    removed: bool
    removed_by: str | None = None
    removed_at: datetime | None = None


class EvidenceLinkIn(InSchema):
    url: str
    data_year: int
    kind: str
    title: str = ""
