"""Reading a SPARQL 1.1 Protocol query request: GET, form POST or direct POST.

The three ways carry the same operation (a query and an optional dataset); this module turns raw
request parts into one ``Operation`` or an HttpError with the status the protocol asks for.
Anything that smells of an update (an ``update`` parameter, ``using-graph-uri``, the
application/sparql-update type) answers 403: this endpoint is read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from thbkg.serve.http_error import HttpError

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
MAX_FIELDS = 200
UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")
READ_ONLY = "this endpoint is read-only: updates are not accepted"


@dataclass(frozen=True)
class Operation:
    """A query with its protocol dataset (None: the query's own or the store's), or None for the
    service description (a plain GET)."""

    query: str | None
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    format: str | None = None


def read_operation(method: str, query_string: bytes, content_type: str | None, body: bytes) -> Operation:
    """The operation a GET or POST request asks for."""
    params = _params(query_string, "the URL")
    if method == "POST":
        params += _post_params(params, content_type, body)
    elif method not in ("GET", "HEAD"):
        raise HttpError(405, f"{method} is not allowed here: send a query by GET or POST")
    names = [name for name, _ in params]
    if any(name in UPDATE_PARAMS for name in names):
        raise HttpError(403, READ_ONLY)
    queries = [value for name, value in params if name == "query"]
    formats = [value for name, value in params if name == "format"]
    if len(queries) > 1:
        raise HttpError(400, "more than one query in the request")
    if len(formats) > 1:
        raise HttpError(400, "more than one format in the request")
    if not queries:
        if method == "POST":
            raise HttpError(400, "no query in the request")
        return Operation(None, format=formats[0] if formats else None)
    if not queries[0].strip():
        raise HttpError(400, "the query is empty")
    default = [value for name, value in params if name == "default-graph-uri"]
    named = [value for name, value in params if name == "named-graph-uri"]
    dataset = bool(default or named)
    return Operation(
        queries[0],
        default if dataset else None,
        named if dataset else None,
        formats[0] if formats else None,
    )


def _post_params(url_params: list[tuple[str, str]], content_type: str | None, body: bytes) -> list[tuple[str, str]]:
    media, charset = _media_type(content_type)
    if media == UPDATE:
        raise HttpError(403, READ_ONLY)
    if charset not in (None, "utf-8", "utf8"):
        raise HttpError(400, "the request body must be UTF-8")
    if media == FORM:
        return _params(body, "the form")
    if media == DIRECT:
        if any(name == "query" for name, _ in url_params):
            raise HttpError(400, "more than one query in the request")
        return [("query", _utf8(body))]
    shown = f"{media[:60]!r}" if media else "no Content-Type"
    raise HttpError(415, f"{shown} is not accepted: POST a query as {DIRECT} or {FORM}")


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """The media type and charset of a Content-Type header, lower-cased."""
    if not content_type:
        return None, None
    media, *params = (p.strip() for p in content_type.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def _params(raw: bytes, where: str) -> list[tuple[str, str]]:
    """URL-encoded name=value pairs, decoded as UTF-8; anything else answers 400."""
    try:
        return parse_qsl(
            _utf8(raw), keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS
        )
    except UnicodeDecodeError:
        raise HttpError(400, f"the parameters in {where} are not UTF-8") from None
    except ValueError:
        raise HttpError(400, f"too many parameters in {where}") from None


def _utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request is not UTF-8") from None
