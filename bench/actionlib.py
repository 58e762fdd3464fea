"""Count what a person does in the browser: the harness of bench/actions*.py.

A scenario drives headless Chromium (Debian's /usr/bin/chromium) against a server that is already
running, through a `Person`, and every call the person makes is one action:

    click(...)        one click (a link, a button, a checkbox, a row)
    fill(...)         one typed field, however long the text
    choose_file(...)  one file chosen in a file input
    press(...)        one key press (a keyboard shortcut, Enter, Tab)
    select(...)       one choice in a <select>

Looking, waiting and reading the page (`page`, `wait_for`, `text`) are not actions; neither is
`open()`, which starts a scenario on a page the person already has open (its home after signing
in, a link from a notification); call `go(...)` to count typing an address as one action.

For every page the person sees (each document load, and each htmx/fetch answer within it) the
harness records the bytes on the wire: the body as transferred (compressed when the server
compresses) plus the headers, from Chromium's own accounting. With `width=390` it also records
whether the page fits the phone: the document's scrollWidth against the viewport.

    with Browser() as browser:
        person = browser.person(BASE, "verifikator.p11", PASSWORD)   # signs in (not counted)
        person.open(f"{BASE}/verifikasi/")
        person.click("a.queue-row >> nth=0")
        person.press("1"); person.press("a")
        result = person.result("province reviews one item")
        print(result.actions, result.pages)

Nothing here knows about Wistara's pages except the sign-in form (labels "Nama pengguna" /
"Sandi", button "Masuk", or their English labels), so issues 10 and 11 share it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = 390
DESKTOP = 1366


@dataclass
class Action:
    kind: str  # click | fill | file | key | select | go
    target: str


@dataclass
class Transfer:
    """One answer from the server: a page (document) or a fragment (htmx, fetch)."""

    url: str
    kind: str  # "document" | "redirect" | "fragment" | "asset"
    status: int
    wire_bytes: int  # body as transferred + response headers
    body_bytes: int  # body as transferred (compressed if the server compressed it)


@dataclass
class PageView:
    url: str
    transfers: list[Transfer] = field(default_factory=list)
    scroll_width: int | None = None  # measured at the end of the view
    viewport_width: int | None = None

    @property
    def document_bytes(self) -> int:
        return sum(t.wire_bytes for t in self.transfers if t.kind == "document")

    @property
    def total_bytes(self) -> int:
        """Everything this view brought over the wire: the page, its redirects, its fragments and
        whatever assets were not cached."""
        return sum(t.wire_bytes for t in self.transfers)

    @property
    def fragment_bytes(self) -> list[int]:
        return [t.wire_bytes for t in self.transfers if t.kind == "fragment"]

    @property
    def fits(self) -> bool | None:
        if self.scroll_width is None or self.viewport_width is None:
            return None
        return self.scroll_width <= self.viewport_width


@dataclass
class Result:
    name: str
    actions: list[Action]
    pages: list[PageView]

    @property
    def count(self) -> int:
        return len(self.actions)

    @property
    def largest_fragment(self) -> int:
        return max((b for p in self.pages for b in p.fragment_bytes), default=0)

    @property
    def overflowing(self) -> list[str]:
        """The pages wider than the viewport (measured only when they were measured)."""
        return [p.url for p in self.pages if p.fits is False]

    def summary(self) -> str:
        steps = ", ".join(f"{a.kind} {a.target}" for a in self.actions)
        return f"{self.name}: {self.count} actions ({steps})"


class Person:
    """One signed-in person in their own browser context; every method call is counted."""

    def __init__(self, context, width: int):
        self.context = context
        self.width = width
        self.page = context.new_page()
        self.actions: list[Action] = []
        self.pages: list[PageView] = []
        self._counting = False
        self._views: dict[int, PageView] = {}  # request -> the page view it belongs to
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._finished)

    # --- recording ---------------------------------------------------------------------------
    def _started(self, request) -> None:
        """A navigation of the main frame starts a new page view; every other request belongs to
        the view current when it started (its answer may finish after the next one starts)."""
        if not self._counting:
            return
        # A redirect continues the view it came from.
        navigation = request.is_navigation_request() and request.frame == self.page.main_frame
        if navigation and request.redirected_from is None:
            self.pages.append(PageView(request.url, viewport_width=self.width))
        if self.pages:
            self._views[id(request)] = self.pages[-1]

    def _finished(self, request) -> None:
        view = self._views.pop(id(request), None)
        response = request.response()
        if view is None or response is None:
            return
        main = request.frame == self.page.main_frame
        kind = (
            "document"
            if request.resource_type == "document" and main
            else "fragment"
            if request.resource_type in ("xhr", "fetch")
            else "asset"
        )
        if kind == "document" and 300 <= response.status < 400:
            kind = "redirect"  # a POST answered with a redirect: part of the page that follows
        try:
            sizes = request.sizes()
        except Exception:  # the page closed while a request (a framed PDF, say) was still open
            return
        body = max(sizes.get("responseBodySize", 0), 0)
        view.transfers.append(
            Transfer(
                request.url, kind, response.status, body + max(sizes.get("responseHeadersSize", 0), 0), body
            )
        )

    def _measure(self) -> None:
        """The widest the current page has been (measured after every action)."""
        if not self.pages:
            return
        width = self.page.evaluate("document.documentElement.scrollWidth")
        view = self.pages[-1]
        view.scroll_width = max(width, view.scroll_width or 0)

    def _act(self, kind: str, target: str) -> None:
        self.actions.append(Action(kind, target))

    def _settle(self) -> None:
        self.page.wait_for_load_state("networkidle")
        if self._counting:
            self._measure()

    def _locator(self, target: Any):
        return self.page.locator(target) if isinstance(target, str) else target

    # --- what a person does (counted) ---------------------------------------------------------
    def click(self, target: Any, label: str = "") -> None:
        self._locator(target).first.click()
        self._act("click", label or str(target))
        self._settle()

    def fill(self, target: Any, text: str, label: str = "") -> None:
        self._locator(target).first.fill(text)
        self._act("fill", label or str(target))

    def choose_file(self, target: Any, path: str, label: str = "") -> None:
        self._locator(target).first.set_input_files(path)
        self._act("file", label or str(target))
        self._settle()

    def select(
        self, target: Any, value: str | None = None, *, option_label: str | None = None, label: str = ""
    ) -> None:
        locator = self._locator(target).first
        if option_label is not None:
            locator.select_option(label=option_label)
        else:
            locator.select_option(value)
        self._act("select", label or str(target))
        self._settle()

    def press(self, key: str, label: str = "") -> None:
        self.page.keyboard.press(key)
        self._act("key", label or key)
        self._settle()

    def go(self, url: str) -> None:
        """Type an address (one action)."""
        self.page.goto(url)
        self._act("go", url)
        self._settle()

    # --- not counted ---------------------------------------------------------------------------
    def open(self, url: str) -> None:
        """Start the scenario on `url` (a page the person already has: not an action)."""
        self._counting = True
        self.page.goto(url)
        self._settle()

    def wait_for(self, target: Any, state: str = "visible") -> None:
        self._locator(target).first.wait_for(state=state)

    def text(self, target: Any) -> str:
        return self._locator(target).first.inner_text()

    def result(self, name: str) -> Result:
        result = Result(name, list(self.actions), list(self.pages))
        self.actions, self.pages = [], []
        self._counting = False
        return result


class Browser:
    """Headless Chromium; each `person()` gets its own cookies (its own signed-in session)."""

    def __init__(self, headless: bool = True):
        self.headless = headless

    def __enter__(self) -> Browser:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, headless=self.headless, args=CHROMIUM_ARGS
        )
        return self

    def __exit__(self, *exc) -> None:
        self._browser.close()
        self._playwright.stop()

    def person(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        width: int = DESKTOP,
        height: int = 900,
        locale: str = "id-ID",
    ) -> Person:
        """A new person signed in as `username` (signing in is not counted)."""
        context = self._browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        person = Person(context, width)
        sign_in(person.page, base_url, username, password)
        return person


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url.rstrip("/") + "/akun/masuk/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    if "/akun/masuk/" in page.url:
        raise RuntimeError(f"could not sign in as {username} at {base_url}")
