"""A view in the files the graph tools people already use read: GraphML (Gephi, yEd, Cytoscape),
GEXF (Gephi), Cytoscape.js JSON (cyjs) and Graphviz DOT.

Every format keeps the view's nodes (by IRI), edges (with their keys), and attributes: a list
(``documents``) is written as its items joined by ``"; "``, since neither GraphML nor GEXF has
lists. The bytes depend on the view alone (no date, no hash order), so an export is the same file
on every run; ``read_back`` reads each format into networkx again, for the round-trip checks.
GraphML is written as text, from a networkx graph or from a view's plain data (``graphml``, what
the downloads use), so the build needs no networkx.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from xml.etree.ElementTree import indent, tostring

from thbkg.explore.views import ViewGraph

if TYPE_CHECKING:
    import networkx as nx

FORMATS = ("graphml", "gexf", "cyjs", "dot")
MEDIA_TYPES = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cyjs": "application/json",
    "dot": "text/vnd.graphviz",
}
LIST_SEPARATOR = "; "
GRAPHML = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_XSD = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}  # as networkx names them


def flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The view with every list attribute joined into text and empty values left out."""
    import networkx as nx

    copy: nx.MultiDiGraph = nx.MultiDiGraph()
    copy.graph.update(_flat(graph.graph))
    for node, data in graph.nodes(data=True):
        copy.add_node(node, **_flat(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        copy.add_edge(source, target, key=key, **_flat(data))
    return copy


def _flat(attributes: dict) -> dict[str, str | int | float | bool]:
    """The attributes with every list joined into text and empty values left out."""
    return {k: _cell(v) for k, v in attributes.items() if v is not None and v != "" and v != []}


def _cell(value: object) -> str | int | float | bool:
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def to_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The view written in ``fmt`` (one of FORMATS)."""
    return WRITERS[fmt](flat(graph))


def graphml(view: ViewGraph) -> bytes:
    """A view's plain data as GraphML: the bytes ``to_bytes(view.networkx(), "graphml")`` gives."""
    return _graphml_text(
        _flat(view.attributes),
        ((node, _flat(data)) for node, data in view.nodes.items()),
        ((source, target, key, _flat(data)) for source, target, key, data in view.adjacency()),
    )


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    return _graphml_text(graph.graph, graph.nodes(data=True), graph.edges(keys=True, data=True))


def _graphml_text(
    attributes: dict, nodes: Iterable[tuple[str, dict]], edges: Iterable[tuple[str, str, str, dict]]
) -> bytes:
    """GraphML as networkx writes it (``write_graphml_xml``, pretty-printed), byte for byte, written
    here as text: networkx builds an XML tree of the whole graph first, which for the evidence view
    of a large build takes longer than the view itself. The attributes are flat (``_flat``)."""
    keys: dict[tuple[str, str, str], str] = {}

    def data(scope: str, values: dict, indent: str) -> list[str]:
        lines = []
        for name, value in values.items():
            kind = GRAPHML_TYPES[type(value)]
            slot = (str(name), kind, scope)
            key = keys.get(slot)
            if key is None:
                key = keys[slot] = f"d{len(keys)}"
            text = value if type(value) is str else str(value)
            if "&" in text or "<" in text or ">" in text:
                text = _xml_text(text)
            lines.append(f'{indent}<data key="{key}">{text}</data>')
        return lines

    own = {k: v for k, v in attributes.items() if k not in ("id", "node_default", "edge_default")}
    identifier = f' id="{_xml_attribute(str(attributes["id"]))}"' if "id" in attributes else ""
    tail = data("graph", own, "    ")  # networkx appends the graph's own data after its edges
    body = []
    for node, values in nodes:
        body.append(_xml_element("    ", f'node id="{_xml_attribute(str(node))}"', data("node", values, "      ")))
    for source, target, key, values in edges:
        ends = f'source="{_xml_attribute(str(source))}" target="{_xml_attribute(str(target))}"'
        body.append(
            _xml_element("    ", f'edge {ends} id="{_xml_attribute(str(key))}"', data("edge", values, "      "))
        )
    declared = [
        f'  <key id="{key}" for="{scope}" attr.name="{_xml_attribute(name)}" attr.type="{kind}" />'
        for (name, kind, scope), key in reversed(keys.items())  # networkx puts each new key first
    ]
    content = [*body, *tail]
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<graphml xmlns="{GRAPHML}" xmlns:xsi="{XSI}" xsi:schemaLocation="{GRAPHML} {GRAPHML_XSD}">',
        *declared,
        _xml_element("  ", f'graph edgedefault="directed"{identifier}', content),
        "</graphml>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xml_element(indent: str, opening: str, children: list[str]) -> str:
    """An element with its children on their own lines (as networkx's pretty-printing indents them)."""
    if not children:
        return f"{indent}<{opening} />"
    tag = opening.split(" ", 1)[0]
    return "\n".join([f"{indent}<{opening}>", *children, f"{indent}</{tag}>"])


def _xml_text(text: str) -> str:
    """Text as ElementTree escapes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attribute(text: str) -> str:
    """An attribute value as ElementTree escapes it."""
    escaped = _xml_text(text).replace('"', "&quot;")
    return escaped.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 as networkx writes it, less the write date it stamps into the metadata."""
    from networkx.readwrite.gexf import GEXFWriter

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
    import networkx as nx

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
    import networkx as nx

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
    import networkx as nx

    multi: nx.MultiDiGraph = nx.MultiDiGraph()
    multi.graph.update(graph.graph)
    multi.add_nodes_from(graph.nodes(data=True))
    for source, target, data in graph.edges(data=True):
        attributes = {name: value for name, value in data.items() if name not in ("id", "networkx_key")}
        multi.add_edge(source, target, key=attributes.pop("edge_key"), **attributes)
    return multi
