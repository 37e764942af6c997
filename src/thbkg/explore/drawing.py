"""Pictures of the graph views that read well: labels (never IRIs), one colour per node type and
per edge kind with a legend for each beside the picture (never over it), and a layout chosen per
view so a picture does not collapse into a hairball.

Layouts (a view's header names one, ``graph.graph["layout"]``):

- ``hierarchical``: columns by level, left to right along the edges (a unit, then the directorate
  that administers it, then ...), each column ordered by its neighbours in the column before, so
  few edges cross (networkx's multipartite layout);
- ``bipartite``: the things edges leave (countries) in one column, the things they reach (roles)
  in the other, both by label;
- ``shells``: the focus (a neighbourhood's centre, or the node with most links) in the middle and
  the rest in rings by distance from it;
- ``spring``: a force-directed layout with a fixed seed.

Every layout is deterministic, so a notebook's figures are the same on every run. Needs
matplotlib (the ``notebooks`` or ``test`` extra).
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import matplotlib.pyplot as plt
import networkx as nx
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

Position = tuple[float, float]
LAYOUTS = ("hierarchical", "bipartite", "shells", "spring")
# Colour-blind-safe (Okabe-Ito, olive for its pale yellow, then Tableau's) in a fixed order: same legend every run.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999933", "#000000",
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#9C755F", "#BAB0AC", "#76B7B2", "#EDC948",
)  # fmt: skip
LABEL_WIDTH = 30  # characters per line of a node's label
NODE_SIZE = 120
MAX_COLUMNS = 8  # more distinct x positions than this: a ring or a cloud, not columns
SWEEPS = 4  # passes of the barycentre ordering: enough for views of tens of nodes


def colours(values: Iterable[str]) -> dict[str, str]:
    """One colour per distinct value, in sorted order; past the palette, colours repeat."""
    return {value: PALETTE[i % len(PALETTE)] for i, value in enumerate(sorted(set(values)))}


def positions(graph: nx.MultiDiGraph, layout: str | None = None) -> dict[Hashable, Position]:
    """Where each node goes, by ``layout`` (default: the view's own, else ``spring``)."""
    chosen = layout or str(graph.graph.get("layout", "spring"))
    if chosen not in LAYOUTS:
        raise ValueError(f"unknown layout {chosen!r}: choose one of {', '.join(LAYOUTS)}")
    if graph.number_of_nodes() == 0:
        return {}
    if chosen == "hierarchical":
        return _columns(graph, levels(graph))
    if chosen == "bipartite":
        leaving = {n for n in graph if graph.in_degree(n) == 0 and graph.out_degree(n) > 0}
        return _columns(graph, {n: 0 if n in leaving else 1 for n in graph})
    if chosen == "shells":
        return _shells(graph)
    found: dict[Hashable, Any] = nx.spring_layout(nx.Graph(graph), seed=0)
    return {node: (float(x), float(y)) for node, (x, y) in found.items()}


def levels(graph: nx.MultiDiGraph) -> dict[Hashable, int]:
    """Each node's column: the longest chain of edges that reaches it (a cycle counts as one
    step), so every edge points to a later column or within one."""
    condensed = nx.condensation(nx.DiGraph(graph))
    depth: dict[int, int] = {}
    for component in nx.topological_sort(condensed):
        depth[component] = max((depth[p] + 1 for p in condensed.predecessors(component)), default=0)
    mapping = condensed.graph["mapping"]
    return {node: depth[mapping[node]] for node in graph}


def _columns(graph: nx.MultiDiGraph, level: Mapping[Hashable, int]) -> dict[Hashable, Position]:
    """Columns left to right by level; in each, nodes ordered by the mean row of their neighbours
    in the other columns (a few sweeps of the barycentre heuristic, ties by label), so few edges
    cross, spread over the same height."""
    by_level: dict[int, list[Hashable]] = defaultdict(list)
    for node in sorted(graph, key=lambda n: _label(graph, n)):
        by_level[level[node]].append(node)
    columns = [by_level[index] for index in sorted(by_level)]
    undirected: nx.Graph[Hashable] = nx.Graph(graph)
    row = {node: _spread(i, len(nodes)) for nodes in columns for i, node in enumerate(nodes)}
    for _ in range(SWEEPS):
        for nodes in columns:

            def barycentre(node: Hashable) -> float:
                seen = [row[m] for m in undirected[node] if level[m] != level[node]]
                return sum(seen) / len(seen) if seen else row[node]

            nodes.sort(key=lambda n: (barycentre(n), _label(graph, n)))
            row.update((node, _spread(i, len(nodes))) for i, node in enumerate(nodes))
    return {node: (float(x), 1.0 - row[node]) for x, nodes in enumerate(columns) for node in nodes}


def _spread(index: int, count: int) -> float:
    return index / (count - 1) if count > 1 else 0.5


def _shells(graph: nx.MultiDiGraph) -> dict[Hashable, Position]:
    undirected: nx.Graph[Hashable] = nx.Graph(graph)
    focus = graph.graph.get("focus")
    if focus not in graph:
        focus = max(graph, key=lambda n: (undirected.degree(n), _label(graph, n)))
    rings: dict[int, list[Hashable]] = defaultdict(list)
    distance = nx.single_source_shortest_path_length(undirected, focus)
    far = max(distance.values()) + 1
    for node in sorted(graph, key=lambda n: _label(graph, n)):
        rings[distance.get(node, far)].append(node)
    found = nx.shell_layout(undirected, [rings[d] for d in sorted(rings)])
    return {n: (float(x), float(y)) for n, (x, y) in found.items()}


def _label(graph: nx.MultiDiGraph, node: Hashable) -> str:
    return str(graph.nodes[node].get("label", node))


def draw(
    graph: nx.MultiDiGraph,
    ax: Axes | None = None,
    *,
    layout: str | None = None,
    title: str | None = None,
    edge_attribute: str = "label",
    label_width: int = LABEL_WIDTH,
    font_size: float = 8,
) -> Axes:
    """The view on ``ax`` (a new figure sized to it if None): nodes coloured by ``type``, edges by
    ``edge_attribute`` (their kind, by default), each with a legend to the right of the picture,
    nodes named by their English label."""
    placed = positions(graph, layout)
    if ax is None:
        _, ax = plt.subplots(figsize=figure_size(graph, placed, label_width), layout="constrained")
    node_colour = colours(str(d.get("type", "thing")) for _, d in graph.nodes(data=True))
    edge_colour = colours(str(d.get(edge_attribute, "")) for _, _, d in graph.edges(data=True))
    _draw_edges(graph, placed, edge_colour, edge_attribute, ax)
    nodes = list(placed)
    nx.draw_networkx_nodes(
        graph,
        placed,
        nodelist=nodes,
        node_color=[node_colour[str(graph.nodes[n].get("type", "thing"))] for n in nodes],
        node_size=NODE_SIZE,
        edgecolors="white",
        ax=ax,
    )
    _draw_labels(graph, placed, ax, label_width, font_size)
    _legends(ax, node_colour, edge_colour, "edge kind" if edge_attribute == "label" else edge_attribute, font_size)
    heading = title if title is not None else str(graph.graph.get("title", ""))
    ax.set_title(textwrap.fill(heading, 110), fontsize=font_size + 3, loc="left")
    ax.margins(x=0.03, y=0.04 if graph.number_of_nodes() > SMALL else 0.12)  # room for wrapped labels
    ax.set_axis_off()
    return ax


SMALL = 10  # nodes: a graph this small gets a shorter picture than a whole view


def figure_size(
    graph: nx.MultiDiGraph, placed: Mapping[Hashable, Position], label_width: int = LABEL_WIDTH
) -> tuple[float, float]:
    """Inches for a picture of these positions, the legends beside it: in a column layout wide
    enough for each column's labels and tall enough for the lines of labels in its fullest column
    and for the legends' entries; a ring or a cloud square."""
    lines: dict[float, int] = defaultdict(int)
    for node, (x, _) in placed.items():
        lines[round(x, 6)] += len(textwrap.wrap(_label(graph, node), label_width)) + 1
    if len(lines) > MAX_COLUMNS:  # not columns
        return 17.0, 12.0
    types = {d.get("type") for _, d in graph.nodes(data=True)}
    kinds = {d.get("label") for _, _, d in graph.edges(data=True)}
    legends = 0.19 * (len(types) + len(kinds) + 4)  # both legends, their titles and the gap between
    least = 6.0 if graph.number_of_nodes() > SMALL else 3.5
    return 4.0 + 3.4 * len(lines), max(least, legends, 0.19 * max(lines.values()) + 1.5)


def _draw_edges(
    graph: nx.MultiDiGraph,
    placed: Mapping[Hashable, Position],
    edge_colour: Mapping[str, str],
    attribute: str,
    ax: Axes,
) -> None:
    """Each edge as an arrow in its kind's colour; parallel edges bend apart, so none hides another."""
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for source, target, data in graph.edges(data=True):
        pair = (min(str(source), str(target)), max(str(source), str(target)))
        bend = 0.12 * seen[pair]
        seen[pair] += 1
        nx.draw_networkx_edges(
            graph,
            placed,
            edgelist=[(source, target)],
            edge_color=edge_colour[str(data.get(attribute, ""))],
            width=1.4,
            alpha=0.85,
            arrows=True,
            arrowsize=10,
            node_size=NODE_SIZE,
            connectionstyle=f"arc3,rad={bend}",
            ax=ax,
        )


def _draw_labels(
    graph: nx.MultiDiGraph, placed: Mapping[Hashable, Position], ax: Axes, width: int, font_size: float
) -> None:
    """Labels beside their nodes, wrapped, on a light background: away from the middle of a ring,
    to the right in columns except the last (to the left, so they stay inside the picture)."""
    xs = [x for x, _ in placed.values()]
    in_columns = len({round(x, 6) for x in xs}) <= MAX_COLUMNS
    last, middle = max(xs, default=0.0), (min(xs, default=0.0) + max(xs, default=0.0)) / 2
    for node, (x, y) in placed.items():
        right = not (x == last and last > 0) if in_columns else x >= middle - 1e-9
        ax.annotate(
            textwrap.fill(_label(graph, node), width),
            (x, y),
            xytext=(7 if right else -7, 0),
            textcoords="offset points",
            ha="left" if right else "right",
            va="center",
            fontsize=font_size,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )


def _legends(
    ax: Axes, node_colour: Mapping[str, str], edge_colour: Mapping[str, str], edge_title: str, font_size: float
) -> None:
    """Two legends to the right of the picture, outside it (a constrained layout makes room for
    them): node types (dots) above edge kinds (lines)."""
    types = [Line2D([], [], marker="o", linestyle="", color=c, markersize=7, label=t) for t, c in node_colour.items()]
    kinds = [Line2D([], [], color=c, linewidth=2, label=k) for k, c in edge_colour.items()]
    style = {"fontsize": font_size, "title_fontsize": font_size + 1, "frameon": False, "alignment": "left"}
    figure = ax.get_figure()
    assert figure is not None
    figure.legend(handles=types, title="node type", loc="outside right upper", **style)
    if kinds:
        figure.legend(handles=kinds, title=edge_title, loc="outside right lower", **style)
