"""Django's PostgreSQL backend, appending queued audit events before COMMIT (config/audited.py)."""

from django.db.backends.postgresql import base

from config.audited import AuditedCommitMixin


class DatabaseWrapper(AuditedCommitMixin, base.DatabaseWrapper):
    pass
