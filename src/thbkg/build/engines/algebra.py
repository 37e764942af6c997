"""SPARQL queries parsed into rdflib's algebra once per query: several analyses read the same query
(as_written.py, batched.py, reach.py), and rdflib's parser is most of what each costs (some 20 ms a
query). The algebra is only read, never changed. rdflib's parser (pyparsing) keeps state while it
parses, so one query is parsed at a time: the quality checks are analysed in threads."""

from __future__ import annotations

from functools import cache
from threading import Lock

from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

_PARSING = Lock()


@cache
def algebra(query: str) -> CompValue:
    """The algebra of ``query``; the parser's exceptions as rdflib raises them."""
    with _PARSING:
        return prepareQuery(query).algebra
