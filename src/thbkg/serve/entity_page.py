"""The HTML page of one thing: names, types, facts both ways, and the passages that state them.

Passages are grouped by source document, and every fact says which graphs hold it and links to
its passages, so two documents that name or describe a thing differently show side by side.
"""

from __future__ import annotations

from urllib.parse import quote

import pyoxigraph as ox

from thbkg.core.evidence import Passage, document_of_graph
from thbkg.core.namespaces import THBG, THBR
from thbkg.core.terms import Term
from thbkg.serve.entity_view import Fact, Neighbourhood
from thbkg.serve.graph_pages import SCRIPTS, figure
from thbkg.serve.htmlkit import esc, href, lang, link, literal, page, page_name

FORMATS = (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"))


def entity_html(view: Neighbourhood, lead: str = "") -> str:
    """The whole page for ``view``; ``lead`` (markup) comes first after the name: a document's
    text, a passage in its context (document_page.py)."""
    iri = view.this.value
    name = view.name(view.this)
    title = name.value if name else _quoted(view.quote()) or page_name(iri)
    numbers = {p.iri: n for n, p in enumerate((p for ps in view.passages.values() for p in ps), start=1)}
    alternates = " · ".join(f'<a href="?format={key}">{shown}</a>' for key, shown in FORMATS)
    parts = [
        f"<h1{lang(name.language if name else None)}>{esc(title)}</h1>",
        f'<p class="iri">{esc(iri)}</p><p class="src">Also as {alternates}.</p>',
        lead,
        _table("Names", view.names(), view, numbers, outgoing=True),
        _types(view),
        _table("Facts", view.facts(), view, numbers, outgoing=True),
        _table("Mentioned by", view.mentions(), view, numbers, outgoing=False),
        _neighbourhood(iri, title),
        _sources(view, numbers),
    ]
    return page(title, "\n".join(p for p in parts if p), scripts=SCRIPTS if iri.startswith(THBR) else ())


def _quoted(words: str | None, most: int = 90) -> str | None:
    """A passage's name: its first words in quotation marks (cut at a word past ``most`` characters)."""
    if not words:
        return None
    shown = " ".join(words.split())
    if len(shown) > most:
        shown = shown[:most].rsplit(" ", 1)[0] + " …"
    return f"\u201c{shown}\u201d"


def _neighbourhood(iri: str, title: str) -> str:
    """The thing and what it links to, drawn (its links are the tables above)."""
    if not iri.startswith(THBR):
        return ""
    source = "/graphs/neighbourhood.json?of=" + quote(iri, safe=":/")
    return f'<section class="graph-section"><h2>Graph</h2>{figure(source, f"{title} and its links")}</section>'


def _types(view: Neighbourhood) -> str:
    items = "".join(f"<li>{_node(view, f.triple[2])} {_graphs(view, f.graphs)}</li>" for f in view.types())
    return f"<h2>Types</h2><ul>{items}</ul>" if items else ""


def _table(heading: str, facts: list[Fact], view: Neighbourhood, numbers: dict[str, int], outgoing: bool) -> str:
    if not facts:
        return ""
    rows = []
    for fact in facts:
        s, p, o = fact.triple
        other = _node(view, o) if outgoing else _node(view, s)
        refs = " ".join(f'<a href="#p{numbers[x.iri]}">[{numbers[x.iri]}]</a>' for x in view.passages_of(fact.triple))
        cells = (_node(view, p), other, _graphs(view, fact.graphs), refs)
        labelled = zip(("", "", ' data-label="stated in"', ' data-label="passages"'), cells, strict=True)
        rows.append("<tr>" + "".join(f"<td{label}>{c}</td>" for label, c in labelled) + "</tr>")
    first = "property" if outgoing else "as"
    head = f"<tr><th>{first}</th><th>{'value' if outgoing else 'of'}</th><th>stated in</th><th>passages</th></tr>"
    return f'<h2>{esc(heading)}</h2><table class="stack"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _sources(view: Neighbourhood, numbers: dict[str, int]) -> str:
    if not view.passages:
        return ""
    sections = ["<h2>Source passages</h2>"]
    for document, passages in view.passages.items():
        items = "".join(_passage(view, p, numbers[p.iri]) for p in passages)
        sections.append(f"<h3>{_node(view, ox.NamedNode(document))}</h3><ol>{items}</ol>")
    return "\n".join(sections)


def _passage(view: Neighbourhood, passage: Passage, number: int) -> str:
    facts = "; ".join(
        f"{_node(view, p)} {_node(view, o) if s == view.this else 'of ' + _node(view, s)}" for s, p, o in passage.facts
    )
    where = f"characters {passage.start} to {passage.end}"
    return (
        f'<li id="p{number}" value="{number}"><blockquote>{esc(passage.exact)}</blockquote>'
        f'<p class="src">{link(passage.iri, where)} · states: {facts}</p></li>'
    )


def _node(view: Neighbourhood, term: Term) -> str:
    if isinstance(term, ox.Literal):
        return literal(term)
    if isinstance(term, ox.Triple):
        return esc(str(term))
    name = view.name(term) if isinstance(term, ox.NamedNode) else None
    if not href(term.value):
        return esc(term.value)
    return link(term.value, name.value, name.language) if name else link(term.value)


def _graphs(view: Neighbourhood, graphs: tuple[str, ...]) -> str:
    """Where a fact comes from: the documents by name, else reference data, ontology or inference."""
    names = []
    for graph in graphs:
        document = document_of_graph(graph)
        if document:
            names.append(_node(view, ox.NamedNode(document)))
        else:
            names.append(esc(graph.removeprefix(THBG)))
    return f'<span class="src">{", ".join(dict.fromkeys(names))}</span>'
