"""``/``: the query page (YASGUI on ``/sparql``) and ``/static/``, the files it needs.

YASGUI is vendored from npm into ``static/yasgui/`` (web/package.json pins it; ``npm run vendor``
copies it) so the page works offline and loads nothing from elsewhere. The saved queries are
written into the page with their default parameters already bound, so one click loads a query that
runs as it stands and shows where the values go.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from thbkg.core.errors import QueryError
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.run import prepare

STATIC = Path(__file__).parent / "static"

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>thbkg: query the knowledge graph</title>
<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">
<link rel="stylesheet" href="/static/page.css">
</head>
<body>
<header>
<h1>thbkg</h1>
<p>An open knowledge graph of how Norway fights trafficking in human beings, built from public
documents, each fact with the passage that states it. Write SPARQL below and run it
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
<script id="saved-queries" type="application/json">{texts}</script>
<script src="/static/yasgui/yasgui.min.js"></script>
<script src="/static/page.js"></script>
</body>
</html>
"""
ITEM = (
    '<li><button type="button" data-query="{name}" title="{description}">{summary}</button> '
    '<a href="/api/queries/{name}" title="the same query as a web API call">API</a></li>'
)


def page_routes(catalogue: dict[str, SavedQuery]) -> list[Route | Mount]:
    """``/`` and ``/static/``; the page is rendered once, as the catalogue does not change."""
    body = query_page_html(catalogue)

    async def page(_request: Request) -> Response:
        return HTMLResponse(body)  # its Content-Security-Policy is set for every page (hardening.py)

    return [
        Route("/", page, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def query_page_html(catalogue: dict[str, SavedQuery]) -> str:
    """The page's HTML, every saved query listed and embedded (defaults bound) for the editor."""
    items = "\n".join(
        ITEM.format(name=escape(q.name), description=escape(q.description), summary=escape(q.summary or q.name))
        for q in catalogue.values()
    )
    texts = json.dumps({q.name: _editor_text(q) for q in catalogue.values()}, ensure_ascii=False)
    # In a <script> element only "</" could end it early; JSON allows "<" written as \u003c.
    return TEMPLATE.replace("{items}", items).replace("{texts}", texts.replace("<", "\\u003c"))


def _editor_text(query: SavedQuery) -> str:
    """The query with its defaults bound; as written when a required parameter has no default."""
    try:
        return prepare(query, {})
    except QueryError:
        return query.text
