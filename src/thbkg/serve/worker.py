"""The query worker: a process that loads the store once and answers queries sent over a pipe.

Queries are checked (guard.py) and run here, not in the web process, because pyoxigraph cannot
cancel a running query and parsing a hostile query can take time too: the pool kills a worker
whose job runs past the timeout, and that really ends the work. Once the store is loaded the worker
caps its own address space at what it holds plus a fixed headroom for queries (config.MEMORY_LIMIT),
so a query that tries to hold the world in memory dies alone whatever the size of the data (a
cap set before loading would have to fit the largest build and leave small ones unbounded by as
much), and it has no network at all
(sandbox.py), so no query can make a request elsewhere whatever the check decided.
Results are capped at ``max_rows`` rows (triples for CONSTRUCT/DESCRIBE); the answer says when.
"""

from __future__ import annotations

import contextlib
import io
import resource
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from thbkg.core.dumps import serialized
from thbkg.core.errors import QueryError
from thbkg.serve.guard import LocalGraphs, check_query
from thbkg.serve.http_error import HttpError
from thbkg.serve.negotiate import choose, formats_for
from thbkg.serve.sandbox import SandboxError, confine
from thbkg.sparql.formats import RESULTS_FORMATS
from thbkg.sparql.store import load_dataset

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
# Deep enough for any real query (about 150 nested groups); deeper ones are refused with 400.
PARSER_RECURSION_LIMIT = 5000
# Oxigraph's SPARQL JSON results: how many objects hold the rows (the whole answer, "head" and
# "results"), how a term's object opens, how an answer without rows ends.
JSON_FRAME_OBJECTS = 3
JSON_TERM = b'{"type":"'
NO_JSON_ROWS = b'"bindings":[]}}'

DefaultGraphs = ox.NamedNode | ox.BlankNode | ox.DefaultGraph  # what Store.query takes as default_graph


@dataclass(frozen=True)
class Job:
    """One query to check and run, with what the client accepts (``Accept`` and a ``format``
    parameter); graph lists of None mean the store's own."""

    query: str
    accept: str | None
    format: str | None
    max_rows: int
    base: str
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None


@dataclass(frozen=True)
class Answer:
    """The serialised result in format ``fmt``, or an error status and message (a refusal, say);
    ``empty`` when it holds no row (no triple), so a caller can say why without parsing it."""

    status: int
    body: bytes = b""
    truncated: bool = False
    message: str = ""
    fmt: str = ""
    empty: bool = False


def serve_jobs(conn: Connection, data: Path, headroom: int) -> None:
    """Process entry point: load, report the graph names, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    try:
        confine()
        sys.setrecursionlimit(PARSER_RECURSION_LIMIT)
        store = load_dataset(data)
        cap_memory(headroom)
    except (SandboxError, QueryError, OSError, SyntaxError, ValueError) as exc:
        conn.send(RuntimeError(str(exc)))  # instead of the graph names: the pool says why it cannot start
        return
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    local = LocalGraphs(frozenset(graphs))
    conn.send(graphs)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        # Anything but a query is a task that runs itself on the store (entity lookups: lookup.py).
        conn.send(run(store, local, job) if isinstance(job, Job) else job.run(store))


def cap_memory(headroom: int) -> int:
    """Limit this process's address space, for good, to what it uses now plus ``headroom`` bytes;
    the limit. Linux (/proc), as the sandbox is."""
    status = Path("/proc/self/status").read_text()
    used = next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmSize:"))
    limit = used + headroom
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return limit


def run(store: ox.Store, local: LocalGraphs, job: Job) -> Answer:
    """Check ``job``'s query, choose the answer's format, run it; any failure is an Answer too."""
    try:
        fmt = choose(formats_for(check_query(job.query, local, job.base)), job.accept, job.format)
    except HttpError as exc:
        return Answer(exc.status, message=exc.message)
    except Exception:  # a parser failure of any kind: a query the parser cannot read is refused
        return Answer(400, message="malformed query: it could not be read")
    try:
        default_graph, named_graphs = _dataset(job)
        evaluate = partial(
            store.query, job.query, base_iri=job.base, default_graph=default_graph, named_graphs=named_graphs
        )
        result = evaluate()
        if isinstance(result, ox.QueryBoolean):
            return Answer(200, result.serialize(format=RESULTS_FORMATS[fmt]) or b"", fmt=fmt)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, evaluate, job.max_rows, fmt)
        triples = list(islice(result, job.max_rows + 1))
        body = serialized(triples[: job.max_rows], RDF_FORMATS[fmt])
        return Answer(200, body, truncated=len(triples) > job.max_rows, fmt=fmt, empty=not triples)
    except SyntaxError as exc:
        return Answer(400, message=f"malformed query: {_first_line(exc)}")
    except (OSError, ValueError, TypeError) as exc:
        return Answer(400, message=f"query failed: {_first_line(exc)}")


def _dataset(job: Job) -> tuple[list[DefaultGraphs] | None, list[ox.NamedNode | ox.BlankNode] | None]:
    """The protocol dataset (default graphs, named graphs) that replaces the query's FROM clauses:
    an absent list means empty, both absent (None, None) the query's own dataset."""
    if job.default_graphs is None and job.named_graphs is None:
        return None, None
    return [ox.NamedNode(g) for g in job.default_graphs or ()], [ox.NamedNode(g) for g in job.named_graphs or ()]


