"""A view in the files the graph tools people already use read: GraphML (Gephi, yEd, Cytoscape),
GEXF (Gephi), Cytoscape.js JSON (cyjs) and Graphviz DOT.

Every format keeps the view's nodes (by IRI), edges (with their keys), and attributes: a list
(``documents``) is written as its items joined by ``"; "``, since neither GraphML nor GEXF has
lists. The bytes depend on the view alone (no date, no hash order), so an export is the same file
on every run; ``read_back`` reads each format into networkx again, for the round-trip checks.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from xml.etree.ElementTree import indent, tostring

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

FORMATS = ("graphml", "gexf", "cyjs", "dot")
MEDIA_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cyjs": "application/json",
    "dot": "text/vnd.graphviz",
}
LIST_SEPARATOR = "; "


def flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The view with every list attribute joined into text and empty values left out."""
    copy: nx.MultiDiGraph = nx.MultiDiGraph()
    copy.graph.update({k: _cell(v) for k, v in graph.graph.items() if v not in (None, "", [])})
    for node, data in graph.nodes(data=True):
        copy.add_node(node, **{k: _cell(v) for k, v in data.items() if v not in (None, "", [])})
    for source, target, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(source, target, key=key, **{k: _cell(v) for k, v in data.items() if v not in (None, "", [])})
    return copy


def _cell(value: object) -> str | int | float | bool:
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def to_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The view written in ``fmt`` (one of FORMATS)."""
    return WRITERS[fmt](flat(graph))


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    out = io.BytesIO()
    nx.write_graphml_xml(graph, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 as networkx writes it, less the write date it stamps into the metadata."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    for meta in writer.xml.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
        for creator in meta.iter("creator"):
            creator.text = "thbkg"
    for number, (_source, _target, key, data) in enumerate(graph.edges(keys=True, data=True)):
        data["id"] = str(number)  # unique in the file, where a key is unique per pair of nodes only
        data["edge_key"] = key  # kept as an attribute: networkx reads a graph without parallel edges keyless
    writer.add_graph(graph)
    indent(writer.xml)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(writer.xml, encoding="unicode").encode("utf-8")


def _cyjs(graph: nx.MultiDiGraph) -> bytes:
    data = nx.cytoscape_data(graph, name="label", ident="iri")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _dot(graph: nx.MultiDiGraph) -> bytes:
    """DOT written here rather than through pydot: every ID is a quoted string (an IRI's colon
    would otherwise read as a port), and ``label`` is what Graphviz draws."""
    lines = [f"digraph {_quoted(str(graph.graph.get('name', 'thbkg')))} {{", "  node [shape=box];"]
    for node, data in graph.nodes(data=True):
        lines.append(f"  {_quoted(node)} [{_attributes(data)}];")
    for source, target, key, data in graph.edges(keys=True, data=True):
        lines.append(f"  {_quoted(source)} -> {_quoted(target)} [{_attributes({'key': key, **data})}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _attributes(data: dict) -> str:
    return ", ".join(f"{_quoted(str(name))}={_quoted(str(value))}" for name, value in data.items())


def _quoted(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


WRITERS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "cyjs": _cyjs,
    "dot": _dot,
}


def read_back(data: bytes, fmt: str) -> nx.Graph:
    """An export read into networkx again (DOT is not read: networkx reads it only through pydot)."""
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    if fmt == "gexf":
        return _keyed(nx.read_gexf(io.BytesIO(data), relabel=False))
    if fmt == "cyjs":
        return nx.cytoscape_graph(json.loads(data), name="label", ident="iri")
    raise ValueError(f"no reader for {fmt}")


def _keyed(graph: nx.Graph) -> nx.MultiDiGraph:
    """The edges keyed as in the view again, from their ``edge_key`` attribute (the edge ids number the
    edges of the file); networkx reads a GEXF graph without parallel edges as a DiGraph."""
    multi: nx.MultiDiGraph = nx.MultiDiGraph()
    multi.graph.update(graph.graph)
    multi.add_nodes_from(graph.nodes(data=True))
    for source, target, data in graph.edges(data=True):
        attributes = {name: value for name, value in data.items() if name not in ("id", "networkx_key")}
        multi.add_edge(source, target, key=attributes.pop("edge_key"), **attributes)
    return multi
