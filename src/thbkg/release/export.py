"""``dist/``: the downloads of a build, for people who load the data into a store of their own.

Everything is derived from the build's sorted N-Quads and the shapes, with no clock and no hash
order involved, so the same inputs give byte-identical files (and the same checksums in the
description). The files are written to a new folder that replaces the old one as a whole (see
generations.py), so a failed export leaves the previous one.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyoxigraph as ox

from thbkg.core.dumps import graph_ntriples, gzipped, rdf_xml, trig, turtle, union_ntriples
from thbkg.core.files import write_directory
from thbkg.core.namespaces import graph_iri
from thbkg.release.about import read_about
from thbkg.release.description import Download, describe, description_turtle, statistics
from thbkg.release.jsonld import context_document, dataset_jsonld
from thbkg.release.readme import readme_markdown

ONTOLOGY_GRAPH = graph_iri("ontology")


class ExportError(Exception):
    """The export cannot run (no build to export): one line for the user."""


def build_file(build_dir: str | os.PathLike[str]) -> Path:
    """The build's N-Quads file (``thbkg.nq``), or an ExportError saying to build first."""
    path = Path(build_dir) / "thbkg.nq"
    if not path.is_file():
        raise ExportError(f"no build at {path}: run `thbkg build` first")
    return path


def merged_shapes(folder: str | os.PathLike[str]) -> bytes:
    """Every ``*.ttl`` of the shapes folder, one after another: each file declares its own prefixes
    and uses no labelled blank nodes, so the concatenation is one valid Turtle document that keeps
    the curators' comments and layout."""
    parts = []
    for path in sorted(Path(folder).glob("*.ttl")):
        text = path.read_bytes().rstrip(b"\n")
        parts.append(b"# ---- shapes/" + path.name.encode("utf-8") + b" ----\n\n" + text + b"\n")
    return b"\n".join(parts)


def downloads(quads: bytes, graphs: dict[str, bytes], union: bytes, shapes: Path) -> list[Download]:
    """The data files (each also gzipped), the context, the ontology and the shapes."""
    data = [
        Download("thbkg.trig", "The whole dataset as TriG: every named graph", "application/trig", trig(quads)),
        Download("thbkg.nq", "The whole dataset as N-Quads, sorted: every named graph", "application/n-quads", quads),
        Download(
            "thbkg.jsonld",
            "The whole dataset as JSON-LD, compacted with context.jsonld: every named graph",
            "application/ld+json",
            dataset_jsonld(quads),
        ),
        Download(
            "thbkg.ttl", "The union of the named graphs as Turtle, each triple once", "text/turtle", turtle(union)
        ),
        Download(
            "thbkg.nt",
            "The union of the named graphs as sorted N-Triples, each triple once",
            "application/n-triples",
            union,
        ),
    ]
    packed = [Download(f"{d.name}.gz", f"{d.title} (gzip)", d.media_type, gzipped(d.data)) for d in data]
    ontology = graphs[ONTOLOGY_GRAPH]
    return [
        *data,
        *packed,
        Download(
            "context.jsonld", "The JSON-LD context of thbkg: its prefixes", "application/ld+json", context_document()
        ),
        Download("ontology.ttl", "The thbkg ontology (OWL) as Turtle", "text/turtle", turtle(ontology)),
        Download("ontology.rdf", "The thbkg ontology (OWL) as RDF/XML", "application/rdf+xml", rdf_xml(ontology)),
        Download("shapes.ttl", "The SHACL shapes the data is validated against", "text/turtle", merged_shapes(shapes)),
    ]


def sha256sums(contents: dict[str, bytes]) -> bytes:
    """Input for ``sha256sum -c``, so a downloader can check files without reading RDF."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in contents.items()).encode()


def export_files(build_dir: Path, shapes: Path, folder: Path) -> list[Path]:
    """Write the downloads of the build in ``build_dir`` into the empty ``folder``; returns the files."""
    quads = build_file(build_dir).read_bytes()
    graphs = graph_ntriples(quads)
    union = union_ntriples(graphs)
    files = downloads(quads, graphs, union, shapes)
    stats = statistics(graphs, union)
    about = read_about(list(ox.parse(union, format=ox.RdfFormat.N_TRIPLES)))
    contents = {d.name: d.data for d in files}
    contents["description.ttl"] = description_turtle(describe(stats, files, about))
    contents["README.md"] = readme_markdown(files, stats, about).encode("utf-8")
    contents["SHA256SUMS"] = sha256sums(contents)

    for name, data in contents.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in contents]


def export(
    build_dir: str | os.PathLike[str], shapes: str | os.PathLike[str], target: str | os.PathLike[str]
) -> list[Path]:
    """Write the downloads to ``target`` on their own (``export --output``), replacing it whole."""
    folder = Path(target)
    written = write_directory(folder, lambda staging: export_files(Path(build_dir), Path(shapes), staging))
    return [folder / path.name for path in written]
