"""Which shapes the fast engine can check and how: SHACL Core in Python (core.py), SHACL-SPARQL constraints
and SPARQL targets by pyoxigraph, and any shape that uses a feature neither is known to handle
exactly as pyshacl does falls back to pyshacl, that shape alone (docs/build.md lists the features).

A shape is judged with every shape it reaches (sh:property, sh:node, sh:not, sh:and, sh:or,
sh:xone, sh:qualifiedValueShape), since a nested shape is checked as part of the one that uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from thbkg.build.engines.as_written import integers_lost as loses_integers
from thbkg.build.engines.as_written import runs_as_written
from thbkg.build.engines.shacl_sparql import prefixes
from thbkg.build.terms import SH

TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
NESTED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
NESTED_LISTS = (SH["and"], SH["or"], SH.xone)
# The SHACL terms a shape may use on the fast path: the constraints core.py is tested to report as
# pyshacl does (tests/test_engines.py), what describes a shape, and the SPARQL this engine runs.
SUPPORTED = {
    *TARGETS,
    *NESTED,
    *NESTED_LISTS,
    *(SH[name] for name in ("class", "datatype", "nodeKind", "minCount", "maxCount", "minLength", "pattern")),
    *(SH[name] for name in ("languageIn", "uniqueLang", "equals", "hasValue", "in")),
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.closed,
    SH.ignoredProperties,
    SH.path,
    SH.message,
    SH.sparql,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
}
SPARQL_CONSTRAINT = {SH.select, SH.prefixes, SH.message}
CLASSES = {RDFS.Class, OWL.Class}
DATATYPE_TEST = re.compile(r"\b(DATATYPE|sameTerm)\s*\(", re.IGNORECASE)
# pyoxigraph pre-binds only a projected variable: the SELECT clause must name $this (or ?this).
PROJECTS_THIS = re.compile(r"SELECT\s+(DISTINCT\s+|REDUCED\s+)?[^{]*?[$?]this\b[^{]*?WHERE", re.IGNORECASE | re.DOTALL)


@dataclass
class Plan:
    """The shapes with targets, split by who checks them; ``written``: the fast shapes whose SPARQL
    runs on the data as written (as_written.py, dataset.py)."""

    fast: list[Node] = field(default_factory=list)
    written: set[Node] = field(default_factory=set)
    fallback: dict[Node, set[str]] = field(default_factory=dict)


def reached(shapes: Graph, shape: Node) -> list[Node]:
    """``shape`` and every shape it uses, each once."""
    seen: list[Node] = []
    todo = [shape]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.append(node)
        for predicate in NESTED:
            todo += shapes.objects(node, predicate)
        for predicate in NESTED_LISTS:
            for members in shapes.objects(node, predicate):
                todo += Collection(shapes, members)
    return seen


def unsupported(shapes: Graph, shape: Node, integers_lost: bool = False, by_bytes: bool = True) -> set[str]:
    """The features of ``shape`` (and the shapes it uses) that the fast path leaves to pyshacl;
    ``integers_lost``: the data holds literals of a type derived from xsd:integer, which pyoxigraph
    stores as xsd:integer, so SPARQL that tells datatypes apart runs on the store that keeps them
    (as_written.py, found ``by_bytes``) if it reads them only as terms, and is left to pyshacl if not."""
    found = set()
    if reads_datatypes(shapes, shape, integers_lost) and not (
        by_bytes and all(map(runs_as_written, _queries(shapes, shape, True)))
    ):
        found.add(
            "SPARQL that tests datatypes (DATATYPE, sameTerm) and compares or computes with values,"
            " on data with integer-derived literals"
        )
    direct = {shape, *shapes.objects(shape, SH.property)}
    parameters = _parameters(shapes)
    for node in reached(shapes, shape):
        if node not in direct and (node, SH.sparql, None) in shapes:
            found.add("sh:sparql on a shape used through sh:node, sh:not, sh:and, sh:or, sh:xone or a qualified shape")
        found |= {f"{_name(p)} on a shape" for p in shapes.predicates(node) if _shacl(p) and p not in SUPPORTED}
        if any(not _readable(shapes, path) for path in shapes.objects(node, SH.path)):
            found.add("a path other than IRIs, sequences, alternatives, repeats and inverse IRIs")
        if any((node, RDF.type, kind) in shapes for kind in CLASSES):
            found.add("implicit class targets (a shape that is also a class)")
        for target in shapes.objects(node, SH.target):
            if shapes.value(target, SH.select) is None:
                found.add("sh:target without sh:select (parameterised targets)")
        for constraint in shapes.objects(node, SH.sparql):
            found |= {
                f"{_name(p)} on a SPARQL constraint"
                for p in shapes.predicates(constraint)
                if _shacl(p) and p not in SPARQL_CONSTRAINT
            }
            query = str(shapes.value(constraint, SH.select) or "")
            for variable in ("shapesGraph", "currentShape"):
                if f"${variable}" in query or f"?{variable}" in query:
                    found.add(f"${variable} in a SPARQL constraint")
            if not PROJECTS_THIS.search(query):
                found.add("a SPARQL constraint whose SELECT does not project $this")
        found |= {f"the custom constraint component {_name(p)}" for p in shapes.predicates(node) if p in parameters}
    return found


def reads_datatypes(shapes: Graph, shape: Node, integers_lost: bool) -> bool:
    """Whether ``shape``'s SPARQL tells datatypes apart on data whose store loses some of them."""
    return integers_lost and any(DATATYPE_TEST.search(query) for query in _queries(shapes, shape))


