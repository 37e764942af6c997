"""``/query``: the query page (YASGUI on ``/sparql``) and ``/static/``, the files it needs.

The page says what the dataset is about in the words of the downloads' description, read from the
served data's reference graph (release/about.py): the countries and the source documents.

YASGUI is vendored from npm into ``static/yasgui/`` (web/package.json pins it; ``npm run vendor``
copies it) so the page works offline and loads nothing from elsewhere. The saved queries are
written into the page with their default parameters already bound, so one click loads a query that
runs as it stands and shows where the values go.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from thbkg.core.namespaces import graph_iri
from thbkg.release.about import About, read_about
from thbkg.serve.chrome import footer, header
from thbkg.serve.entities import lookup
from thbkg.serve.lookup import GraphContents
from thbkg.serve.pool import Pool
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.run import runnable_text

STATIC = Path(__file__).parent / "static"

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>thbkg: query the knowledge graph</title>
<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">
<link rel="stylesheet" href="/static/page.css">
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
{chrome}
<header>
<h1>thbkg</h1>
<p>{about} Each fact comes with the passage that states it. Write SPARQL below and run it
(Ctrl+Enter), or pick a saved query.</p>
<nav>
<a href="/download/">Downloads</a>
<a href="/download/README.md">About the dataset</a>
<a href="/api/openapi.json">Query API (OpenAPI)</a>
<a href="/api/queries">Saved queries (JSON)</a>
<a href="/sparql">SPARQL endpoint: /sparql</a>
</nav>
</header>
<main>
<aside>
<h2>Saved queries</h2>
<ol id="saved">
{items}
</ol>
</aside>
<section id="yasgui"></section>
</main>
{footer}
<script id="saved-queries" type="application/json">{texts}</script>
<script src="/static/yasgui/yasgui.min.js"></script>
<script src="/static/page.js"></script>
</body>
</html>
"""
SLOT = re.compile(r"\{(about|items|texts|chrome|footer)\}")
ITEM = (
    '<li><button type="button" data-query="{name}" title="{description}">{summary}</button> '
    '<a href="/api/queries/{name}" title="the same query as a web API call">API</a></li>'
)


def page_routes(catalogue: dict[str, SavedQuery], pool: Pool) -> list[Route | Mount]:
    """``/`` and ``/static/``; the page is rendered once, on the first request, as neither the
    catalogue nor the data the pool serves changes while the server runs."""
    rendered: list[str] = []

    async def page(_request: Request) -> Response:
        if not rendered:
            quads = await lookup(pool, GraphContents(graph_iri("reference")))
            rendered.append(query_page_html(catalogue, read_about(quad.triple for quad in quads)))
        return HTMLResponse(rendered[0])  # its Content-Security-Policy is set for every page (hardening.py)

    return [
        Route("/query", page, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def query_page_html(catalogue: dict[str, SavedQuery], about: About) -> str:
    """The page's HTML: what the dataset is about, and every saved query listed and embedded
    (defaults bound) for the editor."""
    items = "\n".join(
        ITEM.format(name=escape(q.name), description=escape(q.description), summary=escape(q.summary or q.name))
        for q in catalogue.values()
    )
    texts = json.dumps({q.name: _editor_text(q) for q in catalogue.values()}, ensure_ascii=False)
    # In a <script> element only "</" could end it early; JSON allows "<" written as \u003c.
    parts = {
        "about": escape(about.summary),
        "items": items,
        "texts": texts.replace("<", "\\u003c"),
        "chrome": header(),
        "footer": footer(),
    }
    return SLOT.sub(lambda slot: parts[slot[1]], TEMPLATE)  # one pass: no part is read for slots


def _editor_text(query: SavedQuery) -> str:
    """The query with its defaults bound; as written when a required parameter has no default."""
    return runnable_text(query) or query.text
