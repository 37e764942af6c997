"""One validation by the fast engine on one data: the data in a store, the shapes split into those
the fast path checks and those left to pyshacl (shapes_plan.py), and the findings of any shapes on
any of their focus nodes, so a whole validation (fast.py) and one after a change (revalidate.py)
are made by the same code."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.term import Node

from thbkg.build.engines.as_written import stored
from thbkg.build.engines.core import Core, report_value
from thbkg.build.engines.dataset import Dataset
from thbkg.build.engines.reference import shacl_results
from thbkg.build.engines.shacl_sparql import Focus, constraint_findings, focus_among, focus_nodes
from thbkg.build.engines.shapes_plan import Plan, plan, without_targets
from thbkg.build.shacl_messages import messages
from thbkg.build.terms import SH
from thbkg.build.validate import Context, Finding, finding, path_text, report_findings


def core_findings(core: Core, shapes: Graph, nodes: dict[Node, list[Focus]], context: Context) -> list[Finding]:
    """The SHACL Core findings of each shape on its focus nodes ``nodes`` (core.py)."""
    found = []
    for shape, focus in nodes.items():
        for result in core.results(shape, [stored(node) for node in focus]):
            path = result.path
            found.append(
                finding(
                    context,
                    severity=str(SH.Violation),
                    shape=result.shape,
                    focus=report_value(result.focus),
                    path=path_text(shapes, path),
                    path_iri=str(path) if isinstance(path, URIRef) else None,
                    message=messages(shapes, result.shape, result.component),
                    value=None if result.value is None else report_value(result.value),
                )
            )
    return found


class Validation:
    """The fast engine's validation of the data in ``dataset`` against ``shapes``; ``data`` gives
    the data's N-Triples, read only for the shapes left to pyshacl (a store kept between builds,
    build/kept_checks.py, holds no copy of them)."""

    def __init__(self, dataset: Dataset, shapes: Graph, data: Callable[[], bytes]) -> None:
        self.shapes = shapes
        self.dataset = dataset
        self.context = Context(self.dataset.store, self.dataset.graphs(False))
        self.chosen: Plan = plan(shapes, dataset.typed_data())
        # kept only where pyshacl reads it: at a thousand reports the N-Triples are some 280 MB
        self.data = data if self.chosen.fallback else None
        self.core = Core(self.dataset, shapes)

    def focus(self, shape: Node) -> list[Focus]:
        """Every focus node of ``shape``."""
        return focus_nodes(self.shapes, shape, self.dataset, self.core.instances, shape in self.chosen.written)

    def focus_among(
        self, shape: Node, nodes: list[Focus], around: Callable[[str], Dataset] | None = None
    ) -> list[Focus]:
        """Those of ``nodes`` that are focus nodes of ``shape`` (shacl_sparql.focus_among)."""
        written = shape in self.chosen.written
        return focus_among(self.shapes, shape, self.dataset, self.core.is_instance, written, nodes, around)

    def findings(self, nodes: dict[Node, list[Focus]]) -> list[Finding]:
        """The findings of each shape of the fast path on its focus nodes ``nodes``: SHACL Core's,
        then each SPARQL constraint's of the shape and its property shapes."""
        found = core_findings(self.core, self.shapes, nodes, self.context)
        shapes = self.shapes
        for shape, focus in nodes.items():
            for holder in (shape, *shapes.objects(shape, SH.property)):
                for constraint in shapes.objects(holder, SH.sparql):
                    found += constraint_findings(
                        self.dataset, shapes, holder, constraint, focus, self.context, shape in self.chosen.written
                    )
        return found

    def fallback_findings(self) -> list[Finding]:
        """The findings of the shapes left to pyshacl, on all their focus nodes."""
        if self.data is None:
            return []
        results = shacl_results(
            Graph().parse(data=self.data(), format="nt"), without_targets(self.shapes, list(self.chosen.fallback))
        )
        return report_findings(results, self.shapes, self.context)

    def whole(self) -> list[Finding]:
        """Every finding: each shape on all its focus nodes."""
        self.core.few = False
        nodes = {shape: self.focus(shape) for shape in self.chosen.fast}
        return self.findings(nodes) + self.fallback_findings()
