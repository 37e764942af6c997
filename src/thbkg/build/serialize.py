"""The build's graphs as N-Quads: graph by graph in IRI order, each graph's lines sorted, so the same
graphs always give the same bytes (every other format is made from these, see core/dumps.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rdflib import URIRef


def nquads(graphs: Mapping[URIRef, bytes]) -> bytes:
    """N-Quads, graph by graph in IRI order, from each graph's sorted N-Triples (build/ntriples.py):
    a line keeps its place when its graph's name is added, as every line of a graph ends alike."""
    return b"".join(nquads_by_graph(graphs))


def nquads_by_graph(graphs: Mapping[URIRef, bytes]) -> Iterator[bytes]:
    """The N-Quads of ``nquads``, one graph at a time: what a file is written from, so that a large
    build's quads are never held whole beside its N-Triples."""
    for name in sorted(graphs):
        suffix = f" <{name}> .\n".encode()
        yield b"".join([row[:-3] + suffix for row in graphs[name].splitlines(keepends=True)])
