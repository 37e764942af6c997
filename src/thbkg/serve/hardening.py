"""What every response carries, and one log line for every request refused or failed.

Wrapped around the whole application (outside Starlette's own error handling), so no route can
forget it and no later route needs to know:
- ``X-Content-Type-Options: nosniff`` on every response, and the Content-Security-Policy on every
  HTML one (no script, style or connection to another origin, no inline script or eval);
- a ``Location`` is made relative (path and query only): a redirect never names the host the
  client claimed in its Host header;
- an exception that escapes the application, or a client gone mid-request, is one line in the log
  and a plain 500 (if an answer can still be sent), never a traceback; every answer of 400 or more
  is one line too, with the reason the client was given (its one-line message, also when the
  client got it on a page).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from thbkg.serve.http_error import REASON_KEY

# No resource from another origin, ever, and scripts only from this server's files: no inline
# script, no event-handler attribute, no eval. YASGUI needs inline styles; nothing needs plugins, a
# <base> or a form posting elsewhere.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
INTERNAL_ERROR = b"internal error: the request could not be answered\n"  # the only 500 the server sends
MAX_LOGGED = 300  # characters of a reason written to the log

log = logging.getLogger("thbkg.serve")


class Hardened:
    """ASGI middleware applying the rules of the module docstring to ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict = {"status": 0, "reason": b""}

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                message["headers"] = _safe_headers(message.get("headers", []))
            elif message["type"] == "http.response.body" and state["status"] >= 400 and not state["reason"]:
                state["reason"] = message.get("body", b"")[:MAX_LOGGED]
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except Exception as exc:  # the last line of defence: one log line, never a traceback
            log.error("%s %s failed: %s", scope["method"], _path(scope), type(exc).__name__)
            if not state["status"]:
                await _internal_error(guarded_send)
            return
        if state["status"] >= 400:
            reason = scope.get(REASON_KEY) or state["reason"].decode("utf-8", "replace").strip()
            line = reason.splitlines()[0][:MAX_LOGGED] if reason else ""
            log.info("%s %s -> %d %s", scope["method"], _path(scope), state["status"], line)


def _safe_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    names = {name.lower() for name, _ in headers}
    out = [(name, _relative(value) if name.lower() == b"location" else value) for name, value in headers]
    if b"x-content-type-options" not in names:
        out.append((b"x-content-type-options", b"nosniff"))
    html = any(name.lower() == b"content-type" and value.lower().startswith(b"text/html") for name, value in headers)
    if html and b"content-security-policy" not in names:
        out.append((b"content-security-policy", POLICY.encode()))
    return out


def _relative(location: bytes) -> bytes:
    """The path, query and fragment of a redirect target, without scheme and host."""
    parts = urlsplit(location.decode("latin-1"))
    path = "/" + parts.path.lstrip("/")  # "//evil.example" must not become a host either
    return urlunsplit(("", "", path, parts.query, parts.fragment)).encode("latin-1")


def _path(scope: Scope) -> str:
    return scope.get("path", "")[:MAX_LOGGED]


async def _internal_error(send: Send) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(INTERNAL_ERROR)).encode())]
    try:
        await send({"type": "http.response.start", "status": 500, "headers": headers})
        await send({"type": "http.response.body", "body": INTERNAL_ERROR})
    except OSError:
        pass  # the client is gone
