"""The graph pages: each view of the notebooks drawn in the browser, and the data they draw.

``/graphs/`` lists the views, ``/graphs/<view>`` draws one with the vendored Cytoscape.js
(static/graph.js, no request leaves the server) above the same graph as a table of links, which
is what a screen reader, the keyboard and a browser without script use; ``/graphs/<view>.json``
and ``/graphs/neighbourhood.json?of=<IRI>`` give the Cytoscape JSON an entity page draws its
neighbourhood from. Every graph is built in a query worker (graph_task.py).
"""

from __future__ import annotations

import json

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from thbkg.core.namespaces import THBR
from thbkg.explore.views import views
from thbkg.serve.graph_task import ViewGraph
from thbkg.serve.htmlkit import esc, href, page
from thbkg.serve.http_error import HttpError
from thbkg.serve.pool import Pool

SCRIPTS = ("/static/cytoscape/cytoscape.min.js", "/static/graph.js")
SHOWN = ("actors", "law", "plans", "countries")  # the views worth drawing whole in a browser
MAX_IRI = 2000  # characters of an ?of= IRI read at all


def graph_routes(pool: Pool) -> list[Route]:
    """The routes of the graph pages, answered from ``pool``."""

    async def index(_request: Request) -> Response:
        items = "".join(
            f'<li><a href="/graphs/{name}">{esc(name)}</a>: {esc(views()[name].summary)}</li>' for name in SHOWN
        )
        body = (
            "<h1>Graphs</h1><p>The views the notebooks draw, in the browser: click a node to open its page. "
            "Each page also lists the graph's links as a table.</p>"
            f"<ul>{items}</ul><p>Every entity page draws its own neighbourhood.</p>"
        )
        return HTMLResponse(page("Graphs", body))

    async def drawn(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in SHOWN:
            raise HttpError(404, f"no graph view {name[:80]!r} here; the views are {', '.join(SHOWN)}")
        data = json.loads(await _graph(pool, ViewGraph(name)))
        view = views()[name]
        body = (
            f"<h1>{esc(view.summary)}</h1><p>{esc(view.edges.description)}</p>"
            f'<p class="src"><a href="/graphs/{name}.json">Cytoscape JSON</a> · '
            f'<a href="/download/graph-{name}.graphml">GraphML</a> · <a href="/graphs/">all graphs</a></p>'
            f"{figure(f'/graphs/{name}.json', view.summary)}{links_table(data)}"
        )
        return HTMLResponse(page(view.summary, body, scripts=SCRIPTS))

    async def data(request: Request) -> Response:
        name = request.path_params["name"]
        if name == "neighbourhood":
            focus = request.query_params.get("of", "")
            if not focus.startswith(THBR) or len(focus) > MAX_IRI:
                raise HttpError(400, f"of= must be the IRI of a thing under {THBR}")
            task = ViewGraph(None, focus)
        elif name in SHOWN:
            task = ViewGraph(name)
        else:
            raise HttpError(404, f"no graph view {name[:80]!r} here")
        return Response(await _graph(pool, task), media_type="application/json")

    return [
        Route("/graphs/", index, methods=["GET"]),
        Route("/graphs/{name}.json", data, methods=["GET"]),
        Route("/graphs/{name}", drawn, methods=["GET"]),
    ]


async def _graph(pool: Pool, task: ViewGraph) -> bytes:
    answer = await anyio.to_thread.run_sync(pool.run, task)
    if answer.status != 200:
        raise HttpError(answer.status, answer.message)
    return answer.body


def figure(source: str, name: str) -> str:
    """Where graph.js draws the graph at ``source``, with its legend; an empty box without script."""
    return (
        f'<figure class="graph"><div class="graph-canvas" data-graph="{esc(source)}" role="img" '
        f'aria-label="{esc(name)}: a drawing of the graph; its links are listed in the table below"></div>'
        '<figcaption class="graph-legend"></figcaption></figure>'
    )


def links_table(data: dict) -> str:
    """The graph's edges as a table of links: what the drawing shows, for every reader."""
    names = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    rows = []
    for edge in data["elements"]["edges"]:
        found = edge["data"]
        source, target = names[found["source"]], names[found["target"]]
        rows.append(
            f"<tr><td>{_node(source)}</td><td>{esc(found.get('label', ''))}</td><td>{_node(target)}</td>"
            f"<td>{esc(found.get('documents', ''))}</td></tr>"
        )
    return (
        f'<details class="graph-links"><summary>The {len(rows)} links as a table</summary>'
        '<table class="stack"><thead><tr><th>from</th><th>link</th><th>to</th><th>stated in</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )


def _node(node: dict) -> str:
    target = href(node["id"])
    kind = f' <span class="src">({esc(node.get("type", ""))})</span>' if node.get("type") else ""
    label = esc(node.get("label") or node["id"])
    return (f'<a href="{esc(target)}">{label}</a>' if target else label) + kind
