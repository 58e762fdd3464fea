"""The audit trail's secret: outside the database, so that writing SQL is not enough to forge.

AUDIT_HMAC_KEY (or a file named by AUDIT_HMAC_KEY_FILE, e.g. a mounted secret) keys two things:
each event's `mac` (HMAC-SHA256 of its hash) and the signed checkpoints of the chain's head
written outside the database (checkpoints.py). Without either setting the key is derived from
SECRET_KEY, which also lives only in the environment; set it explicitly in production so that a
rotated SECRET_KEY does not orphan the macs already written.
"""

import hashlib
import hmac
import os
from functools import cache

from django.conf import settings


@cache
def audit_key() -> bytes:
    path = os.getenv("AUDIT_HMAC_KEY_FILE")
    if path:
        with open(path, "rb") as handle:
            return handle.read().strip()
    explicit = os.getenv("AUDIT_HMAC_KEY") or getattr(settings, "AUDIT_HMAC_KEY", "")
    if explicit:
        return explicit.encode("utf-8")
    return hashlib.sha256(b"wistara.audit.chain:" + settings.SECRET_KEY.encode("utf-8")).digest()


def keyed(data: bytes) -> str:
    return hmac.new(audit_key(), data, hashlib.sha256).hexdigest()


def event_mac(event_hash: str) -> str:
    return keyed(b"event:" + event_hash.encode("ascii"))


def mac_ok(event_hash: str, mac: str) -> bool:
    return hmac.compare_digest(event_mac(event_hash), mac)
