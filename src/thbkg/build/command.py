"""The build's side of the ``thbkg`` command: run the stages and say what is wrong, and ``thbkg validate``.

Exit codes: 0 done, 1 the data is invalid (SHACL or a quality check), 2 bad input (a file and line
to fix, shapes that are not SHACL, a quality check that cannot run). Problems go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from thbkg.build.cache import BuildCache
from thbkg.build.engines import DEFAULT_ENGINE, ENGINES
from thbkg.build.kept_checks import KeptChecks
from thbkg.build.pipeline import Build, check_build, run_stages
from thbkg.build.quality import Violations
from thbkg.build.quality import report as qc_report
from thbkg.build.scaffold import ScaffoldError, new_source
from thbkg.build.summary import summarise
from thbkg.build.validate import ShapesError
from thbkg.core.errors import EXIT_BAD_INPUT, InputError, QueryError
from thbkg.core.layout import Layout, project_layout, shown
from thbkg.core.progress import Progress, progress_for

EXIT_INVALID = 1


def input_problems(command: str, exc: InputError) -> int:
    """Print each problem as ``path:line: reason`` under a heading; the exit code for bad input."""
    print(f"{command} failed: {len(exc.problems)} problem(s) in the input:", file=sys.stderr)
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_BAD_INPUT


def progress_of(args: argparse.Namespace) -> Progress:
    """Show each step (live on a terminal, as plain lines elsewhere), unless the command was given ``--quiet``."""
    return progress_for(args.quiet)


def add_quiet_option(command: argparse.ArgumentParser) -> None:
    """``--quiet`` for the commands that build: for scripts and logs that want only the result."""
    command.add_argument("--quiet", "-q", action="store_true", help="print no progress lines (problems still are)")


def add_engine_option(command: argparse.ArgumentParser) -> None:
    """``--engine`` for the commands that reason and validate (build/engines/)."""
    command.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default=DEFAULT_ENGINE,
        help=f"reasoner and validator: reference (owlrl, pyshacl) or fast (reasonable, pyoxigraph); "
        f"the same results (default: {DEFAULT_ENGINE})",
    )


def checked_build(
    layout: Layout, progress: Progress, engine: str = DEFAULT_ENGINE, cache: BuildCache | None = None
) -> Build | int:
    """Map, reason, validate and run the quality checks with ``engine``, reusing what ``cache`` kept
    where that is sound, naming each step to ``progress``; on any failure print what is wrong and
    return the exit code instead of the build."""
    build = mapped_build(layout, progress, engine, cache)
    if isinstance(build, int):
        return build
    refused = refusal(build, layout, progress, engine, cache)
    return build if refused is None else refused


def mapped_build(layout: Layout, progress: Progress, engine: str, cache: BuildCache | None) -> Build | int:
    """Map and reason (the stages that make the data); on bad input print it and return the exit code."""
    try:
        return run_stages(layout, check=False, progress=progress, engine_name=engine, cache=cache)
    except InputError as exc:
        return input_problems("build", exc)


def refusal(
    build: Build,
    layout: Layout,
    progress: Progress,
    engine: str,
    cache: BuildCache | None,
    quality: Callable[[], list[Violations]] | None = None,
    kept: KeptChecks | None = None,
) -> int | None:
    """Validate ``build`` and run the quality checks on it, or take their failures from ``quality``,
    or check it with the ``kept`` stores of the last build's checks (unless that was done: a checked
    build holds its report); if it fails either, or they cannot run, print what is wrong and return
    the exit code, else None."""
    try:
        if build.report is None:
            check_build(build, layout, progress=progress, engine_name=engine, cache=cache, quality=quality, kept=kept)
    except InputError as exc:
        return input_problems("build", exc)
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
    return None


def print_summary(build: Build) -> None:
    """What a successful build holds and how long each stage took."""
    print(summarise(build.ntriples, build.claims), end="")
    timings = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in build.timings.items())
    print(f"SHACL: conforms. Stages: {timings}.")


def cmd_validate(args: argparse.Namespace) -> int:
    build = checked_build(project_layout(args.root), progress_of(args), args.engine)
    if isinstance(build, int):
        return build
    if build.report is not None:
        print(build.report.render())
    return 0


def add_validate_command(commands: argparse._SubParsersAction) -> None:
    """Register ``thbkg validate`` on the top-level sub-command parsers."""
    check = commands.add_parser("validate", help="map and reason, then print the SHACL report; exit 1 on a violation")
    add_quiet_option(check)
    add_engine_option(check)
    check.set_defaults(run=cmd_validate)


def cmd_new_source(args: argparse.Namespace) -> int:
    try:
        files = new_source(project_layout(args.root), Path(args.text), args.id)
    except ScaffoldError as exc:
        print(f"thbkg new-source: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{'Copied the text to' if files.copied else 'The text is already in place:'} {shown(files.text)}")
    print(f"Wrote {shown(files.manifest)}: fill in each <fill in: ...> field")
    print(f"Wrote {shown(files.mapping)}: map the document's claims, then run `thbkg build`")
    return 0


def add_new_source_command(commands: argparse._SubParsersAction) -> None:
    """Register ``thbkg new-source`` on the top-level sub-command parsers."""
    new = commands.add_parser(
        "new-source",
        help="start a new source from its text: copy it to data/sources/, write its record and an empty mapping",
        description="Copy a source text into data/sources/ and write its catalogue record (with the text's sha256 "
        "and fields to fill in) and an empty mapping with examples. Never overwrites a file.",
    )
    new.add_argument("text", help="the document as a plain UTF-8 text file")
    new.add_argument("--id", help="the source id (default: the text file's name without .txt)")
    new.set_defaults(run=cmd_new_source)
