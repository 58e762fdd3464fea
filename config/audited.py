"""The connection side of the audit trail: queued events are appended right before COMMIT.

Mixed into both database backends (config/sqlite, config/postgresql); the queueing itself and
why it lives here are in wistara/audit/capture.py.
"""


class AuditedCommitMixin:
    def _commit(self):
        from wistara.audit import capture

        capture.flush(self)
        return super()._commit()

    def _rollback(self):
        from wistara.audit import capture

        capture.discard(self)
        return super()._rollback()

    def _savepoint_commit(self, sid):
        result = super()._savepoint_commit(sid)
        from wistara.audit import capture

        capture.flush_if_outermost(self)
        return result

    def _savepoint_rollback(self, sid):
        from wistara.audit import capture

        capture.discard(self, sid)
        return super()._savepoint_rollback(sid)

    def _close(self):
        from wistara.audit import capture

        capture.discard(self)
        return super()._close()
