"""The bulk loops of issue 10 (items 4-5), counted in headless Chromium on the demo.

bench/actions.py runs these with its own loop (it imports `SCENARIOS`); run alone, this script
measures only them and writes the section "## Issue 10: bulk actions" of docs/benchmarks.md:

    make run            # the demo on http://127.0.0.1:8000, in another terminal
    .venv/bin/python bench/actions_bulk.py [--base URL] [--no-doc]

Every scenario starts where the person already is (its home, or the page of the task, as
bench/actions.py's operator starts on its item) and counts what it does from there:

- a head of office validates the items waiting for it: home -> "Periksa dan validasi", select
  all, "Validasi butir yang dipilih", confirm (target 4);
- a coordinator assigns a whole tatanan's unassigned items to one office: on "Penugasan", choose
  the office, "Pratinjau", confirm (target 3);
- a coordinator reviews the kelembagaan pre-fill and applies it: on "Kelembagaan dan rakor",
  "Isi 16 butir kelembagaan dari catatan ini", confirm (target 3);
- and the same coordinator undoes it (one click).

So that the scenarios can run again (bench/actions.py runs every loop at 1366 px and then at
390 px), each first puts back, without counting, what its previous run changed: it undoes the
last bulk validation or pre-fill, and takes the tatanan's items away from their office again
(the demo assigns every item, so a tatanan with unassigned items is made this way).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import actionlib  # noqa: E402
import common  # noqa: E402

REGENCY, CYCLE = "14.01", "KKS-2025"  # Kampar, the demo's regency with a head of office
WORK = f"/ruang/{REGENCY}/{CYCLE}"
TATANAN, OFFICE = "T8", "Dinkes"  # the tatanan made unassigned, and the office that gets it
START, END = "<!-- bench:actions-bulk:start -->", "<!-- bench:actions-bulk:end -->"
PASSWORD = "wistara-demo-2025"
TARGETS = {
    "head validates 10 items": 4,
    "coordinator assigns a tatanan": 3,
    "coordinator applies the kelembagaan pre-fill": 3,
    "coordinator undoes the pre-fill": 1,
}


# --- Setting the stage (not counted) ---------------------------------------------------------------


def _post(person, path: str, data: dict) -> int:
    """A form post with the person's session and CSRF token, as the page would send it."""
    token = next((c["value"] for c in person.context.cookies() if c["name"] == "csrftoken"), "")
    answer = person.page.request.post(
        path, form=data, headers={"X-CSRFToken": token, "Referer": path}, max_redirects=0
    )
    return answer.status


def _undo_last(person, base: str, page: str) -> None:
    """Undo the change that page links as the last one ("Lihat atau urungkan"), if any."""
    person.page.goto(base + page)
    link = person.page.locator("a[href*='/perubahan/']").first
    if link.count():
        _post(person, base + link.get_attribute("href") + "urungkan/", {})


def _unassign_tatanan(person, base: str) -> None:
    person.page.goto(f"{base}{WORK}/penugasan/?tatanan={TATANAN}")
    ids = person.page.evaluate(f"""() => [...document.querySelectorAll("tbody tr")]
        .filter(tr => /^{re.escape(TATANAN)}\\./.test(tr.cells[0].textContent.trim()))
        .map(tr => tr.querySelector("input[name=response]").value)""")
    for response_id in ids:
        _post(person, f"{base}{WORK}/penugasan/simpan/", {"response": response_id, "office": ""})


# --- The loops -----------------------------------------------------------------------------------


def head_validates(person, base: str) -> None:
    _undo_last(person, base, f"{WORK}/validasi/")
    person.open(f"{base}/")
    person.click(".head-box a.btn", "Periksa dan validasi (from home)")
    person.click("#check-all", "select all")
    person.click(
        "form button[type=submit] >> text=Validasi butir yang dipilih", "Validasi butir yang dipilih"
    )
    person.click("button[name=confirm]", "Konfirmasi")
    person.wait_for(".undo-box")


def coordinator_assigns(person, base: str) -> None:
    _unassign_tatanan(person, base)
    person.open(f"{base}{WORK}/penugasan/")
    form = f"form[data-section={TATANAN}]"
    person.select(f"{form} select[name=office]", option_label=OFFICE, label=f"office {OFFICE}")
    person.click(f"{form} button[type=submit]", "Pratinjau")
    person.click("button[name=confirm]", "Konfirmasi")
    person.wait_for(".undo-box")


