"""SHACL Core on pyoxigraph, in Python: the constraints the fast path takes (shapes_plan.SUPPORTED),
evaluated as pyshacl evaluates them (its code is the reference: each rule below names the component
it follows), on the data as written (as_written.py, dataset.py), so a literal's datatype and
lexical form are the ones rdflib reads.

It replaces pyrudof, which spent about 0.8 s per validation on any data of 100 reports before
looking at a shape and grew with the data to minutes at a thousand reports. Here each shape is read
once, into a check per constraint and a reader per path, and each focus node costs a few store
look-ups: the values of a path are read per focus node (the triples of a focus node at once for a
node shape with FAN property shapes or more), a class's instances once per class, and a nested
shape's verdict on a node once per pair.
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
from thbkg.build.engines.dataset import Dataset
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
# From this many property shapes on, a node shape reads all the triples of its focus node at once.
FAN = 5


@dataclass(frozen=True)
class Result:
    """One validation result: the shape and component that report it, the focus node, the path
    (a node of the shapes graph, or an IRI for sh:closed) and the value."""

    shape: Node
    component: URIRef
    focus: Term
    path: Node | None
    value: Term | None


# One constraint of a shape: a focus node and its value nodes to the results (or None for none).
Check = Callable[[Term, list[Term]], list[Result] | None]


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
    """The SHACL Core results of shapes on the data, read as written."""

    def __init__(self, data: Dataset, shapes: Graph) -> None:
        self.data = data
        self.shapes = shapes
        self._instances: dict[Node, set[Term]] = {}
        self._classes: dict[Node, set[Term]] = {}
        # Few focus nodes (revalidate.py): a value's class is looked up for it, not all of a class's instances.
        self.few = False
        self._verdicts: dict[tuple[Node, Term], bool] = {}
        self._shape: dict[Node, tuple[Node | None, list[tuple[str, Any]]]] = {}
        self._paths: dict[Node, tuple[str, Any]] = {}
        self._readers: dict[Node, Callable[[Term], list[Term]]] = {}
        self._node: Term | None = None  # the node whose triples are read into _triples
        self._triples: dict[ox.NamedNode, list[Term]] = {}
        self._checks: dict[Node, tuple[Callable[[Term], list[Term]] | None, list[Check]]] = {}

    def results(self, shape: Node, focus: Iterable[Term]) -> list[Result]:
        """The results of ``shape`` on each of its focus nodes."""
        return [result for node in focus for result in self._validate(shape, node)]

    def conforms(self, node: Term, shape: Node) -> bool:
        """Whether ``node`` conforms to ``shape`` (sh:node, sh:or, ... : kept per pair)."""
        key = (shape, node)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = not self._validate(shape, node)
        return verdict

    def instances(self, cls: Node) -> set[Term]:
        """The things typed ``cls`` or a subclass of it (pyshacl's ClassConstraintComponent)."""
        found = self._instances.get(cls)
        if found is None:  # the subclasses by a query, their instances by look-ups (half the time of one query)
            found = self._instances[cls] = {
                quad.subject  # type: ignore[misc]
                for known in self.subclasses(cls)
                for quad in self.data.quads(None, RDF_TYPE, known)
            }
        return found

    def subclasses(self, cls: Node) -> set[Term]:
        """``cls`` and the classes below it, by a query once per class."""
        found = self._classes.get(cls)
        if found is None:
            query = f"SELECT ?class WHERE {{ ?class <{RDFS.subClassOf}>* <{cls}> }}"
            rows = {row["class"] for row in self.data.query(query, True)} | {_term(cls)}
            found = self._classes[cls] = {known for known in rows if not isinstance(known, ox.Literal | ox.Triple)}
        return found

    def is_instance(self, node: Term, cls: Node) -> bool:
        """Whether ``node`` is in ``instances(cls)``: by its own types where few nodes are asked about."""
        if not self.few or cls in self._instances:
            return node in self.instances(cls)
        if isinstance(node, ox.Literal):
            return False
        classes = self.subclasses(cls)
        return any(quad.object in classes for quad in self.data.quads(node, RDF_TYPE, None))

    def values(self, focus: Term, path: Node) -> list[Term]:
        """The values of a SHACL path from ``focus``, each once."""
        return self._reader(path)(focus)

    def _reader(self, path: Node) -> Callable[[Term], list[Term]]:
        """A function from a node to the values of ``path`` from it, each once, made once per path."""
        reader = self._readers.get(path)
        if reader is None:
            reader = self._readers[path] = self._made_reader(path)
        return reader

    def _made_reader(self, path: Node) -> Callable[[Term], list[Term]]:
        kind, steps = self._compiled(path)
        data = self.data
        if kind == "predicate":  # one predicate: the data hold each triple once

            def objects(focus: Term) -> list[Term]:
                if focus is self._node:
                    return self._triples.get(steps, [])
                return [] if isinstance(focus, ox.Literal) else data.objects(focus, steps)

            return objects
        if kind == "inverse":
            return lambda focus: [quad.subject for quad in data.quads(None, steps, focus)]  # type: ignore[misc]
        if kind == "repeat":
            return lambda focus: list(dict.fromkeys(self._repeated(focus, *steps)))
        return self._combined(kind, [self._reader(step) for step in steps])

    @staticmethod
    def _combined(kind: str, readers: list[Callable[[Term], list[Term]]]) -> Callable[[Term], list[Term]]:
        """The values of a sequence or an alternative of paths, read by ``readers``, each once."""
        if kind == "alternative":
            return lambda focus: list(dict.fromkeys(value for read in readers for value in read(focus)))

        def sequence(focus: Term) -> list[Term]:
            nodes = [focus]
            for read in readers:
                nodes = list(dict.fromkeys(value for node in nodes for value in read(node)))
            return nodes

        return sequence

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
            for value in self.values(node, path):
                if value not in seen:
                    seen[value] = seen[node] + 1
                    todo.append(value)
        reached = [node for node, steps in seen.items() if steps >= least]
        if least and any(focus in self.values(node, path) for node in seen):
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

    def _validate(self, shape: Node, focus: Term) -> list[Result]:
        """pyshacl's Shape.validate for one focus node: the value nodes (the focus node itself, or
        the values of the shape's path), then each constraint of the shape on them."""
        compiled = self._checks.get(shape)
        if compiled is None:
            compiled = self._checks[shape] = self._compile(shape)
        values_of, checks = compiled
        values = [focus] if values_of is None else values_of(focus)
        found: list[Result] = []
        for check in checks:
            results = check(focus, values)
            if results:
                found += results
        return found

    def _compile(self, shape: Node) -> tuple[Callable[[Term], list[Term]] | None, list[Check]]:
        """How ``shape`` reads its value nodes, and a check for each of its constraints, made once:
        a focus node then costs its look-ups and no reading of the shapes."""
        path, constraints = self._constraints(shape)
        checks = [self._check(shape, path, name, parameter) for name, parameter in constraints]
        if path is not None:
            return self._reader(path), checks
        if sum(name == "property" for name, _ in constraints) < FAN:
            return None, checks

        def read_whole(focus: Term) -> list[Term]:
            """The focus node, its triples read at once for its property shapes (one look-up, not one
            per property shape)."""
            if focus is not self._node and not isinstance(focus, ox.Literal):
                self._node, self._triples = focus, self.data.outgoing(focus)
            return [focus]

        return read_whole, checks

    def _check(self, shape: Node, path: Node | None, name: str, parameter: Any) -> Check:
        """One constraint of ``shape`` as a function of a focus node and its value nodes to the
        results it reports (pyshacl's constraint component of that name)."""
        component = _component(name[0].upper() + name[1:] if name != "closed" else "Closed")

        def result(focus: Term, value: Term | None = None, named: URIRef = component) -> Result:
            return Result(shape, named, focus, path, value)

        if name == "class":
            is_instance = self.is_instance
            return lambda focus, values: [
                result(focus, v) for v in values if isinstance(v, ox.Literal) or not is_instance(v, parameter)
            ]
        if name == "datatype":
            return lambda focus, values: [result(focus, v) for v in values if not _datatype_matches(v, parameter)]
        if name == "nodeKind":
            return lambda focus, values: [result(focus, v) for v in values if not isinstance(v, parameter)]
        if name == "minCount":
            return lambda focus, values: [result(focus)] if len(values) < parameter else None
        if name == "maxCount":
            return lambda focus, values: [result(focus)] if len(values) > parameter else None
        if name == "minLength":
            return lambda focus, values: [
                result(focus, v)
                for v in values
                if parameter and (isinstance(v, ox.BlankNode) or len(_text(v)) < parameter)
            ]
        if name == "pattern":
            return lambda focus, values: [
                result(focus, v) for v in values if isinstance(v, ox.BlankNode) or not parameter.search(_text(v))
            ]
        if name == "languageIn":
            return lambda focus, values: [result(focus, v) for v in values if not _language_in(v, parameter)]
        if name == "uniqueLang":
            return lambda focus, values: [result(focus) for _ in _repeated_languages(values)]
        if name == "equals":

            def equals(focus: Term, values: list[Term]) -> list[Result]:
                others = self.values(focus, parameter)
                return [result(focus, v) for v in values if v not in others] + [
                    result(focus, v) for v in others if v not in values
                ]

            return equals
        if name == "hasValue":
            return lambda focus, values: [result(focus)] if not parameter & set(values) else None
        if name == "in":
            return lambda focus, values: [result(focus, v) for v in values if v not in parameter]
        if name == "node":
            return lambda focus, values: [result(focus, v) for v in values if not self.conforms(v, parameter)]
        if name == "not":
            return lambda focus, values: [result(focus, v) for v in values if self.conforms(v, parameter)]
        if name in ("and", "or", "xone"):
            return lambda focus, values: [
                result(focus, v)
                for v in values
                if not _logical(name, sum(self.conforms(v, member) for member in parameter), len(parameter))
            ]
        if name == "qualifiedValueShape":
            return lambda focus, values: list(
                self._qualified(parameter, values, lambda c: result(focus, None, _component(c)))
            )
        if name == "closed":
            return lambda focus, values: list(self._closed(shape, focus, values, parameter))
        assert name == "property"
        validate = self._validate
        return lambda focus, values: [found for v in values for found in validate(parameter, v)]

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
            for quad in self.data.quads(v, None, None):
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
