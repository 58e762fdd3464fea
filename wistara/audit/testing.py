"""For tests and throw-away databases only: clear the audit trail so that a flush can run.

Django's flush (run after every `transactional_db` / `live_server` test, and by `manage.py
flush`) deletes every table's rows; the triggers refuse that while audit events exist, which is
the point. A test that commits audit events erases them first with `audit_trail_erase()`.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .triggers import triggers_install, triggers_remove


def audit_trail_erase(using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    # One transaction: no other connection ever sees the table without its triggers.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        triggers_remove(connection)
        cursor.execute("DELETE FROM audit_auditevent")
        cursor.execute("DELETE FROM audit_audithead")
        triggers_install(connection)
