from datetime import datetime

from ninja import Schema


class FindingOut(Schema):
    code: str
    level: str
    message: str
    advice: str
    params: dict


class EvidenceCheckOut(Schema):
    evidence_id: int
    sha256: str
    level: str  # pending | ok | info | warning | problem
    level_label: str
    advice_only: bool = True  # findings are advice: the verifier decides
    checked_at: datetime | None = None
    findings: list[FindingOut]
    facts: dict
