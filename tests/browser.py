"""Headless Chromium for the site's browser tests, and what a page is checked for.

Debian's chromium (``make test`` installs it) driven by Playwright: a page may ask only the server
under test for anything (every other request is aborted and recorded), its console errors are
recorded, and axe-core, vendored from npm into tests/vendor/ (web/vendor.mjs), audits it. axe-core
is run through the DevTools protocol, which the page's Content-Security-Policy does not govern, so
the policy stays as strict in the test as it is for a visitor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HERE = Path(__file__).parent
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"  # ignored by git: looked at by people, never compared
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SEVERE = ("serious", "critical")
RESULT_CELLS = ".yasr td, table.result td"
# The interactive elements a keyboard user must be able to reach.
FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"


@dataclass
class Visit:
    """One page in one browser context, with what it asked for elsewhere and the errors it logged."""

    page: Any  # playwright.sync_api.Page
    base: str
    elsewhere: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> int:
        """Open ``path`` on the server; the status of the document."""
        response = self.page.goto(self.base + path)
        assert response is not None
        return response.status

    def overflow(self) -> int:
        """Pixels the page is wider than the window (0 when it never scrolls sideways)."""
        return self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    def severe_violations(self) -> list[str]:
        """axe-core's serious and critical violations, one line each with the elements they concern."""
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
        found = self.page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))"""
        )
        severe = [v for v in found if v["impact"] in SEVERE]
        return [f"{v['impact']} {v['id']}: {v['help']} at {json.dumps(v['nodes'][:5])}" for v in severe]

    def result_cell_texts(self) -> list[str]:
        """The text of every visible cell of a query result (YASGUI's, or a table of class
        ``result``: the query page's results view and the saved queries' pages)."""
        return self.page.eval_on_selector_all(
            RESULT_CELLS, "cells => cells.filter(c => c.offsetParent !== null).map(c => c.innerText)"
        )

    def keyboard_stops(self, limit: int) -> list[dict[str, Any]]:
        """What Tab focuses, press after press (at most ``limit``): the element, whether it is one
        of FOCUSABLE, its size on screen and whether its focus is drawn (outline or shadow)."""
        stops = []
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            stop = self.page.evaluate(
                """selector => {
                    const e = document.activeElement;
                    if (!e || e === document.body) return null;
                    const box = e.getBoundingClientRect(), style = getComputedStyle(e);
                    return {tag: e.tagName.toLowerCase(), text: (e.innerText || e.value || '').slice(0, 40),
                            focusable: e.matches(selector), width: box.width, height: box.height,
                            drawn: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                                   || style.boxShadow !== 'none'};
                }""",
                FOCUSABLE,
            )
            if stop is None:
                break
            stops.append(stop)
        return stops

    def skip_to_content(self) -> str:
        """Tab to the first control, press Enter on it, Tab again: the tag of what is focused then
        and of the landmark it is in (``main`` when it is anywhere inside it, as a page's own navigation
        may be), as ``tag in landmark`` (a skip link lands in ``main``)."""
        self.page.keyboard.press("Tab")
        self.page.keyboard.press("Enter")
        self.page.keyboard.press("Tab")
        return self.page.evaluate(
            """() => {
                const e = document.activeElement;
                const region = e && (e.closest('main') || e.closest('nav, header, footer, aside'));
                const name = node => node ? node.tagName.toLowerCase() : 'nothing';
                return `${name(e)} in ${region ? name(region) : 'no landmark'}`;
            }"""
        )

    def screenshot(self, name: str) -> Path:
        """The whole page as a PNG under tests/screenshots/, to look at."""
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@contextmanager
def visiting(browser: Any, base: str, viewport: str) -> Iterator[Visit]:
    """A fresh context of ``browser`` at ``viewport`` ("desktop" or "phone") that lets requests
    reach only ``base``."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    visit = Visit(page, base)

    def local_only(route: Any) -> None:
        if route.request.url.startswith(f"{base}/"):
            route.continue_()
        else:
            visit.elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    page.on("pageerror", lambda exc: visit.errors.append(f"uncaught: {exc}"))
    page.on("console", lambda message: _console(visit, message))
    try:
        yield visit
    finally:
        context.close()


def _console(visit: Visit, message: Any) -> None:
    """A console error is a failure, except the one Chromium logs for an error page's own status
    (``Failed to load resource`` naming the document itself): that status is what was asked for."""
    if message.type != "error":
        return
    own = message.location.get("url") == visit.page.url and message.text.startswith("Failed to load resource")
    if not own:
        visit.errors.append(message.text)
