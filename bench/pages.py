"""Bytes on the wire and width at 390 px of the main pages of every demo role (issue 10, item 8).

    make run            # the demo on http://127.0.0.1:8000, in another terminal
    .venv/bin/python bench/pages.py [--base URL] [--no-doc]

Each demo role signs in (headless Chromium, Debian's /usr/bin/chromium, through
bench/actionlib.py) and opens its main pages at 390x844; for each page the harness records the
document's bytes on the wire as Chromium counted them (the body as transferred, compressed when
the server compresses, plus the response headers; static assets are left out, they are cached
after the first page) and the document's scrollWidth. Targets: at most 100 KB on the wire, and no
page wider than the 390 px screen (a wide table scrolls inside its own box).
"""

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import actionlib  # noqa: E402
import common  # noqa: E402

START, END = "<!-- bench:pages:start -->", "<!-- bench:pages:end -->"
PASSWORD = "wistara-demo-2025"
LIMIT = 100 * 1024
KAMPAR, INHIL = "/ruang/14.01/KKS-2025", "/ruang/14.04/KKS-2025"
WORKSPACE = [
    "/",
    "/indikator/",
    "/kekurangan/",
    "/odf/",
    "/profil/",
    "/profil/narasi/gambaran-umum/",
    "/lembaga/",
    "/rakor/",
    "/rakor/tindak-lanjut/",
]
PAGES = {
    "koordinator.kampar": [
        "/",
        *(KAMPAR + p for p in WORKSPACE),
        KAMPAR + "/penugasan/",
        "/verifikasi/14.01/KKS-2025/bagaimana-jika/",
        "/verifikasi/14.01/KKS-2025/kirim/",
    ],
    "dinkes.kampar": ["/", KAMPAR + "/indikator/", KAMPAR + "/kekurangan/"],
    "kadinkes.kampar": ["/", KAMPAR + "/indikator/"],
    "pimpinan.kampar": ["/", KAMPAR + "/", KAMPAR + "/odf/"],
    "koordinator.inhil": ["/", INHIL + "/", INHIL + "/odf/", INHIL + "/indikator/"],
    "verifikator.riau": ["/", "/verifikasi/14.04/KKS-2025/provincial/"],
    "verifikator.nasional": ["/", "/laporan/"],
    "admin": ["/", "/siklus/", "/instrumen/"],
}


def measure(base: str) -> list[tuple[str, str, int, int, int]]:
    """(user, path, status, wire bytes of the document, scrollWidth, uncompressed body bytes)."""
    rows = []
    with actionlib.Browser() as browser:
        for user, paths in PAGES.items():
            person = browser.person(base, user, PASSWORD, width=actionlib.PHONE, height=844)
            for path in paths:
                person.open(base + path)
                view = person.result(path).pages[-1]
                status = next((t.status for t in view.transfers if t.kind == "document"), 0)
                # The same page uncompressed, as it went out before issue 10 (body only).
                plain = len(
                    person.context.request.get(base + path, headers={"Accept-Encoding": "identity"}).body()
                )
                rows.append((user, path, status, view.document_bytes, view.scroll_width or 0, plain))
            person.context.close()
    return rows


def lines(rows) -> list[str]:
    out = [
        "| Role | Page | Status | On the wire | Uncompressed | Width at 390 px |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for user, path, status, size, width, plain in rows:
        flag = "" if size <= LIMIT else " **over**"
        wide = "" if width <= actionlib.PHONE else " **wider**"
        out.append(
            f"| {user} | `{path}` | {status} | {size / 1024:.1f} KB{flag} "
            f"| {plain / 1024:.1f} KB | {width}{wide} |"
        )
    over = [r for r in rows if r[3] > LIMIT]
    wide = [r for r in rows if r[4] > actionlib.PHONE]
    out += [
        "",
        f"{len(rows)} pages; largest {max(r[3] for r in rows) / 1024:.1f} KB; "
        f"{len(over)} over 100 KB; {len(wide)} wider than 390 px.",
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--no-doc", action="store_true")
    parser.add_argument("--label", default="", help="a note on what was measured (before/after)")
    args = parser.parse_args()
    load = os.getloadavg()
    text = lines(measure(args.base))
    print("\n".join(text))
    if args.no_doc:
        return
    common.write_doc_section(
        "\n".join(
            [
                START,
                "### Pages on the wire and at 390 px (issue 10)",
                "",
                f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `bench/pages.py` against "
                f"the demo (`make run`){' ' + args.label if args.label else ''}, headless Chromium at "
                f"390x844; load average before the run {' '.join(f'{x:.2f}' for x in load)}.",
                "",
                *text,
                END,
            ]
        ),
        START,
        END,
    )


if __name__ == "__main__":
    main()
