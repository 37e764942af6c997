"""Size limits enforced before a request reaches a route: URL length (414) and body size (413)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from thbkg.serve.config import MAX_BODY, MAX_URL
from thbkg.serve.errors import HttpError


class UrlLimit:
    """ASGI middleware: a request target longer than MAX_URL answers 414 without being routed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and len(scope.get("raw_path", b"")) + len(scope["query_string"]) > MAX_URL:
            message = f"the URL is longer than {MAX_URL} bytes: send the query by POST\n"
            await PlainTextResponse(message, 414, headers={"X-Content-Type-Options": "nosniff"})(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def read_body(request: Request) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass MAX_BODY bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise HttpError(413, f"the request body is larger than {MAX_BODY} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise HttpError(413, f"the request body is larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
