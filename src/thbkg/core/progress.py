"""Progress: a command that makes the user wait seconds names each step as it starts.

On a terminal (standard error is a TTY) a live display shows the step in progress with a spinner
and the seconds it has taken, and a bar when the step reports how far it is (``n of total``); each
finished step stays as a line with its time. Elsewhere (a pipe, a log, the tests) each step is one
plain ``step ...`` line. Either way it goes to standard error, so standard output keeps only what
the command reports (a build's summary, query results) and can be piped or parsed as before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

Progress = Callable[[str], None]
Tally = Callable[[int, int], None]


def announce(step: str) -> None:
    """Print ``step ...`` on standard error now."""
    print(f"{step} ...", file=sys.stderr, flush=True)


def silent(step: str) -> None:
    """Say nothing: for ``--quiet`` and for callers from Python that only want the result."""


def _no_tally(done: int, total: int) -> None:
    """A count with nowhere to show: plain lines name steps only."""


def tally_of(progress: Progress) -> Tally:
    """How a step reports ``done`` of ``total``: the terminal display's bar, else nothing."""
    return getattr(progress, "tally", _no_tally)


def progress_for(quiet: bool) -> Progress:
    """Nothing with ``--quiet``; the live display when standard error is a terminal; plain lines otherwise."""
    if quiet:
        return silent
    if not sys.stderr.isatty():
        return announce
    from thbkg.core.terminal import TerminalProgress  # rich, imported only for a terminal

    return TerminalProgress()
