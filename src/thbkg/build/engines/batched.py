"""One query for all the focus nodes of a SPARQL constraint, where that gives what a query per
focus node gives.

SHACL-SPARQL pre-binds ``$this`` to each focus node in turn (SHACL 5.3.1; pyshacl and pyoxigraph
substitute it). A query per focus node costs pyoxigraph a parse and a plan each time, about 0.2 ms,
which is seconds over thousands of observations. Joining the query's outermost group with
``VALUES $this { ... }`` and reading the focus node from each row gives the same rows when
``$this`` is bound in every solution of that group before anything reads it
(``runs_batched``): each filter, BIND and OPTIONAL condition that mentions ``$this`` is applied
where the patterns below it have bound ``$this``, so it sees the value it would have seen
substituted; a nested group that binds ``$this`` by a triple is joined on it, as the substituted
constant would restrict it; a GROUP BY groups by ``$this``, so no group spans two focus nodes.
Anything else (subqueries, MINUS, GRAPH, LIMIT, aggregates without grouping by ``$this``) keeps the
query per focus node.
"""

from __future__ import annotations

import re

from pyparsing import ParseException
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from thbkg.build.engines.algebra import algebra as parsed

THIS = Variable("this")
WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
PASS_THROUGH = ("Distinct", "Reduced", "OrderBy")


def runs_batched(query: str) -> bool:
    """Whether ``query`` (a SPARQL constraint's SELECT) may run once for all focus nodes."""
    if not WHERE.search(query):
        return False
    try:
        algebra = parsed(query)
    except (ParseException, ValueError, TypeError):
        return False
    node = algebra["p"]
    while isinstance(node, CompValue) and node.name in PASS_THROUGH:
        node = node["p"]
    if not isinstance(node, CompValue) or node.name != "Project":
        return False
    safe, bound = _scope(node["p"])
    return safe and THIS in bound


def with_focus(query: str, values: list[str]) -> str:
    """``query`` with its outermost group joined with ``VALUES $this`` (terms in SPARQL syntax)."""
    block = "VALUES $this { " + " ".join(values) + " }\n"
    match = WHERE.search(query)
    assert match is not None
    return query[: match.end()] + "\n" + block + query[match.end() :]


def _scope(node: object) -> tuple[bool, set[Variable]]:
    """Whether the pattern ``node`` reads ``$this`` only where it is bound, and the variables bound
    in every one of its solutions."""
    if not isinstance(node, CompValue):
        return False, set()
    name = node.name
    if name == "BGP":
        return True, {term for triple in node["triples"] for term in triple if isinstance(term, Variable)}
    if name in ("Join", "Union", "LeftJoin"):
        (left_safe, left), (right_safe, right) = _scope(node["p1"]), _scope(node["p2"])
        if name == "Join":
            return left_safe and right_safe, left | right
        if name == "Union":
            return left_safe and right_safe, left & right
        expression = node.get("expr")
        return left_safe and right_safe and _reads_bound(expression, left | right), left
    if name in ("Filter", "Extend"):
        safe, bound = _scope(node["p"])
        return safe and _reads_bound(node["expr"], bound), bound
    if name == "AggregateJoin":
        group = node["p"]
        if not isinstance(group, CompValue) or group.name != "Group" or not group.get("expr"):
            return False, set()
        safe, bound = _scope(group["p"])
        keys = {key for key in group["expr"] if isinstance(key, Variable)}
        return safe and THIS in keys and THIS in bound, keys
    return False, set()


def _reads_bound(expression: object, bound: set[Variable]) -> bool:
    """Whether ``expression`` leaves ``$this`` alone or reads it where it is ``bound``."""
    return THIS in bound or not _mentions(expression)


def _mentions(node: object) -> bool:
    if isinstance(node, Variable):
        return node == THIS
    if isinstance(node, CompValue):
        return any(_mentions(value) for key, value in node.items() if key != "_vars")
    if isinstance(node, list | tuple | set):
        return any(_mentions(item) for item in node)
    return False
