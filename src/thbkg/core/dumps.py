"""The build's N-Quads in the other download formats, with lines in a fixed order so that the same
quads always give the same bytes (a download's checksum then changes only when the data does)."""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from thbkg.core.namespaces import TURTLE_PREFIXES


def serialized(
    items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """``items`` written by pyoxigraph in ``fmt`` as bytes (``ox.serialize`` returns None only when
    given a file to write to, which this never does)."""
    return ox.serialize(items, format=fmt, prefixes=prefixes) or b""


def graph_ntriples(quads: bytes) -> dict[str, bytes]:
    """Each named graph's triples as sorted N-Triples, by graph IRI (a build has no default graph)."""
    grouped: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(quads, format=ox.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise ValueError("the N-Quads have triples in the default graph; a build has named graphs only")
        grouped[quad.graph_name.value].append(quad.triple)
    return {name: sorted_ntriples(triples) for name, triples in sorted(grouped.items())}


def union_ntriples(graphs: dict[str, bytes]) -> bytes:
    """The union of the graphs, each triple once, as sorted N-Triples."""
    lines = {line for data in graphs.values() for line in data.decode("utf-8").splitlines()}
    return "".join(f"{line}\n" for line in sorted(lines)).encode("utf-8")


def turtle(ntriples: bytes, more_prefixes: dict[str, str] | None = None) -> bytes:
    """Turtle with the project prefixes; sorted input keeps a subject's triples together."""
    parsed = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    prefixes = {**TURTLE_PREFIXES, **(more_prefixes or {})}
    return serialized(parsed, ox.RdfFormat.TURTLE, prefixes)


def trig(quads: bytes) -> bytes:
    """TriG with the project prefixes, from N-Quads already in a stable order."""
    parsed = ox.parse(quads, format=ox.RdfFormat.N_QUADS)
    return serialized(parsed, ox.RdfFormat.TRIG, TURTLE_PREFIXES)


def rdf_xml(ntriples: bytes) -> bytes:
    """RDF/XML, the format every OWL editor opens (Protégé among them)."""
    parsed = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return serialized(parsed, ox.RdfFormat.RDF_XML, TURTLE_PREFIXES)


def gzipped(data: bytes) -> bytes:
    """gzip with a zero time stamp and no file name in the header, so the bytes depend on ``data`` only."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def sorted_ntriples(triples: list[ox.Triple]) -> bytes:
    """N-Triples, each line once, in sorted order: the same triples always give the same bytes."""
    lines = serialized(triples, ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(lines))).encode("utf-8")
