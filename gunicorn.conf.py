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
