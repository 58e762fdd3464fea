"""Verification loops (issue 11), counted like bench/actions.py counts the regency's. They run
on their own, not from bench/actions.py: that script runs its loops twice (1366 px, then 390 px),
and these change the demo's verification for good (the nation's acceptance ends the round), so
a second pass would find nothing to do. SCENARIOS is a list of (name, demo user,
function(person, base)):

    make run    # the demo on http://127.0.0.1:8000 (Indragiri Hilir in the province's round 2)
    .venv/bin/python bench/actions_review.py [--base URL]

Targets from the issue: a provincial verifier reviews one item and reaches the next: at most 3;
returning 3 items with a deadline: at most 5; a national verifier accepts the province's
unchanged results for a regency: at most 3. The loops run in that order on the demo and change
it (the last one completes the province's verification first, uncounted); `make run` again to
start over.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import actionlib  # noqa: E402

PASSWORD = "wistara-demo-2025"
REGENCY = "/verifikasi/14.04/KKS-2025"  # Indragiri Hilir
TARGETS = {
    "province reviews one item and reaches the next": 3,
    "province asks for a correction in its own words and reaches the next": 3,
    "province returns 3 items with a deadline": 5,
    "nation accepts the province's unchanged results": 3,
}


def _panel_item(person) -> str:
    return person.page.locator("#review-panel").get_attribute("data-response") or ""


def _wait_for_next(person, before: str) -> None:
    person.page.wait_for_function(
        "before => { const p = document.getElementById('review-panel');"
        " return p && p.dataset.response !== before; }",
        arg=before,
    )


def province_reviews_one_item(person, base: str) -> None:
    """On the review screen's first item to do: the option (key), accept and go on (key)."""
    person.open(f"{base}{REGENCY}/provincial/tinjau/?f=todo")
    before = _panel_item(person)
    person.press("1", "the option (key 1)")
    person.press("a", "accept and next (key a)")
    _wait_for_next(person, before)


def province_writes_a_note(person, base: str) -> None:
    """A correction with the verifier's own words: focus the note (n), type, Ctrl+Enter."""
    person.open(f"{base}{REGENCY}/provincial/tinjau/?tatanan=T2")
    before = _panel_item(person)
    person.press("n", "focus the note (key n)")
    person.page.keyboard.type("Lampirkan SK bertanda tangan Bupati.")
    person._act("fill", "the note (typed)")
    person.press("Control+Enter", "needs correction and next (Ctrl+Enter)")
    _wait_for_next(person, before)


def _refuse_on_screen(page, base: str, count: int = 2, skip: int = 1) -> None:
    """Uncounted set-up: the next items of tatanan T2 (after `skip`) judged 'needs correction'
    with a common note, by keys."""
    page.goto(f"{base}{REGENCY}/provincial/tinjau/?tatanan=T2")
    for number in range(skip + count):
        before = page.locator("#review-panel").get_attribute("data-response")
        if number < skip:
            page.keyboard.press("j")
        else:
            page.keyboard.press("q")
            page.keyboard.press("c")
        page.wait_for_function(
            "before => document.getElementById('review-panel').dataset.response !== before", arg=before
        )


def province_returns_three_items(person, base: str) -> None:
    """From the level's page: open the return, set a deadline, confirm."""
    _refuse_on_screen(person.page, base)
    person.open(f"{base}{REGENCY}/provincial/")
    person.click("a[href$='/provincial/kembalikan/']", "Kembalikan 3 butir untuk perbaikan")
    deadline = person.page.locator("input[name=deadline]").input_value()
    person.fill("input[name=deadline]", deadline.replace("T15:00", "T16:00"), "the deadline")
    person.click("#return-form button[type=submit]", "Konfirmasi: kembalikan 3 butir")


def _signed_in_page(person, base: str, username: str):
    """Another person in the same browser, for the uncounted set-up."""
    context = person.page.context.browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    actionlib.sign_in(page, base, username, PASSWORD)
    return page


def _complete_the_province(person, base: str) -> None:
    """Uncounted set-up: the regency resubmits, the province accepts every item still to
    review on the screen (key a) and completes."""
    coordinator = _signed_in_page(person, base, "koordinator.inhil")
    coordinator.goto(f"{base}{REGENCY}/kirim/")
    coordinator.locator("form[action$='/kirim-ulang/'] button").first.click()
    coordinator.wait_for_load_state("networkidle")
    coordinator.context.close()
    page = _signed_in_page(person, base, "verifikator.riau")
    page.goto(f"{base}{REGENCY}/provincial/tinjau/?f=todo")
    while page.locator("#review-panel[data-response]").count():
        before = page.locator("#review-panel").get_attribute("data-response")
        page.keyboard.press("a")
        page.wait_for_function(
            "before => { const p = document.getElementById('review-panel');"
            " return !p.dataset.response || p.dataset.response !== before; }",
            arg=before,
        )
        if page.locator("#review-panel .errors").count():
            raise RuntimeError(page.locator("#review-panel .errors").inner_text())
    page.goto(f"{base}{REGENCY}/provincial/")
    page.locator("form[action$='/provincial/selesai/'] button").click()
    page.wait_for_load_state("networkidle")
    page.context.close()


def nation_accepts(person, base: str) -> None:
    """After the province completes (set-up, uncounted): accept its results in one step."""
    _complete_the_province(person, base)
    person.open(f"{base}{REGENCY}/national/tinjau/")
    person.click("#accept-provincial", "Terima hasil provinsi")
    person.click("#accept-form button[type=submit]", "Konfirmasi: terima butir yang dicentang")


SCENARIOS = [
    ("province reviews one item and reaches the next", "verifikator.riau", province_reviews_one_item),
    (
        "province asks for a correction in its own words and reaches the next",
        "verifikator.riau",
        province_writes_a_note,
    ),
    ("province returns 3 items with a deadline", "verifikator.riau", province_returns_three_items),
    ("nation accepts the province's unchanged results", "verifikator.nasional", nation_accepts),
]


def run(base: str, width: int = actionlib.DESKTOP) -> list[actionlib.Result]:
    results = []
    with actionlib.Browser() as browser:
        for name, user, scenario in SCENARIOS:
            person = browser.person(base, user, PASSWORD, width=width)
            scenario(person, base)
            results.append(person.result(name))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    print("| Loop | Actions | Target | Largest page on the wire | Largest fragment |")
    print("|---|--:|--:|--:|--:|")
    results = run(args.base)
    for result in results:
        largest = max((p.total_bytes for p in result.pages), default=0)
        print(
            f"| {result.name} | {result.count} | {TARGETS[result.name]} | {largest / 1024:.1f} KB "
            f"| {result.largest_fragment / 1024:.1f} KB |"
        )
    for result in results:
        print(f"- {result.summary()}")


if __name__ == "__main__":
    main()
