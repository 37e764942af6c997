"""The live progress display for a terminal (rich); ``core/progress.py`` chooses it when standard
error is a TTY, and only then imports this module, so a build in a pipe does not pay for rich."""

from __future__ import annotations

import atexit
import sys

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as Display
from rich.text import Text


class _IfCounted(ProgressColumn):
    """``column`` for a step that tallies; nothing for one that does not (no empty bar, no "0/?")."""

    def __init__(self, column: ProgressColumn) -> None:
        super().__init__()
        self.column = column

    def render(self, task: Task) -> Text:
        return self.column.render(task) if task.fields.get("counted") else Text("")  # type: ignore[return-value]


class TerminalProgress:
    """The live display (rich): one line per step, its spinner and elapsed seconds, and a bar with
    ``n/total`` once the step tallies. Stopped when the process ends, leaving every line in place."""

    def __init__(self, console: Console | None = None) -> None:
        self.display = Display(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("{task.description}"),
            _IfCounted(BarColumn()),
            _IfCounted(MofNCompleteColumn()),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
            redirect_stdout=sys.stdout.isatty(),  # a pipe keeps only what the command reports
        )
        self.step: TaskID | None = None

    def __call__(self, step: str) -> None:
        if self.step is None:
            self.display.start()
            atexit.register(self.stop)
        self._finish()
        self.step = self.display.add_task(step, total=None)

    def tally(self, done: int, total: int) -> None:
        if self.step is not None:
            self.display.update(self.step, completed=done, total=total, counted=True)

    def stop(self) -> None:
        self._finish()
        self.display.stop()

    def _finish(self) -> None:
        """Mark the step in progress done: its clock stops and its spinner becomes a tick."""
        if self.step is not None:
            task = self.display.tasks[-1]
            self.display.update(self.step, total=task.total or 1, completed=task.total or 1)
            self.display.stop_task(self.step)
