"""The build's N-Quads in the other download formats, with lines in a fixed order so that the same
quads always give the same bytes (a download's checksum then changes only when the data does)."""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import compress, islice, repeat
from operator import ne
from pathlib import Path

import pyoxigraph as ox

from thbkg.core.namespaces import TURTLE_PREFIXES, XSD_STRING
from thbkg.core.ntlines import unescape

GZIP_LEVEL = 6
_STRING_TYPE = f'"^^<{XSD_STRING}>'.encode()


def serialized(
    items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """``items`` written by pyoxigraph in ``fmt`` as bytes (``ox.serialize`` returns None only when
    given a file to write to, which this never does)."""
    return ox.serialize(items, format=fmt, prefixes=prefixes) or b""


def graph_ntriples(quads: bytes) -> dict[str, bytes]:
    """Each named graph's triples as sorted N-Triples, by graph IRI (a build has no default graph).
    The lines are split as text (core/ntlines.py): the graph is the last term of each line."""
    return _by_graph([plain_strings(quads).splitlines()])


def graph_ntriples_of_file(path: Path, block: int = 1 << 24) -> dict[str, bytes]:
    """``graph_ntriples`` of an N-Quads file, read ``block`` bytes of whole lines at a time, so the
    file's bytes are never held beside its graphs."""
    return _by_graph(plain_strings(lines).splitlines() for lines in file_blocks(path, block))


def file_blocks(path: Path, size: int = 1 << 22) -> Iterator[bytes]:
    """The file's bytes in blocks of about ``size`` that end at the end of a line: for copying a
    large file, or reading its lines, without holding it whole."""
    rest = b""
    with path.open("rb") as file:
        while piece := file.read(size):
            cut = piece.rfind(b"\n") + 1
            if cut:
                yield rest + piece[:cut]
                rest = piece[cut:]
            else:
                rest += piece
    if rest:
        yield rest


def line_blocks(data: bytes, size: int = 1 << 24) -> Iterator[bytes]:
    """``data`` (N-Triples or N-Quads) in blocks of about ``size`` bytes that end at the end of a
    line, without their last line break: a pass over a large build's lines a block at a time holds
    one block's lines, not a list of them all."""
    start = 0
    while start < len(data):
        cut = data.find(b"\n", min(start + size, len(data)) - 1)
        end = len(data) if cut < 0 else cut
        if end > start:
            yield data[start:end]
        start = end + 1


def _by_graph(blocks: Iterable[list[bytes]]) -> dict[str, bytes]:
    """Each graph's lines, from lists of N-Quads lines without their line breaks. The build writes a
    graph's lines together, so they are taken a run at a time: a run ends at the first line (found
    by bisection) that does not end as its first line does; where a graph's lines are not together,
    a run may end early, never late. A run's first line is checked to name a graph after three
    terms, the others to end as it does. The lines are kept without their `` .``, which ends each
    alike (no term ends where another one's `` .`` begins), and sorted so."""
    grouped: dict[bytes, list[bytes]] = defaultdict(list)
    for lines in blocks:
        start = 0
        while start < len(lines):
            name, ending = _graph_of(lines[start])
            end = bisect_left(lines, True, start + 1, key=lambda line: not line.endswith(ending))
            if not all(map(bytes.endswith, lines[start:end], repeat(ending))):
                end = start + 1
            grouped[name] += [line[: -len(ending)] for line in lines[start:end]]
            start = end
    named = {unescape(name.decode("utf-8")): lines for name, lines in grouped.items()}
    return {name: _lines(named[name], b" .\n") for name in sorted(named)}


def _graph_of(line: bytes) -> tuple[bytes, bytes]:
    """The graph IRI of an N-Quads line as written, and the line's end that names it."""
    cut = line.rfind(b" <", 0, len(line) - 2)
    if cut < 0 or not line.endswith(b"> .") or line.count(b" ", 0, cut) < 2:  # a graph after three terms
        shown = line[:200].decode("utf-8", "replace")
        raise ValueError(f"not an N-Quads line with a named graph (a build has named graphs only): {shown}")
    return line[cut + 2 : -3], line[cut:]


def plain_strings(data: bytes) -> bytes:
    """N-Triples or N-Quads with each ``"..."^^xsd:string`` written ``"..."``: the same literal in
    RDF 1.1, which rdflib writes either way; written one way, each triple has one line. The quote
    that ends a literal is the one after an even number of backslashes (none, or escaped ones)."""

    pieces, done = [], 0
    while (found := data.find(_STRING_TYPE, done)) >= 0:
        after = found + len(_STRING_TYPE)
        before = found
        while before > 0 and data[before - 1] == ord("\\"):
            before -= 1
        if (found - before) % 2 == 0 and data[after : after + 1] == b" ":
            pieces += [data[done:found], b'"']
        else:
            pieces.append(data[done:after])
        done = after
    return b"".join([*pieces, data[done:]]) if pieces else data


def union_ntriples(graphs: dict[str, bytes]) -> bytes:
    """The union of the graphs, each triple once, as sorted N-Triples."""
    lines: list[bytes] = []
    for data in graphs.values():
        lines += data.splitlines()
    return _lines(lines)


def _lines(lines: list[bytes], end: bytes = b"\n") -> bytes:
    """The lines, each once, sorted, each followed by ``end``. Python's sort takes lines already in
    order in one pass and merges runs in order (each graph's lines, in a union), so the lines are
    sorted first and a line equal to the next one is dropped after."""
    lines.sort()
    kept = [*compress(lines, map(ne, lines, islice(lines, 1, None))), *lines[-1:]]
    return end.join(kept) + end if kept else b""


def turtle(ntriples: bytes, more_prefixes: dict[str, str] | None = None) -> bytes:
    """Turtle with the project prefixes; sorted input keeps a subject's triples together."""
    parsed = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    prefixes = {**TURTLE_PREFIXES, **(more_prefixes or {})}
    return serialized(parsed, ox.RdfFormat.TURTLE, prefixes)


def trig(quads: bytes) -> bytes:
    """TriG with the project prefixes, from N-Quads already in a stable order."""
    parsed = ox.parse(quads, format=ox.RdfFormat.N_QUADS)
    return serialized(parsed, ox.RdfFormat.TRIG, TURTLE_PREFIXES)


def trig_file(quads: Path, target: Path) -> None:
    """``trig`` of the N-Quads file ``quads``, written to ``target`` as it is made: the same bytes,
    without holding either file's content."""
    parsed = ox.parse(path=str(quads), format=ox.RdfFormat.N_QUADS)
    ox.serialize(parsed, output=str(target), format=ox.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES)


def rdf_xml(ntriples: bytes) -> bytes:
    """RDF/XML, the format every OWL editor opens (Protégé among them)."""
    parsed = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return serialized(parsed, ox.RdfFormat.RDF_XML, TURTLE_PREFIXES)


def gzip_stream() -> zlib._Compress:
    """A gzip compressor whose output, fed ``data`` in any pieces and flushed, is what
    ``gzip.compress(data, GZIP_LEVEL, mtime=0)`` gives: a zero time stamp and no file name in the
    header, so the bytes depend on ``data`` only (zlib's own header, ``wbits=31``). Level 6 (zlib's
    default) makes files about 3% larger than level 9 in well under half the time."""
    return zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)


def sorted_ntriples(triples: list[ox.Triple]) -> bytes:
    """N-Triples, each line once, in sorted order: the same triples always give the same bytes."""
    lines = serialized(triples, ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(lines))).encode("utf-8")
