"""How far from its focus node a check reads the data: the reach of a SPARQL query (a constraint, a
target, the passages a finding shows) from one variable, as triple patterns each read from a
variable already reached (``Link``), for incremental validation (revalidate.py).

A query's answer for a focus node ``f`` depends only on the triples a walk from ``f`` along these
links reaches: each link is read from a variable whose value, in every solution that counts, is
already reached from ``f``. So after a change, the focus nodes whose answer may differ are those a
walk reaches a changed triple from, and the walk can be followed backwards from the changed triple
on the new data (revalidate.py says why that is enough).

The analysis reads the query's algebra (rdflib's) and is conservative: a variable anchors a pattern
only where every solution that reaches the pattern binds it to a reached value: a triple pattern
binds its variables; a join passes on what either side binds; OPTIONAL, MINUS and (NOT) EXISTS
see only what the pattern before them binds in every solution (a variable it may leave unbound
would let the pattern inside match anything); a subquery shares only what it projects. ``BIND(?x
AS ?y)`` makes ``?y`` the value ``?x`` holds; a variable bound to any other expression is
computed: a pattern reads it as any term and is never read from it (its value cannot be walked to
or from). Anything it cannot bound raises ``Unbounded`` and the check is run whole: a
pattern joined to the focus node by nothing but constants or computed values, an aggregate not
grouped by the focus node, LIMIT in a subquery, SERVICE, and any algebra it does not know.

With ``graphs`` (the quality checks, which read named graphs), a pattern inside GRAPH is a quad
pattern whose fourth position is the graph (a variable or an IRI), one outside is in the default
graph, and an empty ``GRAPH ?g { }`` reads only that graph ``?g`` holds a triple (``Link.exists``).
Without it (SHACL, which reads one graph), GRAPH is unbounded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import count

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from thbkg.build.engines.algebra import algebra as parsed

# A position of a link: a variable (its name), a constant IRI, or None for any term (a literal
# constant is read as any term, so that no two forms of one value are told apart); a quad's graph
# position may also be the default graph.
Position = str | ox.NamedNode | ox.DefaultGraph | None
DEFAULT = ox.DefaultGraph()
EXISTS = ("Builtin_EXISTS", "Builtin_NOTEXISTS")
PASS_THROUGH = ("Project", "Distinct", "Reduced", "SelectQuery")


class Unbounded(Exception):
    """The analysis cannot bound how far a check reads from its focus node."""


@dataclass(frozen=True)
class Link:
    """A triple pattern (subject, predicate, object), or a quad pattern (the graph fourth), read from
    the variable at position ``start``."""

    terms: tuple[Position, ...]
    start: int

    @property
    def exists(self) -> bool:
        """An empty ``GRAPH ?g { }``, which reads only that graph ``?g`` holds a triple."""
        return self.terms[:3] == (None, None, None)

    @property
    def source(self) -> str:
        variable = self.terms[self.start]
        assert isinstance(variable, str)
        return variable


@dataclass(frozen=True)
class Same:
    """``target`` holds the value ``source`` holds (a path of zero steps)."""

    source: str
    target: str


Step = Link | Same


@dataclass(frozen=True)
class Reach:
    """The links a check reads from its focus node, held by variable ``root``."""

    root: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Part:
    """A part of a pattern before it is oriented: a triple pattern, or two positions of equal value
    (a path of zero steps); ``every``: read from each of its variables (a step of a repeated path,
    whose nodes are reached from either end)."""

    terms: tuple[Position, ...]
    every: bool = False


class Names:
    """Fresh variable names, which no query can use (SPARQL names hold no ``#``)."""

    def __init__(self) -> None:
        self._numbers = count()

    def fresh(self, hint: str = "") -> str:
        return f"{hint}#{next(self._numbers)}"


class Scope:
    """The names of a query's variables: their own at the top, and in a subquery fresh ones but
    for those it projects."""

    def __init__(self, names: Names | None = None, shared: dict[str, str] | None = None) -> None:
        self.names = names
        self.known = dict(shared or {})

    def __call__(self, term: Node) -> Position:
        """A term of a pattern as a position: a variable by its scoped name, an IRI as itself."""
        if isinstance(term, Variable | BNode):
            key = ("?" if isinstance(term, Variable) else "_:") + str(term)
            if key not in self.known:
                plain = str(term) if isinstance(term, Variable) else key + "#"
                self.known[key] = plain if self.names is None else self.names.fresh(plain)
            return self.known[key]
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, Literal):
            return None
        raise Unbounded(f"a term the analysis does not read: {term!r}")


