"""Turtle inputs (the ontology, the shapes) parsed into rdflib graphs, with the file, line and
column of any syntax error.

pyoxigraph reads each file first, only to check it: it gives every syntax error its position,
where rdflib's own parser fails on some broken input with an AssertionError or IndexError that
says neither line nor reason. It also holds the files to the Turtle grammar that other tools
(Protégé, triple stores) apply, where rdflib lets some errors pass with a warning.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from thbkg.build.textfile import read_text
from thbkg.core.errors import InputError, Problem


def parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    """Add the triples of the Turtle file ``path`` to ``graph`` (a new one by default); relative
    IRIs resolve against the file, as rdflib resolves them when it opens the file itself."""
    text = read_text(path)
    base = path.absolute().as_uri()
    try:
        deque(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=base), maxlen=0)
    except SyntaxError as exc:
        detail = exc.msg.split(": ", 1)[-1]
        where = f" (column {exc.offset})" if exc.offset else ""
        raise InputError([Problem(path, exc.lineno or 0, f"not valid Turtle{where}: {detail}")]) from None
    target = Graph() if graph is None else graph
    target.parse(data=text, format="turtle", publicID=base)
    return target
