"""``thbkg query``: list the saved queries, run one (or an ad-hoc file) locally or on an endpoint.

Kept apart from cli.py so the command is registered with one call, ``add_query_command``.
Exit codes: 0 done, 2 bad input (unknown name, parameter, syntax, missing build), 3 the endpoint
failed (unreachable, HTTP error, timeout, not SPARQL results). Errors are one line on stderr. An
empty answer is done too, with a line on stderr for each parameter value that matches nothing in
the data (hints.py); an unknown name is answered with the names most like it.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from thbkg.core.errors import EXIT_BAD_INPUT, QueryError
from thbkg.core.layout import Layout, find_root
from thbkg.sparql.catalogue import SavedQuery, find, load_catalogue, read_query
from thbkg.sparql.formats import FORMATS, result_text
from thbkg.sparql.hints import Runner, Unmatched, is_empty, unmatched
from thbkg.sparql.results import Result
from thbkg.sparql.run import DEFAULT_TIMEOUT, EndpointError, prepare, run_local, run_remote
from thbkg.sparql.store import load_build

EXIT_ENDPOINT = 3


def add_query_command(commands: argparse._SubParsersAction) -> None:
    """Register ``thbkg query`` on the top-level sub-command parsers."""
    cmd = commands.add_parser(
        "query",
        help="run a saved query (queries/*.rq) or --file on the build or a SPARQL endpoint",
        description="Run a saved query or an ad-hoc .rq file; parameters are grlc ?_name variables.",
    )
    cmd.add_argument("name", nargs="?", help="saved query name (or a unique start of it, e.g. query-01)")
    cmd.add_argument("--list", action="store_true", help="list the saved queries with summary and parameters")
    cmd.add_argument("--file", type=Path, help="run this .rq file instead of a saved query")
    cmd.add_argument("--param", action="append", default=[], metavar="KEY=VALUE", help="a parameter value (repeat)")
    cmd.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    cmd.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead of the local build")
    cmd.add_argument(
        "--default-graph-uri",
        action="append",
        default=[],
        metavar="IRI",
        help="with --endpoint: a graph to query as the default graph (repeat to merge several)",
    )
    cmd.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="endpoint timeout in seconds")
    cmd.add_argument("--data", type=Path, help="N-Quads to load (default: data/build/thbkg.nq)")
    cmd.set_defaults(run=cmd_query)


def cmd_query(args: argparse.Namespace) -> int:
    try:
        text, notes = _run(args)
    except EndpointError as exc:
        return _fail(str(exc), EXIT_ENDPOINT)
    except QueryError as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `thbkg query ... | head`
        sys.stderr.close()
        return 0
    for note in notes:  # an empty answer is still an answer: exit 0, with why beside it
        print(f"thbkg query: no rows: {note}", file=sys.stderr)
    return 0


def _fail(message: str, code: int) -> int:
    print(f"thbkg query: {' '.join(message.split())}", file=sys.stderr)
    return code


def _run(args: argparse.Namespace) -> tuple[str, list[Unmatched]]:
    """The output, and for an empty answer the parameter values that matched nothing."""
    root = Path(args.root).resolve() if getattr(args, "root", None) else find_root()
    layout = Layout(root)
    if args.list:
        if args.name or args.file:
            raise QueryError("--list takes no query name or --file")
        return listing(load_catalogue(root / "queries")), []
    if bool(args.name) == bool(args.file):
        raise QueryError("give a saved query NAME or --file FILE (or --list)")
    query = read_query(args.file) if args.file else find(load_catalogue(root / "queries"), args.name)
    given = parse_params(args.param)
    text = prepare(query, given)
    if args.default_graph_uri and not args.endpoint:
        raise QueryError("--default-graph-uri needs --endpoint: the local build's default graph is all its graphs")
    run: Runner
    if args.endpoint:
        run = partial(run_remote, args.endpoint, timeout=args.timeout, default_graphs=args.default_graph_uri)
    else:
        run = partial(run_local, load_build(args.data or layout.build / "thbkg.nq"))
    result = run(text, query.form)
    return result_text(result, args.format), _why_empty(query, given, result, run)


def _why_empty(query: SavedQuery, given: dict[str, str], result: Result, run: Runner) -> list[Unmatched]:
    """The values that matched nothing, when the answer is empty; none if the look-up itself fails
    (an endpoint that refuses it), as the answer stands without them."""
    if not is_empty(result):
        return []
    try:
        return unmatched(query, given, run)
    except QueryError:
        return []


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``key=value`` strings as a mapping; a pair without ``=`` or a key given twice is an error."""
    given: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryError(f"--param wants KEY=VALUE, got {pair!r}")
        if key in given:
            raise QueryError(f"parameter {key!r} given twice")
        given[key] = value
    return given


def listing(catalogue: dict[str, SavedQuery]) -> str:
    """Each query's name, summary and parameters (with defaults)."""
    blocks = []
    for query in catalogue.values():
        params = query.parameter_summary() or "none"
        blocks.append(f"{query.name}\n    {query.summary or '(no summary)'}\n    parameters: {params}\n")
    return "".join(blocks) or "no saved queries\n"
