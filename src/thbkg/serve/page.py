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

from thbkg.core.namespaces import ONTOLOGY_IRI, PREFIXES, THB, THBR, graph_iri
from thbkg.release.about import About, read_about
from thbkg.serve.chrome import CONTENT, HEAD, footer, top
from thbkg.serve.entities import lookup
from thbkg.serve.lookup import GraphContents
from thbkg.serve.pool import Pool
from thbkg.serve.result_table import NUMBERS
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.run import runnable_text

STATIC = Path(__file__).parent / "static"
# What the results view (static/results.js) needs to link and name IRIs as the server's pages do.
SITE = json.dumps(
    {
        "things": THBR,
        "terms": THB,
        "ontology": ONTOLOGY_IRI,
        "prefixes": PREFIXES,
        "numbers": sorted(NUMBERS),
    },
    sort_keys=True,
)

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>thbkg: query the knowledge graph</title>
{head}
<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">
<link rel="stylesheet" href="/static/page.css">
<link rel="stylesheet" href="/static/results.css">
</head>
<body>
{chrome}
<main id="{content}">
<header class="intro">
<h1>Query the graph</h1>
<p>{about} Each fact comes with the passage that states it. Write SPARQL below and run it
(Ctrl+Enter), or pick a saved query.</p>
<nav aria-label="About querying">
<a href="/download/">Downloads</a>
<a href="/about">About the dataset</a>
<a href="/queries/">Saved queries as forms</a>
<a href="/api/">Query API</a>
<a href="/sparql">SPARQL endpoint: /sparql</a>
</nav>
</header>
<div class="workspace">
<aside aria-label="Saved queries">
<details id="saved-list" open>
<summary>Saved queries</summary>
<ol id="saved">
{items}
</ol>
</details>
</aside>
<section id="yasgui" aria-label="Editor and results"></section>
</div>
</main>
{footer}
<script id="saved-queries" type="application/json">{texts}</script>
<script id="site-config" type="application/json">{site}</script>
<script src="/static/yasgui/yasgui.min.js"></script>
<script src="/static/results.js"></script>
<script src="/static/page.js"></script>
</body>
</html>
"""
SLOT = re.compile(r"\{(about|items|texts|site|head|chrome|content|footer)\}")
ITEM = (
    '<li><button type="button" data-query="{name}" title="{description}">{summary}</button> '
    '<a href="/queries/{name}" title="the query as a form, its result as a table">form</a> '
    '<a href="/api/queries/{name}?format=json" title="the result of the web API call, as JSON">JSON</a></li>'
)


def page_routes(catalogue: dict[str, SavedQuery], pool: Pool) -> list[Route | Mount]:
    """``/query`` and ``/static/``; the page is rendered once, on the first request, as neither the
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
    parts = {
        "about": escape(about.summary),
        "items": items,
        "texts": _script_json(texts),
        "site": _script_json(SITE),
        "head": HEAD,
        "chrome": top(),
        "content": CONTENT,
        "footer": footer(),
    }
    return SLOT.sub(lambda slot: parts[slot[1]], TEMPLATE)  # one pass: no part is read for slots


def _script_json(text: str) -> str:
    """JSON to embed in a <script> element, where only "</" could end it early; JSON allows "<"
    written as \\u003c."""
    return text.replace("<", "\\u003c")


def _editor_text(query: SavedQuery) -> str:
    """The query with its defaults bound; as written when a required parameter has no default."""
    return runnable_text(query) or query.text
