"""JSON-LD of the dataset, compacted with the published context (``context.jsonld``: our prefixes).

The context is embedded in the data file as well, so it parses offline, with no remote context to
fetch. rdflib compacts; its arrays come in the order of its hash sets, so every array is sorted
and every key too: the same quads give the same bytes. Sorting is safe as the data holds no RDF
lists (it has no blank nodes), so no array's order carries meaning.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Dataset

from thbkg.core.namespaces import PREFIXES

CONTEXT: dict[str, str] = {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}


def context_document() -> bytes:
    """The context file a JSON-LD user can reuse: one term per prefix."""
    return _dump({"@context": CONTEXT})


def dataset_jsonld(quads: bytes) -> bytes:
    """Every named graph of the N-Quads as compacted JSON-LD, in a fixed order."""
    dataset = Dataset()
    dataset.parse(data=quads, format="nquads")
    compacted = json.loads(dataset.serialize(format="json-ld", context=CONTEXT, auto_compact=True))
    return _dump(_ordered(compacted))


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
