"""How one request to a triple store goes: within a deadline, redirected only within its origin, with
its credentials, and with an answer of bounded size; every failure is one StoreError line. Queries
(SPARQLWrapper writes them, endpoint.py) and Graph Store PUTs (release/graph_store.py) go this way.

urllib does the HTTP, the proxies and the Basic and Digest authentication; three of its handlers
are replaced here. A socket time-out restarts at every byte, so a server dripping a header line a
second would outlast any; instead a timer shuts the socket in use when the request's time is up.
urllib re-sends a request's headers (a bearer token among them) wherever a redirect points and
turns a redirected POST into a GET; here a redirect is followed only to the origin (scheme, host,
port) the request went to, with the same method, body and credentials, and any other ends it.
"""

from __future__ import annotations

import http.client
import socket
import string
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote, urljoin, urlsplit

from thbkg.core.errors import one_line

MAX_REDIRECTS = 5
# Virtuoso echoes each named-graph-uri of a query as a header of its answer (X-SPARQL-named-graph),
# so the check of a build with hundreds of graphs gets answers with more headers than the 100
# http.client takes. The limit is raised for every request of this process; each header line stays
# bounded (64 KiB) and the deadline bounds the whole exchange.
MAX_HEADERS = 20_000
setattr(http.client, "_MAXHEADERS", max(MAX_HEADERS, getattr(http.client, "_MAXHEADERS", 0)))  # noqa: B010
CHUNK = 2**16
MAX_TIMEOUT = 86400.0


class StoreError(Exception):
    """The store failed: one line for the user."""


class Unreachable(StoreError):
    """No HTTP answer at all (refused connection, unknown host, time-out): nothing more will work."""


class AuthRefused(StoreError):
    """401 or 403: the credentials are missing or wrong, so every other request would fail too."""


class Redirected(StoreError):
    """A redirect this client does not follow: every request to that address would end the same way."""


class Refused(StoreError):
    """The store answered one request with another error status; the others may still succeed."""


def origin(url: str) -> str:
    """``scheme://host:port/``: what a redirect must keep for credentials to go along."""
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:  # an unusable port is nobody's origin
        port = None
    return f"{parts.scheme}://{parts.hostname}:{port}/"