def expand(
    subject: Position,
    path: Node | Path,
    obj: Position,
    names: Names,
    parts: list[Part],
    every: bool = False,
    graph: tuple[Position, ...] = (),
) -> None:
    """The parts a property path from ``subject`` to ``obj`` reads (in ``graph``, if one is given),
    with a fresh variable for each node inside it; a repeated path loops on a variable that holds
    every node it reaches, read from either end (the path may be matched from its object)."""
    if isinstance(path, URIRef):
        parts.append(Part((subject, ox.NamedNode(str(path)), obj, *graph), every))
    elif isinstance(path, InvPath):
        expand(obj, path.arg, subject, names, parts, every, graph)
    elif isinstance(path, SequencePath):
        ends = [subject, *(names.fresh("step") for _ in path.args[1:]), obj]
        for number, step in enumerate(path.args):
            expand(ends[number], step, ends[number + 1], names, parts, every, graph)
    elif isinstance(path, AlternativePath):
        for choice in path.args:
            expand(subject, choice, obj, names, parts, every, graph)
    elif isinstance(path, MulPath):
        if path.mod == "?":
            parts.append(Part((subject, obj)))
            expand(subject, path.path, obj, names, parts, every, graph)
            return
        reached = names.fresh("repeat")
        if path.mod == "*":
            parts.append(Part((subject, reached)))
        else:
            expand(subject, path.path, reached, names, parts, True, graph)
        expand(reached, path.path, reached, names, parts, True, graph)
        parts.append(Part((reached, obj)))
    elif isinstance(path, NegatedPath):
        parts.append(Part((subject, None, obj, *graph), every))
    else:
        raise Unbounded(f"a path the analysis does not read: {path!r}")


def oriented(
    parts: list[Part], anchors: set[str], computed: frozenset[str] = frozenset(), prefer: str | None = None
) -> tuple[list[Step], set[str]]:
    """Each part read from a variable already reached, starting from ``anchors``, and every
    variable reached; Unbounded names a part that no variable joins to them. A ``computed``
    variable is reached but never read from. With ``prefer`` (the root of a quality check), one
    part at a time is read, from its subject while any part can be, else from ``prefer``, else
    from its object: a subject has fewer triples than most objects (a class, a country) and than
    predicates, so the walks stay short."""
    reached: set[str] = set(anchors)
    steps: list[Step] = []
    pending = [part for part in parts if any(isinstance(term, str) for term in part.terms)]
    while pending:
        if prefer is not None:
            part, start = _best_read(pending, reached, computed, prefer)
            pending.remove(part)
            _read(part, [start], computed, steps, reached)
            continue
        left = []
        for part in pending:
            starts = _starts(part, reached, computed)
            if not starts:
                left.append(part)
                continue
            _read(part, starts[:1], computed, steps, reached)
        if len(left) == len(pending):
            raise Unbounded(f"a pattern joined to the focus node by no variable: {_text(left[0])}")
        pending = left
    return steps, reached


def _starts(part: Part, reached: set[str], computed: frozenset[str]) -> list[int]:
    """The positions ``part`` can be read from: its variables reached and not computed."""
    terms = enumerate(part.terms)
    return [n for n, term in terms if isinstance(term, str) and term in reached and term not in computed]


def _best_read(pending: list[Part], reached: set[str], computed: frozenset[str], prefer: str) -> tuple[Part, int]:
    """The part to read next and its position to read it from (oriented's ``prefer``)."""
    choices = [(part, start) for part in pending for start in _starts(part, reached, computed)]
    if not choices:
        raise Unbounded(f"a pattern joined to the focus node by no variable: {_text(pending[0])}")

    def rank(choice: tuple[Part, int]) -> tuple[bool, bool, bool]:
        part, start = choice
        return (len(part.terms) >= 3 and start != 0, part.terms[start] != prefer, start != 2)

    return min(choices, key=rank)


