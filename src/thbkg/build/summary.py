"""A plain-text summary of a build: triples per graph, things per class, facts per source."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from thbkg.build.terms import graph_iri
from thbkg.core.namespaces import prefixed


def summarise(graphs: dict[URIRef, Graph], claims: dict[str, int]) -> str:
    """The summary `thbkg build` prints and writes beside the dataset."""
    lines = ["Triples per graph:"]
    lines += [f"  {len(graphs[name]):>7}  {prefixed(str(name))}" for name in sorted(graphs)]
    lines.append(f"  {sum(len(g) for g in graphs.values()):>7}  in all")
    reference = graphs[graph_iri("reference")]
    inferred = graphs.get(graph_iri("inferred"), Graph())
    classes: Counter[Node] = Counter()
    for graph in (reference, inferred):
        for _, _, cls in graph.triples((None, RDF.type, None)):
            classes[cls] += 1
    lines.append("Things per class (stated and inferred):")
    by_count = sorted(classes.items(), key=lambda kv: (-kv[1], str(kv[0])))
    lines += [f"  {count:>7}  {prefixed(str(cls))}" for cls, count in by_count]
    lines.append("Facts per source (claims, triples stated):")
    for source_id in sorted(claims):
        facts = len(graphs[graph_iri(f"source/{source_id}")])
        lines.append(f"  {claims[source_id]:>7} claims  {facts:>7} triples  {source_id}")
    return "\n".join(lines) + "\n"
