"""The quality checks after a change (``thbkg build --watch``): a check whose last run found nothing
runs again only on the quads a change can reach, so that a change to one source of a thousand is
checked in a fraction of the time the checks take whole (some 3 s there, on two cores).

A check's rows are each the answer for one value of its root: a variable it projects that every
row binds and from which the analysis (engines/reach.py, ``rows_reach``) bounds what the query
reads. A walk back from the changed quads on the new data (engines/walk.py) gives the root values
whose rows may differ, by the argument revalidate.py makes for focus nodes; a walk forward from
them gives every quad their rows read, and the check runs on a store of those quads alone. No row
there, as none before: the check still finds nothing.

A check runs whole: the first time; when the change held a blank node (the stores were loaded
again); when the analysis cannot bound it or a walk passes ``CAP`` nodes (engines/walk.py, as the
check of undeclared predicates does, whose rows count every use of a predicate); and where the
last run or the run on the walk's quads has a row, so that a failure is reported exactly as a
whole run reports it (rows of other values on those quads alone may be wrong, and a literal may
be written otherwise in a change than the store keeps it). tests/test_kept_quality.py compares the
checks with runs on fresh stores after changes of many kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from thbkg.build.engines.reach import Unbounded, rows_reach
from thbkg.build.engines.walk import QuadWalk, TooFar
from thbkg.build.quality import Violations, failing, run_check
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.results import Result


@dataclass
class QuadChange:
    """The quads a change added or removed (in the named graphs and the default graph), and the
    graphs that began or stopped holding triples."""

    quads: list[ox.Quad] = field(default_factory=list)
    graphs: set[ox.NamedNode] = field(default_factory=set)


@dataclass
class KeptQuality:
    """The last rows of each check by its text, and what changed in the store since they were made
    (None: nothing is known of it, so every check runs whole)."""

    rows: dict[str, Result] = field(default_factory=dict)
    change: QuadChange | None = None
    whole: set[str] = field(default_factory=set)  # the checks the last run ran whole, by name

    def changed(self, quads: list[ox.Quad], graphs: set[ox.NamedNode]) -> None:
        """Note a change made to the store."""
        if self.change is not None:
            self.change.quads += quads
            self.change.graphs |= graphs

    def run(self, store: ox.Store, checks: list[SavedQuery]) -> list[Violations]:
        """The checks' failures on ``store``, as a whole run gives them."""
        walk = None if self.change is None else QuadWalk(store, self.change.quads, self.change.graphs)
        self.whole = set()
        found = failing(checks, lambda check: self._rows(store, check, walk))
        self.change = QuadChange()
        return found

    def _rows(self, store: ox.Store, check: SavedQuery, walk: QuadWalk | None) -> Result:
        last = self.rows.get(check.text)
        rows = None if walk is None or last is None else _rows_after(check, last, walk)
        if rows is None:
            rows = run_check(store, check)
            self.whole.add(check.name)
        self.rows[check.text] = rows
        return rows


def _rows_after(check: SavedQuery, last: Result, walk: QuadWalk) -> Result | None:
    """The rows of ``check`` after the change from its ``last`` rows, or None where it must run whole."""
    try:
        reach = rows_reach(check.text)
        roots = walk.roots(reach, iris=False)
        if not roots:
            return last
        around = walk.store_of(walk.forward(reach, roots))
    except (Unbounded, TooFar):
        return None
    # any row at all runs the check whole: the rows of other values on these quads alone may be
    # wrong, and a literal may be written otherwise in a change than the store keeps it
    if last.rows or run_check(around, check).rows:
        return None
    return last
