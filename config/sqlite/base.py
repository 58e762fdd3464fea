"""SQLite whose writers queue for the write lock in the kernel instead of SQLite's busy handler.

Every transaction begins with BEGIN IMMEDIATE (settings: the write lock is taken up front, so no
transaction fails half-way with "database is locked"). When another process holds it, SQLite's
busy handler sleeps and retries in growing steps (1, 2, 5, 10 ... 100 ms): a waiting writer often
sleeps on long after the lock is free, and with a few workers on few CPUs the CPUs idle
meanwhile (bench/saves.py --profile: 43% of the workers' time asleep in BEGIN, the machine 11%
idle). Here a writer first takes an exclusive flock on a file beside the database
(`<name>-writers`), which the kernel hands to the next waiting writer the moment it is released.

SQLite's own lock still guards the data: the flock only orders this application's transactions
(any other writer, a shell or an autocommit statement, meets the busy handler as before), and a
process that dies releases it with its files. In-memory databases (the tests) have no other
process to queue with and skip it.

The queue file's descriptor belongs to this wrapper: closed with the connection, when a new
connection replaces it, and when the wrapper itself is dropped without close() (a thread that
ends, a server that discards connections), through a finalizer; it used to leak one descriptor
per such connection until the process ran out.

Also appends the audit trail's queued events before COMMIT (config/audited.py).
"""

import fcntl
import os
import weakref
from pathlib import Path

from django.db.backends.sqlite3 import base

from config.audited import AuditedCommitMixin


class DatabaseWrapper(AuditedCommitMixin, base.DatabaseWrapper):
    _queue_fd: int | None = None
    _queue_finalizer: weakref.finalize | None = None
    _queued = False

    def get_new_connection(self, conn_params):
        if not self.is_in_memory_db():
            # The database's folder (var/ by default) is made on the first connection, so that
            # importing the settings writes nothing into the repository (issue 15).
            Path(self.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            self._close_queue()
            fd = os.open(
                f"{self.settings_dict['NAME']}-writers", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600
            )
            self._queue_fd = fd
            self._queue_finalizer = weakref.finalize(self, os.close, fd)
        return connection

    def _close_queue(self) -> None:
        if self._queue_finalizer is not None:
            self._queue_finalizer()  # closes the descriptor once, whoever calls first
        self._queue_finalizer = None
        self._queue_fd = None
        self._queued = False

    def _start_transaction_under_autocommit(self):
        if self._queue_fd is not None:
            fcntl.flock(self._queue_fd, fcntl.LOCK_EX)
            self._queued = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self):
        try:
            super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._leave_queue()

    def _close(self):
        try:
            super()._close()
        finally:
            self._leave_queue()
            self._close_queue()

    def _leave_queue(self) -> None:
        # _queued is set only while the descriptor is open; the check is for the type checker.
        if self._queued and self._queue_fd is not None:
            self._queued = False
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)
