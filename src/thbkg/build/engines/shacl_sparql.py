"""SHACL-SPARQL on pyoxigraph: the focus nodes of a shape's targets, and its SPARQL constraints run
once per focus node with ``$this`` pre-bound and ``$PATH`` replaced by the shape's path, each
solution a result as SHACL 5.3 says and pyshacl reports it: the focus node is ``?this``, the path
``?path`` or the shape's, the value ``?value`` or, on a node shape, the focus node, and the message
each sh:message with ``{?var}`` / ``{$var}`` replaced by the variable's value. A shape whose
SPARQL tells datatypes apart runs on the data as written (as_written.py, dataset.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from thbkg.build.engines.as_written import original, stored
from thbkg.build.engines.batched import runs_batched, with_focus
from thbkg.build.engines.dataset import Dataset
from thbkg.build.shacl_messages import default_message
from thbkg.build.terms import SH, oxigraph_term
from thbkg.build.validate import Context, Finding, finding, path_text, report_term

Focus = ox.NamedNode | ox.BlankNode | ox.Literal
PATH_VARIABLE = re.compile(r"([\s{}()])[$?]PATH")
RDF_TYPE = f"<{RDF.type}>"
# From this many focus nodes on, a constraint that allows it runs as one query (batched.py): below,
# the queries per focus node cost less than reading the query to tell.
BATCH = 200
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


def prefixes(shapes: Graph, holder: Node) -> str:
    """The PREFIX lines that a SPARQL target or constraint declares with sh:prefixes."""
    lines = {
        f"PREFIX {shapes.value(declaration, SH.prefix)}: <{shapes.value(declaration, SH.namespace)}>\n"
        for ontology in shapes.objects(holder, SH.prefixes)
        for declaration in shapes.objects(ontology, SH.declare)
    }
    return "".join(sorted(lines))


def _select(data: Dataset, query: str, written: bool = False) -> Iterator[Focus]:
    for row in data.query(query, written):
        node = original(row["this"])
        if node is not None and not isinstance(node, ox.Triple):
            yield node


def focus_nodes(
    shapes: Graph, shape: Node, data: Dataset, instances: Callable[[Node], set[Focus]], written: bool
) -> list[Focus]:
    """The focus nodes of ``shape``'s targets, each once: a class's instances by ``instances``, the
    subjects and objects of a predicate from the data as written, a SPARQL target's by its query on
    the data as written if ``written``, else as values."""
    found: set[Focus] = {oxigraph_term(node) for node in shapes.objects(shape, SH.targetNode)}
    for cls in shapes.objects(shape, SH.targetClass):
        found |= instances(cls)
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        found |= set(_select(data, f"SELECT DISTINCT ?this WHERE {{ ?this <{predicate}> ?o }}", True))
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        found |= set(_select(data, f"SELECT DISTINCT ?this WHERE {{ ?s <{predicate}> ?this }}", True))
    for target in shapes.objects(shape, SH.target):
        found |= set(_select(data, target_query(shapes, target), written))
    return list(found)


def focus_among(
    shapes: Graph,
    shape: Node,
    data: Dataset,
    is_instance: Callable[[Focus, Node], bool],
    written: bool,
    nodes: list[Focus],
    around: Callable[[str], Dataset] | None = None,
) -> list[Focus]:
    """Those of ``nodes`` (IRIs) that ``shape``'s targets select, as focus_nodes would select them,
    asked about each node: its classes (``is_instance``), its triples, and a SPARQL target's query
    joined with the nodes where that gives the same rows (batched.py), else run whole: on the
    data, or on ``around(query)``, data that hold what the query reads from each of the nodes."""
    if not nodes:
        return []
    found = {oxigraph_term(node) for node in shapes.objects(shape, SH.targetNode)} & set(nodes)
    for cls in shapes.objects(shape, SH.targetClass):
        found |= {node for node in nodes if is_instance(node, cls)}
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        found |= {node for node in nodes if any(data.quads(node, oxigraph_term(predicate), None))}  # type: ignore[arg-type]
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        found |= {node for node in nodes if any(data.quads(None, oxigraph_term(predicate), node))}  # type: ignore[arg-type]
    for target in shapes.objects(shape, SH.target):
        query = target_query(shapes, target)
        if _batched(query):
            found |= set(_select(data, with_focus(query, [str(node) for node in nodes]), written))
        else:
            near = data if around is None or written else around(query)
            found |= set(_select(near, query, written)) & set(nodes)
    return [node for node in nodes if node in found]


def target_query(shapes: Graph, target: Node) -> str:
    """A SPARQL target's query, its PREFIX lines first."""
    return prefixes(shapes, target) + str(shapes.value(target, SH.select))


