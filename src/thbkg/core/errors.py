"""Errors that point a curator at the file and line to fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_BAD_INPUT = 2  # every command: the input (files, arguments, a query) is wrong; nothing was done


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, located by path and line; line 0 when the problem is with the
    file as a whole (missing, unreadable) or no parser can say where."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line else f"{self.path}: {self.reason}"


class InputError(Exception):
    """Raised when input files hold problems; carries all of them so one run shows every fix."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        """Pickled with its problems, so it crosses from a process of the build (release/beside.py)."""
        return InputError, (self.problems,)


class QueryError(Exception):
    """A query cannot run (unknown name, bad parameter, syntax, endpoint): one line for the user."""


def one_line(text: str, limit: int = 300) -> str:
    """Collapse white space, so a multi-line message (an engine's, a server's) fits one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
