"""``thbkg export`` (the downloads of the current build, as a new generation or into a folder) and
``thbkg docs`` (the generated reference pages in docs/). Exit code 2 when there is nothing to export
or an input cannot be read; problems go to stderr."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from thbkg.build.command import input_problems
from thbkg.core.errors import EXIT_BAD_INPUT, InputError, QueryError
from thbkg.core.layout import project_layout, shown
from thbkg.release.export import ExportError, build_file, export, export_files
from thbkg.release.generations import copy_build, write_generation
from thbkg.release.ontology_docs import ontology_markdown, read_ontology
from thbkg.release.query_docs import write as write_query_docs


def cmd_export(args: argparse.Namespace) -> int:
    layout = project_layout(args.root)
    target = Path(args.output).resolve() if args.output else layout.dist

    def fill(build_dir: Path, dist_dir: Path) -> list[Path]:
        copy_build(layout, build_dir)
        return export_files(build_dir, layout, dist_dir)

    try:
        build_file(layout.build)  # no build to export: say so before writing anything
        written = export(layout.build, layout, target) if args.output else write_generation(layout, fill)
    except ExportError as exc:
        print(f"thbkg export: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Wrote {len(written)} files to {shown(target)}/ ({sum(p.stat().st_size for p in written)} bytes)")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    layout = project_layout(args.root)
    target = layout.root / "docs" / "ontology.md"
    try:
        ontology = read_ontology(layout.ontology)
    except InputError as exc:
        return input_problems("docs", exc)
    target.write_text(ontology_markdown(ontology), encoding="utf-8")
    print(f"Wrote {target}")
    try:
        print(f"Wrote {write_query_docs(layout)}")
    except QueryError as exc:
        print(f"thbkg docs: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def add_export_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``thbkg export`` and ``thbkg docs`` on the top-level sub-command parsers."""
    dist = commands.add_parser("export", help="write dist/: the dataset in every format, gzipped, and its description")
    dist.add_argument("--output", help="folder to write (default: dist)")
    dist.set_defaults(run=cmd_export)
    docs = commands.add_parser("docs", help="regenerate the generated pages in docs/ (ontology, saved queries)")
    docs.set_defaults(run=cmd_docs)
