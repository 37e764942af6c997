"""``thbkg serve`` /: the query page, its static files, and a headless Chromium running a saved query.

The browser test drives Debian's chromium (``make test`` installs it) through Playwright and lets
no request leave 127.0.0.1: the page must work offline. Expected rows come from the source texts.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pytest

from browser import visiting
from manifests import countries_covered, country_name, manifests
from serve_server import Server, running
from thbkg.build.pipeline import Build, write_outputs

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
STATIC = ROOT / "src" / "thbkg" / "serve" / "static"
Q01 = "query-01-victim-count-2009-both-documents"


@pytest.fixture(scope="module")
def server(build: Build, tmp_path_factory: pytest.TempPathFactory):
    target = tmp_path_factory.mktemp("page")
    write_outputs(build, target)
    with running(target / "thbkg.nq", "--queries", str(ROOT / "queries")) as server:
        yield server


def test_page_lists_every_saved_query_and_links(server: Server) -> None:
    reply = server.request("GET", "/query")
    assert reply.status == 200 and reply.headers["content-type"] == "text/html; charset=utf-8"
    assert re.findall(r'data-query="([^"]+)"', reply.text) == QUERIES
    for link in ("/download/", "/about", "/queries/", "/api/", "/sparql"):
        assert f'href="{link}"' in reply.text
    embedded = re.search(r'<script id="saved-queries" type="application/json">(.*?)</script>', reply.text, re.S)
    texts = json.loads(embedded[1])
    assert sorted(texts) == QUERIES
    assert "VALUES (?_year_integer)" in texts["query-02-figures-for-a-year"]  # the default, bound


def test_page_says_what_the_data_is_about_as_the_catalogue_records_give_it(server: Server) -> None:
    header = re.search(r'<header class="intro">(.*?)</header>', server.request("GET", "/query").text, re.S)
    assert header
    records = manifests()
    assert f"built from {len(records)} source documents:" in header[1]
    for record in records:
        assert escape(f"“{record['title']}”") in header[1]
    covered = re.search(r"knowledge graph of how (.+?) fights? trafficking in human beings", header[1])
    assert covered and all(country_name(key) in covered[1] for key in countries_covered())


def test_page_loads_nothing_from_elsewhere(server: Server) -> None:
    reply = server.request("GET", "/query")
    resources = re.findall(r'<(?:script|link|img|iframe)[^>]*?(?:src|href)="([^"]*)"', reply.text)
    assert resources and all(url.startswith("/static/") for url in resources)
    assert "default-src 'self'" in reply.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("path", "media"),
    [
        ("/static/yasgui/yasgui.min.js", "text/javascript"),
        ("/static/yasgui/yasgui.min.css", "text/css"),
        ("/static/page.js", "text/javascript"),
        ("/static/page.css", "text/css"),
        ("/static/yasgui/NOTICE.txt", "text/plain"),
    ],
)
def test_static_files_have_media_types_and_revalidate(server: Server, path: str, media: str) -> None:
    reply = server.request("GET", path)
    assert reply.status == 200 and reply.headers["content-type"].split(";")[0] == media
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert server.request("GET", path, headers={"If-None-Match": reply.headers["etag"]}).status == 304


def test_static_refuses_what_is_not_there(server: Server) -> None:
    for path in ("/static/nothing.js", "/static/../api.py", "/static/%2e%2e/api.py"):
        reply = server.request("GET", path)
        assert reply.status == 404 and "Traceback" not in reply.text


def test_vendored_yasgui_is_the_pinned_npm_release() -> None:
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/@zazuko/yasgui"]["version"]
    assert f"@zazuko/yasgui {pinned}," in (STATIC / "yasgui" / "NOTICE.txt").read_text()
    assert sum(f.stat().st_size for f in (STATIC / "yasgui").iterdir()) < 3_000_000


def test_browser_runs_a_saved_query_and_shows_its_rows(browser, server: Server, source_text) -> None:
    with visiting(browser, server.base, "desktop") as visit:
        page = visit.page
        page.goto(f"{server.base}/query")
        page.click(f"button[data-query='{Q01}']")
        page.wait_for_selector(".yasr table tbody tr td", timeout=15_000)
        cells = [(row.inner_text(), row.inner_html()) for row in page.query_selector_all(".yasr table tbody tr")]
    assert not visit.elsewhere and not visit.errors
    # One row per document, each with the figure and the passage that states it, linked to its page here.
    sentences = {
        "no-moj-2010-bsppc": "a total of 292 presumed victims of trafficking",
        "us-dos-tip-2011-nor": "the government referred approximately 292 victims to care",
    }
    assert len(cells) == len(sentences)
    for source, sentence in sentences.items():
        assert " ".join(sentence.split()) in " ".join(source_text(source).split())
        assert any(
            f'href="/id/document/{source}"' in markup and "292" in text and sentence in " ".join(text.split())
            for text, markup in cells
        )
