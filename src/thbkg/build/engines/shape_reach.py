"""The reach of a shape with targets (reach.py): what its result on a focus node, and what a finding
on it shows, read from the focus node, decided from the shapes and their queries as they are
written, never from their names.

A shape's reach is made of parts, each a root variable (the focus node) and the links read from it:
- its targets, for whether a node is a focus node at all: ``sh:targetClass`` reads the node's
  ``rdf:type`` and the classes above it (``rdfs:subClassOf*``), ``sh:targetSubjectsOf`` and
  ``sh:targetObjectsOf`` the node's triples with the predicate, a SPARQL target its query's
  patterns from ``?this`` (``sh:targetNode`` reads nothing);
- SHACL Core: the shape's path, each constraint's reads from the value nodes (``sh:class``: their
  types and the classes above them; ``sh:equals``: the other path; ``sh:closed``: every triple of
  theirs), and the same for each shape it uses (``sh:property``, ``sh:node``, ``sh:not``,
  ``sh:and``, ``sh:or``, ``sh:xone``, ``sh:qualifiedValueShape``) from the nodes it uses it on;
- each SPARQL constraint of the shape and of its property shapes: its query's patterns from
  ``$this``;
- what a finding shows: the focus node's labels (``Context.label``) and the passages quoted about
  it (``QUOTES_ABOUT`` from ``?focus``, ``Context.passages``).

A shape also names the shapes that report its findings (``reporters``): itself and its property
shapes, which report on its focus node. A property shape's own property shapes report on its
value nodes, not the focus node, so such a shape is left unbounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.term import Node

from thbkg.build.engines.reach import Link, Names, Part, Reach, Step, Unbounded, expand, oriented, query_reach
from thbkg.build.engines.shacl_sparql import constraint_query, deactivated, target_query
from thbkg.build.terms import SH
from thbkg.build.validate import report_term
from thbkg.core.evidence import QUOTES_ABOUT
from thbkg.core.names import LABEL_ORDER

ROOT = "this"
TYPED = SequencePath(RDF.type, MulPath(RDFS.subClassOf, "*"))
REPEATS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}
USES = (SH.node, SH["not"], SH.qualifiedValueShape, SH.property)
USES_ALL = (SH["and"], SH["or"], SH.xone)
# SHACL terms that read nothing beyond the value nodes and their own parameters (and the targets,
# read as a part of their own; a nested shape's targets are not used).
LOCAL = {
    *(SH[name] for name in ("datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength", "pattern")),
    *(SH[name] for name in ("flags", "languageIn", "uniqueLang", "hasValue", "in", "minInclusive", "maxInclusive")),
    *(SH[name] for name in ("minExclusive", "maxExclusive", "qualifiedMinCount", "qualifiedMaxCount")),
    *(SH[name] for name in ("ignoredProperties", "path", "message", "name", "description", "order", "group")),
    *(SH[name] for name in ("severity", "deactivated", "sparql", "targetClass", "targetNode", "targetSubjectsOf")),
    *(SH[name] for name in ("targetObjectsOf", "target", "qualifiedValueShapesDisjoint", "defaultValue")),
}
SHACL = str(SH)


@dataclass(frozen=True)
class ShapeReach:
    """A shape's reach, in parts, and the shapes (as reports name them) that report its findings."""

    parts: tuple[Reach, ...]
    reporters: frozenset[str]


@cache
def display_reach() -> tuple[Reach, ...]:
    """What a finding shows besides the fault: the focus node's labels and the quoted passages."""
    labels = tuple(Link((ROOT, ox.NamedNode(predicate), None), 0) for predicate in LABEL_ORDER)
    return Reach(ROOT, labels), Reach("focus", query_reach(QUOTES_ABOUT, "focus", substituted=False))


def reporters(shapes: Graph, shape: Node) -> tuple[frozenset[str], bool]:
    """The shapes that report ``shape``'s findings (itself and its property shapes, and theirs), and
    whether each reports on the focus node (no property shape with a path has property shapes)."""
    found, on_focus, todo = set(), True, [shape]
    while todo:
        node = todo.pop()
        name = report_term(node)
        if name in found:
            continue
        found.add(name)
        nested = list(shapes.objects(node, SH.property))
        if nested and shapes.value(node, SH.path) is not None:
            on_focus = False
        todo += nested
    return frozenset(found), on_focus