def _solutions(solutions: ox.QuerySolutions, again: Callable[[], object], max_rows: int, fmt: str) -> Answer:
    """At most max_rows rows, written by Oxigraph's serialiser for ``fmt``; ``again`` runs the query
    anew, for a JSON answer that must be written the general way.

    The rows never pass through Python one by one. JSON, the usual format, is written directly
    (_json_within); an answer that may hold more rows than the cap, and any other format, goes
    through SPARQL TSV (_via_tsv), which counts rows exactly."""
    if fmt == "json":
        body = _json_within(solutions, max_rows)
        if body is not None:
            return Answer(200, body, fmt=fmt, empty=body.endswith(NO_JSON_ROWS))
        solutions = cast(ox.QuerySolutions, again())  # the same query, so the same form
    return _via_tsv(solutions, max_rows, fmt)


def _json_within(solutions: ox.QuerySolutions, max_rows: int) -> bytes | None:
    """The answer as SPARQL JSON, or None (and the writer stopped) once it may hold more than
    ``max_rows`` rows (_JsonRows)."""
    written = _JsonRows(max_rows)
    try:
        solutions.serialize(written, format=ox.QueryResultsFormat.JSON)
    except _Enough:
        return None
    return written.getvalue()


def _via_tsv(solutions: ox.QuerySolutions, max_rows: int, fmt: str) -> Answer:
    """Oxigraph writes the rows as SPARQL TSV, a row a line (a line break in a value is escaped),
    until the line after the last row kept; its TSV parser reads back those kept, term for term,
    for its writer of ``fmt``."""
    kept = _FirstLines(max_rows + 1)  # the header, then the rows
    with contextlib.suppress(_Enough):
        solutions.serialize(kept, format=ox.QueryResultsFormat.TSV)
    tsv, rows = kept.text(), kept.lines - 1
    body = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=RESULTS_FORMATS[fmt])
    return Answer(200, body or b"", truncated=rows > max_rows, fmt=fmt, empty=rows == 0)


class _Enough(Exception):
    """Raised by _FirstLines and _JsonRows to stop the writer that writes to them."""


class _JsonRows(io.BytesIO):
    """A binary file for Oxigraph's SPARQL JSON writer that stops it with _Enough once the answer
    may hold more than ``limit`` rows.

    It counts a bound, not the rows: every row is an object, so it counts each ``{`` less the three
    of the frame (the whole, ``head``, ``results``) and the objects that are certainly terms, those
    that open with ``{"type":"`` (a row's values are objects, and inside a string every quote is
    escaped). A ``{`` in a value, a triple term's inner object or a pattern cut between two writes
    only raises the bound, so an answer under it is whole, and one over it is written again."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit, self.bound = limit, -JSON_FRAME_OBJECTS

    def write(self, chunk: ReadableBuffer, /) -> int:
        data = bytes(chunk)
        self.bound += data.count(b"{") - data.count(JSON_TERM)
        if self.bound > self.limit:
            raise _Enough
        return super().write(data)


class _FirstLines(io.BytesIO):
    """A binary file that keeps the first ``limit`` lines written to it and stops the writer with
    _Enough once it has been given more."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit, self.lines = limit, 0

    def write(self, chunk: ReadableBuffer, /) -> int:
        self.lines += bytes(chunk).count(b"\n")
        written = super().write(chunk)
        if self.lines > self.limit:
            raise _Enough
        return written

    def text(self) -> bytes:
        """The lines kept, each with its line break."""
        whole = self.getvalue()
        if self.lines <= self.limit:
            return whole
        return b"".join(line + b"\n" for line in whole.split(b"\n", self.limit)[: self.limit])


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]
