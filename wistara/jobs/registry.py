"""Job kinds: a runner writes the job's file and reports progress.

    @runner("evidence_bundle")
    def bundle(job, out, progress) -> tuple[str, str]:  # (download name, content type)
        ...  # write to `out` (a binary temporary file), call progress(done, total)

Apps register their runners when Django starts (their AppConfig.ready imports the module), so a
separate worker process (manage.py db_worker) knows them too.
"""

from collections.abc import Callable

RUNNERS: dict[str, Callable] = {}


def runner(kind: str):
    def register(function: Callable) -> Callable:
        RUNNERS[kind] = function
        return function

    return register