def coordinator_prefills(person, base: str) -> None:
    _undo_last(person, base, f"{WORK}/lembaga/")
    person.open(f"{base}{WORK}/lembaga/")
    person.click("form[action$='/isi-kelembagaan/'] button", "Isi 16 butir kelembagaan")
    person.click("button[name=confirm]", "Konfirmasi")
    person.wait_for(".undo-box")


def coordinator_undoes(person, base: str) -> None:
    person.open(f"{base}{WORK}/lembaga/")
    href = person.page.locator("a[href*='/perubahan/']").first.get_attribute("href")
    person.open(base + href)  # the link "Lihat atau urungkan" (or the page it stayed on)
    person.click(".undo-box button", "Urungkan perubahan ini")


SCENARIOS = [
    ("head validates 10 items", "kadinkes.kampar", head_validates),
    ("coordinator assigns a tatanan", "koordinator.kampar", coordinator_assigns),
    ("coordinator applies the kelembagaan pre-fill", "koordinator.kampar", coordinator_prefills),
    ("coordinator undoes the pre-fill", "koordinator.kampar", coordinator_undoes),
]


# --- Run alone -------------------------------------------------------------------------------------


def run(base: str, width: int) -> list[tuple[actionlib.Result, str]]:
    results = []
    with actionlib.Browser() as browser:
        for name, user, scenario in SCENARIOS:
            person = browser.person(base, user, PASSWORD, width=width)
            scenario(person, base)
            note = ""
            if name.startswith("head"):
                rows = person.page.locator("tr[data-code]").count()
                note = f"{rows} items validated (all that waited)"
            results.append((person.result(name), note))
    return results


def lines(desktop, phone) -> list[str]:
    rows = [
        "| Loop | Actions | Target | Pages: bytes on the wire (largest) | Widest page at 390 px | Note |",
        "|---|--:|--:|--:|--:|---|",
    ]
    widths = {r.name: max((p.scroll_width or 0 for p in r.pages), default=0) for r, _n in phone}
    for result, note in desktop:
        largest = max((p.total_bytes for p in result.pages), default=0)
        rows.append(
            f"| {result.name} | {result.count} | {TARGETS.get(result.name, '–')} "
            f"| {largest / 1024:.1f} KB | {widths.get(result.name, 0)} px | {note} |"
        )
    rows += ["", "Every page seen, at 1366 px (bytes on the wire) and its width at 390 px:", ""]
    phone_pages = {r.name: r.pages for r, _n in phone}
    for result, _note in desktop:
        for i, page in enumerate(result.pages):
            other = phone_pages.get(result.name, [])
            width = other[i].scroll_width if i < len(other) else None
            path = page.url.split("127.0.0.1", 1)[-1].split(":", 1)[-1].lstrip("0123456789")
            rows.append(
                f"- {result.name}: `{path}` {page.total_bytes / 1024:.1f} KB, "
                f"{width if width is not None else '?'} px wide at 390"
            )
    rows += ["", "The actions, one by one:", ""]
    rows += [f"- {result.summary()}" for result, _n in desktop]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()
    desktop = run(args.base, actionlib.DESKTOP)
    phone = run(args.base, actionlib.PHONE)
    text = lines(desktop, phone)
    print("\n".join(text))
    if args.no_doc:
        return
    common.write_doc_section(
        "\n".join(
            [
                START,
                "## Issue 10: bulk actions",
                "",
                f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `bench/actions_bulk.py` "
                f"against the demo (Kampar), headless Chromium at 1366 px, then again at 390 px; load "
                f"average before the run {' '.join(f'{x:.2f}' for x in load)}. Each loop starts on the "
                "page of its task (the head on its home) and ends on the applied change with its undo.",
                "",
                *text,
                "",
                "Bytes on the wire are each page as transferred plus its headers and "
                "whatever it loaded after (bench/actionlib.py); pages are not compressed by this server "
                "unless the compression of issue 10 item 8 is merged.",
                END,
            ]
        ),
        START,
        END,
    )


if __name__ == "__main__":
    main()
