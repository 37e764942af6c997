"""The graph views: graphs of actors, law, plans, countries, evidence and the ontology, and the
neighbourhood of any thing, as networkx graphs (or as plain data, ``ViewGraph``, for the exports).

A view is a SPARQL query in ``views/<name>.rq`` (a grlc header like a saved query's, parameters
included) plus one mapping, the same for every view, from its rows to nodes and edges, so what a
view shows can be read, and run on any store, as a query:

- each row is an edge ``?source ?predicate ?target`` (IRIs); ``?document``, where the query gives
  it, is a document that states the edge, else the documents are those whose claims state the
  triple (core/evidence.py); ``?sourceLabel``/``?targetLabel`` name a node that has no label of
  its own (a reified statement, a claim); every other column is an attribute of the edge;
- ``views/<name>-nodes.rq``, where there is one, gives nodes that belong to the view even with no
  edge (every ministry, every section of a law), and with ``?property ?value``, where bound, their
  attributes, named after the property's local name (``maximumPenalty``).

Every node carries ``iri``, ``label`` (English: what Gephi and Cytoscape show), ``label_nb`` where
there is a Norwegian Bokmål label, ``type`` (the label of its most specific class), ``type_iri``
and ``documents`` (the source ids of the documents that mention it); every edge ``predicate``,
``label`` and ``documents``. Nodes and edges are added in sorted order, so a view and its exports
are the same on every run. A view is made as a ``ViewGraph`` (plain dictionaries, in networkx's
order) and turned into a networkx graph on request: the build writes the views' files without
networkx, whose import alone costs a seed build a fifth of a second.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from thbkg.core.errors import QueryError
from thbkg.core.evidence import DOCUMENTS, DOCUMENTS_MENTIONING, DOCUMENTS_STATING
from thbkg.core.evidence import PREFIXES as EVIDENCE_PREFIXES
from thbkg.core.namespaces import KEY_PATTERN, RDF_TYPE, RDFS, SKOS, THB, THBG, expand_curie, key_iri, prefixed, shorten
from thbkg.core.terms import Term, lexical
from thbkg.explore.frames import TEMPORAL, value_of
from thbkg.explore.names import Names, labels_of, lookup, names_of, short_name, values_block
from thbkg.sparql.catalogue import SavedQuery, read_query
from thbkg.sparql.closest import closest
from thbkg.sparql.params import absolute_iri
from thbkg.sparql.results import Result
from thbkg.sparql.run import prepare

if TYPE_CHECKING:
    import networkx as nx

Select = Callable[[str], Result]
FOLDER = Path(__file__).parent / "views"
EDGE_COLUMNS = frozenset({"source", "predicate", "target", "document", "sourceLabel", "targetLabel"})
NEIGHBOURHOOD_LIMIT = 5  # the deepest neighbourhood: past it a thing's surroundings are most of the graph


@dataclass(frozen=True)
class View:
    """One view: its edge query and, optionally, its node query."""

    name: str
    edges: SavedQuery
    nodes: SavedQuery | None

    @property
    def summary(self) -> str:
        return self.edges.summary

    @property
    def layout(self) -> str:
        """How to draw it (the header's ``layout``): hierarchical, bipartite, shells or spring."""
        return str(self.edges.header.get("layout", "spring"))


@cache
def views() -> dict[str, View]:
    """Every view, by name, in name order."""
    found = {}
    for path in sorted(FOLDER.glob("*.rq")):
        if path.stem.endswith("-nodes"):
            continue
        extra = path.with_name(f"{path.stem}-nodes.rq")
        found[path.stem] = View(path.stem, read_query(path), read_query(extra) if extra.is_file() else None)
    return found


def find_view(name: str) -> View:
    """The view called ``name``; an unknown name is an error that offers the closest ones."""
    known = views()
    if name in known:
        return known[name]
    near = closest(name, known, 2, cutoff=0.6)
    offer = f" did you mean {', '.join(near)}?" if near else ""
    raise QueryError(f"unknown view {name!r};{offer} the views are: {', '.join(known)}, and neighbourhood")


@dataclass
class ViewGraph:
    """A view's graph as plain data, what a networkx MultiDiGraph of it holds: its attributes, its
    nodes with theirs (in the order added), and its edges (source, target, key, attributes) in the
    order added."""

    attributes: dict[str, object] = field(default_factory=dict)
    nodes: dict[str, dict[str, object]] = field(default_factory=dict)
    edges: list[tuple[str, str, str, dict[str, object]]] = field(default_factory=list)

    def adjacency(self) -> Iterator[tuple[str, str, str, dict[str, object]]]:
        """The edges in the order networkx lists them (``edges(keys=True, data=True)``): by source in
        node order, then by target in the order each pair of nodes was first linked."""
        linked: dict[str, dict[str, list[tuple[str, str, str, dict[str, object]]]]] = defaultdict(dict)
        for edge in self.edges:
            linked[edge[0]].setdefault(edge[1], []).append(edge)
        for node in self.nodes:
            for pair in linked.get(node, {}).values():
                yield from pair

    def networkx(self) -> nx.MultiDiGraph:
        """The graph as a networkx MultiDiGraph."""
        import networkx as nx

        graph: nx.MultiDiGraph = nx.MultiDiGraph()
        graph.graph.update(self.attributes)
        graph.add_nodes_from(self.nodes.items())
        for source, target, key, attributes in self.edges:
            graph.add_edge(source, target, key=key, **attributes)
        return graph


def build_view(select: Select, view: View, parameters: Mapping[str, str]) -> nx.MultiDiGraph:
    """The view's graph, its query run with ``parameters`` (else the header's defaults)."""
    return view_graph(select, view, parameters).networkx()


def view_graph(select: Select, view: View, parameters: Mapping[str, str]) -> ViewGraph:
    """The view's graph as plain data (``build_view`` without networkx)."""
    edges = _edges_of(select(prepare(view.edges, dict(parameters))))  # the rows are let go here
    nodes = select(prepare(view.nodes, {})).rows if view.nodes else []
    graph = assemble(select, edges, nodes)
    graph.attributes.update(name=view.name, title=view.summary, layout=view.layout)
    return graph


def neighbourhood_graph(select: Select, thing: str, depth: int) -> nx.MultiDiGraph:
    """``thing`` (an IRI, a key or a CURIE) and everything within ``depth`` links of it, as the
    documents, the reference data and the curators state them (not the reasoner's inverses)."""
    if not 1 <= depth <= NEIGHBOURHOOD_LIMIT:
        raise QueryError(f"depth must be 1 to {NEIGHBOURHOOD_LIMIT}, got {depth}")
    focus = thing_iri(thing)
    seen, frontier, rows = {focus}, {focus}, []
    for _ in range(depth):
        found = select(_neighbours_query(sorted(frontier))).rows
        rows += found
        reached = {lexical(row[end]) for row in found for end in ("source", "target")}
        frontier = reached - seen
        seen |= reached
        if not frontier:
            break
    if not rows and not select(f"ASK {{ {ox.NamedNode(focus)} ?p ?o }}").boolean:
        raise QueryError(f"{prefixed(focus)} is not in the graph")
    graph = assemble(select, _edges_of(Result("SELECT", ["source", "predicate", "target"], rows)), [], also=[focus])
    title = f"{names_of(select, [focus])[focus].en} and its surroundings"
    graph.attributes.update(name="neighbourhood", title=title, layout="shells", focus=focus, depth=depth)
    return graph.networkx()


def thing_iri(thing: str) -> str:
    """The IRI of a key (``organization/kom``), a CURIE (``thbr:organization/kom``) or an IRI."""
    if KEY_PATTERN.match(thing):
        return key_iri(thing)
    return expand_curie(thing) or absolute_iri(thing, "the thing", "an IRI, a CURIE or a thbkg key").value


def _neighbours_query(frontier: list[str]) -> str:
    """Links from and to the frontier, between things of ours, in the graphs that state them: the
    ontology, the evidence (claims, passages, statements) and the reasoner's graph are left out."""
    return f"""SELECT DISTINCT ?source ?predicate ?target WHERE {{
  {values_block("focus", frontier)}
  GRAPH ?graph {{
    {{ ?focus ?predicate ?target BIND(?focus AS ?source) }}
    UNION {{ ?source ?predicate ?focus BIND(?focus AS ?target) }}
  }}
  FILTER(STRSTARTS(STR(?graph), "{THBG}source/") || ?graph IN (<{THBG}reference>, <{THBG}curation>))
  FILTER(isIRI(?source) && isIRI(?target) && ?predicate != <{RDF_TYPE}>)
  FILTER(STRSTARTS(STR(?source), "{key_iri("")}") && STRSTARTS(STR(?target), "{key_iri("")}"))
}}"""


Triple = tuple[str, str, str]
EdgeKey = tuple[str, str, str, tuple[tuple[str, str], ...]]  # a triple and its further columns: name, text


@dataclass(frozen=True)
class _EdgeRows:
    """What a view reads from its edge rows: one edge per triple and further columns, with the
    documents its rows name; the edges some row of which names none (they have the documents whose
    claims state their triple); and the labels the rows give nodes. Made before the nodes are looked
    up, so the rows (pyoxigraph terms, 200 MB for the evidence view of a thousand reports) are let
    go first."""

    documents: dict[EdgeKey, set[str]]
    undocumented: set[EdgeKey]
    given_labels: dict[str, str]


def _edges_of(result: Result) -> _EdgeRows:
    extras = sorted(set(result.variables) - EDGE_COLUMNS)
    documents: dict[EdgeKey, set[str]] = defaultdict(set)
    undocumented: set[EdgeKey] = set()
    given_labels: dict[str, str] = {}
    for row in result.rows:
        source, target = _iri(row, "source"), _iri(row, "target")
        extra = tuple((column, lexical(row[column])) for column in extras if column in row) if extras else ()
        key = (source, _iri(row, "predicate"), target, extra)
        if "sourceLabel" in row:
            given_labels[source] = lexical(row["sourceLabel"])
        if "targetLabel" in row:
            given_labels[target] = lexical(row["targetLabel"])
        found, document = documents[key], row.get("document")
        if isinstance(document, ox.NamedNode):
            found.add(source_id(document.value))
        else:
            undocumented.add(key)
    return _EdgeRows(documents, undocumented, given_labels)


def assemble(
    select: Select, edge_rows: _EdgeRows, node_rows: list[dict[str, Term]], also: Iterable[str] = ()
) -> ViewGraph:
    """The graph of edge rows and node rows, every node and edge described (module doc): one edge
    per triple and further columns, with the documents of all its rows (and of the evidence, where
    a row gave none), in sorted order."""
    documents, given_labels = edge_rows.documents, edge_rows.given_labels
    nodes = {*also, *(_iri(row, "node") for row in node_rows)}
    nodes.update(end for source, _, target, _ in documents for end in (source, target))
    predicates = {predicate for _, predicate, _, _ in documents}
    details = _Details.of(select, nodes, predicates)
    stated = _documents_stating(select, edge_rows.undocumented)
    graph = ViewGraph()
    for iri in sorted(nodes):
        graph.nodes[iri] = _node_attributes(iri, details.name(iri, given_labels.get(iri)), details)
    for row in sorted(node_rows, key=_row_key):
        if "property" in row:
            _add_attribute(graph, row)
    keys: dict[tuple[str, str, str], int] = defaultdict(int)
    shorts = {predicate: prefixed(predicate) for predicate in predicates}
    labels = {predicate: details.name(predicate).en for predicate in predicates}
    for key in sorted(documents):
        source, predicate, target, extra = key
        found = documents[key]
        if stated and key in edge_rows.undocumented:
            found = found | stated.get(key[:3], set())
        short = shorts[predicate]
        keys[(source, target, short)] += 1
        count = keys[(source, target, short)]
        attributes: dict[str, object] = {
            "predicate": predicate,
            "label": labels[predicate],
            "documents": sorted(found),
            **dict(extra),
        }
        graph.edges.append((source, target, short if count == 1 else f"{short}#{count}", attributes))
    return graph


def _iri(row: dict[str, Term], column: str) -> str:
    term = row.get(column)
    if not isinstance(term, ox.NamedNode):
        raise QueryError(f"a view's row needs an IRI for ?{column}, got {term!r}")
    return term.value


def source_id(document: str) -> str:
    """A document's source id (``us-dos-tip-2011-nor``), as nodes and edges list their documents."""
    return document.removeprefix(DOCUMENTS)


def _row_key(row: dict[str, Term]) -> tuple[str, ...]:
    return tuple(lexical(row[k]) for k in sorted(row))


def _add_attribute(graph: ViewGraph, row: dict[str, Term]) -> None:
    """One ``?node ?property ?value`` row: a single value as it is, several as a sorted list. A
    number stays a number (GraphML and GEXF type it); any other value is its text."""
    node, prop, value = lexical(row["node"]), row.get("property"), row.get("value")
    if not isinstance(prop, ox.NamedNode) or value is None:
        raise QueryError("a view's node row with a ?property needs it to be an IRI, and a ?value")
    name = (shorten(prop.value) or ("", prop.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]))[1]
    temporal = isinstance(value, ox.Literal) and value.datatype.value in TEMPORAL  # a pandas value: its text
    typed = None if temporal else value_of(value)
    cell = typed if isinstance(typed, int | float | str) else lexical(value)
    attributes = graph.nodes[node]
    current = attributes.get(name)
    if current is None:
        attributes[name] = cell
    elif cell not in (current if isinstance(current, list) else [current]):
        attributes[name] = sorted([*(current if isinstance(current, list) else [current]), cell], key=str)


