"""The ontology reference page (docs/ontology.md), generated from ontology/thbkg.ttl so the two
cannot drift apart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from thbkg.build.textfile import read_text
from thbkg.core.errors import InputError, Problem
from thbkg.core.namespaces import OWL, RDF_TYPE, RDFS, SKOS, THB, prefixed
from thbkg.core.terms import Term, lexical

KINDS = (
    ("Classes", OWL + "Class"),
    ("Object properties", OWL + "ObjectProperty"),
    ("Datatype properties", OWL + "DatatypeProperty"),
)

# The objects of each subject and predicate IRI: all the page asks of the ontology.
Index = dict[tuple[Term, str], list[Term]]


def read_ontology(path: Path) -> list[ox.Triple]:
    """The triples of the ontology file, or InputError with the line of what stops it being read;
    relative IRIs resolve against the file, as in the build."""
    try:
        return list(ox.parse(read_text(path), format=ox.RdfFormat.TURTLE, base_iri=path.absolute().as_uri()))
    except SyntaxError as exc:
        detail = exc.msg.split(": ", 1)[-1]
        where = f" (column {exc.offset})" if exc.offset else ""
        raise InputError([Problem(path, exc.lineno or 0, f"not valid Turtle{where}: {detail}")]) from None


def ontology_markdown(ontology: Iterable[ox.Triple]) -> str:
    """Markdown tables of every thb: class and property: label, definition, parents, domain, range."""
    index: Index = defaultdict(list)
    for triple in ontology:
        index[(triple.subject, triple.predicate.value)].append(triple.object)
    headers = _subjects(index, OWL + "Ontology")
    header = headers[0].value if headers else None
    versions = index[(headers[0], OWL + "versionIRI")] if headers else []
    version = lexical(versions[0]) if versions else None
    lines = [
        "# Ontology reference",
        "",
        "Generated from `ontology/thbkg.ttl` by `thbkg docs`; do not edit by hand.",
        "",
        f"Ontology `{header}`, version IRI `{version}`, namespace `{THB}` (prefix `thb:`).",
    ]
    for title, owl_type in KINDS:
        terms = [t for t in _subjects(index, owl_type) if t.value.startswith(THB)]
        lines += ["", f"## {title}", ""]
        if owl_type == OWL + "Class":
            lines += ["| term | label | definition | subclass of |", "|---|---|---|---|"]
            for term in terms:
                parents = _names(index[(term, RDFS + "subClassOf")])
                label, definition = _text(index, term, RDFS + "label"), _text(index, term, SKOS + "definition")
                lines.append(f"| `{prefixed(term.value)}` | {label} | {definition} | {parents} |")
        else:
            lines += ["| term | label | definition | domain | range |", "|---|---|---|---|---|"]
            for term in terms:
                domain, range_ = _names(index[(term, RDFS + "domain")]), _names(index[(term, RDFS + "range")])
                label, definition = _text(index, term, RDFS + "label"), _text(index, term, SKOS + "definition")
                lines.append(f"| `{prefixed(term.value)}` | {label} | {definition} | {domain} | {range_} |")
    return "\n".join(lines) + "\n"


def _subjects(index: Index, owl_type: str) -> list[ox.NamedNode]:
    """The IRIs typed ``owl_type``, in IRI order."""
    typed = {s for (s, p), objects in index.items() if p == RDF_TYPE and ox.NamedNode(owl_type) in objects}
    return sorted((s for s in typed if isinstance(s, ox.NamedNode)), key=lambda s: s.value)


def _names(terms: list[Term]) -> str:
    return ", ".join(sorted(f"`{prefixed(t.value)}`" for t in terms if isinstance(t, ox.NamedNode)))


def _text(index: Index, term: ox.NamedNode, predicate: str) -> str:
    values = [lexical(v) for v in index[(term, predicate)] if getattr(v, "language", None) in (None, "en")]
    return " ".join(sorted(values)).replace("|", "\\|").replace("\n", " ")
