"""The embedded store that ``thbkg query`` runs on, with one default-graph semantics everywhere.

A build holds only named graphs (ontology, reference, source/<id>, evidence/<id>, curation,
inferred). A query without ``GRAPH`` reads the default graph, and engines disagree on what that
is: pyoxigraph's ``use_default_graph_as_union`` (and ``oxigraph serve --union-default-graph``)
match a triple once per named graph that states it, so a fact stated by both documents and the reference data comes
back three times, while rdflib's union de-duplicates. So we never rely on an engine's union: the
store gets every named graph as it is *and* the de-duplicated union of all of them inserted as the
real default graph. ``?s ?p ?o`` without ``GRAPH`` then sees each triple exactly once on every
engine, and ``GRAPH ?g { ... }`` still tells which graph states it. Load ``dump(store)`` into a
SPARQL server to give it the same semantics.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from thbkg.core.errors import QueryError

UNION_GRAPHS = 300  # named graphs whose triples one update inserts into the default graph


def load_build(path: str | os.PathLike[str]) -> ox.Store:
    """An in-memory store of a build's N-Quads plus their de-duplicated union as default graph."""
    file = Path(path)
    if not file.is_file():
        raise QueryError(f"no build at {file}: run `thbkg build` first")
    store = ox.Store()
    try:  # from the file: pyoxigraph reads it a piece at a time, its bytes are never held whole
        store.bulk_load(path=str(file), format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, OSError) as exc:
        raise QueryError(f"cannot load {file}: {_first_line(exc)}") from exc
    add_union_default(store)
    return store


def load_dataset(path: str | os.PathLike[str]) -> ox.Store:
    """The build (N-Quads), or another dataset file (TriG, or any RDF format by its extension), with
    the union of its graphs as default graph: what ``thbkg serve --data`` serves."""
    file = Path(path)
    if file.suffix == ".nq":
        return load_build(file)
    store = ox.Store()
    store.bulk_load(path=str(file), format=ox.RdfFormat.from_extension(file.suffix.lstrip(".")) or ox.RdfFormat.TRIG)
    add_union_default(store)
    return store


def load_quads(data: bytes) -> ox.Store:
    """The same store from N-Quads in memory: a build that is checked before it is written."""
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    add_union_default(store)
    return store


def add_union_default(store: ox.Store) -> None:
    """Insert every triple of every named graph, once, into the default graph. An update rather than
    a set of Python terms: Oxigraph does the work in Rust (three times faster on a large build, in
    less memory), keeping blank nodes as they are, and the store ignores duplicates. UNION_GRAPHS
    graphs at a time: an update holds all it inserts until it ends, which for a thousand reports'
    graphs at once is 300 MB more than the store."""
    graphs = sorted(str(graph) for graph in store.named_graphs())
    if any(graph.startswith("_:") for graph in graphs):  # a blank node cannot be named in VALUES
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return
    for start in range(0, len(graphs), UNION_GRAPHS):
        named = " ".join(graphs[start : start + UNION_GRAPHS])
        store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {named} }} GRAPH ?g {{ ?s ?p ?o }} }}")


def dump(store: ox.Store) -> bytes:
    """N-Quads of the store, default graph included: what to load into a server for equal answers."""
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
