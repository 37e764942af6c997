"""An HTTP client for a triple store: SPARQL 1.1 Graph Store Protocol PUTs and SPARQL 1.1 Protocol
queries over a dataset the request names, with the same credentials for both.

PUT is what makes a publish safe to re-run: it replaces the graph it names and touches no other,
so the store's own graphs stay as they are. A query names its dataset with ``default-graph-uri``
*and* one ``named-graph-uri`` per graph: with a default graph given and no named graph, the
protocol leaves ``GRAPH`` patterns nothing to match (thbkg.sparql.run.run_remote sends no credentials
and no named graphs, hence this client). Credentials: HTTP Basic sent up front (Fuseki, GraphDB),
HTTP Digest on the server's challenge (Virtuoso's ``/sparql-graph-crud-auth``), or a token sent as
``Authorization: Bearer <token>`` (or as given when it names its scheme: ``GDB <token>``). They
go to the origins of the two URLs given and nowhere else; how each request goes (deadline,
redirects, size of the answer, one-line errors) is thbkg.store_http.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from thbkg.release.http import Deadline, DeadlineRequest, Refused, opener, origin, send
from thbkg.sparql.results import Result, decode
from thbkg.sparql.run import one_line

DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 86400.0
MAX_ANSWER = 64 * 2**20  # bytes; the whole build is a few MB of N-Quads, no saved query's answer comes near


@dataclass(frozen=True)
class Credentials:
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


class RemoteStore:
    """A store's query endpoint and Graph Store endpoint (graphs addressed as ``?graph=<IRI>``);
    ``timeout`` bounds each request from connecting to the last byte, ``max_answer`` a query's answer."""

    def __init__(
        self,
        endpoint: str,
        graph_store: str,
        credentials: Credentials,
        timeout: float = DEFAULT_TIMEOUT,
        max_answer: int = MAX_ANSWER,
    ) -> None:
        self.endpoint = http_url(endpoint, "--store")
        self.graph_store = http_url(graph_store, "--graph-store")
        self.timeout = seconds(timeout, "--timeout")
        self.max_answer = max_answer
        self.headers: dict[str, str] = {}
        auth: list[urllib.request.BaseHandler] = []
        if credentials.token:
            token = header_safe(credentials.token.strip(), "THBKG_TOKEN")
            self.headers["Authorization"] = token if " " in token else f"Bearer {token}"
        elif credentials.user is not None:
            user = header_safe(credentials.user, "--user")
            passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            for url in (self.endpoint, self.graph_store):  # the whole origin: a redirect may stay within it
                passwords.add_password(None, origin(url), user, credentials.password or "", is_authenticated=True)
            auth += [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
        self.opener = opener(*auth)

    def put(self, graph: str, body: bytes, content_type: str = "text/turtle") -> int:
        """Replace ``graph`` with ``body``; returns the HTTP status (201 created, 200/204 replaced)."""
        url = f"{self.graph_store}{'&' if '?' in self.graph_store else '?'}{urlencode({'graph': graph})}"
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        status, _ = send(self.opener, self._request(url, "PUT", body, headers), "graph store", None)
        return status

    def query(self, text: str, form: str, default_graph: str, named_graphs: Sequence[str]) -> Result:
        """Run ``text`` on the dataset of ``default_graph`` plus ``named_graphs`` (an HTML form POST)."""
        fields = [("query", text), ("default-graph-uri", default_graph)]
        fields += [("named-graph-uri", graph) for graph in named_graphs]
        table = form in ("SELECT", "ASK")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json" if table else "text/turtle",
        }
        request = self._request(self.endpoint, "POST", urlencode(fields).encode("utf-8"), headers)
        _, body = send(self.opener, request, "query endpoint", self.max_answer)
        try:
            return decode(form, body, self.endpoint)
        except (SyntaxError, ValueError) as exc:  # the answer is not what the protocol promises
            raise Refused(f"{self.endpoint} sent an answer that is not SPARQL results: {one_line(str(exc))}") from exc

    def _request(self, url: str, method: str, body: bytes, headers: dict[str, str]) -> DeadlineRequest:
        return DeadlineRequest(
            url, Deadline(self.timeout), data=body, method=method, headers={**headers, **self.headers}
        )
