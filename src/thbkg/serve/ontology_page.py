"""The ontology as one HTML page: every term of ours has an anchor, so ``thb:Term`` dereferences to
``/ontology#Term`` (hash IRIs: the whole vocabulary is one document, docs/iri-policy.md)."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

import pyoxigraph as ox

from thbkg.core.namespaces import ONTOLOGY_IRI, OWL, RDF_TYPE, THB
from thbkg.core.terms import Term, lexical
from thbkg.serve.htmlkit import esc, link, literal, page

SECTIONS = (
    (OWL + "Class", "Classes"),
    (OWL + "ObjectProperty", "Object properties"),
    (OWL + "DatatypeProperty", "Datatype properties"),
    (OWL + "AnnotationProperty", "Annotation properties"),
)


def ontology_html(quads: list[ox.Quad]) -> str:
    """The page for the ontology graph's ``quads``."""
    about: dict[str, list[tuple[ox.NamedNode, Term]]] = defaultdict(list)
    for q in sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object))):
        about[lexical(q.subject)].append((q.predicate, q.object))
    terms = sorted(s for s in about if s.startswith(THB))
    parts = [
        "<h1>thbkg ontology</h1>",
        f'<p class="iri">{esc(ONTOLOGY_IRI)}</p>',
        _properties(about.get(ONTOLOGY_IRI, [])),
    ]
    formats = '<a href="?format=turtle">Turtle</a> · <a href="?format=jsonld">JSON-LD</a>'
    parts.append(f'<p class="src">Also as {formats}.</p>')
    placed: set[str] = set()
    for kind, heading in (*SECTIONS, (None, "Other terms")):
        members = [t for t in terms if t not in placed and (kind is None or _has_type(about[t], kind))]
        placed.update(members)
        if members:
            parts.append(f"<h2>{heading}</h2>" + "".join(_term(t, about[t]) for t in members))
    return page("thbkg ontology", "\n".join(parts))


def _has_type(pairs: list[tuple[ox.NamedNode, Term]], kind: str) -> bool:
    return any(p.value == RDF_TYPE and lexical(o) == kind for p, o in pairs)


def _term(iri: str, pairs: list[tuple[ox.NamedNode, Term]]) -> str:
    local = iri.split("#", 1)[1]
    return f'<h3 id="{esc(local)}">{esc(local)}</h3><p class="iri">{esc(iri)}</p>{_properties(pairs)}'


def _properties(pairs: list[tuple[ox.NamedNode, Term]]) -> str:
    """One row per property, its values together (a class is disjoint with many others): links
    separated by commas, texts one to a line."""
    rows = []
    for predicate, group in groupby(pairs, key=lambda pair: pair[0]):
        values = [o for _, o in group]
        joiner = "<br>" if any(isinstance(o, ox.Literal) for o in values) else ", "
        rows.append(f"<tr><td>{link(predicate.value)}</td><td>{joiner.join(_object(o) for o in values)}</td></tr>")
    return f'<table class="terms stack">{"".join(rows)}</table>' if rows else ""


def _object(term: Term) -> str:
    if isinstance(term, ox.Literal):
        return literal(term)
    return esc(str(term)) if isinstance(term, ox.Triple) else link(term.value)
