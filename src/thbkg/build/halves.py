"""Work on many items shared with a forked copy of this process: the map stage of a large corpus
maps its sources on both cores of a small machine, where nothing else runs yet.

The child is a fork (core/forked.py), so it starts with everything the parent has built (the
registry, the parsed mappings, the source texts) and nothing is copied to it; it sends back only its
results. What the work changes in the child's memory is lost with it: the caller makes those
changes again from the results where they matter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from thbkg.core.forked import with_child

T = TypeVar("T")
R = TypeVar("R")


def in_two(items: Sequence[T], work: Callable[[T], R], done: Callable[[int], None] | None = None) -> list[R]:
    """``work(item)`` for every item, in the items' order: every other item in a forked child, the
    rest here at the same time. An exception the child's work raises is raised here; ``done``
    hears how many results are in as this process finishes each of its own, then all."""

    def mine() -> list[R]:
        results = []
        for item in items[0::2]:
            results.append(work(item))
            if done:
                done(len(results))
        return results

    here, theirs = with_child(lambda: [work(item) for item in items[1::2]], mine)
    if done:
        done(len(items))
    return [here[index // 2] if index % 2 == 0 else theirs[index // 2] for index in range(len(items))]