def shape_reach(shapes: Graph, shape: Node) -> ShapeReach:
    """The reach of ``shape`` (a shape with targets, on the fast path); Unbounded where the analysis
    cannot bound it."""
    named, on_focus = reporters(shapes, shape)
    if not on_focus:
        raise Unbounded("a property shape with property shapes: they report on its value nodes")
    parts = [Reach(ROOT, steps) for steps in _target_reach(shapes, shape)]
    parts.append(Reach(ROOT, tuple(core_reach(shapes, shape))))
    for holder in (shape, *shapes.objects(shape, SH.property)):
        for constraint in shapes.objects(holder, SH.sparql):
            if not deactivated(shapes, constraint):
                parts.append(Reach(ROOT, query_reach(constraint_query(shapes, holder, constraint))))
    return ShapeReach((*parts, *display_reach()), named)


def _target_reach(shapes: Graph, shape: Node) -> list[tuple[Step, ...]]:
    """The links each target of ``shape`` reads from a node to tell whether it selects it: a class's
    instances by their types and the classes above them, a predicate's subjects or objects by their
    triples with it, a SPARQL target by its query."""
    found = []
    for cls in shapes.objects(shape, SH.targetClass):
        names, parts = Names(), list[Part]()
        expand(ROOT, TYPED, ox.NamedNode(str(cls)), names, parts)
        found.append(tuple(oriented(parts, {ROOT})[0]))
    for at, kind in ((0, SH.targetSubjectsOf), (2, SH.targetObjectsOf)):
        for predicate in shapes.objects(shape, kind):
            ends = (ROOT, None) if at == 0 else (None, ROOT)
            found.append((Link((ends[0], ox.NamedNode(str(predicate)), ends[1]), at),))
    found += [
        query_reach(target_query(shapes, target), ROOT, substituted=False)
        for target in shapes.objects(shape, SH.target)
    ]
    return found


def core_reach(shapes: Graph, shape: Node) -> list[Step]:
    """The links SHACL Core reads from a focus node of ``shape`` (core.py): its path, and each
    constraint's reads from the value nodes, through every shape it uses. A shape used in several
    places is read once, from a variable every place that uses it passes its nodes to."""
    names, parts = Names(), list[Part]()
    _shape_parts(shapes, shape, ROOT, names, parts, {})
    steps, _ = oriented(parts, {ROOT})
    return steps


def _shape_parts(
    shapes: Graph, shape: Node, node: str, names: Names, parts: list[Part], entries: dict[Node, str]
) -> None:
    entry = entries.get(shape)
    if entry is not None:
        parts.append(Part((node, entry)))
        return
    entry = entries[shape] = names.fresh("shape")
    parts.append(Part((node, entry)))
    path = shapes.value(shape, SH.path)
    values = entry
    if path is not None:
        values = names.fresh("value")
        expand(entry, shacl_path(shapes, path), values, names, parts)
    for predicate, obj in shapes.predicate_objects(shape):
        if predicate == SH["class"]:
            expand(values, TYPED, ox.NamedNode(str(obj)), names, parts)
        elif predicate == SH.equals:
            expand(entry, shacl_path(shapes, obj), names.fresh("equal"), names, parts)
        elif predicate in USES:
            _shape_parts(shapes, obj, values, names, parts, entries)
        elif predicate in USES_ALL:
            for member in Collection(shapes, obj):
                _shape_parts(shapes, member, values, names, parts, entries)
        elif predicate == SH.closed:
            if str(obj).lower() == "true":
                parts.append(Part((values, None, names.fresh("closed"))))
        elif str(predicate).startswith(SHACL) and predicate not in LOCAL:
            raise Unbounded(f"{report_term(predicate)} on a shape")


def shacl_path(shapes: Graph, path: Node) -> URIRef | Path:
    """A SHACL path (SHACL 2.3.1) as rdflib's property path."""
    if isinstance(path, URIRef):
        return path
    if (path, RDF.first, None) in shapes:
        return SequencePath(*(shacl_path(shapes, step) for step in Collection(shapes, path)))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return AlternativePath(*(shacl_path(shapes, step) for step in Collection(shapes, alternatives)))
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return InvPath(shacl_path(shapes, inverse))
    for kind, mod in REPEATS.items():
        inner = shapes.value(path, kind)
        if inner is not None:
            return MulPath(shacl_path(shapes, inner), mod)  # type: ignore[arg-type]
    raise Unbounded(f"a path the analysis does not read: {path}")
