"""``thbkg serve`` for a reader: the home page and its ways in, the frame on every page, /id/ and each
kind's index, search over names in English and Norwegian, the documents' texts with their quoted
passages, a passage in its context, and the click path from the home page to a document.

Expected names come from the reference data, passages from the mappings' quotes found in the source
texts, never from the server's own output.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from browser import VIEWPORTS, visiting
from manifests import manifests
from serve_server import Server, running
from thbkg.build.pipeline import Build, write_outputs
from thbkg.core.evidence import Passage
from thbkg.core.layout import Layout
from thbkg.release.export import export
from thbkg.serve.document_view import Document
from thbkg.serve.source_texts import SourceTexts

ROOT = Path(__file__).resolve().parents[1]
MOJ, TIP = "no-moj-2010-bsppc", "us-dos-tip-2011-nor"
KOM_SENTENCE = (
    "This unit (the KOM project) is administered by the Directorate of Police and assists the welfare services by "
    "providing methods for identifying victims and for planning and mobilising assistance and protection services "
    "for victims of human trafficking."
)
PAGES = ("/", "/search?q=kom", "/id/", "/id/organization/", "/id/organization/kom", f"/id/document/{MOJ}")
PAGES += ("/ontology", "/download/", "/query")


@pytest.fixture(scope="module")
def server(build: Build, layout: Layout, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("site")
    write_outputs(build, folder / "build")
    export(folder / "build", layout, folder / "dist")  # the downloads of this build, not the checkout's dist/
    # the default workers, as `thbkg serve` runs: with one, a page's own requests spill onto the fast
    # lane (0.5 s) while the worker renders the next page, and a loaded machine answers them 504
    options = ("--queries", str(ROOT / "queries"), "--sources", str(ROOT / "data" / "sources"))
    options += ("--dist", str(folder / "dist"))
    with running(folder / "build" / "thbkg.nq", *options) as server:
        yield server


def get(server: Server, path: str) -> str:
    reply = server.request("GET", path, headers={"Accept": "text/html"})
    assert reply.status == 200, (path, reply.status, reply.text[:200])
    assert reply.headers["content-type"].startswith("text/html")
    return reply.text


def entity(key: str) -> dict:
    """The reference data's entry for ``key``."""
    for path in sorted((ROOT / "data" / "reference").glob("*.yaml")):
        for found in yaml.safe_load(path.read_text(encoding="utf-8")).get("entities") or []:
            if found["key"] == key:
                return found
    raise KeyError(key)


def quotes(source: str) -> list[str]:
    """The mapping's quotes that occur in the text exactly once as written."""
    text = source_text(source)
    mapping = yaml.safe_load((ROOT / "data" / "mappings" / f"{source}.yaml").read_text(encoding="utf-8"))
    return sorted({c["quote"] for c in mapping["claims"] if text.count(c["quote"]) == 1})


def found(page: str) -> list[str]:
    """The pages a search result links to, in its order."""
    return re.findall(r'<li><a href="(/id/[^"]+)"', page.split('<ol class="listing">', 1)[1])


def source_text(source: str) -> str:
    return (ROOT / "data" / "sources" / f"{source}.txt").read_text(encoding="utf-8")


def span(source: str, words: str) -> str:
    start = source_text(source).index(words)
    return f"{start}-{start + len(words)}"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_frame_with_a_search_box(server: Server, path: str) -> None:
    page = get(server, path)
    header = re.search(r'<header class="site">(.*?)</header>', page, re.S)
    assert header, path
    assert re.search(r'<form[^>]*role="search"[^>]*action="/search"', header[1])
    assert '<input id="site-q" type="search" name="q"' in header[1]
    for target in ("/", "/id/", "/query", "/ontology", "/download/", "/api/"):
        assert f'href="{target}"' in header[1], (path, target)
    assert '<footer class="site">' in page and 'href="/static/site.css"' in page