def _text(term: object) -> str:
    """A variable's value in a message, as pyshacl writes it: an IRI or a literal's lexical form."""
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal) else str(term)


def _format(message: str, bindings: dict[str, object]) -> str:
    for name, value in bindings.items():
        message = message.replace(f"{{?{name}}}", _text(value)).replace(f"{{${name}}}", _text(value))
    return message


def deactivated(shapes: Graph, constraint: Node) -> bool:
    return str(shapes.value(constraint, SH.deactivated) or "").lower() == "true"


def constraint_query(shapes: Graph, shape: Node, constraint: Node) -> str:
    """The query of ``shape``'s SPARQL constraint as it runs: its PREFIX lines first, ``$PATH``
    replaced by the shape's path."""
    path = shapes.value(shape, SH.path)
    query = prefixes(shapes, constraint) + str(shapes.value(constraint, SH.select))
    if path is not None:
        query = PATH_VARIABLE.sub(lambda m: m.group(1) + path_text(shapes, path, lambda t: f"<{t}>"), query)
    return query


def constraint_findings(
    data: Dataset,
    shapes: Graph,
    shape: Node,
    constraint: Node,
    nodes: list[Focus],
    context: Context,
    written: bool = False,
) -> list[Finding]:
    """The findings of one SPARQL constraint of ``shape`` on its focus nodes ``nodes``; ``written``:
    on the data as written (as_written.py), not as values."""
    if deactivated(shapes, constraint):
        return []
    path = shapes.value(shape, SH.path)
    query = constraint_query(shapes, shape, constraint)
    severity = str(shapes.value(shape, SH.severity) or SH.Violation)
    templates = {str(m) for m in shapes.objects(shape, SH.message)} | {
        str(m) for m in shapes.objects(constraint, SH.message)
    }
    default = default_message(shapes, shape, SH.SPARQLConstraintComponent)
    found = []
    seen = set()
    for focus, answer in _answers(data, query, written, nodes):
        names = [variable.value for variable in answer.variables]
        for row in answer:
            bindings = {name: original(row[name]) for name in names if row[name] is not None}
            key = (focus, *sorted((name, str(value)) for name, value in bindings.items()))
            if key in seen or not bindings.keys() & {"this", "path", "value"}:
                continue
            seen.add(key)
            this, result_path = bindings.get("this", focus), bindings.get("path")
            value = bindings.get("value", this if path is None else None)
            found.append(
                finding(
                    context,
                    severity=severity,
                    shape=shape,
                    focus=this,
                    path=path_text(shapes, path) if result_path is None else report_term(result_path),
                    path_iri=_iri(result_path) or (str(path) if isinstance(path, URIRef) else None),
                    message=" / ".join(sorted({_format(t, bindings) for t in templates})) or default,
                    value=value,
                )
            )
    return found


def _answers(
    data: Dataset, query: str, written: bool, nodes: list[Focus]
) -> Iterator[tuple[Focus | None, ox.QuerySolutions]]:
    """The rows of a constraint's ``query`` on each focus node: one query for them all where
    that gives the same rows (batched.py) and they are many, else one query per focus node."""
    if len(nodes) >= BATCH and not any(isinstance(node, ox.BlankNode) for node in nodes) and _batched(query):
        values = [str(stored(node)) if written else str(node) for node in nodes]
        yield None, data.query(with_focus(query, values), written)
        return
    for focus in nodes:
        yield focus, data.query(query, written, {ox.Variable("this"): focus})


@cache
def _batched(query: str) -> bool:
    return runs_batched(query)


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None
