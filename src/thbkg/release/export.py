"""``dist/``: the downloads of a build, for people who load the data into a store of their own.

Everything is derived from the build's sorted N-Quads and the shapes, with no clock and no hash
order involved, so the same inputs give byte-identical files (and the same checksums in the
description). The files are written to a new folder that replaces the old one as a whole (see
generations.py), so a failed export leaves the previous one.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from thbkg import __version__
from thbkg.core.dumps import file_blocks, graph_ntriples_of_file, rdf_xml, trig, turtle, union_ntriples
from thbkg.core.errors import InputError, QueryError
from thbkg.core.files import write_directory
from thbkg.core.layout import Layout
from thbkg.core.namespaces import graph_iri, prefixed
from thbkg.explore.exports import MEDIA_TYPES, graphml_pieces
from thbkg.explore.views import view_graph, views
from thbkg.release.about import About, about_ntriples
from thbkg.release.citation import Citation, read_citation
from thbkg.release.description import Download, Statistics, describe, description_turtle, statistics
from thbkg.release.jsonld import context_document, dataset_jsonld_pieces
from thbkg.release.loading import Content
from thbkg.release.readme import readme_markdown
from thbkg.release.streamed import encoded, write_pieces
from thbkg.sparql.catalogue import SavedQuery, load_catalogue
from thbkg.sparql.results import Result, from_oxigraph
from thbkg.sparql.store import load_build

ONTOLOGY_GRAPH = graph_iri("ontology")
PARALLEL_VIEWS = 10_000_000  # bytes of N-Quads (some 45,000 quads) from which the views get a process


class ExportError(Exception):
    """The export cannot run (no build to export): one line for the user."""


def build_file(build_dir: str | os.PathLike[str]) -> Path:
    """The build's N-Quads file (``thbkg.nq``), or an ExportError saying to build first."""
    path = Path(build_dir) / "thbkg.nq"
    if not path.is_file():
        raise ExportError(f"no build at {path}: run `thbkg build` first")
    return path


def build_trig(source: Path) -> Iterable[bytes]:
    """The build's TriG, a piece at a time: ``thbkg.trig`` beside the N-Quads file ``source``, which
    the build wrote from the same quads in the same generation (a second serialisation of a large
    build costs seconds), or else made from ``source``."""
    written = source.with_name("thbkg.trig")
    return file_blocks(written) if written.is_file() else [trig(source.read_bytes())]


def merged_shapes(folder: str | os.PathLike[str]) -> bytes:
    """Every ``*.ttl`` of the shapes folder, one after another: each file declares its own prefixes
    and uses no labelled blank nodes, so the concatenation is one valid Turtle document that keeps
    the curators' comments and layout."""
    parts = []
    for path in sorted(Path(folder).glob("*.ttl")):
        text = path.read_bytes().rstrip(b"\n")
        parts.append(b"# ---- shapes/" + path.name.encode("utf-8") + b" ----\n\n" + text + b"\n")
    return b"\n".join(parts)


def written(
    folder: Path, name: str, title: str, media_type: str, data: bytes, content: Content = Content.OTHER
) -> Download:
    """Write ``data`` as ``folder/name`` and describe it; the bytes are not kept."""
    (folder / name).write_bytes(data)
    return Download.of(name, title, media_type, data, content)


def _with_packed(
    folder: Path, name: str, title: str, media_type: str, pieces: Iterable[bytes], content: Content
) -> tuple[Download, Download]:
    """Write ``pieces`` as ``folder/name`` and gzipped as ``folder/name.gz``, and describe both."""
    (size, digest), (packed_size, packed_digest) = write_pieces(folder / name, pieces, folder / f"{name}.gz")
    return (
        Download(name, title, media_type, size, digest, content),
        Download(f"{name}.gz", f"{title} (gzip)", media_type, packed_size, packed_digest, content),
    )


