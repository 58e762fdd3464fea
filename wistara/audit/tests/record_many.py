"""Run by test_concurrency in child processes: threads recording events at the same moment.

python -m wistara.audit.tests.record_many --name p1 --threads 2 --count 20
"""

import argparse
import threading

import django


def _work(name: str, count: int, start: threading.Barrier, failures: list[BaseException]) -> None:
    from django.db import connections, transaction

    from wistara.audit.services import audit_record

    start.wait()
    try:
        for n in range(count):
            try:
                with transaction.atomic():
                    audit_record(
                        action="test.recorded",
                        actor=None,
                        object_type="test.writer",
                        object_id=name,
                        payload={"n": n},
                    )
                    if n % 5 == 4:
                        raise LookupError("rolled back on purpose")
            except LookupError:
                pass
    except BaseException as error:  # reported by the parent through the exit code
        failures.append(error)
    finally:
        connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    django.setup()
    start = threading.Barrier(args.threads)
    failures: list[BaseException] = []
    threads = [
        threading.Thread(target=_work, args=(f"{args.name}-{i}", args.count, start, failures))
        for i in range(args.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} writer(s) failed: {failures[0]!r}")


if __name__ == "__main__":
    main()
