"""How many actions the regency's daily loops take, on the demo, in headless Chromium (issue 10).

    make run            # the demo on http://127.0.0.1:8000, in another terminal
    .venv/bin/python bench/actions.py [--base URL] [--no-doc]

Each scenario signs in as a demo user (not counted) and does one loop as a person would; every
click, typed field, chosen file (several files chosen at once are one choice), key press and
choice in a list counts one (bench/actionlib.py). Targets from the issue:

- an operator fills one indicator completely, a file for each data year: at most 5;
- a head of office validates 10 waiting items: at most 4;
- a coordinator assigns a whole tatanan's unassigned items to one office: at most 3;
- a coordinator reviews the kelembagaan pre-fill and applies it: at most 3.

It also records every page's bytes on the wire (target: at most 100 KB for these pages) and, in a
second pass at 390 px, whether each page fits the phone's width. The scenarios change the demo's
data (an item filled, items validated): run `make run` again to start from the demo.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import actionlib  # noqa: E402
import common  # noqa: E402

START, END = "<!-- bench:actions:start -->", "<!-- bench:actions:end -->"
PASSWORD = "wistara-demo-2025"
TARGETS = {
    "operator fills one indicator": 5,
    "head validates 10 items": 4,
    "coordinator assigns a tatanan": 3,
    "coordinator applies the kelembagaan pre-fill": 3,
}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def operator_fills_one_indicator(person, base: str, files: list[str]) -> None:
    """From its home, the operator opens the next item to do and fills it completely."""
    person.open(f"{base}/")
    link = person.page.locator(".stage-not_started .queue-list a").first
    person.open(base + link.get_attribute("href"))  # the item it chose: where the loop starts
    person.fill("input[name=value_prev]", "12", "achievement 2023")
    person.fill("input[name=value_curr]", "9", "achievement 2024")
    person.click("#response-form .option-choice >> nth=1", "the option")
    person.choose_file("input[name=files]", files, "two files, one per year (years from their names)")
    person.click("button[name=next]", "Simpan & berikutnya")


def scenarios(files: list[str]):
    """(name, demo user, function(person, base)) for every loop measured here."""
    found = [
        (
            "operator fills one indicator",
            "dinkes.kampar",
            lambda person, base: operator_fills_one_indicator(person, base, files),
        )
    ]
    try:
        import actions_bulk  # the bulk loops (issue 10, items 4-5), when present
    except ImportError:
        return found
    return found + list(actions_bulk.SCENARIOS)


def run(base: str, width: int, files: list[str]) -> list[actionlib.Result]:
    results = []
    with actionlib.Browser() as browser:
        for name, user, scenario in scenarios(files):
            person = browser.person(base, user, PASSWORD, width=width)
            scenario(person, base)
            results.append(person.result(name))
    return results


def lines(results: list[actionlib.Result], phone: list[actionlib.Result]) -> list[str]:
    rows = [
        "| Loop | Actions | Target | Largest page on the wire | Largest fragment | Fits 390 px |",
        "|---|--:|--:|--:|--:|---|",
    ]
    fits = {r.name: not r.overflowing for r in phone}
    for result in results:
        largest = max((p.total_bytes for p in result.pages), default=0)
        rows.append(
            f"| {result.name} | {result.count} | {TARGETS.get(result.name, '–')} "
            f"| {largest / 1024:.1f} KB | {result.largest_fragment / 1024:.1f} KB "
            f"| {'yes' if fits.get(result.name) else 'no'} |"
        )
    rows += ["", "The actions, one by one:", ""]
    rows += [f"- {result.summary()}" for result in results]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for year in (2023, 2024):
            path = Path(folder) / f"laporan-capaian-{year}.pdf"
            path.write_bytes(PDF + f"% {year}\n".encode())
            files.append(str(path))
        desktop = run(args.base, actionlib.DESKTOP, files)
        phone = run(args.base, actionlib.PHONE, files)
    text = lines(desktop, phone)
    print("\n".join(text))
    if args.no_doc:
        return
    common.write_doc_section(
        "\n".join(
            [
                START,
                "### Actions per loop (issue 10)",
                "",
                f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `bench/actions.py` against "
                f"the demo (`make run`), headless Chromium at 1366 px, then again at 390 px; load average "
                f"before the run {' '.join(f'{x:.2f}' for x in load)}.",
                "",
                *text,
                "",
                "Bytes on the wire are the page as transferred (compressed when the server compresses) "
                "plus its headers and the fragments it loaded after (bench/actionlib.py).",
                END,
            ]
        ),
        START,
        END,
    )


if __name__ == "__main__":
    main()
