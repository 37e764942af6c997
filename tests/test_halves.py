"""Mapping shared with a forked process: the same stated graphs as one process makes, results in
the items' order, and a failure on either side raised here with no process left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from thbkg.build import assemble as assembly
from thbkg.build.halves import in_two
from thbkg.core.layout import project_layout


def test_results_come_back_in_the_order_of_the_items_from_both_processes() -> None:
    parent = os.getpid()
    results = in_two(list(range(7)), lambda n: (n * n, os.getpid() == parent))
    assert [square for square, _ in results] == [0, 1, 4, 9, 16, 25, 36]
    assert [here for _, here in results] == [True, False, True, False, True, False, True]


def test_what_the_child_raises_is_raised_here() -> None:
    def work(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n

    with pytest.raises(ValueError, match="three"):
        in_two([0, 1, 2, 3], work)


def test_what_this_process_raises_stops_the_child(tmp_path: Path) -> None:
    pids = tmp_path / "pids"

    def work(n: int) -> bytes:
        if n == 2:
            raise KeyError("two")
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return b"x" * 1_000_000  # more than a pipe holds: the child would wait for a reader

    with pytest.raises(KeyError):
        in_two([0, 1, 2, 3], work)
    child = {int(pid) for pid in pids.read_text().split()} - {os.getpid()}
    for pid in child:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_the_seeds_mapped_in_two_processes_state_what_one_process_states(monkeypatch) -> None:
    layout = project_layout(None)
    alone = assembly.assemble(layout)
    monkeypatch.setattr(assembly, "PARALLEL_SOURCES", 1)
    shared = assembly.assemble(layout)
    assert shared.graphs == alone.graphs
    assert shared.claims == alone.claims
