"""Every kind of page the site serves, in headless Chromium at 1280x900 and at 390x844 (a phone):
no sideways scroll, no console error, no request beyond the server, no raw RDF in a result cell,
no serious or critical accessibility violation (axe-core), and every control reachable with Tab
with its focus drawn. Each run saves a screenshot of each page under tests/screenshots/, to look at.

A new kind of page is one line in PAGE_TYPES.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from browser import VIEWPORTS, Visit, visiting
from serve_server import Server, running
from test_serve_site import KOM_SENTENCE, MOJ, span
from thbkg.build.pipeline import Build, write_outputs
from thbkg.core.layout import Layout
from thbkg.release.export import export

ROOT = Path(__file__).resolve().parents[1]
# Raw RDF a person should never read in a query's result: a typed literal as N-Triples writes it, or
# one of our IRIs as text (our things are shown by name, their IRIs are links).
RAW_RDF = re.compile(r"\^\^<http|(?<![\w/])https://w3id\.org/")
TAB_STOPS = 25  # presses of Tab a keyboard test makes: the header and the start of the content


@dataclass(frozen=True)
class PageType:
    """A kind of page: one page of it, the status it answers with, and what a visitor does on it
    before it is checked (nothing when ``act`` is None)."""

    name: str
    path: str
    status: int = 200
    act: Callable[[Visit], None] | None = None


Q01 = "query-01-victim-count-2009-both-documents"


def run_a_saved_query(visit: Visit) -> None:
    """Click a saved query in the list (unfolded first on a phone) and wait for its result table."""
    if not visit.page.is_visible(f"button[data-query='{Q01}']"):
        visit.page.click("#saved-list summary")
    visit.page.click(f"button[data-query='{Q01}']")
    visit.page.wait_for_selector(".yasr table.result tbody td", timeout=15_000)
    visit.page.wait_for_load_state("networkidle")  # the labels of the result's things


def wait_for_the_drawing(visit: Visit) -> None:
    """Wait until graph.js has drawn the page's graph (a canvas in its box) and named its legend."""
    visit.page.wait_for_selector(".graph-canvas canvas", timeout=15_000)
    visit.page.wait_for_selector(".graph-legend span", timeout=15_000)


PAGE_TYPES = [
    PageType("home", "/"),
    PageType("query", "/query", act=run_a_saved_query),
    PageType("saved-queries", "/queries/"),
    PageType("form", "/queries/query-02-figures-for-a-year?year=2010"),
    PageType("search", "/search?q=kom"),
    PageType("everything", "/id/"),
    PageType("kind", "/id/organization/"),
    PageType("entity", "/id/organization/kom", act=wait_for_the_drawing),
    PageType("graphs", "/graphs/"),
    PageType("graph", "/graphs/actors", act=wait_for_the_drawing),
    PageType("document", f"/id/document/{MOJ}"),
    PageType("passage", f"/id/passage/{MOJ}/{span(MOJ, KOM_SENTENCE)}"),
    PageType("api", "/api/"),
    PageType("about", "/about"),
    PageType("ontology", "/ontology"),
    PageType("downloads", "/download/"),
    PageType("not-found", "/id/organization/no-such-body", status=404),
    PageType("bad-request", "/sparql?query=SELECT%20WHERE", status=400),
]


@pytest.fixture(scope="module")
def server(build: Build, layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("site")
    write_outputs(build, folder / "build")
    export(folder / "build", layout, folder / "dist")
    options = ("--queries", str(ROOT / "queries"), "--dist", str(folder / "dist"))
    with running(folder / "build" / "thbkg.nq", *options) as server:
        yield server


def opened(visit: Visit, kind: PageType, act: bool = True) -> None:
    """``kind``'s page opened in ``visit``, at the status it should answer, and acted on (unless
    ``act`` is false: a keyboard starts from the top of a page as it opens)."""
    assert visit.goto(kind.path) == kind.status
    if kind.act and act:
        kind.act(visit)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_TYPES, ids=lambda kind: kind.name)
def test_page_reads_well_and_passes_the_audit(server: Server, browser: Any, kind: PageType, viewport: str) -> None:
    with visiting(browser, server.base, viewport) as visit:
        opened(visit, kind)
        visit.screenshot(f"{kind.name}-{viewport}")
        assert visit.overflow() <= 0, f"{kind.name} scrolls sideways by {visit.overflow()} px at {viewport}"
        raw = [text for text in visit.result_cell_texts() if RAW_RDF.search(text)]
        assert not raw, f"raw RDF in cells: {raw[:5]}"
        assert visit.severe_violations() == []
        assert not visit.errors and not visit.elsewhere


@pytest.mark.parametrize("kind", PAGE_TYPES, ids=lambda kind: kind.name)
def test_page_works_with_the_keyboard(server: Server, browser: Any, kind: PageType) -> None:
    """Tab goes from control to control (nothing else takes focus), each one on screen and with its
    focus drawn, starting with the way past the header, which leads into the content."""
    with visiting(browser, server.base, "desktop") as visit:
        opened(visit, kind, act=False)
        stops = visit.keyboard_stops(TAB_STOPS)
        opened(visit, kind, act=False)
        landed = visit.skip_to_content()
    assert landed.endswith(" in main"), f"the skip link leads to {landed}"
    assert stops, "Tab reaches nothing"
    assert stops[0]["text"].lower().startswith("skip to")
    for stop in stops:
        assert stop["focusable"] and stop["width"] > 0 and stop["height"] > 0, stop
        assert stop["drawn"], f"focus not drawn on {stop}"
