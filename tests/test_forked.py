"""Work beside a forked child (core/forked.py): the child works on what this process held when it
forked, both results come back, and what the child raises is raised here."""

from __future__ import annotations

import os

import pytest

from thbkg.core.forked import with_child


def test_the_child_works_on_what_this_process_holds_and_both_results_come_back() -> None:
    parent = os.getpid()
    held = list(range(100_000))  # made before the fork: the child reads it without a copy being sent
    here, there = with_child(lambda: (sum(held), os.getpid() != parent), lambda: (len(held), os.getpid() == parent))
    assert here == (100_000, True)
    assert there == (sum(range(100_000)), True)


def test_what_the_child_raises_is_raised_here_after_this_process_is_done() -> None:
    done = []

    def theirs() -> None:
        raise ValueError("the child's fault")

    with pytest.raises(ValueError, match="the child's fault"):
        with_child(theirs, lambda: done.append("mine"))
    assert done == ["mine"]
