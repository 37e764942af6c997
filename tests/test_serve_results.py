"""``thbkg serve``'s pages for people: result tables that read as values and names, saved queries as
forms, the readable API page and README, and the query page in a browser at desktop and phone size.

Expected rows and names come from the source texts and their catalogue records; the way values read
comes from XML Schema's lexical forms.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import yaml

from browser import VIEWPORTS, visiting
from serve_server import Server, running
from thbkg.build.pipeline import Build, write_outputs
from thbkg.core.namespaces import THBR, XSD
from thbkg.serve.labels import Label
from thbkg.serve.readme_page import readme_html
from thbkg.serve.result_table import heading, iri_html, literal_html, readable_date, readable_duration

ROOT = Path(__file__).resolve().parents[1]
Q02 = "query-02-figures-for-a-year"
Q11 = "query-11-what-an-organisation-does"
TIP = "us-dos-tip-2011-nor"
MOJ = "no-moj-2010-bsppc"
NAMED = "href => !document.querySelector(`.yasr table.result a[href='${href}']`).textContent.includes('/')"
RAW = re.compile(r"\^\^<http|(?<![\"=/])https://w3id\.org/")  # a typed literal or an IRI printed as text


@pytest.fixture(scope="module")
def server(build: Build, tmp_path_factory: pytest.TempPathFactory):
    target = tmp_path_factory.mktemp("results")
    write_outputs(build, target)
    dist = target / "dist"
    dist.mkdir()
    (dist / "README.md").write_text(
        "# A dataset\n\nFiles: [the graph](thbkg.trig), [elsewhere](https://example.org/x).\n\n"
        "| file | holds |\n|---|---|\n| `thbkg.trig` | everything |\n\n<script>alert(1)</script>\n",
        encoding="utf-8",
    )
    with running(target / "thbkg.nq", "--queries", str(ROOT / "queries"), "--dist", str(dist)) as server:
        yield server


def catalogue_record(source: str) -> dict:
    """The catalogue record of one source document (data/sources/ID.yaml)."""
    return yaml.safe_load((ROOT / "data" / "sources" / f"{source}.yaml").read_text(encoding="utf-8"))


def cells_text(page: str) -> list[str]:
    """The visible text of every table cell of a page."""
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]


def rows(page: str) -> list[str]:
    return re.findall(r"<tr>(.*?)</tr>", page, re.S)


# How one value reads (result_table.py), after the lexical forms of XML Schema 1.1 Part 2.


@pytest.mark.parametrize(
    ("value", "datatype", "reads"),
    [
        ("2011-06-27", "date", "27 June 2011"),
        ("2010-03", "gYearMonth", "March 2010"),
        ("2009", "gYear", "2009"),
        ("2010-03-01T12:00:00Z", "dateTime", "1 March 2010"),
        ("2010-13", "gYearMonth", None),
    ],
)
def test_dates_read_as_words(value: str, datatype: str, reads: str | None) -> None:
    assert readable_date(value, XSD + datatype) == reads


@pytest.mark.parametrize(
    ("value", "reads"),
    [("P3M", "3 months"), ("P1Y6M", "1 year 6 months"), ("P45D", "45 days"), ("-P1D", "minus 1 day"), ("PT5H", None)],
)
def test_durations_read_as_words(value: str, reads: str | None) -> None:
    assert readable_duration(value) == reads


def test_literals_show_values_not_syntax() -> None:
    number = literal_html(ox.Literal("30", datatype=ox.NamedNode(XSD + "decimal")))
    assert number == "30"
    norwegian = literal_html(ox.Literal("Kripos", language="nb"))
    assert '<span lang="nb">Kripos</span>' in norwegian and '<small class="tag">nb</small>' in norwegian
    english = literal_html(ox.Literal("Victims", language="en"))
    assert english == "Victims"  # the page's own language: no mark
    odd = literal_html(ox.Literal("<b>", datatype=ox.NamedNode("https://example.org/dt")))
    assert "<b>" not in odd and "&lt;b&gt;" in odd


def test_headings_split_names_into_words() -> None:
    assert heading("documentTitle") == "document title"
    assert heading("valueLabel") == "value label"


def test_our_iris_link_to_this_servers_pages_with_the_iri_as_title() -> None:
    iri = THBR + "organization/kom"
    named = iri_html(iri, Label("Koordineringsenheten", "nb"))
    assert named == f'<a href="/id/organization/kom" title="{iri}" lang="nb">Koordineringsenheten</a>'
    assert iri_html(iri, None) == f'<a href="/id/organization/kom" title="{iri}">organization/kom</a>'


def test_readme_renders_as_html_with_raw_html_escaped() -> None:
    page = readme_html("# Title\n\n[a](thbkg.trig) [b](#part) [c](https://example.org/)\n\n<script>x()</script>\n")
    assert "<title>Title · thbkg</title>" in page
    assert 'href="/download/thbkg.trig"' in page and 'href="#part"' in page and 'href="https://example.org/"' in page
    assert "<script>x()" not in page and "&lt;script&gt;x()" in page


# The saved queries' pages.


def test_form_page_runs_the_query_with_its_default_and_offers_the_years_the_data_has(server: Server) -> None:
    reply = server.request("GET", f"/queries/{Q02}")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/html")
    select = re.search(r'<select id="param-year" name="year"[^>]*>(.*?)</select>', reply.text, re.S)
    assert select and re.search(r'<option value="2009" selected>2009</option>', select[1])
    assert '<option value="2010">2010</option>' in select[1]  # the TIP report's figures are for 2010
    # 2009: "a total of 292 presumed victims of trafficking" (MoJ 2010), one row among the year's figures.
    assert any('<td class="num">292</td>' in row and f'href="/id/document/{MOJ}"' in row for row in rows(reply.text))
    assert not any(RAW.search(text) for text in cells_text(reply.text))


def test_a_share_link_reopens_the_query_with_its_values(server: Server, source_text) -> None:
    sentence = "Eight trafficking offenders were convicted in 2010"
    assert sentence in " ".join(source_text(TIP).split())
    reply = server.request("GET", f"/queries/{Q02}?year=2010")
    assert f'<a href="/queries/{Q02}?year=2010" rel="bookmark">Share link</a>' in reply.text
    assert '<option value="2010" selected>2010</option>' in reply.text
    issued = catalogue_record(TIP)["issued"]
    tip_rows = [row for row in rows(reply.text) if f'href="/id/document/{TIP}"' in row]
    assert any('<td class="num">8</td>' in row for row in tip_rows)
    assert all(f'<time datetime="{issued}">27 June 2011</time>' in row for row in tip_rows)
    assert f"/api/queries/{Q02}?year=2010&amp;format=json" in reply.text
    assert f"/query?saved={Q02}&amp;year=2010" in reply.text


def test_form_offers_things_by_their_names(server: Server, source_text) -> None:
    # "Coordinating Unit for victims of trafficking" (MoJ 2010): one of the organisations to choose.
    assert "Coordinating Unit for victims of trafficking" in source_text(MOJ)
    reply = server.request("GET", f"/queries/{Q11}")
    select = re.search(r'<select id="param-organization" name="organization"[^>]*>(.*?)</select>', reply.text, re.S)
    assert select
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select[1]))
    assert "coordinating unit for victims of trafficking" in options["organization/kom"].lower()
    assert re.search(r'<option value="organization/ministry-of-justice-and-the-police"[^>]*selected', select[1])


def test_a_bad_value_is_said_on_the_page_with_the_form_kept(server: Server) -> None:
    reply = server.request("GET", f"/queries/{Q02}?year=%3Cb%3E")
    assert reply.status == 400
    assert re.search(r'<p class="problem" role="alert">[^<]*must be an xsd:integer, got [^<]*&lt;b&gt;', reply.text)
    assert '<select id="param-year"' in reply.text and "<b>" not in reply.text


def test_a_value_that_matches_nothing_is_named_with_the_closest(server: Server) -> None:
    reply = server.request("GET", f"/queries/{Q02}?year=2004")
    assert reply.status == 200 and "0 rows" in reply.text
    problem = re.search(r'<p class="problem" role="alert">([^<]*)</p>', reply.text)
    assert problem and problem[1].startswith("year=2004 matches nothing in the data; closest values in the data: ")
    assert "2003" in problem[1]  # section 224 "introduced in 2003" (MoJ 2010), a year nearest 2004


def test_unknown_query_and_parameter(server: Server) -> None:
    assert server.request("GET", "/queries/query-99-nothing").status == 404
    reply = server.request("GET", f"/queries/{Q02}?colour=red")
    assert reply.status == 400 and "unknown parameter &#x27;colour&#x27;" in reply.text


def test_the_listing_links_every_saved_query(server: Server) -> None:
    reply = server.request("GET", "/queries/")
    names = sorted(path.stem for path in (ROOT / "queries").glob("*.rq"))
    assert re.findall(r'<a href="/queries/([^"]+)">', reply.text) == names


# The label look-up behind the query page's results view.


def test_labels_name_things_and_leave_out_the_unnamed(server: Server, source_text) -> None:
    assert "Coordinating Unit for victims of trafficking" in source_text(MOJ)
    iris = [THBR + "organization/kom", "https://example.org/nothing"]
    reply = server.request("POST", "/api/labels", json.dumps(iris).encode(), {"Content-Type": "application/json"})
    assert reply.status == 200
    found = json.loads(reply.text)
    assert list(found) == [THBR + "organization/kom"]
    assert "coordinating unit for victims of trafficking" in found[THBR + "organization/kom"]["label"].lower()
    assert found[THBR + "organization/kom"]["lang"] == "en"


@pytest.mark.parametrize("body", [b"{", b'{"a": 1}', b"[1, 2]", b'[""]', json.dumps(["x"] * 2001).encode()])
def test_labels_refuse_what_is_not_a_list_of_iris(server: Server, body: bytes) -> None:
    reply = server.request("POST", "/api/labels", body, {"Content-Type": "application/json"})
    assert reply.status == 400 and "IRIs" in reply.text


# The API's page and the README.


def test_api_page_describes_every_call_from_the_openapi_document(server: Server) -> None:
    document = json.loads(server.request("GET", "/api/openapi.json").text)
    reply = server.request("GET", "/api/")
    assert reply.status == 200
    for path, item in document["paths"].items():
        operation = item["get"]
        assert f'<h3 id="{operation["operationId"]}"><code>GET {html.escape(path)}</code></h3>' in reply.text
    assert "<td><code>year</code></td><td>integer</td><td>no</td><td><code>2009</code></td>" in reply.text
    assert f'<a href="/api/queries/{Q02}?format=json">' in reply.text


def test_about_renders_the_exported_readme(server: Server) -> None:
    reply = server.request("GET", "/about")
    assert reply.status == 200 and "<h1>A dataset</h1>" in reply.text
    assert '<a href="/download/thbkg.trig">the graph</a>' in reply.text and "<table>" in reply.text
    assert "<script>alert" not in reply.text


# The query page in a browser.


def _browse(browser, server: Server, viewport: str, steps):
    """Run ``steps(page)`` in headless Chromium at one size; fail on a request elsewhere or a script error."""
    with visiting(browser, server.base, viewport) as visit:
        found = steps(visit.page)
    assert not visit.elsewhere and not visit.errors
    return found


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_query_page_shows_a_saved_querys_result_readably_and_links_it_here(
    browser, server: Server, viewport: str
) -> None:
    def steps(page):
        page.goto(f"{server.base}/query")
        opened_at = page.evaluate("window.scrollY")
        if not page.is_visible(f"button[data-query='{Q02}']"):
            page.click("#saved-list summary")  # folded on a phone
        page.click(f"button[data-query='{Q02}']")
        page.wait_for_selector(f".yasr table.result a[href='/id/document/{MOJ}']", timeout=15_000)
        page.wait_for_function(NAMED, arg=f"/id/document/{MOJ}")
        page.wait_for_timeout(300)
        texts = page.eval_on_selector_all(".yasr table.result td", "cells => cells.map(c => c.innerText)")
        top = page.evaluate("document.querySelector('.yasr table.result').getBoundingClientRect().top")
        wide = _no_sideways_scroll(page)
        link = page.query_selector(f".yasr table.result a[href='/id/document/{MOJ}']")
        shown = link.inner_text()
        link.click()
        page.wait_for_load_state()
        return opened_at, texts, top, wide, shown, page.url, page.inner_text("h1")

    opened_at, texts, top, wide, shown, landed, title = _browse(browser, server, viewport, steps)
    moj = catalogue_record(MOJ)
    assert opened_at == 0 and wide
    assert 0 <= top < VIEWPORTS[viewport]["height"]  # the result is in view after the run
    assert "292" in texts and not any(RAW.search(text) for text in texts)
    assert " ".join(shown.split()) == moj["title"]
    assert landed == f"{server.base}/id/document/{MOJ}" and " ".join(title.split()) == moj["title"]


def test_query_page_opens_a_saved_query_with_values_and_a_shared_query(browser, server: Server) -> None:
    def steps(page):
        page.goto(f"{server.base}/query?saved={Q02}&year=2010")
        page.wait_for_selector(f".yasr table.result a[href='/id/document/{TIP}']", timeout=15_000)
        saved_text = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
        shared = quote("SELECT ?answer WHERE { VALUES ?answer { 8 } }")
        page.goto(f"{server.base}/query#query={shared}")
        # the tab the shared link opens holds its query, and its answer has arrived (the editor keeps
        # earlier tabs, whose results could otherwise be read first)
        page.wait_for_function(
            "document.querySelector('.CodeMirror')?.CodeMirror.getValue().includes('VALUES ?answer { 8 }')",
            timeout=15_000,
        )
        page.wait_for_load_state("networkidle")
        page.wait_for_selector(".yasr table.result td.num", timeout=15_000)
        return saved_text, page.inner_text(".yasr table.result td.num")

    saved_text, shared_cell = _browse(browser, server, "desktop", steps)
    assert '"2010"^^<http://www.w3.org/2001/XMLSchema#integer>' in saved_text
    assert shared_cell == "8"


@pytest.mark.parametrize("path", [f"/queries/{Q02}?year=2010", "/api/", "/about", "/queries/"])
def test_pages_fit_a_phone(browser, server: Server, path: str) -> None:
    def steps(page):
        page.goto(f"{server.base}{path}")
        return _no_sideways_scroll(page)

    assert _browse(browser, server, "phone", steps)
