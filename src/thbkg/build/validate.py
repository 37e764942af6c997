"""SHACL validation with a report a curator can act on: what, where, and which passage said it.

The report is one for every engine (build/engines/): the findings are made here from a SHACL
validation report graph, or term by term, by the same functions; a finding's message comes from the
shapes (build/shacl_messages.py), and its label and passages from the data in a pyoxigraph store.
Only a report's top-level results are findings: the nested results an engine may add (sh:detail)
are its own choice, and the top-level result already names the value and the shape it fails."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from thbkg.build.shacl_messages import messages
from thbkg.build.terms import SH, bind_prefixes, oxigraph_term
from thbkg.build.turtle import parse_turtle
from thbkg.core.errors import InputError
from thbkg.core.evidence import QUOTES_ABOUT
from thbkg.core.names import LABEL_ORDER, best_name
from thbkg.core.namespaces import PREFIXES, THBSH, prefixed
from thbkg.core.terms import solutions

REPORT_PREFIXES = {**PREFIXES, "thbsh": THBSH}


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with enough context to find the fix."""

    severity: str
    shape: str
    focus: str
    focus_label: str
    path: str
    message: str
    value: str
    passages: tuple[str, ...]

    def render(self) -> str:
        lines = [f"{self.severity}: {self.focus_label} <{self.focus}>", f"  shape:   {self.shape}"]
        if self.path:
            lines.append(f"  path:    {self.path}")
        lines.append(f"  message: {self.message}")
        if self.value:
            lines.append(f"  value:   {self.value}")
        lines += [f"  stated:  {passage}" for passage in self.passages]
        return "\n".join(lines)


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: whether it conforms and every finding."""

    conforms: bool
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    def render(self) -> str:
        if not self.findings:
            return "SHACL: the data conforms to every shape."
        others = len(self.findings) - len(self.violations)
        head = f"SHACL: {len(self.violations)} violation(s), {others} other result(s)"
        return "\n\n".join([head, *(f.render() for f in self.findings)])


class ShapesError(Exception):
    """The shapes graph itself is not valid SHACL."""


def load_shapes(directory: Path) -> Graph:
    """Every ``*.ttl`` of ``directory`` in one graph; InputError with the file and line of each file
    that cannot be read, so one run shows them all."""
    shapes, problems = Graph(), []
    for path in sorted(directory.glob("*.ttl")):
        try:
            parse_turtle(path, shapes)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    bind_prefixes(shapes)
    return shapes


Term = Node | ox.NamedNode | ox.BlankNode | ox.Literal


def report_term(term: Term | None) -> str:
    """A term as a report shows it: an IRI by its prefixed name (shapes by ``thbsh:``), a literal in
    N-Triples syntax."""
    if isinstance(term, URIRef | ox.NamedNode):
        return prefixed(str(term) if isinstance(term, URIRef) else term.value, REPORT_PREFIXES)
    if isinstance(term, Literal):
        return str(oxigraph_term(term))
    if isinstance(term, ox.Literal):
        return str(term)
    return "" if term is None else str(term)


def path_text(graph: Graph, path: Node | None, name: Callable[[Term], str] = report_term) -> str:
    """A SHACL property path of ``graph`` in SPARQL's property path syntax, its IRIs written by
    ``name``: ``oa:hasTarget/oa:hasSource``, ``time:inXSDgYear|time:inXSDDate``, ``^org:unitOf*``."""
    if path is None:
        return ""
    if not isinstance(path, BNode):
        return name(path)

    def part(node: Node) -> str:
        text = path_text(graph, node, name)
        return text if isinstance(node, URIRef) else f"({text})"

    if (path, RDF.first, None) in graph:
        return "/".join(part(step) for step in Collection(graph, path))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(part(step) for step in Collection(graph, alternatives))
    for predicate, before, after in (
        (SH.inversePath, "^", ""),
        (SH.zeroOrMorePath, "", "*"),
        (SH.oneOrMorePath, "", "+"),
        (SH.zeroOrOnePath, "", "?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"{before}{part(inner)}{after}"
    return str(path)


class Context:
    """What a finding shows beside the fault, read from the validated data: the focus node's name
    and the quoted passages of the claims about it."""

    def __init__(
        self, data: ox.Store, graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
    ) -> None:
        self.data = data
        self.graphs = graphs or [ox.DefaultGraph()]  # the graphs of ``data`` that hold the data

    def label(self, focus: str) -> str:
        node = ox.NamedNode(focus)
        names = (
            (predicate, quad.object)
            for predicate in LABEL_ORDER
            for graph in self.graphs
            for quad in self.data.quads_for_pattern(node, ox.NamedNode(predicate), None, graph)
            if isinstance(quad.object, ox.Literal)
        )
        name = best_name(names)
        return report_term(node) if name is None else name.value

    def passages(self, focus: str, path: str | None) -> tuple[str, ...]:
        """Quotes of the claims about ``focus`` (stating ``path`` where the path is a predicate),
        as ``source [start-end]: "text"``."""
        bound = f"VALUES ?focus {{ {ox.NamedNode(focus)} }}" + (
            f" VALUES ?path {{ {ox.NamedNode(path)} }}" if path else ""
        )
        query = QUOTES_ABOUT.replace("WHERE {", "WHERE {\n  " + bound, 1)
        rows = solutions(self.data.query(query, default_graph=self.graphs))
        found = {
            f"{row['document'].value.rsplit('/', 1)[-1]} [{row['start'].value}-{row['end'].value}]: "
            f'"{" ".join(row["exact"].value.split())}"'
            for row in rows
        }
        return tuple(sorted(found))


def finding(
    context: Context,
    *,
    severity: str,
    shape: Term | None,
    focus: Term | None,
    path: str,
    path_iri: str | None,
    message: str,
    value: Term | None,
) -> Finding:
    """One finding, with the focus node's label and passages looked up in ``context``."""
    iri = focus.value if isinstance(focus, ox.NamedNode) else str(focus) if isinstance(focus, URIRef) else None
    return Finding(
        severity=prefixed(severity, {"sh": str(SH)}).removeprefix("sh:"),
        shape=report_term(shape),
        focus=iri or report_term(focus),
        focus_label=report_term(focus) if iri is None else context.label(iri),
        path=path,
        message=message,
        value=report_term(value),
        passages=() if iri is None else context.passages(iri, path_iri),
    )


