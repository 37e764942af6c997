"""``thbkg graph VIEW``: write one graph view for Gephi, Cytoscape or Graphviz.

``thbkg graph --list`` names the views; ``thbkg graph actors --format gexf --output actors.gexf``
writes one; ``thbkg graph neighbourhood --of organization/kom --depth 2`` the surroundings of a
thing; ``--endpoint URL`` reads the view from a SPARQL endpoint instead of the build. Without
``--output`` the file goes to standard output. Exit codes as ``thbkg query``: 2 bad input (unknown
view, bad parameter, no build), 3 the endpoint failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thbkg.core.errors import EXIT_BAD_INPUT, QueryError
from thbkg.core.files import write_file
from thbkg.core.layout import project_layout, shown
from thbkg.explore.exports import FORMATS, to_bytes
from thbkg.explore.views import NEIGHBOURHOOD_LIMIT, views
from thbkg.sparql.command import parse_params

NEIGHBOURHOOD = "neighbourhood"


def add_graph_command(commands: argparse._SubParsersAction) -> None:
    """Register ``thbkg graph`` on the top-level sub-command parsers."""
    cmd = commands.add_parser(
        "graph",
        help="write a graph view (actors, law, plans, ...) as GraphML, GEXF, Cytoscape JSON or DOT",
        description="Write one of the graph views for Gephi (graphml, gexf), Cytoscape (cyjs) or Graphviz (dot).",
    )
    cmd.add_argument("view", nargs="?", help=f"the view: {', '.join([*views(), NEIGHBOURHOOD])}")
    cmd.add_argument("--list", action="store_true", help="list the views with what each shows")
    cmd.add_argument("--format", choices=FORMATS, default="graphml", help="file format (default: graphml)")
    cmd.add_argument("--output", type=Path, help="file to write (default: standard output)")
    cmd.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a view's parameter (repeat)")
    cmd.add_argument("--of", metavar="THING", help=f"{NEIGHBOURHOOD}: the thing (a key, CURIE or IRI)")
    cmd.add_argument("--depth", type=int, default=1, help=f"{NEIGHBOURHOOD}: links out, 1 to {NEIGHBOURHOOD_LIMIT}")
    cmd.add_argument("--endpoint", metavar="URL", help="read the view from this SPARQL endpoint, not the build")
    cmd.add_argument("--data", type=Path, help="N-Quads to read (default: data/build/thbkg.nq)")
    cmd.set_defaults(run=cmd_graph)


def cmd_graph(args: argparse.Namespace) -> int:
    from thbkg.explore.graph import KnowledgeGraphError  # with pandas: imported by this command alone

    if args.list:
        for view in views().values():
            print(f"{view.name}\n    {view.summary}")
        print(f"{NEIGHBOURHOOD}\n    A thing (--of) and everything within --depth links of it")
        return 0
    try:
        data = _view_bytes(args)
    except KnowledgeGraphError as exc:
        print(f"thbkg graph: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.output is None:
        sys.stdout.buffer.write(data)
        return 0
    write_file(args.output, data)
    print(f"Wrote {shown(args.output)} ({len(data)} bytes)", file=sys.stderr)
    return 0


def _view_bytes(args: argparse.Namespace) -> bytes:
    from thbkg.explore.graph import KnowledgeGraphError, open_graph

    if not args.view:
        raise KnowledgeGraphError("give a VIEW (thbkg graph --list names them)")
    if (args.view == NEIGHBOURHOOD) != bool(args.of):
        raise KnowledgeGraphError(f"--of names the thing of the {NEIGHBOURHOOD} view, and only of it")
    layout = project_layout(args.root)
    kg = open_graph(args.endpoint or args.data, root=layout.root)
    if args.view == NEIGHBOURHOOD:
        graph = kg.neighbourhood(args.of, args.depth)
    else:
        try:
            parameters = parse_params(args.param)
        except QueryError as exc:
            raise KnowledgeGraphError(str(exc)) from None
        graph = kg.view(args.view, **parameters)
    return to_bytes(graph, args.format)