@dataclass(frozen=True)
class _Details:
    """What the graph knows of the nodes and predicates of a view: names, classes, documents."""

    labels: dict[str, Names]  # of those nodes, predicates and classes that have a label
    types: dict[str, str]  # node -> its most specific class
    documents: dict[str, set[str]]

    def name(self, iri: str, given: str | None = None) -> Names:
        """The name of ``iri``: its label, else the one a view's row ``given`` it, else its short name."""
        return self.labels.get(iri) or Names(short_name(iri) if given is None else given)

    @classmethod
    def of(cls, select: Select, nodes: set[str], predicates: set[str]) -> _Details:
        classes: dict[str, set[str]] = defaultdict(set)
        supers: dict[str, set[str]] = defaultdict(set)
        for row in lookup(select, "?thing a ?class", "thing", nodes):
            if isinstance(row["class"], ox.NamedNode):
                classes[lexical(row["thing"])].add(row["class"].value)
        all_classes = {c for found in classes.values() for c in found}
        for row in lookup(select, f"?class <{RDFS}subClassOf> ?super", "class", all_classes):
            if lexical(row["super"]) != lexical(row["class"]):
                supers[lexical(row["class"])].add(lexical(row["super"]))
        types = {node: _most_specific(found, supers) for node, found in classes.items()}
        concepts = {node for node, kind in types.items() if kind == SKOS + "Concept"}
        schemes = lookup(select, f"?thing <{SKOS}inScheme> ?scheme", "thing", concepts)
        for thing, scheme in sorted((lexical(row["thing"]), lexical(row["scheme"])) for row in schemes):
            if types[thing] == SKOS + "Concept":  # a concept's kind is its scheme, the first in IRI order
                types[thing] = scheme
        labels = labels_of(select, nodes | predicates | set(types.values()))
        return cls(labels, types, _documents_mentioning(select, nodes))


