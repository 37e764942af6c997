"""SHACL Core on pyoxigraph, in Python: the constraints the fast path takes (shapes_plan.SUPPORTED),
evaluated as pyshacl evaluates them (its code is the reference: each rule below names the component
it follows), on the store of the literals as written (as_written.py), so a literal's datatype and
lexical form are the ones rdflib reads.

It replaces pyrudof, which spent about 0.8 s per validation on any data of 100 reports before
looking at a shape and grew with the data to minutes at a thousand reports. Here each focus node
costs a few store lookups: the values of a path are read per focus node, a class's instances once
per class, and a nested shape's verdict on a node once per pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox
from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from thbkg.build.engines.as_written import PREFIX, rdflib_literal
from thbkg.build.terms import SH

Term = ox.NamedNode | ox.BlankNode | ox.Literal
RDF_TYPE = ox.NamedNode(str(RDF.type))
RDFS_RESOURCE = ox.NamedNode(str(RDFS.Resource))
KINDS: dict[Node, tuple[type, ...]] = {
    SH.IRI: (ox.NamedNode,),
    SH.BlankNode: (ox.BlankNode,),
    SH.Literal: (ox.Literal,),
    SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode),
    SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
    SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
}
STRINGS = {str(XSD.string), str(RDF.langString)}


@dataclass(frozen=True)
class Result:
    """One validation result: the shape and component that report it, the focus node, the path
    (a node of the shapes graph, or an IRI for sh:closed) and the value."""

    shape: Node
    component: URIRef
    focus: Term
    path: Node | None
    value: Term | None


def report_value(term: Term) -> Term | Literal:
    """A value as a finding shows it: a literal as rdflib reads it, anything else as it is."""
    return rdflib_literal(term) if isinstance(term, ox.Literal) else term


def _text(term: Term) -> str:
    """pyshacl's string of a value node (StringBasedConstraintBase.value_node_to_string)."""
    if isinstance(term, ox.Literal):
        literal = rdflib_literal(term)
        if literal.value is not None and literal.datatype in (None, RDF.langString, XSD.string):
            return str(literal.value)
        return str(literal)
    return term.value


def _datatype_matches(term: Term, datatype: URIRef) -> bool:
    """pyshacl's DatatypeConstraintComponent on the literal as rdflib reads it."""
    if not isinstance(term, ox.Literal):
        return False
    if str(datatype) in STRINGS:  # a string's value is a str: pyshacl's only test is the type
        return term.datatype.value.removeprefix(PREFIX) == str(datatype)
    if term.datatype.value.removeprefix(PREFIX) != str(datatype) and datatype not in (RDFS.Literal, RDFS.Datatype):
        return False
    literal = rdflib_literal(term)
    if literal.datatype == datatype:
        if getattr(literal, "ill_typed", None) is True:
            return False
        return bool(DatatypeConstraintComponent._assert_actual_datatype(None, literal, datatype))  # type: ignore[arg-type]
    return datatype == RDFS.Literal or (datatype == RDFS.Datatype and literal.datatype is not None)


