"""What the site's HTML answers carry whatever the page: an error page with the way on for browsers
(one plain line for every other client), escaped request input, a Content-Security-Policy without
inline script, a favicon, and ``lang`` on names that are not in English.

Expected names come from the reference data; the icon format from the ICO and PNG specifications.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Iterator
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import SKOS

from serve_server import Server, running
from thbkg.build.pipeline import Build, write_outputs
from thbkg.build.terms import THBR, graph_iri
from thbkg.core.layout import Layout
from thbkg.release.export import export
from thbkg.serve.entity_page import entity_html
from thbkg.serve.entity_view import Neighbourhood
from thbkg.serve.htmlkit import lang

ROOT = Path(__file__).resolve().parents[1]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what Chromium sends
# One page of each kind, and error pages of the kinds a person meets.
HTML_PAGES = ["/", "/query", "/search?q=kom", "/id/", "/id/organization/", "/id/organization/kom"]
HTML_PAGES += ["/id/document/no-moj-2010-bsppc", "/queries/query-02-figures-for-a-year", "/api/", "/about"]
HTML_PAGES += ["/ontology", "/download/", "/id/organization/no-such-body", "/nothing"]
WAYS_ON = ('href="/"', 'href="/search"', 'href="/id/"', 'href="/query"', 'href="/ontology"', 'href="/download/"')
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Elements(HTMLParser):
    """The elements of an HTML document as a browser's parser sees them: tag and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    @classmethod
    def of(cls, text: str) -> list[tuple[str, dict[str, str]]]:
        parser = cls()
        parser.feed(text)
        parser.close()
        return parser.found


@pytest.fixture(scope="module")
def server(build: Build, layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("site")
    write_outputs(build, folder / "build")
    export(folder / "build", layout, folder / "dist")
    options = ("--workers", "1", "--queries", str(ROOT / "queries"), "--dist", str(folder / "dist"))
    with running(folder / "build" / "thbkg.nq", *options) as server:
        yield server


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("/id/organization/no-such-body", 404),
        ("/nothing/here", 404),
        ("/api/queries/query-O1", 404),
        ("/sparql?query=SELECT%20WHERE", 400),
        ("/api/queries/query-02-figures-for-a-year?year=twenty", 400),
    ],
)
def test_a_browser_gets_an_error_page_with_the_way_on(server: Server, target: str, status: int) -> None:
    plain = server.request("GET", target)
    page = server.request("GET", target, headers={"Accept": BROWSER})
    assert plain.status == page.status == status
    assert page.headers["content-type"] == "text/html; charset=utf-8" and "Accept" in page.headers["vary"]
    assert all(way in page.text for way in WAYS_ON)
    message = plain.text.strip()
    assert escape(message[:1].upper() + message[1:]) in page.text  # the same words as the plain line
    assert f"HTTP status {status}" in page.text and "<title>" in page.text


def test_the_log_has_the_message_of_an_error_page(server: Server) -> None:
    plain = server.request("GET", "/api/queries/query-logged").text.strip()
    assert server.request("GET", "/api/queries/query-logged", headers={"Accept": BROWSER}).status == 404
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and server.log().count(f"-> 404 {plain}") < 2:
        time.sleep(0.1)  # the log is read as the server writes it
    assert server.log().count(f"GET /api/queries/query-logged -> 404 {plain}") == 2
    assert "-> 404 <!DOCTYPE" not in server.log()


@pytest.mark.parametrize("accept", [None, "*/*", "text/plain", "application/sparql-results+json", "text/html;q=0"])
def test_other_clients_still_get_one_plain_line(server: Server, accept: str | None) -> None:
    reply = server.request("GET", "/nothing/here", headers={"Accept": accept} if accept else {})
    assert reply.status == 404 and reply.headers["content-type"].startswith("text/plain")
    assert reply.text.count("\n") == 1 and not reply.text.startswith("<!DOCTYPE")


def test_a_refusal_before_routing_is_a_page_for_a_browser_too(server: Server) -> None:
    reply = server.request("GET", "/sparql?query=" + "x" * 17_000, headers={"Accept": BROWSER})
    assert reply.status == 414 and reply.headers["content-type"].startswith("text/html")
    assert "send the query by POST" in reply.text


