"""The shapes checked against SHACL's own meta-shapes (SHACL-SHACL) before they validate anything,
each fault reported at the file and line of the shape it is in.

A parsed graph keeps no positions, so a fault is placed by name: at the file that describes the
faulty shape (for a blank node, the named shape that holds it) and at the line where that file
starts the description, the shape's name at the start of a line as the shapes files are laid
out; failing that, at the file alone.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyshacl
from pyparsing import ParseException
from pyshacl.entrypoints import meta_validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Node

from thbkg.build.engines import engine
from thbkg.build.ntriples import from_graph
from thbkg.build.terms import SH
from thbkg.build.textfile import read_text
from thbkg.build.turtle import parse_turtle
from thbkg.build.validate import report_term
from thbkg.core.errors import InputError, Problem


def check_shapes(shapes: Graph, directory: Path) -> None:
    """Raise InputError with one problem per fault unless ``shapes``, read from the ``*.ttl`` files
    of ``directory``, is valid SHACL whose SPARQL constraints all parse."""
    queries = _unreadable_queries(shapes)
    if not queries and _valid_at_a_glance(shapes):
        return
    conforms, results, _ = meta_validate(shapes, inference="none")
    if conforms and not queries:
        return
    files = {path: parse_turtle(path) for path in sorted(directory.glob("*.ttl"))}
    problems = set()
    for holder, reason in queries:
        shape = _named(shapes, holder)
        path, line = _declaration(shape, files, directory)
        name = report_term(shape) if isinstance(shape, URIRef) else "a blank node"
        problems.add(Problem(path, line, f"{name}: {reason}"))
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = _named(shapes, results.value(result, SH.focusNode))
        path, line = _declaration(shape, files, directory)
        stated = (results.value(result, SH.resultPath), results.value(result, SH.value))
        fault = " ".join(report_term(term) for term in stated if term is not None)
        message = " / ".join(sorted(str(m) for m in results.objects(result, SH.resultMessage)))
        name = report_term(shape) if isinstance(shape, URIRef) else "a blank node"
        problems.add(Problem(path, line, f"{name} is not valid SHACL: {fault}: {message}"))
    raise InputError(sorted(problems, key=lambda p: (str(p.path), p.line, p.reason)))


def _valid_at_a_glance(shapes: Graph) -> bool:
    """Whether the fast engine finds the shapes valid against SHACL's meta-shapes: the usual
    outcome, in a twentieth of pyshacl's time. Anything else is worked out again by pyshacl, whose
    results name each fault (tests/test_shapes.py puts faults in and expects them reported)."""
    return engine("fast").validate(from_graph(shapes), meta_shapes()).conforms


@cache
def meta_shapes() -> Graph:
    """SHACL's shapes for shapes graphs (SHACL-SHACL), as pyshacl ships them."""
    return Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl", format="turtle")


def _unreadable_queries(shapes: Graph) -> list[tuple[Node, str]]:
    """The SPARQL of each sh:select and sh:ask that does not parse, with where the parser stopped."""
    found = []
    for holder, keyword, text in [*shapes.triples((None, SH.select, None)), *shapes.triples((None, SH.ask, None))]:
        try:
            parseQuery(str(text))
        except ParseException as exc:
            found.append((holder, f"its {report_term(keyword)} query is not SPARQL (line {exc.lineno} of the query)"))
    return found


def _named(graph: Graph, node: Node) -> Node:
    """``node``, or for a blank node the nearest named node that holds it (through lists too)."""
    seen = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        holders = sorted(graph.subjects(None, node), key=lambda holder: (isinstance(holder, BNode), str(holder)))
        if not holders:
            break
        node = holders[0]
    return node


def _declaration(shape: Node, files: dict[Path, Graph], directory: Path) -> tuple[Path, int]:
    """The file describing ``shape`` and the line starting its description (0: not found)."""
    if not isinstance(shape, URIRef):
        return directory, 0
    for path, graph in files.items():
        if (shape, None, None) not in graph:
            continue
        names = {f"<{shape}>"} | {
            f"{prefix}:{shape[len(ns) :]}" for prefix, ns in graph.namespaces() if shape.startswith(ns)
        }
        for number, text in enumerate(read_text(path).splitlines(), start=1):
            if text[:1].strip() and text.split(maxsplit=1)[0] in names:
                return path, number
        return path, 0
    return directory, 0
