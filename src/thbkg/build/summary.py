"""A plain-text summary of a build: triples per graph, things per class, facts per source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from rdflib import URIRef
from rdflib.namespace import RDF

from thbkg.build.ntriples import count
from thbkg.build.terms import graph_iri
from thbkg.core.namespaces import prefixed

TYPED = f" <{RDF.type}> <".encode()


def summarise(graphs: Mapping[URIRef, bytes], claims: dict[str, int]) -> str:
    """The summary `thbkg build` prints and writes beside the dataset, from each graph's sorted
    N-Triples (build/ntriples.py)."""
    lines = ["Triples per graph:"]
    lines += [f"  {count(graphs[name]):>7}  {prefixed(str(name))}" for name in sorted(graphs)]
    lines.append(f"  {sum(count(g) for g in graphs.values()):>7}  in all")
    classes: Counter[str] = Counter()
    for name in (graph_iri("reference"), graph_iri("inferred")):
        classes.update(_class(row) for row in graphs.get(name, b"").splitlines() if TYPED in row)
    lines.append("Things per class (stated and inferred):")
    by_count = sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))
    lines += [f"  {number:>7}  {prefixed(cls)}" for cls, number in by_count]
    lines.append("Facts per source (claims, triples stated):")
    for source_id in sorted(claims):
        facts = count(graphs[graph_iri(f"source/{source_id}")])
        lines.append(f"  {claims[source_id]:>7} claims  {facts:>7} triples  {source_id}")
    return "\n".join(lines) + "\n"


def _class(row: bytes) -> str:
    """The class IRI of one ``?s rdf:type <C> .`` line."""
    return row.split(TYPED, 1)[1].rsplit(b"> .", 1)[0].decode("utf-8")
