"""``dist/README.md``: the page a downloader reads first (which file to take, how to load it)."""

from __future__ import annotations

from thbkg import __version__
from thbkg.core.namespaces import prefixed
from thbkg.release.about import About
from thbkg.release.description import DOWNLOADS, SPARQL_ENDPOINT, Download, Statistics

LOADING = """\
## Loading

* Oxigraph: `oxigraph load --location db --file thbkg.nq`, then `oxigraph serve --location db`.
* Apache Jena: `riot --validate thbkg.trig`; `tdb2.tdbloader --loc db thbkg.nq`.
* rdflib: `rdflib.Dataset().parse("thbkg.trig")`; pyoxigraph: `Store().bulk_load(path="thbkg.nq")`.
* Any SPARQL 1.1 Graph Store: `thbkg publish --store URL` (see docs/publishing.md in the project).

The files with graphs (TriG, N-Quads, JSON-LD) hold named graphs only, one per source document
and its evidence, plus the ontology, the reference data, the curators' links (what no single
document states, each with who made it, why and the passages it joins) and the inferred triples.
A query without `GRAPH` reads the store's default graph, which engines fill differently (some
count a triple once per graph that states it). For the same answers everywhere, load the union
(`thbkg.nt`, each triple once) as the default graph, or into the graph
`https://w3id.org/thbkg/graph/all` and query with `default-graph-uri` set to it, as
`thbkg publish` does.
"""


def readme_markdown(downloads: list[Download], stats: Statistics, about: About) -> str:
    """The README for the files in ``downloads``, with sizes, graphs and counts, for the data that
    ``about`` describes."""
    rows = [f"| `{d.name}` | {_size(len(d.data))} | {d.title} |" for d in downloads]
    graphs = [f"| `{prefixed(name)}` | {count} |" for name, count in stats.graph_triples.items()]
    quads = sum(stats.graph_triples.values())
    return "\n".join(
        [
            f"# {about.title}",
            "",
            f"Version {__version__}; the newest source document is dated {about.modified.value}. Data licence:"
            " CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).",
            "",
            about.abstract,
            "",
            "`description.ttl` describes the dataset and every file in DCAT and VoID (sizes, sha256, triple"
            " counts, classes, properties). Check the files with `sha256sum -c SHA256SUMS`.",
            "",
            "## Files",
            "",
            "| file | size | what |",
            "|---|---:|---|",
            *rows,
            "",
            "## Named graphs",
            "",
            "| graph | triples |",
            "|---|---:|",
            *graphs,
            "",
            f"{quads} quads in all; their union holds {stats.triples} distinct triples about {stats.subjects}"
            f" subjects, with {len(stats.entities)} classes and {len(stats.properties)} properties.",
            "",
            LOADING,
            "## Addresses",
            "",
            f"`description.ttl` gives each file's address as `{DOWNLOADS}<file>` and the SPARQL endpoint as"
            f" `{SPARQL_ENDPOINT}`: the paths `thbkg serve` answers on (`/download/<file>`, `/sparql`) under"
            " the project's base. A mirror serves the same paths under its own address.",
            "",
        ]
    )


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"
