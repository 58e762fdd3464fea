"""Database triggers that keep the audit trail append-only for every SQL client, not just Django.

On both SQLite and PostgreSQL:
- any UPDATE or DELETE of an audit event is refused;
- the chain head may not be deleted, and an UPDATE may only advance it by one sequence onto an
  event that exists with that hash;
- PostgreSQL only: TRUNCATE of either table is refused while any event exists (SQLite has no
  TRUNCATE; its DELETE without WHERE fires the row triggers).

Both raise an integrity error (SQLite `RAISE(ABORT)`, PostgreSQL SQLSTATE 23000), which Django
reports as `django.db.IntegrityError`. A database owner can still drop the triggers: the hash
chain and `audit_check` are what show a change made that way.

Migration 0002 installs them. A later change to this SQL needs its own migration.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_INSTALL = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE of an audit event refused'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE of an audit event refused'); END""",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_audithead
       BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE of the chain head refused'); END""",
    """CREATE TRIGGER audit_head_advance_only BEFORE UPDATE ON audit_audithead
       WHEN NEW.id IS NOT OLD.id
         OR NEW.last_sequence IS NOT OLD.last_sequence + 1
         OR NOT EXISTS (SELECT 1 FROM audit_auditevent
                        WHERE sequence = NEW.last_sequence AND hash = NEW.last_hash)
       BEGIN SELECT RAISE(ABORT, 'audit chain head may only advance to the newest event'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_advance_only",
]

POSTGRESQL_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
           USING ERRCODE = 'integrity_constraint_violation';
       END $$""",
    """CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM audit_auditevent) THEN
           RAISE EXCEPTION 'audit trail is append-only: TRUNCATE of % refused', TG_TABLE_NAME
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION audit_head_advance_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.id <> OLD.id
            OR NEW.last_sequence <> OLD.last_sequence + 1
            OR NOT EXISTS (SELECT 1 FROM audit_auditevent
                           WHERE sequence = NEW.last_sequence AND hash = NEW.last_hash) THEN
           RAISE EXCEPTION 'audit chain head may only advance to the newest event'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()""",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_audithead
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    """CREATE TRIGGER audit_head_advance_only BEFORE UPDATE ON audit_audithead
       FOR EACH ROW EXECUTE FUNCTION audit_head_advance_only()""",
    """CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_audithead
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()""",
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_audithead",
    "DROP TRIGGER IF EXISTS audit_head_advance_only ON audit_audithead",
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_audithead",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
    "DROP FUNCTION IF EXISTS audit_refuse_truncate()",
    "DROP FUNCTION IF EXISTS audit_head_advance_only()",
]

_INSTALL = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRESQL_INSTALL}
_REMOVE = {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRESQL_REMOVE}


def triggers_supported(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor in _INSTALL


def triggers_install(connection: BaseDatabaseWrapper) -> None:
    """Install the triggers; a database without trigger SQL here keeps only the app's guards."""
    _run(connection, _INSTALL.get(connection.vendor, []))


def triggers_remove(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _REMOVE.get(connection.vendor, []))


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
