"""JSON-LD of the dataset, compacted with the published context (``context.jsonld``: our prefixes).

The compacted form is written here directly from each graph's sorted N-Triples, a node at a time,
as JSON-LD 1.1 compaction with a context of prefixes alone gives it: an IRI becomes the shortest
compact IRI a prefix allows (the prefix's name for the prefix's own IRI, as a property or a type),
``rdf:type`` IRIs become ``@type``, a plain string stays a string, a value with a language or a
datatype an object, one value stands alone and several make an array. The tests check it against
PyLD, the reference JSON-LD processor, compacting the same quads. A general processor expands and
compacts a whole document in memory (tens of seconds for a million quads); this is linear.

The context is embedded in the data file as well, so it parses offline. Every array and every key
is sorted, so the bytes depend on the quads alone, not on the order a writer emits them in. Sorting
is safe as the data holds no RDF lists (it has no blank nodes), so no array's order carries meaning.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby, repeat
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any, TypeVar

from thbkg.core import ntlines
from thbkg.core.namespaces import PREFIXES, RDF_TYPE, XSD_STRING

CONTEXT: dict[str, str] = dict(sorted(PREFIXES.items()))
RDF_TYPE_TERM = f"<{RDF_TYPE}>"
NODE_INDENT = "    "  # a node's depth in the file: top object, its @graph, a graph, the graph's @graph

# A value: plain text, or the keys and values of its object in order ({"@id": ...}, a language
# string's {"@language", "@value"}, a typed literal's {"@type", "@value"}).
Value = str | tuple[tuple[str, str], ...]
T = TypeVar("T")


def context_document() -> bytes:
    """The context file a JSON-LD user can reuse: one term per prefix."""
    return _dump({"@context": CONTEXT})


def dataset_jsonld(graphs: dict[str, bytes]) -> bytes:
    """Every named graph (its IRI -> its sorted N-Triples) as compacted JSON-LD, in a fixed order;
    laid out as ``json.dumps(indent=1, sort_keys=True)`` lays out the whole document."""
    return "".join(dataset_jsonld_pieces(graphs)).encode("utf-8")


def dataset_jsonld_pieces(graphs: dict[str, bytes]) -> Iterator[str]:
    """The text of ``dataset_jsonld`` a graph at a time, for writing a large dataset to a file
    without holding the whole document."""
    named = sorted((_compact_iri(name, vocab=False), data) for name, data in graphs.items())
    context = _layout(tuple(CONTEXT.items()), " ")
    yield f'{{\n "@context": {context},\n '
    if len(named) == 1:  # compaction leaves a one-item array as that item: the graph is the document
        name, data = named[0]
        yield f'"@graph": [\n{_Nodes("  ").of(data)}\n ],\n "@id": {_quoted(name)}'
    else:
        yield '"@graph": [\n'
        nodes = _Nodes(NODE_INDENT)
        for index, (name, data) in enumerate(named):
            graph = f'  {{\n   "@graph": [\n{nodes.of(data)}\n   ],\n   "@id": {_quoted(name)}\n  }}'
            yield f",\n{graph}" if index else graph
        yield "\n ]"
    yield "\n}\n"


# A value as a node holds it: its place in an array (``_order``), its text as a key's one value,
# and its text as an item of an array (a level deeper).
Entry = tuple[tuple[str, str], str, str]


class _Made(dict[str, T]):
    """A dict that makes the value of a missing key with ``make``, and keeps it."""

    def __init__(self, make: Callable[[str], T]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: str) -> T:
        made = self[key] = self.make(key)
        return made


class _Nodes:
    """Writes graphs' nodes at one depth in the file (``indent``). A term is written the same
    wherever it occurs, so each distinct subject, property and value is made once per document
    and looked up after: a large dataset names the same things in many statements."""

    def __init__(self, indent: str) -> None:
        self.indent = indent
        inner = indent + " "
        self.ids = _Made(_id)
        self.keys = _Made(_vocabulary)
        self.labels = _Made(lambda key: f"{inner}{_quoted(key)}: ")  # a key as a node writes it
        self.values = _Made(lambda written: self.entry(self.value(_object(written))))
        self.types = _Made(lambda written: self.entry(_class(_object(written))))

    def value(self, term: str) -> Value:
        """A value as compaction writes it: text for a plain string, else its keys and values in
        order."""
        if term[0] != '"':
            return (("@id", self.ids[term]),)
        found = ntlines.literal(term)
        assert found is not None
        if found.language is not None:
            return (("@language", found.language), ("@value", found.value))
        if found.datatype == XSD_STRING:
            return found.value
        return (("@type", _vocabulary(f"<{found.datatype}>")), ("@value", found.value))

    def entry(self, value: Value) -> Entry:
        inner = self.indent + "  "
        alone = _layout(value, inner[:-1])
        return _order(value), alone, inner + alone.replace("\n", "\n ")  # a JSON string holds no line break

    def of(self, ntriples: bytes) -> str:
        """The graph's nodes, one per subject in order of their compact ``@id``; the lines of a
        subject are together in sorted N-Triples."""
        lines = ntriples.decode("utf-8").split("\n")[:-1]
        nodes = []
        ids, keys, values, types = self.ids, self.keys, self.values, self.types
        try:
            for subject, statements in groupby(map(str.split, lines, repeat(" "), repeat(2)), itemgetter(0)):
                found: defaultdict[str, list[Entry]] = defaultdict(list)
                for _, predicate, target in statements:  # the target with the line's " ."
                    if predicate == RDF_TYPE_TERM and target[0] != '"':
                        found["@type"].append(types[target])
                    else:
                        found[keys[predicate]].append(values[target])
                nodes.append((ids[subject], found))
        except ValueError:  # a line of fewer than three terms, or not ending in " .": say which
            for line in lines:
                ntlines.terms(line)
            raise
        nodes.sort(key=itemgetter(0))
        return ",\n".join([self.node(identifier, found) for identifier, found in nodes])

    def node(self, identifier: str, values: dict[str, list[Entry]]) -> str:
        """A node object as ``json.dumps(indent=1, sort_keys=True)`` lays it out. ``@id`` comes
        first: the other keys are ``@type`` and IRIs, compact or not, which begin with a letter."""
        labels, indent = self.labels, self.indent
        entries = [labels["@id"] + _quoted(identifier)]
        for key in sorted(values):
            found = values[key]
            if len(found) == 1:
                entries.append(labels[key] + found[0][1])
            else:
                found.sort()
                entries.append(labels[key] + "[\n" + ",\n".join([entry[2] for entry in found]) + f"\n{indent} ]")
        return f"{indent}{{\n" + ",\n".join(entries) + f"\n{indent}}}"


def _object(written: str) -> str:
    """The object of an N-Triples line from the text after its predicate."""
    if not written.endswith(" ."):
        raise ValueError(f"not the end of an N-Triples line: {written[:200]}")
    return written[:-2]


def _class(term: str) -> Value:
    """An ``rdf:type`` value that is not a literal, as ``@type`` holds it."""
    return _vocabulary(term) if term[0] == "<" else term


def _id(term: str) -> str:
    """A subject's or an IRI value's ``@id``: IRIs compacted, blank nodes as written."""
    return _compact_iri(ntlines.unescape(term[1:-1]), vocab=False) if term[0] == "<" else term


@cache
def _vocabulary(term: str) -> str:
    """A property, type or datatype written as ``<...>``, compacted; they are few, so kept."""
    return _compact_iri(ntlines.unescape(term[1:-1]), vocab=True)


def _compact_iri(iri: str, vocab: bool) -> str:
    """The compact IRI JSON-LD compaction chooses: a prefix's own IRI, as a property or type, is
    the prefix's name; else the shortest ``prefix:rest`` (then the first in text order); else the
    IRI itself."""
    prefixes = _prefixes()
    if iri in prefixes.terms:
        if vocab:
            return prefixes.terms[iri]
    else:
        found = prefixes.pattern.match(iri)
        if found and found.lastgroup in prefixes.best:
            return prefixes.best[found.lastgroup] + iri[found.end() :]
    candidates = [f"{term}:{iri[len(ns) :]}" for term, ns in prefixes.usable if iri != ns and iri.startswith(ns)]
    if candidates:
        return min(candidates, key=lambda curie: (len(curie), curie))
    if any(iri.startswith(f"{term}:") for term in CONTEXT):
        raise ValueError(f"the IRI {iri} reads as a compact IRI under the context's prefix")
    return iri


@dataclass(frozen=True)
class _Prefixes:
    """The context's terms for compaction: ``terms``, the term of each prefix IRI (the shortest,
    then the first in text order); ``usable``, those that may start a compact IRI (their IRI ends
    in a delimiter: JSON-LD 1.1, Create Term Definition), best first; ``pattern``, matching the
    best usable prefix of an IRI, as the group ``n<index in usable>``; ``best``, ``term:`` by
    group, leaving out a prefix that another prefix of it makes as short a compact IRI as, where
    text order decides."""

    terms: dict[str, str]
    usable: list[tuple[str, str]]
    pattern: re.Pattern[str]
    best: dict[str, str]


@cache
def _prefixes() -> _Prefixes:
    terms: dict[str, str] = {}
    for term, namespace in sorted(CONTEXT.items(), key=lambda item: (len(item[0]), item[0])):
        terms.setdefault(namespace, term)
    # A compact IRI is len(term) + 1 + len(iri) - len(namespace) long: the best prefix of an IRI
    # is the one with the least len(term) - len(namespace), whatever the IRI.
    usable = sorted(
        ((term, ns) for term, ns in CONTEXT.items() if ns[-1] in ":/?#[]@"),
        key=lambda item: (len(item[0]) - len(item[1]), item[0]),
    )
    pattern = re.compile("|".join(f"(?P<n{index}>{re.escape(ns)})" for index, (_, ns) in enumerate(usable)))
    tied = {
        f"n{index}"
        for index, (term, ns) in enumerate(usable)
        for other, other_ns in usable
        if other_ns != ns
        and (ns.startswith(other_ns) or other_ns.startswith(ns))
        and len(other) - len(other_ns) == len(term) - len(ns)
    }
    best = {f"n{index}": f"{term}:" for index, (term, _) in enumerate(usable) if f"n{index}" not in tied}
    return _Prefixes(terms, usable, pattern, best)


def _layout(value: Value, indent: str) -> str:
    if isinstance(value, str):
        return _quoted(value)
    inner = indent + " "
    items = ",\n".join(f"{inner}{_quoted(key)}: {_quoted(text)}" for key, text in value)
    return f"{{\n{items}\n{indent}}}"


def _order(value: Value) -> tuple[str, str]:
    """An array's order: by ``@id``, then by the item's JSON (as ``json.dumps(sort_keys=True)``)."""
    if isinstance(value, str):
        return "", _quoted(value)
    identifier = value[0][1] if value[0][0] == "@id" else ""
    return identifier, "{" + ", ".join(f"{_quoted(key)}: {_quoted(text)}" for key, text in value) + "}"


_quoted: Callable[[str], str] = encode_basestring  # a JSON string, as json.dumps writes it


def _dump(document: Any) -> bytes:
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
