"""Server time, queries and bytes of the review screen and of one review save (issue 11).

    .venv/bin/python bench/review_cost.py --db /path/to/demo.sqlite3 [--regency 14.04] [-n 30]

In process through Django's test Client (server time only, no network), as the demo's
provincial verifier on a regency of 152 items: GET of the screen on an item, GET of an item's
panel (htmx, the j/k move), and POST of a save (htmx, answered by the next item's panel). Each
save writes the same review again (update in place), so the regency's state does not drift.
Point --db at a copy of the demo database: the run writes reviews.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_db_argument(parser)
    parser.add_argument("--regency", default="14.04")
    parser.add_argument("--user", default="verifikator.riau")
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args()
    common.setup_django(args.db)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wistara.accounts.models import User
    from wistara.assessments.models import Registration

    registration = Registration.objects.get(regency__code=args.regency)
    base = f"/verifikasi/{args.regency}/{registration.cycle.code}/provincial/tinjau/"
    items = list(
        registration.responses.select_related("indicator").order_by(
            "indicator__section__order", "indicator__order"
        )[:2]
    )
    client = Client()
    client.force_login(User.objects.get(username=args.user))
    hx = {"HTTP_HX_REQUEST": "true"}
    option = items[1].indicator.options.order_by("-points").first().id
    cases = {
        "screen (full page)": lambda: client.get(f"{base}{items[0].id}/"),
        "item panel (htmx, j/k)": lambda: client.get(f"{base}{items[0].id}/", **hx),
        "save and next (htmx POST)": lambda: client.post(
            f"{base}{items[1].id}/", {"option": option, "verdict": "accepted", "note": ""}, **hx
        ),
    }
    print(
        f"{registration.regency.name}: {registration.responses.count()} items; "
        f"{common.db_label(args.db)}; n={args.n}"
    )
    print("| Request | p50 ms | p95 ms | Queries | Bytes |")
    print("|---|--:|--:|--:|--:|")
    for name, call in cases.items():
        call()  # warm
        times, queries, size = [], set(), 0
        for _ in range(args.n):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                reply = call()
                times.append((time.perf_counter() - start) * 1000)
            assert reply.status_code == 200, (name, reply.status_code)
            queries.add(len(captured))
            size = len(reply.content)
        print(
            f"| {name} | {statistics.median(times):.0f} | {p95(times):.0f} "
            f"| {'/'.join(map(str, sorted(queries)))} | {size:,} |"
        )


if __name__ == "__main__":
    main()
