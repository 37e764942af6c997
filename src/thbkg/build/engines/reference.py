"""The reference engine: owlrl for OWL RL and pyshacl for SHACL, pure Python on rdflib graphs. Its
answers define the right ones; the fast engine is tested against them."""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import Graph

from thbkg.build.reason import inferred
from thbkg.build.validate import Context, Report, ShapesError, make_report, report_findings


def ntriples_graph(data: bytes) -> Graph:
    """An rdflib graph of N-Triples ``data``."""
    return Graph().parse(data=data, format="nt")


def data_store(data: bytes) -> ox.Store:
    """A pyoxigraph store of N-Triples ``data`` in its default graph."""
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def shacl_results(data: Graph, shapes: Graph) -> Graph:
    """pyshacl's validation report graph; the shapes are checked beforehand (build/shapes_check.py)
    so an error here is a fault pyshacl found in them as it ran. With no inference, ``data`` is
    validated in place rather than copied first."""
    try:
        _, results, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True
        )
    except ReportableRuntimeError as exc:
        raise ShapesError(str(exc.message if hasattr(exc, "message") else exc)) from None
    return results


class ReferenceEngine:
    """owlrl and pyshacl."""

    name = "reference"

    def infer(self, stated: bytes) -> bytes:
        closure = ntriples_graph(stated)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
        return inferred(closure, stated)

    def validate(self, data: bytes, shapes: Graph) -> Report:
        results = shacl_results(ntriples_graph(data), shapes)
        return make_report(report_findings(results, shapes, Context(data_store(data))))

    def revalidate(self, data: bytes, shapes: Graph, last: Report, changed: bytes) -> Report:
        """The whole data validated again: pyshacl validates whole graphs, and the reference engine
        defines the answer the fast engine's incremental validation is compared with."""
        return self.validate(data, shapes)
