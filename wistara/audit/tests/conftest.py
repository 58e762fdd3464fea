from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from ..models import AuditEvent
from ..services import audit_record
from ..triggers import triggers_install, triggers_remove


@pytest.fixture
def record():
    """audit_record inside its own transaction, as a calling service would run it."""

    def _record(action: str = "review.recorded", **kwargs) -> AuditEvent:
        kwargs.setdefault("actor", None)
        with transaction.atomic():
            return audit_record(action=action, **kwargs)

    return _record


@contextmanager
def triggers_lifted() -> Iterator[None]:
    """Tamper as a database owner would: without the triggers, then put them back."""
    triggers_remove(connection)
    try:
        yield
    finally:
        triggers_install(connection)


def raw_sql(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
