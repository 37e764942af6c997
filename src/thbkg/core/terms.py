"""The pyoxigraph term types the stages after the build pass around, named once, and the narrowing
of a query's answer to the kind its query form gives."""

from __future__ import annotations

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def solutions(answer: Answer) -> ox.QuerySolutions:
    """The rows of a SELECT query's answer; another form's answer here is a programming error."""
    if not isinstance(answer, ox.QuerySolutions):
        raise TypeError(f"a SELECT query was expected to give rows, not {type(answer).__name__}")
    return answer


def lexical(term: Term) -> str:
    """What a term says in plain text: an IRI, a blank node's label, a literal's lexical form, or a
    triple term in N-Triples (which has no single value)."""
    return str(term) if isinstance(term, ox.Triple) else term.value
