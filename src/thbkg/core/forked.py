"""Two pieces of work at once, one in a forked copy of this process: the child starts with
everything the parent holds (parsed mappings, a loaded store), shared copy-on-write rather than
copied or loaded again, and sends back only its result.

The result goes back pickled over a pipe between the two processes (data that never leaves them,
unlike the cache's files). What the child's work changes in its memory is lost with it.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import TypeVar

Mine = TypeVar("Mine")
Theirs = TypeVar("Theirs")


class ChildFailed(Exception):
    """The child stopped without sending its result."""


def with_child(theirs: Callable[[], Theirs], mine: Callable[[], Mine]) -> tuple[Mine, Theirs]:
    """``mine()`` here while a forked child runs ``theirs()``; both results. What the child raises
    is raised here once ``mine()`` is done; if ``mine()`` raises, the child is killed first, not
    left blocked on a pipe nobody reads. The child is in this process's group, so stopping the
    group stops it too."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its result, or what it raised, down the pipe
        os.close(read)
        try:
            try:
                sent = pickle.dumps(("result", theirs()))
            except Exception as exc:
                sent = pickle.dumps(("raised", exc))
            with os.fdopen(write, "wb") as out:
                out.write(sent)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        try:
            here = mine()
            received = pipe.read()
        except BaseException:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
    os.waitpid(pid, 0)
    if not received:
        raise ChildFailed("the forked process stopped before it sent its results")
    kind, payload = pickle.loads(received)
    if kind == "raised":
        raise payload
    there: Theirs = payload
    return here, there