@pytest.mark.parametrize(
    "target",
    [
        "/api/queries/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/api/queries/query-02-figures-for-a-year?year=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "/api/queries/query-02-figures-for-a-year.rq?%3Cscript%3E=1",
        "/id/organization/%3Cscript%3E",
        "/download/%3Cscript%3Ealert(1)",
    ],
)
def test_request_input_on_a_page_is_escaped(server: Server, target: str) -> None:
    reply = server.request("GET", target, headers={"Accept": BROWSER})
    assert reply.status >= 400 and reply.headers["content-type"].startswith("text/html")
    elements = Elements.of(reply.text)
    assert not {"script", "img"} & {tag for tag, _ in elements}
    assert not [name for _, attributes in elements for name in attributes if name.startswith("on")]


@pytest.mark.parametrize("target", HTML_PAGES)
def test_every_page_forbids_inline_script(server: Server, target: str) -> None:
    reply = server.request("GET", target, headers={"Accept": BROWSER})
    assert reply.headers["content-type"].startswith("text/html")
    policy = dict(
        (d.split()[0], d.split()[1:]) for d in (p.strip() for p in reply.headers["content-security-policy"].split(";"))
    )
    assert policy["script-src"] == ["'self'"] and policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # The page needs no more: every script is a file of this server or data, no handler attributes.
    elements = Elements.of(reply.text)
    for tag, attributes in elements:
        assert not [name for name in attributes if name.startswith("on")], (tag, attributes)
        if tag == "script":
            assert attributes.get("src", "").startswith("/static/") or attributes.get("type") == "application/json"


def test_the_favicon_is_an_icon_of_png_images(server: Server) -> None:
    reply = server.request("GET", "/favicon.ico")
    assert reply.status == 200 and reply.headers["content-type"] == "image/vnd.microsoft.icon"
    reserved, kind, count = struct.unpack_from("<HHH", reply.body)
    assert (reserved, kind) == (0, 1) and count >= 2  # ICONDIR: type 1 is an icon
    sizes = set()
    for n in range(count):
        entry = struct.unpack_from("<BBBBHHII", reply.body, 6 + 16 * n)  # ICONDIRENTRY
        width, size, offset = entry[0], entry[6], entry[7]
        assert reply.body[offset : offset + 8] == PNG_SIGNATURE and offset + size <= len(reply.body)
        sizes.add(width or 256)
    assert {16, 32} <= sizes
    svg = server.request("GET", "/static/favicon.svg")
    assert svg.status == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    page = server.request("GET", "/ontology", headers={"Accept": BROWSER})
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page.text


def test_norwegian_names_are_marked_as_norwegian(server: Server, layout: Layout) -> None:
    norwegian = "Koordineringsenheten for ofre for menneskehandel (KOM)"
    english = "Coordinating Unit for Victims of Trafficking (KOM)"
    reference = (layout.reference / "organizations.yaml").read_text(encoding="utf-8")
    assert norwegian in reference and english in reference
    page = server.request("GET", "/id/organization/kom", headers={"Accept": BROWSER}).text
    assert f'<span lang="nb">{escape(norwegian)}</span>' in page
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert f"<h1>{escape(english)}</h1>" in page  # English is the page's own language: no mark


def test_a_thing_named_only_in_norwegian_has_its_heading_marked(layout: Layout) -> None:
    """The page's own language is English; a heading from a Norwegian name says so, and a language
    tag from the data is escaped like any value."""
    norwegian = "Koordineringsenheten for ofre for menneskehandel (KOM)"
    assert norwegian in (layout.reference / "organizations.yaml").read_text(encoding="utf-8")
    thing, graph = ox.NamedNode(str(THBR["organization/test"])), ox.NamedNode(str(graph_iri("reference")))
    label = ox.NamedNode(str(SKOS.prefLabel))
    page = entity_html(Neighbourhood(thing.value, [ox.Quad(thing, label, ox.Literal(norwegian, language="nb"), graph)]))
    assert f'<h1 lang="nb">{escape(norwegian)}</h1>' in page


@pytest.mark.parametrize(
    ("tag", "attribute"),
    [("nb", ' lang="nb"'), ("nn-NO", ' lang="nn-NO"'), ("en", ""), ("en-GB", ""), ("EN", ""), (None, "")],
)
def test_lang_marks_every_language_but_english(tag: str | None, attribute: str) -> None:
    """BCP 47: the primary subtag names the language, case-insensitively; en-GB is English."""
    assert lang(tag) == attribute
