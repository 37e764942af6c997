"""The engines that reason (OWL RL) and validate (SHACL), behind one interface so the build can use
either: ``reference`` (owlrl and pyshacl, the definition of the right answer) and ``fast`` (Rust
libraries and pyoxigraph), which must give the same inferred graph and the same report.

Both exchange N-Triples bytes, the build's canonical form, and share the rules that decide what
is inferred (build/reason.py) and how a finding reads (build/validate.py).
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Graph

from thbkg.build.validate import Report


class Engine(Protocol):
    """Reasoning and validation, one implementation of each."""

    name: str

    def infer(self, stated: bytes) -> bytes:
        """The inferred graph (sorted canonical N-Triples lines) of the stated facts (N-Triples:
        ontology, reference, curation and source graphs, never the evidence)."""
        ...

    def validate(self, data: bytes, shapes: Graph) -> Report:
        """The SHACL report of ``data`` (N-Triples of the whole union, evidence included)."""
        ...

    def revalidate(self, data: bytes, shapes: Graph, last: Report, changed: bytes) -> Report:
        """What ``validate(data, shapes)`` gives, knowing ``last``, the report on the data before a
        change with the same shapes, and ``changed``, N-Triples lines among which is every triple
        one version of the data holds and the other does not."""
        ...


def _engines() -> dict[str, Engine]:
    from thbkg.build.engines.fast import FastEngine
    from thbkg.build.engines.reference import ReferenceEngine

    return {"reference": ReferenceEngine(), "fast": FastEngine()}


ENGINES: dict[str, Engine] = _engines()
DEFAULT_ENGINE = "fast"


def engine(name: str) -> Engine:
    """The engine called ``name``; KeyError names the known ones."""
    try:
        return ENGINES[name]
    except KeyError:
        raise KeyError(f"unknown engine {name!r}: one of {', '.join(sorted(ENGINES))}") from None
