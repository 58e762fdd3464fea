"""config.sqlite: writers queue on a file lock around SQLite's write lock, and always leave it.

Each test opens its own database file (the test database is in memory, where there is nothing to
queue with) through the project's engine with the project's options.
"""

import fcntl
import os
import sqlite3
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError

from config.sqlite.base import DatabaseWrapper


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These tests open their own files, never the test database."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path, **options) -> DatabaseWrapper:
    conn = DatabaseWrapper(
        {
            **settings.DATABASES["default"],
            "ENGINE": "config.sqlite",
            "NAME": str(path),
            "OPTIONS": {**settings.SQLITE_OPTIONS, **options},
            "CONN_MAX_AGE": 0,
            "TIME_ZONE": None,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "TEST": {},
        },
        alias=f"queue-{id(path)}-{len(options)}",
    )
    conn.ensure_connection()
    return conn


def _queue_is_free(path) -> bool:
    fd = os.open(f"{path}-writers", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # releases it too
    return True


def _begin(conn) -> None:
    conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def test_it_holds_the_queue_from_begin_to_commit_and_to_rollback(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = _wrapper(path)
    with conn.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
    assert _queue_is_free(path)
    _begin(conn)
    with conn.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    assert not _queue_is_free(path)
    conn.commit()
    conn.set_autocommit(True)
    assert _queue_is_free(path)
    _begin(conn)
    assert not _queue_is_free(path)
    conn.rollback()
    conn.set_autocommit(True)
    assert _queue_is_free(path)
    conn.close()
    assert _queue_is_free(path)


def test_it_leaves_the_queue_when_begin_fails(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = _wrapper(path, timeout=0.05, init_command="PRAGMA journal_mode=WAL; PRAGMA busy_timeout=50;")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a writer outside the queue (a shell, say) holds SQLite's lock
    with pytest.raises(OperationalError):
        _begin(conn)
    assert _queue_is_free(path)
    other.execute("ROLLBACK")
    other.close()
    _begin(conn)
    conn.commit()
    conn.set_autocommit(True)
    conn.close()


def test_a_second_writer_waits_for_the_first_to_commit(tmp_path):
    path = tmp_path / "db.sqlite3"
    setup = _wrapper(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
    setup.close()
    events: list[str] = []
    first_in = threading.Event()

    def first():
        conn = _wrapper(path)
        _begin(conn)
        events.append("first began")
        first_in.set()
        time.sleep(0.2)
        with conn.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (1)")
        events.append("first commits")
        conn.commit()
        conn.set_autocommit(True)
        conn.close()

    def second():
        first_in.wait()
        # SQLite alone would give up after 10 ms: the first holds the lock for 200.
        conn = _wrapper(path, timeout=0.01, init_command="PRAGMA busy_timeout=10;")
        _begin(conn)  # waits in the queue, not in SQLite's busy handler
        events.append("second began")
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM t")
            events.append(f"second sees {cursor.fetchone()[0]}")
        conn.commit()
        conn.set_autocommit(True)
        conn.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert events == ["first began", "first commits", "second began", "second sees 1"]


def test_an_in_memory_database_has_no_queue():
    conn = _wrapper(":memory:")
    assert conn._queue_fd is None
    _begin(conn)
    conn.rollback()
    conn.set_autocommit(True)
    conn.close()


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_connections_dropped_without_close_leave_no_descriptor_behind(tmp_path):
    """Issue 14: each wrapper dropped without close() (a thread that ends, as under runserver or
    a threaded server) leaked its queue file's descriptor; 20,000 of them ended in 500s."""
    import gc

    path = tmp_path / "db.sqlite3"
    _wrapper(path).close()
    gc.collect()
    before = _open_fds()

    def request_thread():
        conn = _wrapper(path)
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
        # no close(): the thread ends and drops its connection

    for _ in range(10):
        threads = [threading.Thread(target=request_thread) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    gc.collect()
    assert _open_fds() <= before + 2  # 200 connections: none of their queue descriptors kept
