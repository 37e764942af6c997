"""SHACL validation with a report a curator can act on: what, where, and which passage said it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.query import ResultRow
from rdflib.term import Node

from thbkg.build.terms import SH, bind_prefixes
from thbkg.build.turtle import parse_turtle
from thbkg.core.errors import InputError
from thbkg.core.evidence import QUOTES_ABOUT
from thbkg.core.namespaces import PREFIXES, THBSH, prefixed

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


def report_term(term: Node | None) -> str:
    """A term as a report shows it: an IRI by its prefixed name (shapes by ``thbsh:``), a literal in
    Turtle syntax."""
    if isinstance(term, URIRef):
        return prefixed(str(term), REPORT_PREFIXES)
    if isinstance(term, Literal):
        return term.n3()
    return "" if term is None else str(term)


def _label(data: Graph, node: Node | None) -> str:
    for predicate in (SKOS.prefLabel, RDFS.label):
        labels = sorted(data.objects(node, predicate), key=lambda lit: (getattr(lit, "language", "") != "en", str(lit)))
        if labels:
            return str(labels[0])
    return report_term(node)


def _passages(data: Graph, focus: Node | None, path: Node | None) -> tuple[str, ...]:
    """Quotes of the claims about ``focus`` (stating ``path`` where the path is a predicate),
    as ``source [start-end]: "text"``."""
    if not isinstance(focus, URIRef):
        return ()
    bindings = {"focus": focus, "path": path} if isinstance(path, URIRef) else {"focus": focus}
    found = {
        f'{str(row.document).rsplit("/", 1)[-1]} [{row.start}-{row.end}]: "{" ".join(str(row.exact).split())}"'
        for row in data.query(QUOTES_ABOUT, initBindings=bindings)
        if isinstance(row, ResultRow)
    }
    return tuple(sorted(found))


def validate(data: Graph, shapes: Graph) -> Report:
    """Validate ``data`` against ``shapes`` (checked against SHACL's meta-shapes beforehand, by
    shapes_check, which can say in which file and line a fault is)."""
    try:
        conforms, results, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
        )
    except ReportableRuntimeError as exc:
        raise ShapesError(str(exc.message if hasattr(exc, "message") else exc)) from None
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus, path = results.value(result, SH.focusNode), results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        findings.append(
            Finding(
                severity=report_term(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
                shape=report_term(results.value(result, SH.sourceShape)),
                focus=str(focus),
                focus_label=_label(data, focus),
                path=report_term(path),
                message=" / ".join(messages),
                value=report_term(value),
                passages=_passages(data, focus, path),
            )
        )
    findings.sort(key=lambda f: (f.severity != "Violation", f.shape, f.focus, f.path, f.message))
    return Report(conforms=bool(conforms), findings=tuple(findings))
