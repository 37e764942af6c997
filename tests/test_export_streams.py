"""The build and its downloads written a piece at a time: each piece-wise writer gives the bytes the
whole-file one gives (gzip as RFC 1952 and Python's ``gzip`` define it, SHA-256 as ``hashlib``),
whatever the size of the pieces, and a store loaded a few graphs at a time holds what one loaded at
once holds."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest

from thbkg.build.pipeline import Build, write_build
from thbkg.core.dumps import GZIP_LEVEL, graph_ntriples, graph_ntriples_of_file, gzip_stream, line_blocks, trig
from thbkg.core.namespaces import THB, THBG, THBR
from thbkg.release.streamed import PIECES, encoded, write_pieces
from thbkg.sparql import store as store_module
from thbkg.sparql.store import load_build, load_quads

# Lines of unequal length, one with a literal holding an escaped line break and non-ASCII text.
QUADS = "".join(f'<{THBR}thing/{n}> <{THB}note> "{"x" * n} \\n å" <{THBG}g{n % 3}> .\n' for n in range(1, 40)).encode()
# The whole of QUADS gzipped by the standard library, as the export's gzip must give it.
WHOLE_GZIP = gzip.compress(QUADS, compresslevel=GZIP_LEVEL, mtime=0)


@pytest.mark.parametrize("size", [1, 7, 4096, 1 << 20])
def test_gzip_fed_in_pieces_is_gzip_of_the_whole(size: int) -> None:
    compressor = gzip_stream()
    pieces = [compressor.compress(QUADS[at : at + size]) for at in range(0, len(QUADS), size)]
    packed = b"".join([*pieces, compressor.flush()])
    assert packed == WHOLE_GZIP
    assert gzip.decompress(packed) == QUADS
    assert packed[4:8] == b"\0\0\0\0"  # no time stamp (RFC 1952: MTIME zero)


def test_a_file_written_in_pieces_is_measured_and_packed_as_the_whole(tmp_path: Path) -> None:
    pieces = [QUADS[:10], b"", QUADS[10:500], QUADS[500:]]
    measures = write_pieces(tmp_path / "f.nq", pieces, tmp_path / "f.nq.gz")
    assert (tmp_path / "f.nq").read_bytes() == QUADS
    assert (tmp_path / "f.nq.gz").read_bytes() == WHOLE_GZIP
    assert measures == [
        (len(QUADS), hashlib.sha256(QUADS).hexdigest()),
        (len(WHOLE_GZIP), hashlib.sha256(WHOLE_GZIP).hexdigest()),
    ]
    assert write_pieces(tmp_path / "g", [QUADS]) == [(len(QUADS), hashlib.sha256(QUADS).hexdigest())]


def test_text_pieces_are_encoded_as_the_whole_text() -> None:
    text = [f"piece {n} å “{n}”\n" for n in range(PIECES * 2 + 3)]
    assert b"".join(encoded(text)) == "".join(text).encode("utf-8")


@pytest.mark.parametrize("size", [1, 2, 50, 333, 1 << 24])
def test_blocks_of_lines_hold_every_line_once_in_order(size: int) -> None:
    blocks = list(line_blocks(QUADS, size))
    assert [line for block in blocks for line in block.split(b"\n")] == QUADS.splitlines()
    assert all(block and not block.endswith(b"\n") for block in blocks)


@pytest.mark.parametrize("block", [1, 100, 1 << 24])
def test_the_graphs_read_from_a_file_a_block_at_a_time_are_those_of_its_bytes(
    block: int, nquads: Path, tmp_path: Path
) -> None:
    assert graph_ntriples_of_file(nquads, block) == graph_ntriples(nquads.read_bytes())
    small = tmp_path / "small.nq"
    small.write_bytes(QUADS)
    assert graph_ntriples_of_file(small, block) == graph_ntriples(QUADS)


def test_the_build_is_written_a_graph_at_a_time_as_its_quads(build: Build, tmp_path: Path) -> None:
    written = write_build(build, tmp_path)
    assert written == tmp_path / "thbkg.nq"
    assert written.read_bytes() == build.quads
    assert (tmp_path / "thbkg.trig").read_bytes() == trig(build.quads)


def test_the_store_loaded_from_the_written_file_is_the_store_of_the_quads(build: Build, tmp_path: Path) -> None:
    """What the quality checks run on when the build was written before them (cli.py)."""
    written = write_build(build, tmp_path)
    assert set(load_build(written)) == set(load_quads(build.quads))


def test_the_union_inserted_a_few_graphs_at_a_time_holds_each_triple_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "UNION_GRAPHS", 2)
    shared = f"<{THBR}thing/a> <{THB}partOf> <{THBR}thing/b>"
    quads = "".join(f"{shared} <{THBG}g{n}> .\n" for n in range(5)) + f"{shared} _:blank .\n"
    for data in (QUADS + "".join(f"{shared} <{THBG}g{n}> .\n" for n in range(5)).encode(), quads.encode()):
        loaded = load_quads(data)
        union = {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}
        default = [q for q in loaded if q.graph_name == ox.DefaultGraph()]
        assert len(default) == len(union)
        assert {(q.subject, q.predicate, q.object) for q in default} == union
