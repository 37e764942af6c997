"""The ``thbkg`` command: parses the arguments and hands each command to its stage.

``thbkg build`` is the one command that spans two stages: it builds, then writes the build and its
downloads as one generation, so data/build and dist always belong together.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from thbkg import __version__
from thbkg.build.cache import BuildCache
from thbkg.build.command import (
    add_engine_option,
    add_new_source_command,
    add_quiet_option,
    add_validate_command,
    checked_build,
    mapped_build,
    print_summary,
    progress_of,
    refusal,
)
from thbkg.build.pipeline import Build, write_outputs, write_quads
from thbkg.core.errors import EXIT_BAD_INPUT
from thbkg.core.layout import Layout, project_layout, shown
from thbkg.core.progress import Progress
from thbkg.explore.command import add_graph_command
from thbkg.release.beside import export_beside
from thbkg.release.export import ExportError
from thbkg.release.export_command import add_export_commands
from thbkg.release.generations import write_generation
from thbkg.release.publish_command import add_publish_command
from thbkg.serve.command import add_serve_command
from thbkg.sparql.command import add_query_command
from thbkg.watch import watch


class Refused(Exception):
    """The checks refused the build: the exit code, what is wrong already printed."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def cmd_build(args: argparse.Namespace) -> int:
    layout = project_layout(args.root)
    progress = progress_of(args)
    cache = BuildCache(layout.cache, reuse=not args.full)
    if args.output:
        checked = checked_build(layout, progress, args.engine, cache)
        if isinstance(checked, int):
            return checked
        print_summary(checked)
        progress(f"Writing {shown(Path(args.output))}")
        write_outputs(checked, Path(args.output))
        print(f"Wrote {shown(Path(args.output))}/thbkg.trig and thbkg.nq")
        return 0
    if args.watch:
        return watch(
            layout,
            progress,
            args.engine,
            cache,
            lambda build: write_built(build, layout, progress, args.engine, cache, summary=False),
        )
    build = mapped_build(layout, progress, args.engine, cache)
    if isinstance(build, int):
        return build
    return write_built(build, layout, progress, args.engine, cache)


def write_built(
    build: Build, layout: Layout, progress: Progress, engine: str, cache: BuildCache, summary: bool = True
) -> int:
    """Check ``build`` with ``engine`` (unless it was) and write it as a new generation, printing what it
    holds unless not ``summary`` (``--watch`` prints one line a build); the exit code."""

    def fill(build_dir: Path, dist_dir: Path) -> None:
        """The data is written first, and a large build's downloads and quality checks are made
        while it is validated (release/beside.py); a refused build's generation is dropped whole."""
        build.written = write_quads(build, build_dir)  # the store is loaded from this file
        with export_beside(build_dir, layout, dist_dir) as beside:
            refused = refusal(build, layout, progress, engine, cache, beside.quality)
            if refused is not None:
                raise Refused(refused)
            if summary:
                print_summary(build)
            progress(f"Writing {shown(layout.build)} and the downloads in {shown(layout.dist)}")
            beside.finish()

    try:
        write_generation(layout, fill)
    except Refused as refused:
        return refused.code
    except ExportError as exc:  # the citation or a saved query the downloads' README names
        print(f"thbkg build: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Wrote {shown(layout.build)}/thbkg.trig and thbkg.nq")
    print(f"Wrote {shown(layout.dist)}/ (downloads: thbkg export)")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="thbkg", description="Build, check and use the thbkg knowledge graph.")
    top.add_argument("--version", action="version", version=f"thbkg {__version__}")
    top.add_argument("--root", help="project folder (default: the nearest folder holding ontology/thbkg.ttl)")
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="map, reason, validate and write data/build/ and dist/")
    where = build.add_mutually_exclusive_group()
    where.add_argument("--output", help="folder to write the build files to instead (dist/ is then left as it is)")
    where.add_argument(
        "--watch",
        action="store_true",
        help="build again each time an input changes, keeping the checks' stores in memory (Ctrl-C to stop)",
    )
    build.add_argument(
        "--full", action="store_true", help="map and reason over everything again, reusing nothing kept in data/.cache"
    )
    add_quiet_option(build)
    add_engine_option(build)
    build.set_defaults(run=cmd_build)
    add_validate_command(commands)
    add_new_source_command(commands)
    add_export_commands(commands)
    add_query_command(commands)
    add_graph_command(commands)
    add_publish_command(commands)
    add_serve_command(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
