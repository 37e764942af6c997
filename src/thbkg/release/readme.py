"""``dist/README.md``: the page a downloader reads first (which file to take, what it answers, how
to load it, under which licence, how to cite it)."""

from __future__ import annotations

from thbkg import __version__
from thbkg.core.namespaces import prefixed
from thbkg.release.about import About
from thbkg.release.citation import Citation
from thbkg.release.description import DOWNLOADS, LICENCE, SPARQL_ENDPOINT, Download, Statistics
from thbkg.release.loading import LOADING, answers_cell
from thbkg.sparql.catalogue import SavedQuery

LEGAL_CODE = LICENCE + "legalcode"


def readme_markdown(
    downloads: list[Download], stats: Statistics, about: About, queries: list[SavedQuery], citation: Citation
) -> str:
    """The README for the files in ``downloads``, with sizes, graphs and counts, for the data that
    ``about`` describes; which of the saved ``queries`` each file answers; how to cite it."""
    rows = [f"| `{d.name}` | {_size(d.size)} | {d.title} | {answers_cell(d.content, queries)} |" for d in downloads]
    graphs = [f"| `{prefixed(name)}` | {count} |" for name, count in stats.graph_triples.items()]
    quads = sum(stats.graph_triples.values())
    return "\n".join(
        [
            f"# {about.title}",
            "",
            f"Version {__version__}; the newest source document is dated {about.modified.value}. Data licence:"
            f" CC BY 4.0 ({LICENCE}).",
            "",
            about.abstract,
            "",
            "`description.ttl` describes the dataset and every file in DCAT and VoID (sizes, sha256, triple"
            " counts, classes, properties). Check the files with `sha256sum -c SHA256SUMS`.",
            "",
            "## Files",
            "",
            "What each file holds, and which of the project's saved queries (`thbkg query --list`, and the"
            " endpoint's query page) it answers as the endpoint does when loaded as the next sections say.",
            "",
            "| file | size | holds | answers as the endpoint does |",
            "|---|---:|---|---|",
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
            "## Licence and citation",
            "",
            f"The data, the ontology and the shapes: Creative Commons Attribution 4.0 International (CC BY"
            f" 4.0, {LEGAL_CODE}). The code of thbkg: Apache-2.0. The quotes from the source documents keep"
            " the status their catalogue records give (`thb:licenceStatus`). CC BY 4.0 asks you to credit the"
            " source; cite it as:",
            "",
            f"> {citation.text()}",
            "",
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