def test_home_page_says_what_the_graph_holds_and_leads_everywhere(server: Server) -> None:
    page = get(server, "/")
    assert page.count('type="search"') == 2  # the frame's and the page's own
    for record in manifests():
        assert f'href="/id/document/{record["id"]}"' in page
        assert html.escape(record["title"]) in page
    for heading in ("Organisations and people", "Laws and provisions", "Plans and measures", "Permits and services"):
        assert heading in page
    for heading in ("Countries and places", "Statistics", "Findings and recommendations", "Documents"):
        assert heading in page
    for kind in ("organization", "legal-provision", "action-plan", "permit", "service", "country", "observation"):
        assert f'href="/id/{kind}/"' in page, kind
    assert 'href="/id/recommendation/"' in page
    for target in ("/query", "/queries/", "/ontology", "/download/", "/api/", "/api/openapi.json", "/sparql", "/about"):
        assert f'href="{target}"' in page


def test_everything_page_lists_each_kind(server: Server) -> None:
    page = get(server, "/id/")
    for kind in ("organization", "law", "legal-provision", "treaty", "document", "passage", "victim-group"):
        assert f'href="/id/{kind}/"' in page, kind
    assert server.request("GET", "/id").status in (200, 307)


def test_kind_page_lists_its_things_with_their_norwegian_names(server: Server) -> None:
    page = get(server, "/id/organization/")
    for key in ("organization/kom", "organization/police-directorate"):
        found = entity(key)
        assert f'href="/id/{key}"' in page
        assert f'<span lang="nb">{html.escape(found["label_nb"])}</span>' in page
    listed = page.split("<main", 1)[1]
    assert not any(f'href="/id/document/{r["id"]}"' in listed for r in manifests())  # a kind of their own


@pytest.mark.parametrize("path", ["/id/nothing/", "/id/Organization/", "/id/organization%2F..%2F/", "/id/a..b/"])
def test_a_kind_that_is_not_there_is_404(server: Server, path: str) -> None:
    assert server.request("GET", path).status == 404


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("police directorate", "organization/police-directorate"),
        ("POLITIDIREKTORATET", "organization/police-directorate"),
        ("koordineringsenheten", "organization/kom"),
        ("Koordineringsenheten for ofre", "organization/kom"),
    ],
)
def test_search_finds_things_by_english_and_norwegian_names(server: Server, typed: str, key: str) -> None:
    names = entity(key)
    assert any(typed.casefold() in names[field].casefold() for field in ("label", "label_nb"))
    hits = found(get(server, f"/search?q={quote(typed)}"))
    assert hits[0] == f"/id/{key}", hits[:5]


def test_search_ranks_a_whole_name_above_names_that_hold_it(server: Server) -> None:
    # "Police" names the police (organization/police), and is a word of the Police Directorate's name.
    assert entity("organization/police")["label"] == "Police"
    hits = found(get(server, "/search?q=police"))
    assert hits[0] == "/id/organization/police"
    assert "/id/organization/police-directorate" in hits


ODD_INPUT = ["", " ", "*", "\\", '"', "<script>alert(1)</script>", "x" * 5000, "%00", "))((", "\U0001f642", "ø"]


@pytest.mark.parametrize("typed", [*ODD_INPUT, "a b c d " * 40])
def test_search_answers_any_input_and_escapes_it(server: Server, typed: str) -> None:
    reply = server.request("GET", f"/search?q={quote(typed)}", headers={"Accept": "text/html"})
    assert reply.status == 200 and "Traceback" not in reply.text
    assert "<script>alert" not in reply.text


def test_document_page_shows_the_whole_text_with_each_quote_highlighted(server: Server) -> None:
    for source in (MOJ, TIP):
        page = get(server, f"/id/document/{source}")
        shown = re.search(r'<div class="doc-text">(.*?)</div>', page, re.S)
        assert shown
        assert html.unescape(re.sub(r"<[^>]+>", "", shown[1])) == source_text(source).lstrip("\n")
        marked = html.unescape("".join(re.findall(r"<mark[^>]*><a[^>]*>(.*?)</a></mark>", shown[1], re.S)))
        anchors = set(re.findall(r'<span id="p-(\d+-\d+)"></span>', shown[1]))
        for quoted in quotes(source):
            assert f'href="/id/passage/{source}/{span(source, quoted)}"' in shown[1], quoted
            assert span(source, quoted) in anchors, quoted
            assert all(word in marked for word in quoted.split()), quoted
        stated = re.search(r"cover ([\d,]+) of the ([\d,]+) characters", page)
        assert stated and int(stated[2].replace(",", "")) == len(source_text(source))
        assert int(stated[1].replace(",", "")) == len(marked)  # what is highlighted is what is counted