def _read(part: Part, starts: list[int], computed: frozenset[str], steps: list[Step], reached: set[str]) -> None:
    """Add the steps that read ``part`` from ``starts`` (from each of its variables if it is read
    from every one), and its variables to ``reached``."""
    terms = part.terms
    variables = [n for n, term in enumerate(terms) if isinstance(term, str) and term not in computed]
    for start in variables if part.every else starts:
        if len(terms) >= 3:
            steps.append(Link(terms, start))
        elif isinstance(terms[1 - start], str):
            steps.append(Same(terms[start], terms[1 - start]))  # type: ignore[arg-type]
    reached.update(term for term in terms if isinstance(term, str))


def _text(part: Part) -> str:
    return " ".join("?" + t if isinstance(t, str) else "[]" if t is None else str(t) for t in part.terms)


class _Walker:
    """The links of one query's algebra from its root variable."""

    def __init__(self, root: str, substituted: bool, graphs: bool) -> None:
        self.root = root
        self.substituted = {root} if substituted else set()
        self.graphs = graphs
        self.graph: Position = DEFAULT  # the graph the patterns being read are matched in
        self.computed: set[str] = set()
        self.names = Names()
        self.steps: list[Step] = []
        self.read = 0  # the BGPs and EXISTS read, to check that none was passed over
        self.bound: set[str] = set()  # the variables the query binds in every solution

    def query(self, algebra: CompValue) -> list[Step]:
        self.bound, _ = self.pattern(algebra, Scope(), {self.root}, set(self.substituted), True)
        if self.read != sum(1 for _ in _patterns(algebra)):
            raise Unbounded("a graph pattern in a place the analysis does not read")
        return self.steps

    def pattern(
        self, node: CompValue, scope: Scope, joined: set[str], substituted: set[str], top: bool
    ) -> tuple[set[str], set[str]]:
        """The variables ``node`` binds in every solution, and those among them that are reached;
        ``joined``: variables whose value is reached wherever the pattern binds them (the outer
        patterns it is joined with bind them so); ``substituted``: those bound everywhere inside."""
        name = node.name
        if name in PASS_THROUGH:
            return self.pattern(node["p"], scope, joined, substituted, top)
        if name == "BGP":
            return self.triples(node["triples"], scope, joined | substituted)
        if name == "Extend":
            return self.extend(node, scope, joined, substituted, top)
        if name == "Graph":
            if not self.graphs:
                raise Unbounded("GRAPH")
            graph = scope(node["term"])
            outer, self.graph = self.graph, graph
            try:
                bound, reached = self.pattern(node["p"], scope, joined, substituted, top)
            finally:
                self.graph = outer
            if isinstance(graph, str) and not any(bgp.get("triples") for bgp in _patterns(node["p"])):
                steps, _ = oriented([Part((None, None, None, graph))], joined | reached, frozenset(self.computed))
                self.steps += steps
                bound, reached = bound | {graph}, reached | {graph}
            return bound, reached
        if name in ("Filter", "OrderBy", "Slice"):
            if name == "Slice" and not top:
                raise Unbounded("LIMIT or OFFSET in a subquery: its rows depend on every row")
            bound, reached = self.pattern(node["p"], scope, joined, substituted, top)
            self.expression(node.get("expr"), scope, reached | substituted, top)
            return bound, reached
        if name == "Join":
            return self.join(node["p1"], node["p2"], scope, joined, substituted, top)
        if name == "LeftJoin":
            bound, reached = self.pattern(node["p1"], scope, joined, substituted, top)
            _, right = self.pattern(node["p2"], scope, joined | reached, substituted, top)
            self.expression(node.get("expr"), scope, reached | right | substituted, top)
            return bound, reached
        if name == "Union":
            bound1, reached1 = self.pattern(node["p1"], scope, joined, substituted, top)
            bound2, reached2 = self.pattern(node["p2"], scope, joined, substituted, top)
            return bound1 & bound2, reached1 & reached2
        if name == "Minus":
            bound, reached = self.pattern(node["p1"], scope, joined, substituted, top)
            self.pattern(node["p2"], scope, reached | substituted, substituted, top)
            return bound, reached
        if name == "AggregateJoin":
            group = node["p"]
            keys = {scope(key) for key in group.get("expr") or [] if isinstance(key, Variable)}
            if scope(Variable(self.root)) not in keys:
                raise Unbounded("an aggregate over a group not keyed by the focus node")
            bound, reached = self.pattern(group["p"], scope, joined, substituted, top)
            self.expression(node["A"], scope, reached | substituted, top)
            return bound & keys, reached & keys
        if name == "ToMultiSet":
            return self.subquery(node["p"], scope, joined, substituted)
        if name == "values":
            return set(), set()
        raise Unbounded(f"SPARQL {name}")

    def extend(
        self, node: CompValue, scope: Scope, joined: set[str], substituted: set[str], top: bool
    ) -> tuple[set[str], set[str]]:
        """``BIND(expression AS ?var)``: ``?var`` holds the value of the variable it is bound to, or
        is computed (reached, never read from)."""
        expression, target = node["expr"], scope(node["var"])
        if not isinstance(target, str):
            raise Unbounded(f"BIND to {node['var']!r}")
        source = scope(expression) if isinstance(expression, Variable) else None
        if isinstance(source, str) and target in joined:  # the value is reached: so is the one it is bound to
            bound, reached = self.pattern(node["p"], scope, joined | {source}, substituted, top)
            if source in reached:
                self.steps.append(Same(target, source))
        else:
            bound, reached = self.pattern(node["p"], scope, joined, substituted, top)
        self.expression(expression, scope, reached | substituted, top)
        if isinstance(source, str) and source in reached | substituted and source not in self.computed:
            if target not in joined:
                self.steps.append(Same(source, target))
            return bound | ({target} if source in bound else set()), reached | {target}
        if target not in joined:  # else reached from outside, and the value bound here is joined with it
            # a pattern that reads it reads any term there: every value it may be computed to
            self.computed.add(target)
        return bound, reached | {target}

    def triples(
        self, triples: list[tuple[Node, Node, Node]], scope: Scope, joined: set[str]
    ) -> tuple[set[str], set[str]]:
        """A basic graph pattern: every variable bound, and reached if the pattern is joined to
        ``joined`` (Unbounded if not); in a graph other than the default, quad patterns (an empty
        one in a graph named by a variable: that the graph holds a triple)."""
        self.read += 1
        graph = self.graph
        in_graph: tuple[Position, ...] = () if graph == DEFAULT and not self.graphs else (graph,)
        parts: list[Part] = []
        for s, p, o in triples:
            if isinstance(p, Variable | BNode):
                parts.append(Part((scope(s), scope(p), scope(o), *in_graph)))
            else:
                expand(scope(s), p, scope(o), self.names, parts, graph=in_graph)
        prefer = self.root if self.graphs else None
        steps, _ = oriented(parts, joined, frozenset(self.computed), prefer)
        self.steps += steps
        terms = [scope(t) for triple in triples for t in triple if not isinstance(t, Path)]
        bound = {v for v in [*terms, graph] if isinstance(v, str)} if triples else set()
        return bound, bound

    def join(
        self, first: CompValue, second: CompValue, scope: Scope, joined: set[str], substituted: set[str], top: bool
    ) -> tuple[set[str], set[str]]:
        """Both sides of a join, the one that is reached on its own first; the other is then reached
        through what the first binds in every solution."""
        kept, read, computed = len(self.steps), self.read, set(self.computed)
        try:
            bound1, reached1 = self.pattern(first, scope, joined, substituted, top)
            bound2, reached2 = self.pattern(second, scope, joined | reached1, substituted, top)
        except Unbounded:
            del self.steps[kept:]
            self.read, self.computed = read, computed
            bound2, reached2 = self.pattern(second, scope, joined, substituted, top)
            bound1, reached1 = self.pattern(first, scope, joined | reached2, substituted, top)
        return bound1 | bound2, reached1 | reached2

    def subquery(
        self, node: CompValue, scope: Scope, joined: set[str], substituted: set[str]
    ) -> tuple[set[str], set[str]]:
        """A subquery: its own variables, but for those it projects, which it shares with the query."""
        inner = node
        while inner.name in ("Distinct", "Reduced", "OrderBy"):
            inner = inner["p"]
        if inner.name != "Project":
            raise Unbounded(f"a subquery of the form {inner.name}")
        shared = {"?" + str(v): scope(v) for v in inner["PV"]}
        names = {name for name in shared.values() if isinstance(name, str)}
        bound, reached = self.pattern(node, Scope(self.names, shared), joined & names, substituted & names, False)  # type: ignore[arg-type]
        return bound & names, reached & names

    def expression(self, node: object, scope: Scope, bound: set[str], top: bool) -> None:
        """The graph patterns of (NOT) EXISTS in an expression, read with the variables the pattern
        around them binds to reached values in every solution put in."""
        if isinstance(node, CompValue):
            if node.name in EXISTS:
                self.read += 1
                self.pattern(node.graph, scope, bound, bound, top)
                return
            for key, value in node.items():
                if key != "_vars":
                    self.expression(value, scope, bound, top)
        elif isinstance(node, list | tuple):
            for item in node:
                self.expression(item, scope, bound, top)


