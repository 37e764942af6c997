"""The build's graphs as N-Quads: graph by graph in IRI order, each graph's lines sorted, so the same
graphs always give the same bytes (every other format is made from these, see core/dumps.py)."""

from __future__ import annotations

from rdflib import Graph, URIRef


def nquads(graphs: dict[URIRef, Graph]) -> bytes:
    """N-Quads, graph by graph in IRI order, each graph's lines sorted."""
    out: list[str] = []
    for name in sorted(graphs):
        lines = graphs[name].serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        out += sorted(f"{line[:-2]} <{name}> .\n" for line in lines if line.strip())
    return "".join(out).encode("utf-8")
