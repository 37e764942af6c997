"""``/api/``: the OpenAPI document of the query API (openapi.py) as a page a person can read.

Generated from the very document ``/api/openapi.json`` serves, so the two cannot disagree: for
each call its question, what it returns, its parameters (type, default, whether required), the
formats it answers in and the refusals, with links that run it (as JSON, or as the query's page).
No viewer is loaded from npm: the document is small and its shape known.
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from thbkg.core.namespaces import THB, THBR
from thbkg.serve.htmlkit import esc, link, page
from thbkg.serve.openapi import openapi_document
from thbkg.serve.query_forms import form_value
from thbkg.sparql.catalogue import SavedQuery

STYLES = ("/static/results.css",)


def api_page_routes(catalogue: dict[str, SavedQuery]) -> list[Route]:
    """``/api/``, rendered once: the catalogue does not change while the server runs."""
    rendered = api_html(openapi_document(catalogue))

    async def api_page(_request: Request) -> Response:
        return HTMLResponse(rendered)

    return [Route("/api/", api_page, methods=["GET"])]


def api_html(document: dict) -> str:
    """The page: the API's description, then each path and its GET operation."""
    info = document["info"]
    toc = "".join(
        f'<li><a href="#{esc(op["operationId"])}"><code>{esc(path)}</code></a> {esc(op["summary"])}</li>'
        for path, op in _operations(document)
        if not path.endswith(".rq")  # each query's text call follows its call on the page
    )
    sections = "".join(_operation(path, op) for path, op in _operations(document))
    body = (
        f"<h1>{esc(info['title'])}</h1><p>{esc(info['description'])}</p>"
        f'<p class="links">Version {esc(info["version"])} · the machine-readable description: '
        '<a href="/api/openapi.json">openapi.json</a> (OpenAPI 3.0) · every query as a form: '
        '<a href="/queries/">saved queries</a></p>'
        f'<h2>Calls</h2><ul class="calls">{toc}</ul>{sections}'
    )
    return page("Query API", body, styles=STYLES)


def _operations(document: dict) -> list[tuple[str, dict]]:
    return [(path, item["get"]) for path, item in document["paths"].items()]


def _operation(path: str, op: dict) -> str:
    params = op.get("parameters", [])
    rows = "".join(
        f"<tr><td><code>{esc(p['name'])}</code></td><td>{esc(_type(p['schema']))}</td>"
        f"<td>{'yes' if p['required'] else 'no'}</td><td>{_default(p['schema'])}</td>"
        f"<td>{esc(p['description'])}</td></tr>"
        for p in params
    )
    table = (
        '<div class="result-box" role="region" tabindex="0" aria-label="parameters of '
        f'{esc(path)}"><table class="result"><thead><tr><th scope="col">parameter</th><th scope="col">type</th>'
        f'<th scope="col">required</th><th scope="col">default</th><th scope="col">meaning</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        if params
        else "<p>No parameters.</p>"
    )
    ok = op["responses"]["200"]
    media = ", ".join(f"<code>{esc(m)}</code>" for m in ok.get("content", {}))
    refusals = "".join(
        f"<li>{esc(status)}: {esc(r['description'])}</li>" for status, r in op["responses"].items() if status != "200"
    )
    return (
        f'<section class="call"><h3 id="{esc(op["operationId"])}"><code>GET {esc(path)}</code></h3>'
        f"<p><strong>{esc(op['summary'])}</strong></p><p>{esc(op.get('description', ''))}</p>{table}"
        f"<p>Answers {esc(ok['description'])}: {media}.</p>"
        + (f"<p>Refusals (one line of plain text):</p><ul>{refusals}</ul>" if refusals else "")
        + _try(path)
        + "</section>"
    )


def _try(path: str) -> str:
    """Links that run the call with its defaults: as JSON in the browser, and as the query's page."""
    if path.endswith(".rq") or not path.startswith("/api/queries/"):
        return f'<p><a href="{escape(path)}">Open {esc(path)}</a></p>'
    name = path.removeprefix("/api/queries/")
    return (
        f'<p>Try it: <a href="{esc(path)}?format=json">the result as JSON</a> · '
        f'<a href="/queries/{esc(name)}">the query as a form, its result as a table</a></p>'
    )


def _type(schema: dict) -> str:
    kind = schema.get("format") or schema.get("x-datatype", "").rsplit("#", 1)[-1] or schema.get("type", "")
    if "enum" in schema:
        return " | ".join(schema["enum"])
    if "x-language" in schema:
        return f"text in @{schema['x-language']}"
    return kind


def _default(schema: dict) -> str:
    """The default as the call takes it; one of our IRIs as its key or CURIE, linked to its page here
    with the IRI on hover."""
    if "default" not in schema:
        return ""
    value = str(schema["default"])
    if value.startswith((THBR, THB)):
        return f"<code>{link(value, form_value(value))}</code>"
    return f"<code>{esc(value)}</code>"
