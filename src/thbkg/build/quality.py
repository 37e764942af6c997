"""Quality checks in the ODK style: each ``queries/qc/*.rq`` SELECTs violations, and a good build has none.

SHACL checks the shape of each node; these queries check what shapes cannot say well, across
graphs: that every predicate is declared, every figure and fact has its claim, and every IRI where
one of ours belongs is ours. What the shapes check (an English label, for one) is left to them, so
that a defect is reported once. The build runs them on the graphs it is about to write and writes
nothing if any returns a row.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from thbkg.core.errors import InputError, Problem, QueryError
from thbkg.sparql.catalogue import SavedQuery, load_catalogue
from thbkg.sparql.formats import table
from thbkg.sparql.results import Result
from thbkg.sparql.run import QuerySyntaxError, run_local


@dataclass(frozen=True)
class Violations:
    """The rows one quality-check query returned: each row is one violation."""

    check: SavedQuery
    result: Result

    def render(self) -> str:
        count = len(self.result.rows)
        head = f"{self.check.name}: {count} violation{'' if count == 1 else 's'} ({self.check.summary})"
        return head + "\n" + "".join(f"  {line}\n" for line in table(self.result).splitlines())


def load_checks(folder: Path) -> list[SavedQuery]:
    """The quality-check queries in ``folder``; a project without the folder has none."""
    checks = list(load_catalogue(folder).values()) if folder.is_dir() else []
    for check in checks:
        if check.form != "SELECT":
            raise QueryError(f"{check.path}: a quality check must be a SELECT of violations, not {check.form}")
    return checks


def run_checks(store: ox.Store, checks: list[SavedQuery]) -> list[Violations]:
    """The checks that found violations on ``store`` (an empty list: the build passes), in the order
    given; a check that is not SPARQL is an InputError at its file and line, one that cannot run a
    QueryError naming it."""
    return failing(checks, lambda check: run_check(store, check))


def failing(checks: list[SavedQuery], answer: Callable[[SavedQuery], Result]) -> list[Violations]:
    """The checks whose ``answer`` has rows, in the order given. They run a thread per core: the
    store answers without holding Python's lock, so at a thousand reports two cores take about half
    the time of one."""
    with ThreadPoolExecutor(max_workers=max(1, min(len(checks), os.cpu_count() or 1))) as pool:
        found = list(pool.map(lambda check: Violations(check, answer(check)), checks))
    return [violations for violations in found if violations.result.rows]


def run_check(store: ox.Store, check: SavedQuery) -> Result:
    """The rows of one check on ``store``."""
    try:
        return run_local(store, check.text, check.form)
    except QuerySyntaxError as exc:
        raise InputError([Problem(check.path, exc.line, str(exc))]) from None
    except QueryError as exc:
        raise QueryError(f"{check.path}: {exc}") from None


def report(failures: list[Violations]) -> str:
    """Every failing check with its rows, for the build's error output."""
    return "\n".join(failure.render() for failure in failures)
