"""Graphs kept from one build to the next, each under the SHA-256 of its N-Triples in one folder, so
the next build can tell which graphs changed (their digests differ) and read what they were: what
an incremental stage needs to find the triples a change added or removed (build/incremental_reason.py,
build/validation_cache.py). A graph's file is written whole and renamed into place; the folder
holds only the graphs of the last state kept."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from thbkg.core.files import write_file


def graph_digests(graphs: Mapping[str, bytes]) -> dict[str, str]:
    """The SHA-256 of each graph's N-Triples, by name."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in graphs.items()}


def differing_lines(before: bytes, after: bytes) -> set[str]:
    """The lines of N-Triples in one version of a graph and not in the other."""
    return set(before.decode("utf-8").splitlines()) ^ set(after.decode("utf-8").splitlines())


class KeptGraphs:
    """The graphs of the last state kept, one ``<digest>.nt`` each in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, digest: str) -> Path:
        return self.folder / f"{digest}.nt"

    def whole(self, digests: Iterable[str]) -> bool:
        """Whether a graph is kept under each of ``digests``."""
        return all(self._path(digest).is_file() for digest in digests)

    def read(self, digest: str) -> bytes:
        return self._path(digest).read_bytes()

    def keep(self, graphs: Mapping[str, bytes], digests: Mapping[str, str]) -> None:
        """Keep ``graphs`` (with their ``digests``) and drop every other graph: a graph that did not
        change is not written again."""
        for name, data in graphs.items():
            if not self._path(digests[name]).is_file():
                write_file(self._path(digests[name]), data)
        wanted = set(digests.values())
        for stale in self.folder.glob("*.nt"):
            if stale.stem not in wanted:
                stale.unlink()

    def changed_lines(
        self, before: Mapping[str, str], graphs: Mapping[str, bytes], digests: Mapping[str, str]
    ) -> bytes:
        """The N-Triples lines that are in a graph of the state ``before`` (names to digests, kept
        here) or of ``graphs`` (with their ``digests``) and not in the same graph of the other: every
        triple the union of the graphs gained or lost is among them."""
        lines: set[str] = set()
        for name in before.keys() | graphs.keys():
            if before.get(name) != digests.get(name):
                old = self.read(before[name]) if name in before else b""
                lines |= differing_lines(old, graphs.get(name, b""))
        return "".join(sorted(line + "\n" for line in lines)).encode("utf-8")
