"""docs/queries.md: the hand-written introduction, then one section per saved query generated from it.

Each section gives the query's question (its summary and description), its parameters, its SPARQL
(without the ``#+`` header) and the table it returns on the current build with the default
parameters, so the page shows real answers and goes stale, visibly, when the data changes.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from thbkg.core.errors import QueryError
from thbkg.core.layout import Layout
from thbkg.sparql.catalogue import SavedQuery, load_catalogue, without_header
from thbkg.sparql.formats import result_text, table_cell
from thbkg.sparql.results import Result
from thbkg.sparql.run import prepare, run_local, runnable_text
from thbkg.sparql.store import load_build

MARKER = "<!-- The sections below are generated from the query headers; edit the .rq files, not this page. -->"


def page_path(layout: Layout) -> Path:
    return layout.root / "docs" / "queries.md"


def introduction(page: Path) -> str:
    """The hand-written part of the page: everything up to and including the marker line."""
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    if MARKER not in text:
        raise QueryError(f"{page} has no line {MARKER!r} after its introduction")
    return text[: text.index(MARKER) + len(MARKER)] + "\n"


def queries_markdown(intro: str, catalogue: dict[str, SavedQuery], store: ox.Store) -> str:
    """The whole page: the introduction, an index of the queries and a section for each."""
    index = ["", "## The catalogue", "", "| query | question | parameters (default) |", "|---|---|---|"]
    index += [
        f"| [`{q.name}`](#{q.name}) | {_cell(q.summary)} | {_cell(q.parameter_summary() or 'none')} |"
        for q in catalogue.values()
    ]
    sections = [_section(query, store) for query in catalogue.values()]
    return intro + "\n".join(index) + "\n" + "".join(sections)


def write(layout: Layout) -> Path:
    """Regenerate docs/queries.md from queries/*.rq and the build in data/build."""
    page = page_path(layout)
    text = queries_markdown(introduction(page), load_catalogue(layout.queries), load_build(layout.build / "thbkg.nq"))
    page.write_text(text, encoding="utf-8")
    return page


def _section(query: SavedQuery, store: ox.Store) -> str:
    body = without_header(runnable_text(query) or query.text)
    result = run_local(store, prepare(query, {}), query.form)
    return "\n".join(
        [
            "",
            f'<a id="{query.name}"></a>',
            f"### {query.name}",
            "",
            f"**{query.summary}**",
            "",
            query.description,
            "",
            f"Tags: {', '.join(query.tags) or 'none'}. Parameters: {query.parameter_summary() or 'none'}.",
            "",
            "```sparql",
            body,
            "```",
            "",
            "Result on the current build" + (" with the default parameters:" if query.parameters else ":"),
            "",
            _table(result),
        ]
    )


def _table(result: Result) -> str:
    if result.boolean is not None:
        return f"`{'true' if result.boolean else 'false'}`\n"
    if result.graph is not None:
        return f"```turtle\n{result_text(result, 'turtle')}```\n"
    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    lines += ["| " + " | ".join(_cell(table_cell(row.get(v))) for v in result.variables) + " |" for row in result.rows]
    count = len(result.rows)
    return "\n".join(lines) + f"\n\n({count} row{'' if count == 1 else 's'})\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
