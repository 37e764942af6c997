"""``thbkg publish``: load the build into a Graph Store Protocol server and check the saved queries there.

Exit codes: 0 loaded and every saved query gives the local answer; 1 loaded, but some answer
differs; 2 bad input (no build, bad URL or timeout, password without user); 3 the store failed
(unreachable or too slow, credentials refused, redirected to another origin, a graph refused so
the load is partial, a query failed there or answered too much). Each problem is one line on
stderr; a re-run replaces the same graphs again, so it is always safe.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from thbkg.core.errors import EXIT_BAD_INPUT, QueryError
from thbkg.core.layout import Layout, find_root
from thbkg.core.namespaces import prefixed
from thbkg.release.graph_store import DEFAULT_TIMEOUT, RemoteStore
from thbkg.release.publish import ALL_GRAPH, LoadReport, QueryCheck, check_queries, payloads, put_graphs
from thbkg.sparql.catalogue import load_catalogue
from thbkg.sparql.http import Credentials
from thbkg.sparql.store import load_build

EXIT_DIFFERENT = 1
EXIT_STORE = 3


def add_publish_command(commands: argparse._SubParsersAction) -> None:
    """Register ``thbkg publish`` on the top-level sub-command parsers."""
    cmd = commands.add_parser(
        "publish",
        help="load the build into a SPARQL 1.1 Graph Store (Oxigraph, Fuseki, GraphDB, Virtuoso) and check the queries",
        description="PUT every named graph of the build (and their union as thbg:all) into a store, then run every "
        "saved query there and compare with the local answer. Credentials: --user/--password (or THBKG_PASSWORD), "
        "or a token in THBKG_TOKEN. See docs/publishing.md.",
    )
    cmd.add_argument("--store", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    cmd.add_argument("--graph-store", metavar="URL", help="its Graph Store Protocol endpoint (default: --store)")
    cmd.add_argument("--user", help="user name for HTTP Basic or Digest authentication")
    cmd.add_argument("--password", help="password (default: the THBKG_PASSWORD environment variable)")
    cmd.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds a request may take in all, from connecting to the last byte of its answer (default: %(default)g)",
    )
    cmd.add_argument("--data", type=Path, help="N-Quads to publish (default: data/build/thbkg.nq)")
    cmd.set_defaults(run=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve() if getattr(args, "root", None) else find_root()
    data = args.data or Layout(root).build / "thbkg.nq"
    try:
        store = RemoteStore(args.store, args.graph_store or args.store, _credentials(args), args.timeout)
        local = load_build(data)
        catalogue = load_catalogue(root / "queries")
        graphs = payloads(data.read_bytes())
    except (QueryError, ValueError) as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    report = put_graphs(store, graphs)
    _print_loads(report)
    if not report.complete:
        return _fail_load(report, len(graphs))
    print(f"Loaded {len(report.loads)} graphs into {store.graph_store}; the union is {ALL_GRAPH}.")
    named = [graph for graph in graphs if graph != ALL_GRAPH]
    checks = check_queries(catalogue, local, store, named)
    _print_checks(checks, store.endpoint)
    if any(check.same is None for check in checks):
        return EXIT_STORE
    return EXIT_DIFFERENT if not all(check.same for check in checks) else 0


def _credentials(args: argparse.Namespace) -> Credentials:
    password = args.password if args.password is not None else os.environ.get("THBKG_PASSWORD")
    if password is not None and args.user is None:
        raise ValueError("a password needs --user")
    if args.user is not None:
        return Credentials(user=args.user, password=password)
    return Credentials(token=os.environ.get("THBKG_TOKEN") or None)


def _print_loads(report: LoadReport) -> None:
    for item in report.loads:
        outcome = f"HTTP {item.status}" if item.status is not None else "FAILED"
        print(f"PUT {prefixed(item.graph)}  {item.triples} triples  {outcome}")


def _fail_load(report: LoadReport, total: int) -> int:
    loaded = len(report.loads) - len(report.failed)
    for item in report.failed:
        print(f"thbkg publish: {prefixed(item.graph)} not loaded: {item.error}", file=sys.stderr)
    if report.stopped:
        print(f"thbkg publish: {report.stopped}", file=sys.stderr)
    if loaded:
        print(
            f"thbkg publish: partial load: {loaded} of {total} graphs replaced, the rest not; "
            "the store mixes old and new graphs until a re-run succeeds (a re-run is safe)",
            file=sys.stderr,
        )
    else:
        print(f"thbkg publish: nothing loaded (0 of {total} graphs)", file=sys.stderr)
    return EXIT_STORE


def _print_checks(checks: list[QueryCheck], endpoint: str) -> None:
    print(f"Saved queries on {endpoint} (default graph {prefixed(ALL_GRAPH)}) against the local build:")
    for check in checks:
        word = {True: "same", False: "DIFFERENT", None: "FAILED"}[check.same]
        print(f"  {word:<9}  {check.name}: {check.detail}")
    same = sum(1 for check in checks if check.same)
    print(f"{same} of {len(checks)} saved queries give the local answer.")


def _fail(message: str, code: int) -> int:
    print(f"thbkg publish: {' '.join(message.split())}", file=sys.stderr)
    return code
