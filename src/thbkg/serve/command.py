"""``thbkg serve``: start the query workers on the build, then the web server on them.

Kept apart from cli.py so the command is registered with one call, ``add_serve_command``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from thbkg.core.errors import EXIT_BAD_INPUT
from thbkg.core.layout import project_layout
from thbkg.serve.config import (
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_HOST,
    DEFAULT_MAX_ROWS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    KEEP_ALIVE,
    MAX_HEADERS,
    ServeConfig,
)
from thbkg.serve.port import PortUnavailable, listen

EXIT_FAILED = 1  # the workers could not start (no sandbox, a store that does not load)


def add_serve_command(commands: argparse._SubParsersAction) -> None:
    """Register ``thbkg serve`` on the top-level sub-command parsers."""
    cmd = commands.add_parser(
        "serve",
        help="serve the build: a read-only SPARQL endpoint at /sparql",
        description="Serve the build as a read-only SPARQL 1.1 endpoint (see docs/serve.md).",
    )
    cmd.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default: {DEFAULT_HOST})")
    cmd.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    cmd.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds a query may run (default: 10)")
    cmd.add_argument(
        "--header-timeout",
        type=float,
        default=DEFAULT_HEADER_TIMEOUT,
        help="seconds a client has to send a request's headers, idle or dripping (default: 10)",
    )
    cmd.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, help="rows a result may hold (default: 10000)")
    cmd.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="query worker processes (default: 2)")
    cmd.add_argument("--cors", action=argparse.BooleanOptionalAction, default=True, help="allow any origin (default)")
    cmd.add_argument("--data", type=Path, help="N-Quads or TriG to serve (default: data/build/thbkg.nq)")
    cmd.add_argument("--queries", type=Path, help="saved queries to serve at /api/queries (default: queries/)")
    cmd.add_argument("--dist", type=Path, help="exported files to serve at /download/ (default: dist/)")
    cmd.add_argument("--sources", type=Path, help="source texts shown on the documents' pages (default: data/sources/)")
    cmd.set_defaults(run=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    # The server's modules are imported by this command alone: every other command starts faster.
    import uvicorn

    from thbkg.serve.app import create_app
    from thbkg.serve.connections import ConnectionRegistry, bounded_protocol
    from thbkg.serve.pool import Pool

    layout = project_layout(args.root)
    data = args.data or layout.build / "thbkg.nq"
    problem = _check(args, data)
    if problem:
        print(f"thbkg serve: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    config = ServeConfig(
        data,
        args.host,
        args.port,
        args.timeout,
        args.max_rows,
        args.workers,
        args.cors,
        args.queries or layout.queries,
        args.dist or layout.dist,
        args.sources or layout.sources,
    )
    try:
        sock = listen(config.host, config.port)  # first: a taken port is said at once, and stays ours
    except PortUnavailable as exc:
        print(f"thbkg serve: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _log_to_stderr()
    pool = Pool(data, config.workers, config.timeout)
    try:
        try:
            pool.start()
        except RuntimeError as exc:
            print(f"thbkg serve: {exc}", file=sys.stderr)
            return EXIT_FAILED
        print(
            f"Serving {data.name} on {config.site} (SPARQL at /sparql; {config.workers} workers, "
            f"timeout {config.timeout:g} s, at most {config.max_rows} rows); Ctrl-C stops.",
            flush=True,
        )
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(config, pool),
                http=bounded_protocol(ConnectionRegistry(args.header_timeout)),  # bounded in time and number
                log_level="warning",
                limit_concurrency=None,  # the registry caps connections, closing idle ones to make room
                timeout_keep_alive=KEEP_ALIVE,
                h11_max_incomplete_event_size=MAX_HEADERS,
                server_header=False,
            )
        )
        server.run(sockets=[sock])
    finally:
        sock.close()
        pool.close()
    return 0


def _log_to_stderr() -> None:
    """One line per refused or failed request (hardening.py, connections.py), with a time stamp."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("thbkg.serve")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _check(args: argparse.Namespace, data: Path) -> str | None:
    """What is wrong with the options, in one line, or None."""
    if not data.is_file():
        return f"no data at {data}: run `thbkg build` first"
    if not args.timeout > 0 or not args.header_timeout > 0:
        return "--timeout and --header-timeout must be more than 0 seconds"
    if args.max_rows < 1 or args.workers < 1:
        return "--max-rows and --workers must be at least 1"
    return None
