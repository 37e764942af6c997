"""A SPARQL 1.1 query endpoint, as ``thbkg query --endpoint`` and ``thbkg publish`` reach it.

SPARQLWrapper writes each request: the protocol's parameters (``query``, ``default-graph-uri``,
``named-graph-uri``) as a form POST, and the Accept header of the results format. The request is
then sent through http.py rather than SPARQLWrapper's own ``urlopen``, so that a query keeps the
same promises as a Graph Store PUT: a deadline for the whole exchange, redirects followed only
within the origin, credentials for the named origins only, and an answer of bounded size.
The answer is read by pyoxigraph's parsers (results.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from thbkg.core.errors import one_line
from thbkg.sparql.http import Refused, Session
from thbkg.sparql.results import Result, parse_answer

MAX_ANSWER = 64 * 2**20  # bytes; the whole build is a few MB of N-Quads, no saved query's answer comes near


class Endpoint:
    """The endpoint at ``url``, reached through ``session``; ``what`` names it in error lines."""

    def __init__(self, url: str, session: Session, what: str, max_answer: int = MAX_ANSWER) -> None:
        self.url = url
        self.session = session
        self.what = what
        self.max_answer = max_answer

    def query(
        self, text: str, form: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()
    ) -> Result:
        """Run ``text`` (of the query form ``form``) on the dataset the graphs name, if any: with a
        default graph and no named graph, the protocol leaves ``GRAPH`` patterns nothing to match."""
        client = SPARQLWrapper(self.url)
        for graph in default_graphs:
            client.addParameter("default-graph-uri", graph)
        for graph in named_graphs:
            client.addParameter("named-graph-uri", graph)
        client.setQuery(text)
        client.queryType = form  # its own guess reads words in comments (a header saying "describe")
        client.setMethod(POST)
        client.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
        request = client._createRequest()  # SPARQLWrapper's request, sent by http.py instead of urlopen
        _, body = self.session.send(
            request.full_url,
            request.get_method(),
            request.data if isinstance(request.data, bytes) else b"",
            dict(request.header_items()),
            self.what,
            self.max_answer,
        )
        try:
            return parse_answer(form, body, self.url)
        except (SyntaxError, ValueError) as exc:  # the answer is not what the protocol promises
            raise Refused(f"{self.url} sent an answer that is not SPARQL results: {one_line(str(exc))}") from exc
