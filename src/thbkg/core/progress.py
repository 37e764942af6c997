"""Progress lines: a command that makes the user wait seconds names each step as it starts.

They go to standard error, flushed at once, so standard output keeps only what the command reports
(a build's summary, query results) and can be piped or parsed as before.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

Progress = Callable[[str], None]


def announce(step: str) -> None:
    """Print ``step ...`` on standard error now."""
    print(f"{step} ...", file=sys.stderr, flush=True)


def silent(step: str) -> None:
    """Say nothing: for ``--quiet`` and for callers from Python that only want the result."""