def test_passage_page_shows_the_quote_in_its_context_and_the_facts_it_states(server: Server) -> None:
    text = source_text(MOJ)
    where = span(MOJ, KOM_SENTENCE)
    page = get(server, f"/id/passage/{MOJ}/{where}")
    before = "In 2006 the Government established a Coordinating Unit for victims of trafficking."
    assert text.index(before) < text.index(KOM_SENTENCE)
    context = re.search(r'<div class="doc-text">(.*?)</div>', page, re.S)
    assert context and before in context[1]
    assert f'<mark class="here">{html.escape(KOM_SENTENCE)}</mark>' in context[1]
    states = re.search(r'<ul class="states">(.*?)</ul>', page, re.S)
    assert states and 'href="/id/organization/police-directorate"' in states[1]
    assert f'href="/id/document/{MOJ}#p-{where}"' in page
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert heading and html.unescape(heading[1]).startswith("\u201cThis unit (the KOM project) is administered")


def test_a_text_the_record_does_not_name_is_not_shown(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("the text", encoding="utf-8")
    texts = SourceTexts(tmp_path)
    digest = "5d1a0f0e2ad48e6b1f70b7c0d4c76bea1d7b4a8e79ff3d6c0ee9b4a0e0f0e7c4"
    assert texts.text(digest) is None
    assert texts.text(hashlib.sha256(b"the text").hexdigest()) == "the text"
    assert SourceTexts(None).text(digest) is None


def test_overlapping_passages_link_to_the_shortest_and_are_counted_once() -> None:
    text = "One two three four five."
    outer = Passage("outer", "doc", text[4:18], 4, 18)  # "two three four"
    inner = Passage("inner", "doc", text[8:13], 8, 13)  # "three"
    runs = Document("doc", text, (outer, inner)).runs
    assert [(r.start, r.end, [p.iri for p in r.passages]) for r in runs] == [
        (0, 4, []),
        (4, 8, ["outer"]),
        (8, 13, ["inner", "outer"]),
        (13, 18, ["outer"]),
        (18, 24, []),
    ]
    assert Document("doc", text, (outer, inner)).covered() == 14
    document = Document("doc", text, (outer, inner))
    assert document.context(inner, width=6) == ("two ", "three", " four")  # whole words only
    assert document.context(outer, width=6) == ("One ", "two three four", " five.")
    paragraphs = Document("doc", "First.\n\nThe quote. After\n\nNext.", ())
    quoted = Passage("q", "doc", "quote", 12, 17)
    assert paragraphs.context(quoted, width=12) == ("The ", "quote", ". After")  # its paragraph only


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_browser_clicks_from_home_to_an_organisation_a_passage_and_its_document(
    browser, server: Server, viewport: str
) -> None:
    where = span(MOJ, KOM_SENTENCE)
    with visiting(browser, server.base, viewport) as visit:
        page = visit.page
        page.goto(f"{server.base}/")
        page.click("a[href='/id/organization/']")
        page.click("a[href='/id/organization/kom']")
        assert page.url == f"{server.base}/id/organization/kom"
        page.click(f"a[href='/id/passage/{MOJ}/{where}']")
        assert page.url == f"{server.base}/id/passage/{MOJ}/{where}"
        assert KOM_SENTENCE in page.inner_text("mark.here")
        visit.screenshot(f"site-passage-{viewport}")
        page.click(f"a[href='/id/document/{MOJ}#p-{where}']")
        assert page.url == f"{server.base}/id/document/{MOJ}#p-{where}"
        assert KOM_SENTENCE.startswith(page.inner_text(f"#p-{where} + mark"))
        page.wait_for_load_state("load")  # its style sheets applied: the width is the page's as shown
        assert visit.overflow() <= 0
        visit.screenshot(f"site-document-{viewport}")
    assert not visit.elsewhere and not visit.errors
