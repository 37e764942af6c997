"""Deterministic serialisation: the same graphs always give the same bytes."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph
from rdflib import Graph, URIRef

from thbkg.core.namespaces import TURTLE_PREFIXES

T = TypeVar("T")


def nquads(graphs: dict[URIRef, Graph]) -> bytes:
    """N-Quads, graph by graph in IRI order, each graph's lines sorted."""
    out: list[str] = []
    for name in sorted(graphs):
        lines = graphs[name].serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        out += sorted(f"{line[:-2]} <{name}> .\n" for line in lines if line.strip())
    return "".join(out).encode("utf-8")


def trig(quads: bytes) -> bytes:
    """TriG with the project prefixes, from N-Quads already in a stable order."""
    parsed = pyoxigraph.parse(quads, format=pyoxigraph.RdfFormat.N_QUADS)
    return pyoxigraph.serialize(parsed, format=pyoxigraph.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES) or b""


def write_directory(target: Path, write: Callable[[Path], T]) -> T:
    """Fill a fresh temporary folder with ``write`` and only then swap it in for ``target``:
    a failure leaves the previous output untouched. Returns what ``write`` returns."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        written = write(staging)
        old = target.with_name(f".{target.name}-old")
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written
