"""The ``thbkg`` command: wires the stages together; each stage is a function of its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from thbkg import __version__
from thbkg.build.pipeline import Build, run_stages, write_build, write_outputs
from thbkg.build.quality import report as qc_report
from thbkg.build.summary import summarise
from thbkg.build.validate import ShapesError
from thbkg.core.errors import InputError, QueryError
from thbkg.core.layout import Layout, find_root
from thbkg.release.command import add_publish_command
from thbkg.release.export import ExportError, build_file, export, export_files
from thbkg.release.generations import copy_build, write_generation
from thbkg.release.ontology_docs import ontology_markdown, read_ontology
from thbkg.release.query_docs import write as write_query_docs
from thbkg.serve.command import add_serve_command
from thbkg.sparql.command import add_query_command

EXIT_INVALID = 1
EXIT_BAD_INPUT = 2


def _layout(args: argparse.Namespace) -> Layout:
    return Layout(Path(args.root).resolve() if args.root else find_root())


def _input_problems(command: str, exc: InputError) -> int:
    """Print each problem as ``path:line: reason`` under a heading; the exit code for bad input."""
    print(f"{command} failed: {len(exc.problems)} problem(s) in the input:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _stages(layout: Layout) -> Build | int:
    """Run map, reason and validate; print what is wrong and return an exit code on failure."""
    try:
        build = run_stages(layout)
    except InputError as exc:
        return _input_problems("build", exc)
    except ShapesError as exc:
        print(f"build failed: the shapes in {layout.shapes} are not valid SHACL: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except QueryError as exc:
        print(f"build failed: a quality check cannot run: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if build.report is not None and build.report.violations:
        print(build.report.render(), file=sys.stderr)
        print(f"validation failed: {len(build.report.violations)} violation(s); nothing written", file=sys.stderr)
        return EXIT_INVALID
    if build.qc_failures:
        print(qc_report(build.qc_failures), file=sys.stderr)
        print(f"quality checks failed: {len(build.qc_failures)} check(s); nothing written", file=sys.stderr)
        return EXIT_INVALID
    return build


def cmd_build(args: argparse.Namespace) -> int:
    layout = _layout(args)
    build = _stages(layout)
    if isinstance(build, int):
        return build
    print(summarise(build.graphs, build.claims), end="")
    timings = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in build.timings.items())
    print(f"SHACL: conforms. Stages: {timings}.")
    if args.output:
        write_outputs(build, Path(args.output))
        print(f"Wrote {_shown(Path(args.output))}/thbkg.trig and thbkg.nq")
        return 0

    def fill(build_dir: Path, dist_dir: Path) -> None:
        write_build(build, build_dir)
        export_files(build_dir, layout.shapes, dist_dir)

    write_generation(layout, fill)
    print(f"Wrote {_shown(layout.build)}/thbkg.trig and thbkg.nq")
    print(f"Wrote {_shown(layout.dist)}/ (downloads: thbkg export)")
    return 0


def _shown(path: Path) -> Path:
    return path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path


def cmd_export(args: argparse.Namespace) -> int:
    layout = _layout(args)
    target = Path(args.output).resolve() if args.output else layout.dist

    def fill(build_dir: Path, dist_dir: Path) -> list[Path]:
        copy_build(layout, build_dir)
        return export_files(build_dir, layout.shapes, dist_dir)

    try:
        build_file(layout.build)  # no build to export: say so before writing anything
        written = export(layout.build, layout.shapes, target) if args.output else write_generation(layout, fill)
    except ExportError as exc:
        print(f"thbkg export: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Wrote {len(written)} files to {_shown(target)}/ ({sum(p.stat().st_size for p in written)} bytes)")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    build = _stages(_layout(args))
    if isinstance(build, int):
        return build
    print(build.report.render())
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    layout = _layout(args)
    target = layout.root / "docs" / "ontology.md"
    try:
        ontology = read_ontology(layout.ontology)
    except InputError as exc:
        return _input_problems("docs", exc)
    target.write_text(ontology_markdown(ontology), encoding="utf-8")
    print(f"Wrote {target}")
    try:
        print(f"Wrote {write_query_docs(layout)}")
    except QueryError as exc:
        print(f"thbkg docs: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="thbkg", description="Build, check and use the thbkg knowledge graph.")
    top.add_argument("--version", action="version", version=f"thbkg {__version__}")
    top.add_argument("--root", help="project folder (default: the nearest folder holding ontology/thbkg.ttl)")
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="map, reason, validate and write data/build/ and dist/")
    build.add_argument("--output", help="folder to write the build files to instead (dist/ is then left as it is)")
    build.set_defaults(run=cmd_build)
    check = commands.add_parser("validate", help="map and reason, then print the SHACL report; exit 1 on a violation")
    check.set_defaults(run=cmd_validate)
    dist = commands.add_parser("export", help="write dist/: the dataset in every format, gzipped, and its description")
    dist.add_argument("--output", help="folder to write (default: dist)")
    dist.set_defaults(run=cmd_export)
    docs = commands.add_parser("docs", help="regenerate the generated pages in docs/ (ontology, saved queries)")
    docs.set_defaults(run=cmd_docs)
    add_query_command(commands)
    add_publish_command(commands)
    add_serve_command(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
