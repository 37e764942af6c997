"""Downloads written a piece at a time: counted and hashed as they are written, and gzipped beside
as they go, so that no large file is held whole (a thousand reports make some 900 MB of downloads:
the build's N-Quads and TriG are copied from its files, a graph view is written as it is made).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from thbkg.core.dumps import gzip_stream

PIECES = 4096  # text pieces encoded and written at a time


class _Sink:
    """A file being written, with its size and SHA-256 so far."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("wb")
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.file.write(data)
        self.digest.update(data)
        self.size += len(data)

    def close(self) -> tuple[int, str]:
        self.file.close()
        return self.size, self.digest.hexdigest()


def write_pieces(path: Path, pieces: Iterable[bytes], packed: Path | None = None) -> list[tuple[int, str]]:
    """Write ``pieces`` one after another to ``path`` and, where ``packed`` is given, their gzip
    (core/dumps.py: the bytes ``gzip.compress`` gives for the whole) to ``packed``; returns the size and SHA-256 of
    each file written, ``path``'s first."""
    sinks = [_Sink(path)]
    compressor = gzip_stream() if packed else None
    if packed:
        sinks.append(_Sink(packed))
    try:
        for piece in pieces:
            sinks[0].write(piece)
            if compressor:
                sinks[1].write(compressor.compress(piece))
        if compressor:
            sinks[1].write(compressor.flush())
    finally:
        measures = [sink.close() for sink in sinks]
    return measures


def encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """Text pieces as UTF-8, joined PIECES at a time (fewer, larger writes)."""
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) == PIECES:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")
