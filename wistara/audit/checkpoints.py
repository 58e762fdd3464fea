"""Signed checkpoints of the chain's head, kept outside the database.

The keyed MACs (keys.py) stop SQL from forging or rewriting events, but not from cutting the
newest ones off and rewinding the head: what is left is still a valid chain. A checkpoint,
"event N had hash H", signed with the audit key and written where the database's users cannot
reach (the storage named by AUDIT_CHECKPOINT_STORAGE, by default the folder
AUDIT_CHECKPOINT_DIR; in a national deployment an object-store bucket with object lock, or a
copy sent by email), lets audit_check tell a cut or rewound trail and say where.

`python manage.py audit_checkpoint` writes one (run it daily from cron or the worker's host;
after `audit_check` has passed).
"""

import json
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils import timezone

from .keys import keyed
from .models import AuditHead

PREFIX = "checkpoints"


def checkpoint_storage() -> Storage:
    alias = getattr(settings, "AUDIT_CHECKPOINT_STORAGE", "")
    if alias:
        return storages[alias]
    return FileSystemStorage(location=settings.AUDIT_CHECKPOINT_DIR)


def _signature(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return keyed(b"checkpoint:" + text.encode("utf-8"))


def checkpoint_write() -> dict[str, Any] | None:
    """Write the head as it is now; None while the trail is empty."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.last_sequence == 0:
        return None
    now = timezone.now()
    body = {"sequence": head.last_sequence, "hash": head.last_hash, "written_at": now.isoformat()}
    document = {**body, "signature": _signature(body)}
    name = f"{PREFIX}/{head.last_sequence:012d}-{now.strftime('%Y%m%dT%H%M%S%f')}.json"
    checkpoint_storage().save(name, ContentFile(json.dumps(document, indent=1).encode("utf-8")))
    return {**document, "name": name}


def checkpoints_read(*, include_bad: bool = False) -> list[dict[str, Any]]:
    """Every checkpoint, oldest first, each with `valid` (its signature checks) and `name`."""
    storage = checkpoint_storage()
    try:
        _dirs, files = storage.listdir(PREFIX)
    except FileNotFoundError:
        return []
    points = []
    for filename in sorted(files):
        name = f"{PREFIX}/{filename}"
        try:
            with storage.open(name) as handle:
                document = json.loads(handle.read())
            body = {key: document[key] for key in ("sequence", "hash", "written_at")}
            valid = isinstance(body["sequence"], int) and document.get("signature") == _signature(body)
        except (ValueError, KeyError, TypeError):
            document, valid = {"sequence": 0}, False
        if valid or include_bad:
            points.append({**document, "name": name, "valid": valid})
    return points
