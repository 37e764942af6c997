"""An HTTP client for a triple store: SPARQL 1.1 Graph Store Protocol PUTs and SPARQL 1.1 Protocol
queries over a dataset the request names, with the same credentials for both.

PUT is what makes a publish safe to re-run: it replaces the graph it names and touches no other,
so the store's own graphs stay as they are. A query names its dataset with ``default-graph-uri``
*and* one ``named-graph-uri`` per graph: with a default graph given and no named graph, the
protocol leaves ``GRAPH`` patterns nothing to match (thbkg.query.run_remote sends no credentials
and no named graphs, hence this client). Credentials: HTTP Basic sent up front (Fuseki, GraphDB),
HTTP Digest on the server's challenge (Virtuoso's ``/sparql-graph-crud-auth``), or a token sent as
``Authorization: Bearer <token>`` (or as given when it names its scheme: ``GDB <token>``). Every
failure becomes one StoreError line: unreachable, credentials refused, or the request refused.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlparse

from rdflib import Graph

from thbkg.namespaces import bind_prefixes
from thbkg.query import one_line
from thbkg.results import Result, from_sparql_json

DEFAULT_TIMEOUT = 60.0


class StoreError(Exception):
    """The store failed: one line for the user."""


class Unreachable(StoreError):
    """No HTTP answer at all (refused connection, unknown host, time-out): nothing more will work."""


class AuthRefused(StoreError):
    """401 or 403: the credentials are missing or wrong, so every other request would fail too."""


class Refused(StoreError):
    """The store answered one request with another error status; the others may still succeed."""


@dataclass(frozen=True)
class Credentials:
    user: str | None = None
    password: str | None = None
    token: str | None = None


def http_url(url: str, what: str) -> str:
    """``url`` if it is an absolute http(s) URL, else a ValueError naming ``what`` it was for."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"{what} must be an http(s) URL, got {url!r}")
    return url


class RemoteStore:
    """A store's query endpoint and Graph Store endpoint (graphs addressed as ``?graph=<IRI>``)."""

    def __init__(
        self, endpoint: str, graph_store: str, credentials: Credentials, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.endpoint = http_url(endpoint, "--store")
        self.graph_store = http_url(graph_store, "--graph-store")
        self.timeout = timeout
        self.headers: dict[str, str] = {}
        handlers: list[urllib.request.BaseHandler] = []
        if credentials.token:
            token = credentials.token.strip()
            self.headers["Authorization"] = token if " " in token else f"Bearer {token}"
        elif credentials.user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
            for url in (self.endpoint, self.graph_store):
                passwords.add_password(None, url, credentials.user, credentials.password or "", is_authenticated=True)
            handlers += [
                urllib.request.HTTPBasicAuthHandler(passwords),
                urllib.request.HTTPDigestAuthHandler(passwords),
            ]
        self.opener = urllib.request.build_opener(*handlers)

    def put(self, graph: str, body: bytes, content_type: str = "text/turtle") -> int:
        """Replace ``graph`` with ``body``; returns the HTTP status (201 created, 200/204 replaced)."""
        url = f"{self.graph_store}{'&' if '?' in self.graph_store else '?'}{urlencode({'graph': graph})}"
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        status, _ = self._send(urllib.request.Request(url, data=body, method="PUT", headers=headers), "graph store")
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
        request = urllib.request.Request(self.endpoint, data=urlencode(fields).encode("utf-8"), headers=headers)
        _, body = self._send(request, "query endpoint")
        try:
            if table:
                return from_sparql_json(form, json.loads(body))
            graph = Graph()
            bind_prefixes(graph)
            return Result(form, graph=graph.parse(data=body, format="turtle"))
        except Exception as exc:  # any parser's error: the answer is not what the protocol promises
            raise Refused(f"{self.endpoint} sent an answer that is not SPARQL results: {one_line(str(exc))}") from exc

    def _send(self, request: urllib.request.Request, what: str) -> tuple[int, bytes]:
        for name, value in self.headers.items():
            request.add_header(name, value)
        url = request.full_url.split("?", 1)[0]
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            detail = one_line(exc.read(400).decode("utf-8", "replace"), 200)
            message = f"{url} answered HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
            if exc.code in (401, 403):
                raise AuthRefused(f"{message} (check --user/--password or THBKG_TOKEN)") from exc
            raise Refused(message) from exc
        except urllib.error.URLError as exc:
            raise Unreachable(f"cannot reach the {what} {url}: {one_line(str(exc.reason))}") from exc
        except TimeoutError as exc:
            raise Unreachable(f"the {what} {url} did not answer within {self.timeout:g} s") from exc
        except OSError as exc:
            raise Unreachable(f"cannot talk to the {what} {url}: {one_line(str(exc))}") from exc
