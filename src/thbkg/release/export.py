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

from thbkg import __version__
from thbkg.core.dumps import graph_ntriples, gzipped, rdf_xml, trig, turtle, union_ntriples
from thbkg.core.errors import InputError, QueryError
from thbkg.core.files import write_directory
from thbkg.core.layout import Layout
from thbkg.core.namespaces import graph_iri, prefixed
from thbkg.explore.exports import MEDIA_TYPES, to_bytes
from thbkg.explore.views import build_view, views
from thbkg.release.about import read_about
from thbkg.release.citation import Citation, read_citation
from thbkg.release.description import Download, describe, description_turtle, statistics
from thbkg.release.jsonld import context_document, dataset_jsonld
from thbkg.release.loading import Content
from thbkg.release.readme import readme_markdown
from thbkg.sparql.catalogue import SavedQuery, load_catalogue
from thbkg.sparql.results import Result
from thbkg.sparql.run import run_local
from thbkg.sparql.store import load_quads

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
    named, default = "every named graph, no default graph", "one default graph, no named graph"
    data = [
        Download("thbkg.trig", f"The whole dataset as TriG: {named}", "application/trig", trig(quads), Content.GRAPHS),
        Download(
            "thbkg.nq", f"The whole dataset as N-Quads, sorted: {named}", "application/n-quads", quads, Content.GRAPHS
        ),
        Download(
            "thbkg.jsonld",
            f"The whole dataset as JSON-LD, compacted with context.jsonld: {named}",
            "application/ld+json",
            dataset_jsonld(quads),
            Content.GRAPHS,
        ),
        Download(
            "thbkg.ttl",
            f"The union of the named graphs as Turtle, each triple once: {default}",
            "text/turtle",
            turtle(union),
            Content.UNION,
        ),
        Download(
            "thbkg.nt",
            f"The union of the named graphs as sorted N-Triples, each triple once: {default}",
            "application/n-triples",
            union,
            Content.UNION,
        ),
    ]
    packed = [Download(f"{d.name}.gz", f"{d.title} (gzip)", d.media_type, gzipped(d.data), d.content) for d in data]
    ontology = graphs[ONTOLOGY_GRAPH]
    alone = f"the graph {prefixed(ONTOLOGY_GRAPH)} alone, as one default graph"
    return [
        *data,
        *packed,
        Download(
            "context.jsonld", "The JSON-LD context of thbkg: its prefixes", "application/ld+json", context_document()
        ),
        Download("ontology.ttl", f"The thbkg ontology (OWL) as Turtle: {alone}", "text/turtle", turtle(ontology)),
        Download(
            "ontology.rdf", f"The thbkg ontology (OWL) as RDF/XML: {alone}", "application/rdf+xml", rdf_xml(ontology)
        ),
        Download("shapes.ttl", "The SHACL shapes the data is validated against", "text/turtle", merged_shapes(shapes)),
    ]


def graph_downloads(quads: bytes) -> list[Download]:
    """Each graph view (explore/views) as GraphML, for Gephi, Cytoscape and yEd."""
    store = load_quads(quads)

    def select(text: str) -> Result:
        return run_local(store, text, "SELECT")

    return [
        Download(
            f"graph-{view.name}.graphml",
            f"The {view.name} view as GraphML (Gephi, Cytoscape, yEd): {view.summary[0].lower()}{view.summary[1:]}",
            MEDIA_TYPES["graphml"],
            to_bytes(build_view(select, view, {}), "graphml"),
        )
        for view in views().values()
    ]


def sha256sums(contents: dict[str, bytes]) -> bytes:
    """Input for ``sha256sum -c``, so a downloader can check files without reading RDF."""
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in contents.items()).encode()


def project_inputs(layout: Layout) -> tuple[list[SavedQuery], Citation]:
    """The saved queries (the README says which each file answers) and the citation, or an
    ExportError with every problem, one per line, each naming its file."""
    try:
        return list(load_catalogue(layout.queries).values()), read_citation(layout.citation, __version__)
    except (InputError, QueryError) as exc:
        raise ExportError(str(exc)) from exc


def export_files(build_dir: Path, layout: Layout, folder: Path) -> list[Path]:
    """Write the downloads of the build in ``build_dir`` into the empty ``folder``, with the shapes,
    saved queries and citation of the project at ``layout``; returns the files."""
    quads = build_file(build_dir).read_bytes()
    queries, citation = project_inputs(layout)
    graphs = graph_ntriples(quads)
    union = union_ntriples(graphs)
    files = downloads(quads, graphs, union, layout.shapes) + graph_downloads(quads)
    stats = statistics(graphs, union)
    about = read_about(list(ox.parse(union, format=ox.RdfFormat.N_TRIPLES)))
    contents = {d.name: d.data for d in files}
    contents["description.ttl"] = description_turtle(describe(stats, files, about, citation))
    contents["README.md"] = readme_markdown(files, stats, about, queries, citation).encode("utf-8")
    contents["SHA256SUMS"] = sha256sums(contents)

    for name, data in contents.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in contents]


def export(build_dir: str | os.PathLike[str], layout: Layout, target: str | os.PathLike[str]) -> list[Path]:
    """Write the downloads to ``target`` on their own (``export --output``), replacing it whole."""
    folder = Path(target)
    written = write_directory(folder, lambda staging: export_files(Path(build_dir), layout, staging))
    return [folder / path.name for path in written]