def plan(shapes: Graph, data: bytes) -> Plan:
    """Every shape with a target, on the fast path or, with the features that keep it off, not;
    ``data``: the data's N-Triples, or only their lines with a typed literal (all this reads of them,
    engines/dataset.py)."""
    result = Plan()
    integers_lost = loses_integers(data)
    by_bytes = b'\\"^^<' not in data  # as_written.written finds the datatypes by their bytes
    classes = {s for kind in CLASSES for s in shapes.subjects(RDF.type, kind) if (s, RDF.type, SH.NodeShape) in shapes}
    targeted = sorted({s for t in TARGETS for s in shapes.subjects(t, None)} | classes, key=str)
    for shape in targeted:
        features = unsupported(shapes, shape, integers_lost, by_bytes)
        if features:
            result.fallback[shape] = features
        else:
            result.fast.append(shape)
            if reads_datatypes(shapes, shape, integers_lost):
                result.written.add(shape)
    return result


def without_targets(shapes: Graph, keep: list[Node]) -> Graph:
    """A copy of ``shapes`` in which only the shapes ``keep`` have targets (a shape that is a class
    targets its instances)."""
    copy = Graph()
    for triple in shapes:
        subject, predicate, obj = triple
        if subject not in keep and (predicate in TARGETS or (predicate == RDF.type and obj in CLASSES)):
            continue
        copy.add(triple)
    return copy


def _queries(shapes: Graph, shape: Node, declared: bool = False) -> list[str]:
    """The SPARQL of ``shape``'s targets and constraints, and of its property shapes' constraints
    (``declared``: with the PREFIX lines they declare)."""
    holders = [*shapes.objects(shape, SH.target)]
    for node in (shape, *shapes.objects(shape, SH.property)):
        holders += shapes.objects(node, SH.sparql)
    return [
        (prefixes(shapes, holder) if declared else "") + str(query)
        for holder in holders
        for query in shapes.objects(holder, SH.select)
    ]


def _readable(shapes: Graph, path: Node) -> bool:
    """Whether core.py reads the SHACL path ``path``: an IRI, a sequence or an alternative of
    such paths, one repeated (sh:zeroOrMorePath, ...), or the inverse of an IRI."""
    if isinstance(path, URIRef):
        return True
    if (path, RDF.first, None) in shapes:
        return all(_readable(shapes, step) for step in Collection(shapes, path))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return all(_readable(shapes, step) for step in Collection(shapes, alternatives))
    if isinstance(shapes.value(path, SH.inversePath), URIRef):
        return True
    repeats = (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)
    return any(_readable(shapes, inner) for kind in repeats for inner in shapes.objects(path, kind))


def _shacl(predicate: Node) -> bool:
    return str(predicate).startswith(str(SH))


def _name(predicate: Node) -> str:
    return "sh:" + str(predicate).removeprefix(str(SH)) if _shacl(predicate) else f"<{predicate}>"


def _parameters(shapes: Graph) -> set[Node]:
    """The parameters of the constraint components the shapes declare (SHACL-SPARQL's custom
    components), which only pyshacl runs."""
    return {
        path
        for component in shapes.subjects(RDF.type, SH.ConstraintComponent)
        for parameter in shapes.objects(component, SH.parameter)
        for path in shapes.objects(parameter, SH.path)
        if isinstance(path, URIRef | BNode)
    }