def _patterns(node: object) -> Iterator[CompValue]:
    """Every BGP and EXISTS of an algebra (the EXISTS patterns as translated)."""
    if isinstance(node, CompValue):
        if node.name == "BGP" or node.name in EXISTS:
            yield node
        if node.name in EXISTS:
            yield from _patterns(node.graph)
            return
        for key, value in node.items():
            if key != "_vars":
                yield from _patterns(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _patterns(item)


@cache
def query_reach(query: str, root: str = "this", substituted: bool = True) -> tuple[Step, ...]:
    """The links SELECT ``query`` reads from variable ``root``: pre-bound everywhere in the query if
    ``substituted`` (``$this`` in a SPARQL constraint), else joined with the answers (a target's
    ``?this``, the focus node of the passages a finding shows). Kept per query: the analysis
    depends on the query alone."""
    return tuple(_walked(query, root, substituted, graphs=False).steps)


@cache
def rows_reach(query: str) -> Reach:
    """The reach of SELECT ``query``'s rows, which may read named graphs, from a variable it projects
    that every row binds and whose reach the analysis bounds (the first such that is the subject of
    a pattern read from it, else the first): each row is then the answer for that variable's value;
    Unbounded if there is none."""
    algebra = parsed_query(query)
    problems, found = [], []
    for variable in algebra["PV"]:
        try:
            walker = _walked(query, str(variable), substituted=False, graphs=True)
        except Unbounded as exc:
            problems.append(f"?{variable}: {exc}")
            continue
        if str(variable) in walker.bound:
            found.append(Reach(str(variable), tuple(walker.steps)))
        else:
            problems.append(f"?{variable}: not bound in every row")
    if not found:
        raise Unbounded("; ".join(problems) or "no variable projected")
    # a root that is the subject of what is read from it, where there is one: fewer triples lead to it
    subjects = [reach for reach in found if any(_read_as_subject(step, reach.root) for step in reach.steps)]
    return (subjects or found)[0]


def _read_as_subject(step: Step, variable: str) -> bool:
    return isinstance(step, Link) and step.start == 0 and step.terms[0] == variable


def parsed_query(query: str) -> CompValue:
    """The algebra of ``query``; Unbounded if the analysis cannot parse it."""
    try:
        return parsed(query)
    except (ParseException, ValueError, TypeError) as exc:
        raise Unbounded(f"a query the analysis cannot parse: {exc}") from None


def _walked(query: str, root: str, substituted: bool, graphs: bool) -> _Walker:
    walker = _Walker(root, substituted, graphs)
    walker.query(parsed_query(query))
    return walker