def report_findings(results: Graph, shapes: Graph, context: Context) -> list[Finding]:
    """The findings of a SHACL validation report graph (pyshacl's), each top-level
    result once, its message taken from the shapes (SPARQL constraints: the result's own)."""
    found = []
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for result in results.objects(report, SH.result):
            shape, component = (
                results.value(result, SH.sourceShape),
                results.value(result, SH.sourceConstraintComponent),
            )
            path = results.value(result, SH.resultPath)
            constraint = results.value(result, SH.sourceConstraint)
            if component == SH.SPARQLConstraintComponent and _has_message(shapes, shape, constraint):
                message = " / ".join(sorted({str(m) for m in results.objects(result, SH.resultMessage)}))
            else:
                message = messages(shapes, shape, component)
            found.append(
                finding(
                    context,
                    severity=str(results.value(result, SH.resultSeverity)),
                    shape=shape,
                    focus=results.value(result, SH.focusNode),
                    path=path_text(results, path),
                    path_iri=str(path) if isinstance(path, URIRef) else None,
                    message=message,
                    value=results.value(result, SH.value),
                )
            )
    return found


def _has_message(shapes: Graph, shape: Node | None, constraint: Node | None) -> bool:
    return any((node, SH.message, None) in shapes for node in (shape, constraint) if node is not None)


def make_report(findings: Iterable[Finding]) -> Report:
    """The report of ``findings``, in one order; it conforms when none is a violation (warnings and
    infos are reported but do not fail a build)."""
    ordered = sorted(findings, key=lambda f: (f.severity != "Violation", f.shape, f.focus, f.path, f.message, f.value))
    return Report(conforms=not any(f.severity == "Violation" for f in ordered), findings=tuple(ordered))