class Deadline:
    """The end of one request, retries and redirects included: when it comes, a timer shuts the
    socket in use, which ends whatever read or write is waiting on it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._end = time.monotonic() + seconds
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def left(self) -> float:
        """Seconds still allowed; a TimeoutError when none are."""
        left = self._end - time.monotonic()
        if left <= 0:
            raise TimeoutError("the deadline has passed")
        return left

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._sock is not None:
                _shut(self._sock)


def _shut(sock: socket.socket) -> None:
    """Shut the connection itself (an SSLSocket's own shutdown would also drop its TLS state)."""
    with suppress(OSError):  # already closed: nothing left to stop
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class DeadlineRequest(urllib.request.Request):
    """A request carrying its deadline through authentication retries and redirects."""

    def __init__(self, url: str, deadline: Deadline, redirects: int = 0, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.deadline = deadline
        self.redirects = redirects


class _Watched(http.client.HTTPConnection):
    """A connection that connects within what is left of the deadline and hands it its socket."""

    def __init__(self, host: str, *, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self.deadline = deadline

    def connect(self) -> None:
        self.timeout = self.deadline.left()
        super().connect()
        self.deadline.watch(self.sock)


class _SecureWatched(_Watched, http.client.HTTPSConnection):
    """The same over TLS (the deadline shuts the socket under it)."""


def _with_deadline(req: urllib.request.Request) -> DeadlineRequest:
    """``req`` as the DeadlineRequest every request of this module is (the handlers need its deadline)."""
    if not isinstance(req, DeadlineRequest):
        raise TypeError("a request to a store must carry its deadline (DeadlineRequest)")
    return req


# do_open passes its keyword arguments on to the connection class, which typeshed's protocol omits.
class WatchedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_Watched, req, deadline=_with_deadline(req).deadline)  # type: ignore[arg-type]


class WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_SecureWatched, req, deadline=_with_deadline(req).deadline)  # type: ignore[arg-type]


class SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follows 301, 302, 307 and 308 within the request's origin, re-sending the same method, body
    and credentials; a redirect to another origin, a 303 (which means "GET that instead") or one
    too many ends the request, so credentials and data go nowhere the user did not name."""

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: http.client.HTTPMessage
    ) -> http.client.HTTPResponse:
        req = _with_deadline(req)
        fp.close()  # the redirect's own body is not read: it could be of any size
        location = headers.get("Location")
        target = urljoin(req.full_url, quote(location or "", encoding="iso-8859-1", safe=string.punctuation))
        if not location:
            why = "it names no Location"
        elif origin(target) != origin(req.full_url):
            why = "another origin, which gets neither the credentials nor the data"
        elif code == 303:
            why = "a See Other, which would turn the request into a GET"
        elif req.redirects >= MAX_REDIRECTS:
            why = f"more than {MAX_REDIRECTS} redirects"
        else:
            return self.parent.open(
                DeadlineRequest(
                    target, req.deadline, req.redirects + 1, data=req.data, headers=req.headers, method=req.get_method()
                )
            )
        source, shown = req.full_url.split("?", 1)[0], target.split("?", 1)[0]
        raise Redirected(
            f"{source} redirects (HTTP {code}) to {shown}: {why} (give the right one as --store/--graph-store)"
        )

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class DigestOnChallenge(urllib.request.HTTPDigestAuthHandler):
    """HTTP Digest when the server asks for it. Basic goes up front (one round trip, as Fuseki and
    GraphDB take it), but a server that only speaks Digest may refuse it with a bare 401 that names
    no scheme (Virtuoso's ``/sparql-graph-crud-auth`` does): the request is then sent once more
    without it, to hear the challenge, and Basic is no longer sent up front to that origin. The
    challenge is kept, and later requests to the origin answer it up front (the next nonce count),
    so each body goes once; urllib alone would send every body twice, the first time to a server
    that may refuse it unread and reset the connection while it is being sent."""

    def __init__(self, passwords: urllib.request.HTTPPasswordMgrWithPriorAuth) -> None:
        super().__init__(passwords)
        self.passwords = passwords
        self.challenges: dict[str, dict[str, str]] = {}

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        challenge = self.challenges.get(origin(req.full_url))
        if challenge and not req.has_header("Authorization"):
            answer = self.get_authorization(req, challenge)
            if answer:
                req.add_unredirected_header("Authorization", f"Digest {answer}")
        return req

    https_request = http_request

    def http_error_401(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: http.client.HTTPMessage
    ) -> http.client.HTTPResponse | None:
        sent = req.get_header("Authorization") or ""
        if sent.startswith("Basic ") and not headers.get("WWW-Authenticate", "").lower().startswith("basic"):
            self.passwords.update_authenticated(origin(req.full_url), False)
            fp.close()
            request = _with_deadline(req)
            again = {"data": req.data, "headers": req.headers, "method": req.get_method()}
            return self.parent.open(DeadlineRequest(req.full_url, request.deadline, request.redirects, **again))
        return super().http_error_401(req, fp, code, msg, headers)

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> http.client.HTTPResponse | None:
        challenge = auth.split(" ", 1)[-1]
        self.challenges[origin(req.full_url)] = urllib.request.parse_keqv_list(
            [part for part in urllib.request.parse_http_list(challenge) if part]
        )
        return super().retry_http_digest_auth(req, auth)


def opener(*auth: urllib.request.BaseHandler) -> urllib.request.OpenerDirector:
    """urllib with the handlers above (and ``auth``, the authentication handlers, if any)."""
    return urllib.request.build_opener(WatchedHTTPHandler(), WatchedHTTPSHandler(), SameOriginRedirects(), *auth)


def send(
    director: urllib.request.OpenerDirector, request: DeadlineRequest, what: str, max_answer: int | None
) -> tuple[int, bytes]:
    """Send ``request`` within its deadline: the status, and the answer's body unless ``max_answer``
    is None (a PUT's answer is not read). ``what`` names the endpoint in error lines."""
    shown = request.full_url.split("?", 1)[0]
    deadline = request.deadline
    late = f"{what} {shown} did not answer within {deadline.seconds:g} s"
    try:
        with deadline:
            result = _exchange(director, request, shown, max_answer)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if deadline.expired or isinstance(reason, TimeoutError):
            raise Unreachable(late) from exc
        verb = "reach" if isinstance(exc, urllib.error.URLError) else "talk to"
        raise Unreachable(f"cannot {verb} {what} {shown}: {one_line(str(reason))}") from exc
    if deadline.expired:  # a socket shut at the deadline can look like the end of an answer
        raise Unreachable(late)
    return result


def _exchange(
    director: urllib.request.OpenerDirector, request: DeadlineRequest, shown: str, max_answer: int | None
) -> tuple[int, bytes]:
    try:
        with director.open(request) as response:
            return response.status, b"" if max_answer is None else _answer(response, shown, max_answer)
    except urllib.error.HTTPError as exc:
        detail = one_line(exc.read(400).decode("utf-8", "replace"), 200)
        message = f"{shown} answered HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        if exc.code in (401, 403):
            raise AuthRefused(f"{message} (check --user/--password or THBKG_TOKEN)") from exc
        raise Refused(message) from exc


def _answer(response: http.client.HTTPResponse, shown: str, limit: int) -> bytes:
    """The whole answer, read in chunks and refused past ``limit`` bytes (declared or sent), so an
    endless or huge answer costs at most that much memory."""
    too_large = Refused(f"{shown} sent an answer larger than {limit / 2**20:g} MiB, the most a query's answer may be")
    if response.length is not None and response.length > limit:
        raise too_large
    chunks, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic (sent up front) or Digest (on the server's challenge) with user and password, or a
    token sent as ``Authorization: Bearer <token>`` (as given when it names its scheme: ``GDB <token>``)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None


def http_url(url: str, what: str) -> str:
    """``url`` if it is an absolute http(s) URL that can be sent as it is, else a ValueError naming
    ``what`` it was for (a URL holding a password is refused without echoing it)."""
    parts = urlsplit(url)
    if "@" in parts.netloc:
        raise ValueError(f"{what} must not hold a user or password: give them as --user/--password or THBKG_TOKEN")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{what} must be an http(s) URL with a host, got {url!r}")
    if not all(32 < ord(char) < 127 for char in url):
        raise ValueError(f"{what} must be ASCII without spaces or control characters (percent-encode them): {url!r}")
    try:
        parts.port  # noqa: B018 - reading the port is what checks it
    except ValueError:
        raise ValueError(f"{what} has an invalid port: {url!r}") from None
    return url


def seconds(value: float, what: str) -> float:
    """``value`` if it is a usable time limit (NaN fails every comparison), else a ValueError."""
    if not 0 < value <= MAX_TIMEOUT:
        raise ValueError(f"{what} must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, got {value:g}")
    return value


def header_safe(value: str, what: str) -> str:
    """``value`` if it can go into an HTTP header (no line break or control character), else a ValueError."""
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValueError(f"{what} must not hold line breaks or control characters")
    return value


class Session:
    """What every request to one store shares: the credentials, which go to the origins of ``urls``
    and nowhere else, and the time each request may take from connecting to its last byte."""

    def __init__(self, urls: Sequence[str], credentials: Credentials, timeout: float) -> None:
        self.timeout = seconds(timeout, "--timeout")
        self.headers: dict[str, str] = {}
        auth: list[urllib.request.BaseHandler] = []
        if credentials.token:
            token = header_safe(credentials.token.strip(), "THBKG_TOKEN")
            self.headers["Authorization"] = token if " " in token else f"Bearer {token}"
        elif credentials.user is not None:
            user = header_safe(credentials.user, "--user")
            passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            for url in urls:  # the whole origin: a redirect may stay within it
                passwords.add_password(None, origin(url), user, credentials.password or "", is_authenticated=True)
            auth += [urllib.request.HTTPBasicAuthHandler(passwords), DigestOnChallenge(passwords)]
        self.opener = opener(*auth)
        self.settled: set[str] = set() if auth else {origin(url) for url in urls}

    def send(
        self, url: str, method: str, body: bytes, headers: dict[str, str], what: str, max_answer: int | None
    ) -> tuple[int, bytes]:
        """One request within the deadline, with the credentials; see ``send``. The first request
        with a body to an origin goes after a HEAD that settles the credentials (see DigestOnChallenge)."""
        if body and origin(url) not in self.settled:
            self.settled.add(origin(url))
            with suppress(Refused):  # not answered (405, 404 ...): the request itself will tell
                self.send(url, "HEAD", b"", {}, what, None)
        request = DeadlineRequest(
            url, Deadline(self.timeout), data=body, method=method, headers={**headers, **self.headers}
        )
        return send(self.opener, request, what, max_answer)