def downloads(
    source: Path,
    graphs: dict[str, bytes],
    union: bytes,
    shapes: Path,
    pool: Executor,
    folder: Path,
) -> list[Download]:
    """Write into ``folder`` the data files (each written, hashed and gzipped in ``pool`` while the
    next is made; the N-Quads and the TriG copied from the build's files ``source`` and the TriG
    beside it, a piece at a time), the context, the ontology and the shapes."""
    named, default = "every named graph, no default graph", "one default graph, no named graph"
    made: list[tuple[str, str, str, Callable[[], Iterable[bytes]], Content]] = [
        (
            "thbkg.trig",
            f"The whole dataset as TriG: {named}",
            "application/trig",
            lambda: build_trig(source),
            Content.GRAPHS,
        ),
        (
            "thbkg.nq",
            f"The whole dataset as N-Quads, sorted: {named}",
            "application/n-quads",
            lambda: file_blocks(source),
            Content.GRAPHS,
        ),
        (
            "thbkg.jsonld",
            f"The whole dataset as JSON-LD, compacted with context.jsonld: {named}",
            "application/ld+json",
            lambda: encoded(dataset_jsonld_pieces(graphs)),
            Content.GRAPHS,
        ),
        (
            "thbkg.ttl",
            f"The union of the named graphs as Turtle, each triple once: {default}",
            "text/turtle",
            lambda: [turtle(union)],
            Content.UNION,
        ),
        (
            "thbkg.nt",
            f"The union of the named graphs as sorted N-Triples, each triple once: {default}",
            "application/n-triples",
            lambda: [union],
            Content.UNION,
        ),
    ]
    # A file's pieces are made here (a list: its bytes, made now) or as the pool writes them.
    both = [
        pool.submit(_with_packed, folder, name, title, media_type, make(), content)
        for name, title, media_type, make, content in made
    ]
    pairs = [future.result() for future in both]
    ontology = graphs[ONTOLOGY_GRAPH]
    alone = f"the graph {prefixed(ONTOLOGY_GRAPH)} alone, as one default graph"
    context = "The JSON-LD context of thbkg: its prefixes"
    return [
        *(plain for plain, _ in pairs),
        *(packed for _, packed in pairs),
        written(folder, "context.jsonld", context, "application/ld+json", context_document()),
        written(
            folder, "ontology.ttl", f"The thbkg ontology (OWL) as Turtle: {alone}", "text/turtle", turtle(ontology)
        ),
        written(
            folder,
            "ontology.rdf",
            f"The thbkg ontology (OWL) as RDF/XML: {alone}",
            "application/rdf+xml",
            rdf_xml(ontology),
        ),
        written(
            folder,
            "shapes.ttl",
            "The SHACL shapes the data is validated against",
            "text/turtle",
            merged_shapes(shapes),
        ),
    ]


def view_store(path: Path) -> ox.Store:
    """The build loaded for the graph views, with the union of its graphs as default graph, each
    triple once (sparql/store.py), as on the endpoint: matched once per graph that states it, a
    statement shared by a hundred documents would give a million rows for its subject, predicate
    and object. Read from the file, pyoxigraph loads it without holding Python's lock, so the other
    downloads are written meanwhile."""
    return load_build(path)


def view_select(store: ox.Store) -> Callable[[str], Result]:
    """Run a view's SELECT on the store."""

    def select(text: str) -> Result:
        return from_oxigraph("SELECT", store.query(text))

    return select


def graph_downloads(store: ox.Store, folder: Path) -> list[Download]:
    """Each graph view (explore/views) as GraphML, for Gephi, Cytoscape and yEd, written into
    ``folder`` a piece at a time as it is made."""
    select = view_select(store)
    found = []
    for view in views().values():
        name = f"graph-{view.name}.graphml"
        title = f"The {view.name} view as GraphML (Gephi, Cytoscape, yEd): {view.summary[0].lower()}{view.summary[1:]}"
        ((size, digest),) = write_pieces(folder / name, encoded(graphml_pieces(view_graph(select, view, {}))))
        found.append(Download(name, title, MEDIA_TYPES["graphml"], size, digest))
    return found


def sha256sums(files: dict[str, Download | bytes]) -> bytes:
    """Input for ``sha256sum -c``, so a downloader can check files without reading RDF."""
    digests = {
        name: f.sha256 if isinstance(f, Download) else hashlib.sha256(f).hexdigest() for name, f in files.items()
    }
    return "".join(f"{digest}  {name}\n" for name, digest in digests.items()).encode()


