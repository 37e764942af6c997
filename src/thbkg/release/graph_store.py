"""A triple store to publish to: its SPARQL 1.1 Graph Store Protocol endpoint, for PUTs, and its query
endpoint, for checking the saved queries there, reached with the same credentials.

PUT is what makes a publish safe to re-run: it replaces the graph it names and touches no other,
so the store's own graphs stay as they are. Credentials: HTTP Basic sent up front (Fuseki,
GraphDB), HTTP Digest on the server's challenge (Virtuoso's ``/sparql-graph-crud-auth``), or a
token; they go to the origins of the two URLs given and nowhere else. How each request goes
(deadline, redirects, size of the answer, one-line errors) is thbkg.sparql.http.
"""

from __future__ import annotations

from urllib.parse import urlencode

from thbkg.sparql.endpoint import MAX_ANSWER, Endpoint
from thbkg.sparql.http import Credentials, Session, http_url

DEFAULT_TIMEOUT = 60.0


class RemoteStore:
    """A store's query endpoint (``queries``) and Graph Store endpoint (graphs addressed as
    ``?graph=<IRI>``); ``timeout`` bounds each request from connecting to the last byte,
    ``max_answer`` a query's answer."""

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
        self.session = Session([self.endpoint, self.graph_store], credentials, timeout)
        self.queries = Endpoint(self.endpoint, self.session, "the query endpoint", max_answer)

    def put(self, graph: str, body: bytes, content_type: str = "text/turtle") -> int:
        """Replace ``graph`` with ``body``; returns the HTTP status (201 created, 200/204 replaced)."""
        url = f"{self.graph_store}{'&' if '?' in self.graph_store else '?'}{urlencode({'graph': graph})}"
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        status, _ = self.session.send(url, "PUT", body, headers, "the graph store", None)
        return status
