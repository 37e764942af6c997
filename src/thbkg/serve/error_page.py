"""Errors in the form the client reads: a page with the site's navigation for a browser, one line of
plain text for every other client (curl, SPARQL libraries, scripts), as the endpoint has always
answered.

A client gets HTML only when its Accept header prefers ``text/html`` to ``text/plain``, as browsers'
navigations do; no Accept, ``*/*`` or a SPARQL results type keeps the plain line. The message is the
same in both, and on the page it is HTML-escaped: it may quote the request (a query name, a path).
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import Scope

from thbkg.serve.htmlkit import esc, page
from thbkg.serve.http_error import REASON_KEY, HttpError
from thbkg.serve.negotiate import choose

OFFERED = {"text": "text/plain", "html": "text/html"}  # plain first: it wins a tie, such as */*
# The errors the server gives, named for a person; any other status by its standard phrase.
TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not available in that format",
    408: "Request too slow",
    413: "Request too large",
    414: "Address too long",
    415: "Unsupported content type",
    431: "Request headers too large",
    500: "Internal error",
    503: "Busy: try again in a moment",
    504: "The query took too long",
}
# Where a person can go from an error: the pages that always exist.
WAYS_ON = (
    ("/", "the home page: what the graph holds and every way in"),
    ("/search", "search: a thing by its name, in English or Norwegian"),
    ("/id/", "everything by kind"),
    ("/query", "the query page: SPARQL and the saved queries"),
    ("/ontology", "the ontology: every class and property"),
    ("/download/", "the downloads: the whole graph as files"),
)


def wants_html(accept: str | None) -> bool:
    """Whether a client sending ``accept`` prefers a page to a line of text."""
    try:
        return choose(OFFERED, accept, None) == "html"
    except HttpError:  # nothing acceptable, or a malformed header: the plain line
        return False


def error_response(scope: Scope, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The answer for an error ``status`` with ``message`` to the request of ``scope``: a page or one
    line, by its Accept header; the message is left in the scope for the log line."""
    scope[REASON_KEY] = message
    headers = {"Vary": "Accept", **(headers or {})}
    if wants_html(Headers(scope=scope).get("accept")):
        return HTMLResponse(error_html(status, message), status, headers=headers)
    return PlainTextResponse(f"{message}\n", status, headers=headers)


def error_html(status: int, message: str) -> str:
    """The page for an error: what went wrong, in the server's words, and the ways on."""
    title = _title(status)
    ways = "".join(f'<li><a href="{path}">{esc(what)}</a></li>' for path, what in WAYS_ON)
    body = (
        f'<h1>{esc(title)}</h1><p class="error-message">{esc(message[:1].upper() + message[1:])}</p>'
        f'<p class="error-status">(HTTP status {status})</p><h2>Where to go from here</h2><ul>{ways}</ul>'
    )
    return page(title, body)


def _title(status: int) -> str:
    if status in TITLES:
        return TITLES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