def _documents_mentioning(select: Select, nodes: set[str]) -> dict[str, set[str]]:
    """The documents that mention each node, looked up by batches even for most of the graph's
    things: the pattern with no thing given is a join pyoxigraph plans badly (minutes for a
    hundred reports)."""
    documents: dict[str, set[str]] = defaultdict(set)
    for batch in _batches(sorted(nodes)):
        text = (
            f"{EVIDENCE_PREFIXES}SELECT DISTINCT ?thing ?document WHERE {{\n"
            f"  {values_block('thing', batch)}{DOCUMENTS_MENTIONING}}}"
        )
        for row in select(text).rows:
            documents[lexical(row["thing"])].add(source_id(lexical(row["document"])))
    return documents


def _most_specific(classes: set[str], supers: Mapping[str, set[str]]) -> str:
    """The class no other of ``classes`` is a subclass of; ours first, then by IRI, so one is chosen
    alike every time (a country is a ``thb:Country`` before a ``schema:Country``)."""
    if len(classes) == 1:
        return next(iter(classes))
    lowest = [c for c in classes if not any(c in supers.get(other, ()) for other in classes if other != c)]
    return sorted(lowest, key=lambda c: (not c.startswith(THB), c))[0]


def _node_attributes(iri: str, names: Names, details: _Details) -> dict[str, object]:
    kind = details.types.get(iri)
    attributes: dict[str, object] = {"iri": iri, "label": names.en}
    if names.nb:
        attributes["label_nb"] = names.nb
    attributes["type"] = details.name(kind).en if kind else "thing"
    attributes["type_iri"] = kind or ""
    attributes["documents"] = sorted(details.documents.get(iri, ()))
    return attributes


