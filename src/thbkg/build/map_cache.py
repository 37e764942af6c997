"""What each source's mapping made, kept between builds under the content hash of everything it read,
so a build after a change maps only the sources that changed.

A source's result depends on its mapping file, its catalogue record (which holds the sha256 of its
text), the ontology and the build's own code: those bytes make the key. It also depends on the keys
its claims resolve, which other files declare; the result keeps them, and is reused only if each
still resolves (resolving them again also records the places and periods they mint). A result with
problems is never kept, so a faulty mapping is read, and reported, every time.

An entry is the evidence graph's N-Triples (``<key>.nt``) and the rest as JSON (``<key>.json``, never
pickle: a file in the project folder is data, not code), each written whole to a temporary name and
renamed, the JSON last, so a build that stops half-way leaves no entry that reads as complete.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from thbkg.build.mapping import MappedSource, MappingFile
from thbkg.build.registry import Registry
from thbkg.build.yamlfile import Items, Node
from thbkg.core.files import write_file

FORMAT = 1
CODE_PACKAGES = ("build", "core")


@dataclass(frozen=True)
class Entry:
    """One source's kept result: its mapping's head (source and entities, which declare things
    for every source) and what its claims made."""

    mapping: MappingFile
    result: MappedSource


@cache
def code_digest() -> str:
    """The hash of the code that maps a source: a change to it makes every kept result stale."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for name in CODE_PACKAGES:
        for path in sorted((package / name).rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def keys(ontology: Path) -> Callable[[Path, Path], str]:
    """The content hash of what one source's mapping reads, given its mapping file and catalogue
    record: the code and the ontology, which every source reads, are hashed once."""
    shared = hashlib.sha256(f"{FORMAT}\0{code_digest()}\0".encode())
    shared.update(_sized(ontology))

    def key(mapping: Path, record: Path) -> str:
        digest = shared.copy()
        for path in (mapping, record):
            digest.update(_sized(path))
        return digest.hexdigest()

    return key


def _sized(path: Path) -> bytes:
    """A file's bytes after their length, so that two files' bytes cannot run into each other."""
    data = path.read_bytes() if path.is_file() else b""
    return len(data).to_bytes(8, "big") + data


class MapCache:
    """The kept results in one folder, one JSON file a key; those read or kept are also held in
    ``memory``, which a process that builds again and again (``thbkg build --watch``) passes from
    one build to the next, so it reads each result once."""

    def __init__(self, folder: Path, reuse: bool = True, memory: dict[str, Entry] | None = None) -> None:
        self.folder = folder
        self.reuse = reuse
        self.memory: dict[str, Entry] = {} if memory is None else memory

    def get(self, digest: str, mapping_path: Path) -> Entry | None:
        """The kept result for ``digest`` if there is one (none when not reusing: ``build --full``)."""
        if not self.reuse:
            return None
        held = self.memory.get(digest)
        if held is None:
            held = self._read(digest, mapping_path)
            if held is not None:
                self.memory[digest] = held
        return held

    def _read(self, digest: str, mapping_path: Path) -> Entry | None:
        try:
            stored = json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
            evidence = (self.folder / f"{digest}.nt").read_bytes()
        except (OSError, ValueError):
            return None
        if stored.get("format") != FORMAT:
            return None
        root = _decode(stored["head"], mapping_path)
        result = MappedSource(
            facts=set(stored["facts"]),
            evidence=evidence,
            passages=set(stored["passages"]),
            keys=set(stored["keys"]),
            claims=stored["claims"],
        )
        return Entry(MappingFile(mapping_path, root), result)

    def put(self, digest: str, mapping: MappingFile, result: MappedSource) -> None:
        """Keep ``result`` under ``digest``, with the head of its mapping."""
        head = Node({name: mapping.root[name] for name in ("source", "entities") if name in mapping.root})
        head.line, head.key_lines, head.path = mapping.root.line, mapping.root.key_lines, mapping.root.path
        stored = {
            "format": FORMAT,
            "head": _encode(head),
            "facts": sorted(result.facts),
            "passages": sorted(result.passages),
            "keys": sorted(result.keys),
            "claims": result.claims,
        }
        write_file(self.folder / f"{digest}.nt", result.evidence)
        write_file(self.folder / f"{digest}.json", json.dumps(stored, ensure_ascii=False).encode("utf-8"))
        self.memory[digest] = Entry(MappingFile(mapping.path, head), result)


def still_resolves(result: MappedSource, registry: Registry) -> bool:
    """Whether every key the result's claims resolved names something now (and mint those that are
    minted, as mapping the claims again would)."""
    try:
        for name in sorted(result.keys):
            registry.resolve(name)
    except ValueError:
        return False
    return True


def _encode(value: Any) -> Any:
    """A Node/Items tree as JSON that keeps every line number."""
    if isinstance(value, Node):
        return {"node": value.line, "keys": value.key_lines, "values": {k: _encode(v) for k, v in value.items()}}
    if isinstance(value, Items):
        return {"items": value.lines, "values": [_encode(v) for v in value]}
    return value


def _decode(value: Any, path: Path) -> Any:
    """The Node/Items tree ``_encode`` wrote, for the file at ``path``."""
    if isinstance(value, dict) and "node" in value:
        node = Node({k: _decode(v, path) for k, v in value["values"].items()})
        node.line, node.key_lines, node.path = value["node"], value["keys"], path
        return node
    if isinstance(value, dict) and "items" in value:
        items = Items(_decode(v, path) for v in value["values"])
        items.lines, items.path = value["items"], path
        return items
    return value
