"""Size limits enforced before a request reaches a route: URL length (414), header size (431) and
body size and time (413, 408).

h11 bounds a request head that arrives in pieces; a head that arrives whole is measured here, on the
parsed headers, so the limit holds however the bytes were sent."""

from __future__ import annotations

import anyio
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from thbkg.serve.config import BODY_TIME, MAX_BODY, MAX_HEADERS, MAX_URL
from thbkg.serve.error_page import error_response
from thbkg.serve.http_error import HttpError


class RequestLimits:
    """ASGI middleware: a request target longer than MAX_URL answers 414, headers larger than
    MAX_HEADERS answer 431, without being routed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = _refusal(scope)
            if refusal:
                await error_response(scope, *refusal)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _refusal(scope: Scope) -> tuple[int, str] | None:
    if len(scope.get("raw_path", b"")) + len(scope["query_string"]) > MAX_URL:
        return 414, f"the URL is longer than {MAX_URL} bytes: send the query by POST"
    if sum(len(name) + len(value) + 4 for name, value in scope["headers"]) > MAX_HEADERS:
        return 431, f"the request headers are larger than {MAX_HEADERS} bytes"
    return None


async def read_body(request: Request) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass MAX_BODY bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise HttpError(413, f"the request body is larger than {MAX_BODY} bytes")
    chunks, size = [], 0
    with anyio.move_on_after(BODY_TIME) as timer:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                raise HttpError(413, f"the request body is larger than {MAX_BODY} bytes")
            chunks.append(chunk)
    if timer.cancelled_caught:
        raise HttpError(408, f"the request body was not sent within {BODY_TIME:g} s")
    return b"".join(chunks)