def _term(node: Node) -> Term:
    """A node of the shapes graph as the store of the literals as written keeps it."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    assert isinstance(node, Literal)
    if node.language:
        return ox.Literal(str(node), language=node.language)
    datatype = str(node.datatype or XSD.string)
    return ox.Literal(str(node), datatype=ox.NamedNode(datatype if datatype == str(XSD.string) else PREFIX + datatype))


class Core:
    """The SHACL Core results of shapes on the data in a store of the literals as written."""

    def __init__(self, store: ox.Store, shapes: Graph) -> None:
        self.store = store
        self.shapes = shapes
        self._instances: dict[Node, set[Term]] = {}
        self._verdicts: dict[tuple[Node, Term], bool] = {}
        self._shape: dict[Node, tuple[Node | None, list[tuple[str, Any]]]] = {}
        self._paths: dict[Node, tuple[str, Any]] = {}

    def results(self, shape: Node, focus: Iterable[Term]) -> list[Result]:
        """The results of ``shape`` on each of its focus nodes."""
        return [result for node in focus for result in self._validate(shape, node)]

    def conforms(self, node: Term, shape: Node) -> bool:
        """Whether ``node`` conforms to ``shape`` (sh:node, sh:or, ... : kept per pair)."""
        key = (shape, node)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = next(iter(self._validate(shape, node)), None) is None
        return verdict

    def instances(self, cls: Node) -> set[Term]:
        """The things typed ``cls`` or a subclass of it (pyshacl's ClassConstraintComponent)."""
        found = self._instances.get(cls)
        if found is None:
            query = f"SELECT DISTINCT ?x WHERE {{ ?x <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> }}"
            found = self._instances[cls] = {row["x"] for row in self.store.query(query)}  # type: ignore[union-attr]
        return found

    def values(self, focus: Term, path: Node) -> list[Term]:
        """The values of a SHACL path from ``focus``, each once."""
        kind, steps = self._compiled(path)
        if kind == "predicate":  # one predicate: the store holds each triple once
            if isinstance(focus, ox.Literal):
                return []
            return [quad.object for quad in self.store.quads_for_pattern(focus, steps, None)]  # type: ignore[misc]
        return list(dict.fromkeys(self._path(focus, path)))

    def _path(self, focus: Term, path: Node) -> Iterator[Term]:
        kind, steps = self._compiled(path)
        if kind == "predicate":
            if not isinstance(focus, ox.Literal):
                for quad in self.store.quads_for_pattern(focus, steps, None):
                    yield quad.object  # type: ignore[misc]
        elif kind == "inverse":
            for quad in self.store.quads_for_pattern(None, steps, focus):
                yield quad.subject  # type: ignore[misc]
        elif kind == "sequence":
            nodes = [focus]
            for step in steps:
                nodes = list(dict.fromkeys(value for node in nodes for value in self._path(node, step)))
            yield from nodes
        elif kind == "alternative":
            for step in steps:
                yield from self._path(focus, step)
        else:
            inner, least, most = steps
            yield from self._repeated(focus, inner, least, most)

    def _compiled(self, path: Node) -> tuple[str, Any]:
        """A SHACL path read from the shapes once: its kind and its parts."""
        known = self._paths.get(path)
        if known is not None:
            return known
        shapes = self.shapes
        compiled: tuple[str, Any]
        alternatives, inverse = shapes.value(path, SH.alternativePath), shapes.value(path, SH.inversePath)
        if isinstance(path, URIRef):
            compiled = ("predicate", ox.NamedNode(str(path)))
        elif (path, RDF.first, None) in shapes:
            compiled = ("sequence", list(Collection(shapes, path)))
        elif alternatives is not None:
            compiled = ("alternative", list(Collection(shapes, alternatives)))
        elif isinstance(inverse, URIRef):
            compiled = ("inverse", ox.NamedNode(str(inverse)))
        else:
            repeats: list[tuple[URIRef, int, int | None]] = [
                (SH.zeroOrMorePath, 0, None),
                (SH.oneOrMorePath, 1, None),
                (SH.zeroOrOnePath, 0, 1),
            ]
            found = [(inner, least, most) for kind, least, most in repeats for inner in shapes.objects(path, kind)]
            if not found:
                raise ValueError(f"a path the fast engine does not read: {path}")
            compiled = ("repeat", found[0])
        self._paths[path] = compiled
        return compiled

    def _repeated(self, focus: Term, path: Node, least: int, most: int | None) -> Iterator[Term]:
        """The nodes ``path`` reaches from ``focus`` in ``least`` to ``most`` (None: any) steps."""
        seen = {focus: 0}
        todo = [focus]
        while todo and (most is None or seen[todo[0]] < most):
            node = todo.pop(0)
            for value in self._path(node, path):
                if value not in seen:
                    seen[value] = seen[node] + 1
                    todo.append(value)
        reached = [node for node, steps in seen.items() if steps >= least]
        if least and any(focus in self._path(node, path) for node in seen):
            reached.insert(0, focus)  # the focus node is reached again along a cycle
        yield from reached

    def _constraints(self, shape: Node) -> tuple[Node | None, list[tuple[str, Any]]]:
        """The path of ``shape`` and its constraints, each as the local name of its parameter and
        the parameter's value made ready to use, read from the shapes once."""
        known = self._shape.get(shape)
        if known is not None:
            return known
        shapes = self.shapes
        pairs = dict(shapes.predicate_objects(shape))
        ready = []
        for predicate, value in sorted(shapes.predicate_objects(shape)):
            name = str(predicate).removeprefix(str(SH))
            if name in ("minCount", "maxCount", "minLength"):
                ready.append((name, int(value)))  # type: ignore[call-overload]
            elif name == "nodeKind":
                ready.append((name, KINDS[value]))
            elif name == "pattern":
                ready.append((name, re.compile(str(value))))
            elif name == "languageIn":
                ready.append((name, {str(item).lower() for item in Collection(shapes, value)}))
            elif name in ("in", "hasValue"):
                items = Collection(shapes, value) if name == "in" else [value]
                ready.append((name, {_term(item) for item in items}))
            elif name in ("and", "or", "xone"):
                ready.append((name, list(Collection(shapes, value))))
            elif name == "qualifiedValueShape":
                least, most = pairs.get(SH.qualifiedMinCount), pairs.get(SH.qualifiedMaxCount)
                bounds = (None if bound is None else int(bound) for bound in (least, most))  # type: ignore[call-overload]
                ready.append((name, (value, *bounds)))
            elif name == "closed" and str(value).lower() == "true":
                ready.append((name, self._allowed(shape)))
            elif name == "uniqueLang" and str(value).lower() == "true":
                ready.append((name, True))
            elif name in ("class", "datatype", "equals", "node", "not", "property"):
                ready.append((name, value))
        self._shape[shape] = (pairs.get(SH.path), ready)
        return self._shape[shape]

    def _allowed(self, shape: Node) -> set[str]:
        """The predicates a closed shape allows: its property shapes' paths, and those it ignores."""
        shapes = self.shapes
        allowed = {str(p) for ps in shapes.objects(shape, SH.property) for p in shapes.objects(ps, SH.path)}
        for ignored in shapes.objects(shape, SH.ignoredProperties):
            allowed |= {str(item) for item in Collection(shapes, ignored)}
        return allowed

    def _validate(self, shape: Node, focus: Term) -> Iterator[Result]:
        """pyshacl's Shape.validate for one focus node: the value nodes (the focus node itself, or
        the values of the shape's path), then each constraint of the shape on them."""
        path, constraints = self._constraints(shape)
        values = [focus] if path is None else self.values(focus, path)

        def result(component: str, value: Term | None = None) -> Result:
            return Result(shape, _component(component), focus, path, value)

        for name, parameter in constraints:
            if name == "class":
                instances = self.instances(parameter)
                yield from (result("Class", v) for v in values if isinstance(v, ox.Literal) or v not in instances)
            elif name == "datatype":
                yield from (result("Datatype", v) for v in values if not _datatype_matches(v, parameter))
            elif name == "nodeKind":
                yield from (result("NodeKind", v) for v in values if not isinstance(v, parameter))
            elif name == "minCount" and len(values) < parameter:
                yield result("MinCount")
            elif name == "maxCount" and len(values) > parameter:
                yield result("MaxCount")
            elif name == "minLength" and parameter:
                for v in values:
                    if isinstance(v, ox.BlankNode) or len(_text(v)) < parameter:
                        yield result("MinLength", v)
            elif name == "pattern":
                for v in values:
                    if isinstance(v, ox.BlankNode) or not parameter.search(_text(v)):
                        yield result("Pattern", v)
            elif name == "languageIn":
                yield from (result("LanguageIn", v) for v in values if not _language_in(v, parameter))
            elif name == "uniqueLang":
                yield from (result("UniqueLang") for _ in _repeated_languages(values))
            elif name == "equals":
                others = self.values(focus, parameter)
                yield from (result("Equals", v) for v in values if v not in others)
                yield from (result("Equals", v) for v in others if v not in values)
            elif name == "hasValue" and not parameter & set(values):
                yield result("HasValue")
            elif name == "in":
                yield from (result("In", v) for v in values if v not in parameter)
            elif name == "node":
                yield from (result("Node", v) for v in values if not self.conforms(v, parameter))
            elif name == "not":
                yield from (result("Not", v) for v in values if self.conforms(v, parameter))
            elif name in ("and", "or", "xone"):
                for v in values:
                    count = sum(self.conforms(v, member) for member in parameter)
                    if not _logical(name, count, len(parameter)):
                        yield result(name.capitalize(), v)
            elif name == "qualifiedValueShape":
                yield from self._qualified(parameter, values, result)
            elif name == "closed":
                yield from self._closed(shape, focus, values, parameter)
            elif name == "property":
                for v in values:
                    yield from self._validate(parameter, v)

    def _qualified(
        self, parameter: tuple[Node, int | None, int | None], values: list[Term], result: Callable[[str], Result]
    ) -> Iterator[Result]:
        """pyshacl's QualifiedValueShapeConstraintComponent, without sibling shapes
        (sh:qualifiedValueShapesDisjoint is not on the fast path)."""
        qualified, least, most = parameter
        if not values and (least is None or least < 1):
            return
        count = sum(self.conforms(v, qualified) for v in values)
        if least is not None and count < least:
            yield result("QualifiedMinCount")
        if most is not None and count > most:
            yield result("QualifiedMaxCount")

    def _closed(self, shape: Node, focus: Term, values: list[Term], allowed: set[str]) -> Iterator[Result]:
        """pyshacl's ClosedConstraintComponent: a result for each triple of a value node whose
        predicate is neither a property shape's path nor ignored (nor rdf:type rdfs:Resource)."""
        for v in values:
            if isinstance(v, ox.Literal):
                continue
            for quad in self.store.quads_for_pattern(v, None, None):
                predicate = quad.predicate
                if predicate.value in allowed or (predicate == RDF_TYPE and quad.object == RDFS_RESOURCE):
                    continue
                yield Result(shape, SH.ClosedConstraintComponent, focus, URIRef(predicate.value), quad.object)  # type: ignore[arg-type]


@cache
def _component(name: str) -> URIRef:
    return SH[f"{name}ConstraintComponent"]


def _logical(name: str, count: int, members: int) -> bool:
    """Whether a value that conforms to ``count`` of ``members`` shapes passes sh:and, sh:or, sh:xone."""
    if name == "and":
        return count == members
    if name == "or":
        return count > 0
    return count == 1


def _language_in(term: Term, wanted: set[str]) -> bool:
    """pyshacl's LanguageInConstraintComponent: the tag, or its first part, is one of ``wanted``."""
    if not isinstance(term, ox.Literal) or not term.language:
        return False
    tag = term.language.lower()
    return "*" in wanted or tag in wanted or tag.split("-")[0] in wanted


def _repeated_languages(values: list[Term]) -> set[str]:
    """The language tags (lower case) more than one value has (pyshacl's UniqueLang...)."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for v in values:
        if isinstance(v, ox.Literal) and v.language:
            tag = v.language.lower()
            (repeated if tag in seen else seen).add(tag)
    return repeated
