"""SPARQL queries parsed into rdflib's algebra once per query: several analyses read the same query
(as_written.py, batched.py, reach.py), and rdflib's parser is most of what each costs (some 20 ms a
query). The algebra is only read, never changed."""

from __future__ import annotations

from functools import cache

from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue


@cache
def algebra(query: str) -> CompValue:
    """The algebra of ``query``; the parser's exceptions as rdflib raises them."""
    return prepareQuery(query).algebra
