"""Search over the names of things, in English, Norwegian or any language the data has.

Plain Python over the names the web process holds (things.py): no query language, so no input can
make it fail. Text is compared folded: case, accents and the Nordic letters (``ø`` as ``o``, ``æ``
as ``ae``, ``å`` as ``a``), so "koordineringsenheten" finds "Koordineringsenheten" and "politidirektoratet"
finds "Politidirektoratet". A name ranks higher the closer it is to what was typed:

1. the whole name, as typed;
2. the name starts with what was typed;
3. every word typed starts a word of the name;
4. what was typed occurs in the name;
5. every word typed occurs in the name;

then preferred names before other names, then the share of the name's words that were typed, then
shorter names. A thing counts once, by its best-matching name; its key (``organization/kom``) is a
name too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from thbkg.core.namespaces import SKOS
from thbkg.serve.chrome import MAX_QUERY
from thbkg.serve.things import Thing, ThingIndex

MAX_WORDS = 12
MAX_RESULTS = 100
FOLD = str.maketrans({"ø": "o", "æ": "ae", "đ": "d", "ł": "l", "þ": "th", "ð": "d"})
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    """A thing found, by which of its names (the literal, or None for its key) and how well."""

    thing: Thing
    name: ox.Literal | None
    rank: tuple[int, int, float, int]


def fold(text: str) -> str:
    """``text`` as search compares it: case-folded, without accents, Nordic letters spelt out."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(FOLD)


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


@dataclass(frozen=True)
class _Name:
    literal: ox.Literal | None  # None: the thing's key
    preferred: bool
    words: list[str]
    length: int


class Searcher:
    """The named things of an index with their names folded once, so a search only compares."""

    def __init__(self, index: ThingIndex) -> None:
        self._entries: list[tuple[Thing, list[_Name]]] = []
        for thing in index.things.values():
            if not thing.names:
                continue  # statements, claims, passages: found through the things they are about
            names = [_Name(None, False, words(thing.key.replace("/", " ")), len(thing.key))]
            for predicate, literal in thing.names:
                names.append(_Name(literal, predicate == SKOS + "prefLabel", words(literal.value), len(literal.value)))
            self._entries.append((thing, names))

    def search(self, query: str) -> list[Hit]:
        """The things whose names match ``query`` (its first MAX_QUERY characters), best first; at
        most MAX_RESULTS, and none for a query with no word in it."""
        typed = words(query[:MAX_QUERY])[:MAX_WORDS]
        if not typed:
            return []
        phrase = " ".join(typed)
        hits = []
        for thing, names in self._entries:
            ranked = []
            for name in names:
                level = _level(typed, phrase, name.words)
                if level:
                    share = len(typed) / max(len(name.words), 1)
                    ranked.append(((level, int(name.preferred), share, -name.length), name.literal))
            if ranked:
                rank, literal = max(ranked, key=lambda item: item[0])
                hits.append(Hit(thing, literal, rank))
        hits.sort(key=lambda hit: (tuple(-x for x in hit.rank), hit.thing.shown.casefold(), hit.thing.iri))
        return hits[:MAX_RESULTS]


def _level(typed: list[str], phrase: str, name: list[str]) -> int:
    """How closely the name's words match what was typed: 5 (the whole name) down to 1, or 0."""
    joined = " ".join(name)
    if joined == phrase:
        return 5
    if joined.startswith(phrase):
        return 4
    if all(any(word.startswith(t) for word in name) for t in typed):
        return 3
    if phrase in joined:
        return 2
    if all(t in joined for t in typed):
        return 1
    return 0