def _documents_stating(select: Select, edges: set[EdgeKey]) -> dict[Triple, set[str]]:
    """The documents whose claims state the triple of each edge. Only a triple whose predicate is
    that of some statement can be stated: the others (in the evidence view, the links of the
    evidence itself, a hundred thousand at a thousand reports) are not looked up one by one."""
    stated: dict[Triple, set[str]] = defaultdict(set)
    stating = _stated_predicates(select, sorted({key[1] for key in edges}))
    found = sorted({key[:3] for key in edges if key[1] in stating})
    for batch in _batches(found):
        values = " ".join(f"({' '.join(str(ox.NamedNode(t)) for t in triple)})" for triple in batch)
        text = (
            f"{EVIDENCE_PREFIXES}SELECT DISTINCT ?s ?p ?o ?document WHERE {{\n"
            f"  VALUES (?s ?p ?o) {{ {values} }}{DOCUMENTS_STATING}}}"
        )
        for row in select(text).rows:
            stated[(lexical(row["s"]), lexical(row["p"]), lexical(row["o"]))].add(source_id(lexical(row["document"])))
    return stated


def _stated_predicates(select: Select, predicates: list[str]) -> set[str]:
    """Those of ``predicates`` that some reified statement has as its ``rdf:predicate``."""
    if not predicates:
        return set()
    text = (
        f"{EVIDENCE_PREFIXES}SELECT ?p WHERE {{ {values_block('p', predicates)} "
        "FILTER EXISTS { ?statement rdf:predicate ?p } }"
    )
    return {lexical(row["p"]) for row in select(text).rows}


def _batches(items: list, size: int = 150) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
