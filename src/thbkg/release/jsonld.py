"""JSON-LD of the dataset, compacted with the published context (``context.jsonld``: our prefixes).

pyoxigraph writes the quads as expanded JSON-LD and PyLD, the reference JSON-LD processor,
compacts them. The context is embedded in the data file as well, so it parses offline; compaction
fetches nothing either. Every array and every key is sorted, so the bytes depend on the quads
alone, not on the order a writer emits them in. Sorting is safe as the data holds no RDF lists (it
has no blank nodes), so no array's order carries meaning.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from thbkg.core.dumps import serialized
from thbkg.core.namespaces import PREFIXES, RDF_TYPE

CONTEXT: dict[str, str] = dict(sorted(PREFIXES.items()))


def context_document() -> bytes:
    """The context file a JSON-LD user can reuse: one term per prefix."""
    return _dump({"@context": CONTEXT})


def dataset_jsonld(quads: bytes) -> bytes:
    """Every named graph of the N-Quads as compacted JSON-LD, in a fixed order."""
    parsed = ox.parse(quads, format=ox.RdfFormat.N_QUADS)
    expanded = json.loads(serialized(parsed, ox.RdfFormat.JSON_LD))
    for graph in expanded:
        for node in graph.get("@graph", ()):
            _types_as_type(node)
    compacted = jsonld.compact(expanded, {"@context": CONTEXT}, {"documentLoader": _no_fetch})
    return _dump(_ordered(compacted))


def _types_as_type(node: dict[str, Any]) -> None:
    """Move the IRIs of ``rdf:type`` to ``@type``, as JSON-LD's own RDF conversion does and
    pyoxigraph's writer does not, so a class reads ``"@type": "thb:Ministry"``."""
    values = node.pop(RDF_TYPE, [])
    others = [value for value in values if set(value) != {"@id"}]
    if classes := [value["@id"] for value in values if set(value) == {"@id"}]:
        node["@type"] = classes
    if others:
        node[RDF_TYPE] = others


def _no_fetch(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    raise ValueError(f"JSON-LD compaction asked for {url}: the export fetches nothing")


def _ordered(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _ordered(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [_ordered(item) for item in node]
        return sorted(items, key=lambda item: (_id(item), json.dumps(item, sort_keys=True, ensure_ascii=False)))
    return node


def _id(item: Any) -> str:
    return item.get("@id", "") if isinstance(item, dict) else ""


def _dump(document: Any) -> bytes:
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
