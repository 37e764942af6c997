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
import re
from collections.abc import Callable, Iterable, Iterator
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
ATTRIBUTE_ESCAPED = re.compile('[&<>"\r\n\t]')  # what ElementTree escapes in an attribute's value


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
    return {
        k: v if type(v) in GRAPHML_TYPES else _cell(v)
        for k, v in attributes.items()
        if v is not None and v != "" and v != []
    }


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
    return "".join(graphml_pieces(view)).encode("utf-8")


def graphml_pieces(view: ViewGraph) -> Iterator[str]:
    """``graphml(view)`` a piece at a time (a line, a node, an edge), for writing a large view to a
    file without holding its text: the evidence view of a thousand reports is 120 MB of it."""
    edges = list(view.adjacency())
    return _graphml_pieces(
        _flat(view.attributes),
        lambda: ((node, _flat(data)) for node, data in view.nodes.items()),
        lambda: ((source, target, key, _flat(data)) for source, target, key, data in edges),
    )


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    pieces = _graphml_pieces(graph.graph, lambda: graph.nodes(data=True), lambda: graph.edges(keys=True, data=True))
    return "".join(pieces).encode("utf-8")


def _graphml_pieces(
    attributes: dict,
    nodes: Callable[[], Iterable[tuple[str, dict]]],
    edges: Callable[[], Iterable[tuple[str, str, str, dict]]],
) -> Iterator[str]:
    """GraphML as networkx writes it (``write_graphml_xml``, pretty-printed), byte for byte, written
    here as text: networkx builds an XML tree of the whole graph first, which for the evidence view
    of a large build takes longer than the view itself. The attributes are flat (``_flat``). The
    keys are declared before the graph, in the order networkx meets them (the graph's own data,
    then the nodes', then the edges'), so ``nodes`` and ``edges`` are gone through twice: once for
    the keys, once for the text."""
    own = {k: v for k, v in attributes.items() if k not in ("id", "node_default", "edge_default")}
    keys: dict[tuple[str, str, str], str] = {}  # name, GraphML type, scope -> the key's id
    ids: dict[tuple[str, object, type], str] = {}  # the same by scope, name and Python type, met many times

    def declare(scope: str, values: dict) -> None:
        for name, value in values.items():
            if (scope, name, type(value)) not in ids:
                key = keys.setdefault((str(name), GRAPHML_TYPES[type(value)], scope), f"d{len(keys)}")
                ids[(scope, name, type(value))] = key

    declare("graph", own)  # networkx appends the graph's own data after its edges, but keys it first
    empty = not own
    for _node, values in nodes():
        declare("node", values)
        empty = False
    for _source, _target, _key, values in edges():
        declare("edge", values)
        empty = False

    def element(scope: str, identity: str, values: dict) -> str:
        """A node or edge with its data on their own lines (as networkx's pretty-printing indents them)."""
        if not values:
            return f"    <{scope} {identity} />\n"
        data = [
            f'\n      <data key="{ids[scope, name, type(value)]}">{_data_text(value)}</data>'
            for name, value in values.items()
        ]
        return f"    <{scope} {identity}>{''.join(data)}\n    </{scope}>\n"

    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield f'<graphml xmlns="{GRAPHML}" xmlns:xsi="{XSI}" xsi:schemaLocation="{GRAPHML} {GRAPHML_XSD}">\n'
    for (name, kind, scope), key in reversed(keys.items()):  # networkx puts each new key first
        yield f'  <key id="{key}" for="{scope}" attr.name="{_xml_attribute(name)}" attr.type="{kind}" />\n'
    identifier = f' id="{_xml_attribute(str(attributes["id"]))}"' if "id" in attributes else ""
    opening = f'graph edgedefault="directed"{identifier}'
    if empty:
        yield f"  <{opening} />\n"
    else:
        yield f"  <{opening}>\n"
        for node, values in nodes():
            yield element("node", f'id="{_xml_attribute(str(node))}"', values)
        for source, target, key, values in edges():
            ends = f'source="{_xml_attribute(str(source))}" target="{_xml_attribute(str(target))}"'
            yield element("edge", f'{ends} id="{_xml_attribute(str(key))}"', values)
        yield "".join(
            f'    <data key="{ids["graph", name, type(value)]}">{_data_text(value)}</data>\n'
            for name, value in own.items()
        )
        yield "  </graph>\n"
    yield "</graphml>\n"


def _data_text(value: str | int | float | bool) -> str:
    text = value if type(value) is str else str(value)
    return _xml_text(text) if "&" in text or "<" in text or ">" in text else text


def _xml_text(text: str) -> str:
    """Text as ElementTree escapes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attribute(text: str) -> str:
    """An attribute value as ElementTree escapes it."""
    if not ATTRIBUTE_ESCAPED.search(text):
        return text
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
