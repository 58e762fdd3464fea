"""Gunicorn's settings for Wistara: `gunicorn config.wsgi` in the project folder reads this file.

Command-line options win (bench/saves.py passes its own --workers to compare settings).
"""

import multiprocessing
import os

# Sync workers, (2 x CPUs) + 1 of them as gunicorn advises: a process that waits (for SQLite's
# write lock, whose busy handler sleeps rather than queue, or for PostgreSQL) leaves the CPUs to
# the others. Measured on 2 CPUs in docs/benchmarks.md (Saves). WEB_CONCURRENCY overrides.
workers = int(os.getenv("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# A save or a page answers in milliseconds; an export of every regency in well under a second.
timeout = int(os.getenv("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 10

# Issue 14: each instance's control socket (gunicornc) in its own run directory, never one fixed
# path per machine that two nodes on one host would fight over. GUNICORN_RUN_DIR names it (for
# systemd: RuntimeDirectory=); by default a folder per master process under var/run.
_run_dir = os.getenv("GUNICORN_RUN_DIR") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "var", "run", f"gunicorn-{os.getpid()}"
)
os.makedirs(_run_dir, mode=0o700, exist_ok=True)
control_socket = os.path.join(_run_dir, "gunicorn.ctl")
