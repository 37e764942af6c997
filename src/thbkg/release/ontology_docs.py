"""The ontology reference page (docs/ontology.md), generated from ontology/thbkg.ttl so the two
cannot drift apart."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from thbkg.build.terms import THB, bind_prefixes

KINDS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
)


def _name(graph: Graph, term: URIRef) -> str:
    return graph.namespace_manager.normalizeUri(term)


def _names(graph: Graph, terms: object) -> str:
    return ", ".join(sorted(f"`{_name(graph, t)}`" for t in terms if isinstance(t, URIRef))) or ""


def _text(graph: Graph, term: URIRef, predicate: URIRef) -> str:
    values = [str(v) for v in graph.objects(term, predicate) if getattr(v, "language", None) in (None, "en")]
    return " ".join(sorted(values)).replace("|", "\\|").replace("\n", " ")


def render(ontology: Graph) -> str:
    """Markdown tables of every thb: class and property: label, definition, parents, domain, range."""
    bind_prefixes(ontology)
    header = ontology.value(None, RDF.type, OWL.Ontology)
    version = ontology.value(header, OWL.versionIRI)
    lines = [
        "# Ontology reference",
        "",
        "Generated from `ontology/thbkg.ttl` by `thbkg docs`; do not edit by hand.",
        "",
        f"Ontology `{header}`, version IRI `{version}`, namespace `{THB}` (prefix `thb:`).",
    ]
    for title, owl_type in KINDS:
        terms = sorted(t for t in ontology.subjects(RDF.type, owl_type) if str(t).startswith(str(THB)))
        lines += ["", f"## {title}", ""]
        if owl_type == OWL.Class:
            lines += ["| term | label | definition | subclass of |", "|---|---|---|---|"]
            for term in terms:
                parents = _names(ontology, ontology.objects(term, RDFS.subClassOf))
                label, definition = _text(ontology, term, RDFS.label), _text(ontology, term, SKOS.definition)
                lines.append(f"| `{_name(ontology, term)}` | {label} | {definition} | {parents} |")
        else:
            lines += ["| term | label | definition | domain | range |", "|---|---|---|---|---|"]
            for term in terms:
                domain = _names(ontology, ontology.objects(term, RDFS.domain))
                range_ = _names(ontology, ontology.objects(term, RDFS.range))
                label, definition = _text(ontology, term, RDFS.label), _text(ontology, term, SKOS.definition)
                lines.append(f"| `{_name(ontology, term)}` | {label} | {definition} | {domain} | {range_} |")
    return "\n".join(lines) + "\n"
