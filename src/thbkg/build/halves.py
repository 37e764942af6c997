"""Work on many items shared with a forked copy of this process: the map stage of a large corpus
maps its sources on both cores of a small machine, where nothing else runs yet.

The child is a fork, so it starts with everything the parent has built (the registry, the parsed
mappings, the source texts) and nothing is copied to it; it sends back only its results, pickled
over a pipe between the two processes (data that never leaves them, unlike the cache's files). What
the work changes in the child's memory is lost with it: the caller makes those changes again from
the results where they matter.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class ChildFailed(Exception):
    """The child stopped without sending its results."""


def in_two(items: Sequence[T], work: Callable[[T], R], done: Callable[[int], None] | None = None) -> list[R]:
    """``work(item)`` for every item, in the items' order: every other item in a forked child, the
    rest here at the same time. An exception the child's work raises is raised here; ``done``
    hears how many results are in as this process finishes each of its own, then all."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the odd items, its results (or what it raised) down the pipe
        os.close(read)
        try:
            try:
                sent = pickle.dumps(("results", [work(item) for item in items[1::2]]))
            except Exception as exc:
                sent = pickle.dumps(("raised", exc))
            with os.fdopen(write, "wb") as out:
                out.write(sent)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        try:
            mine = []
            for item in items[0::2]:
                mine.append(work(item))
                if done:
                    done(len(mine))
            received = pipe.read()
        except BaseException:  # the child is stopped, not left blocked on a pipe nobody reads
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
    os.waitpid(pid, 0)
    if not received:
        raise ChildFailed("the forked process stopped before it sent its results")
    kind, payload = pickle.loads(received)
    if kind == "raised":
        raise payload
    theirs: list[R] = payload
    if done:
        done(len(items))
    return [mine[index // 2] if index % 2 == 0 else theirs[index // 2] for index in range(len(items))]