def project_inputs(layout: Layout) -> tuple[list[SavedQuery], Citation]:
    """The saved queries (the README says which each file answers) and the citation, or an
    ExportError with every problem, one per line, each naming its file."""
    try:
        return list(load_catalogue(layout.queries).values()), read_citation(layout.citation, __version__)
    except (InputError, QueryError) as exc:
        raise ExportError(str(exc)) from exc


@dataclass(frozen=True)
class DataFiles:
    """The data downloads written (every file but the graph views' and the three that describe the
    rest), and what the description and README say of the data."""

    files: list[Download]
    stats: Statistics
    about: About


def export_files(build_dir: Path, layout: Layout, folder: Path) -> list[Path]:
    """Write the downloads of the build in ``build_dir`` into the empty ``folder``, with the shapes,
    saved queries and citation of the project at ``layout``; returns the files.

    What runs outside Python's lock (gzip, sha256) runs in threads beside the rest, and so do the
    graph views, which load their own store from the file; from PARALLEL_VIEWS bytes of N-Quads
    on, the views run in a process of their own, so a large build uses a second core for them."""
    source = build_file(build_dir)
    queries, citation = project_inputs(layout)
    with no_cycle_collection(), ThreadPoolExecutor(max_workers=2) as pool, _view_runner(source, pool) as runner:
        graph_files = runner.submit(graph_files_of, source, folder)
        data = data_files(source, layout.shapes, pool, folder)
        drawn = graph_files.result()
    return described(folder, data, drawn, queries, citation)


def data_files(source: Path, shapes: Path, pool: Executor, folder: Path) -> DataFiles:
    """Write into ``folder`` the data downloads of the build's N-Quads file ``source`` (downloads)
    and count what the description says of them."""
    graphs = graph_ntriples_of_file(source)
    union = union_ntriples(graphs)
    files = downloads(source, graphs, union, shapes, pool, folder)
    return DataFiles(files, statistics(graphs, union), about_ntriples(union))


def described(
    folder: Path, data: DataFiles, views: list[Download], queries: list[SavedQuery], citation: Citation
) -> list[Path]:
    """Write the description (DCAT and VoID), the README and the checksums of the downloads already
    in ``folder`` (``data`` and the graph ``views``); returns every file of the folder."""
    files = data.files + views
    contents: dict[str, Download | bytes] = {d.name: d for d in files}
    contents["description.ttl"] = description_turtle(describe(data.stats, files, data.about, citation))
    contents["README.md"] = readme_markdown(files, data.stats, data.about, queries, citation).encode("utf-8")
    contents["SHA256SUMS"] = sha256sums(contents)
    for name, content in contents.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
    return [folder / name for name in contents]


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the export runs: it makes no cycles, and the collector
    would go through its millions of lines and terms again and again (a third of the time spent on
    the statistics of a million quads). On again after, if it was on before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@contextmanager
def _view_runner(source: Path, threads: Executor) -> Iterator[Executor]:
    """Where the graph views run: ``threads``, or for a large build a process (started afresh, not
    forked from this one, which has threads running). Starting one costs some 0.4 s of processor
    time, more than the seeds' views take; at 100 reports (30 MB) the export is a fifth quicker
    with it."""
    if source.stat().st_size < PARALLEL_VIEWS:
        yield threads
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as process:
        yield process


def graph_files_of(source: Path, folder: Path) -> list[Download]:
    """The graph views of the build in the N-Quads file ``source``, as GraphML written into
    ``folder`` where they are made (in the views' process for a large build)."""
    with no_cycle_collection():
        return graph_downloads(view_store(source), folder)


def export(build_dir: str | os.PathLike[str], layout: Layout, target: str | os.PathLike[str]) -> list[Path]:
    """Write the downloads to ``target`` on their own (``export --output``), replacing it whole."""
    folder = Path(target)
    written = write_directory(folder, lambda staging: export_files(Path(build_dir), layout, staging))
    return [folder / path.name for path in written]
