"""The HTML of the ways in: the home page, the index of everything (``/id/``), one kind's index
(``/id/<kind>/``) and the search results. Every value goes through ``esc``; a name in another
language than English carries its ``lang``.
"""

from __future__ import annotations

import pyoxigraph as ox

from thbkg.core.namespaces import THB
from thbkg.release.about import About
from thbkg.serve.categories import CATEGORIES, OTHER, Category
from thbkg.serve.chrome import MAX_QUERY, search_form
from thbkg.serve.document_view import Document
from thbkg.serve.htmlkit import esc, lang, page, page_name
from thbkg.serve.search import Hit
from thbkg.serve.things import Thing, ThingIndex

MAX_OTHER_NAMES = 6  # names of a thing shown beside its own in a listing
WAYS = (
    ("/query", "Query the graph", "write SPARQL or run a saved query, with results as a table"),
    ("/graphs/", "Graphs", "who acts, the law, the action plans and the countries, drawn as networks"),
    ("/ontology", "The ontology", "every class and property, with its definition"),
    ("/download/", "Downloads", "the whole graph in every RDF format, with its description"),
    ("/queries/", "Saved queries as forms", "fill in a question's values, see its answer as a table"),
    ("/api/", "Query API", "each saved query as a web API call answering JSON or CSV"),
    ("/api/openapi.json", "OpenAPI description", "the API for tools"),
    ("/sparql", "SPARQL endpoint", "the SPARQL 1.1 Protocol at /sparql"),
    ("/about", "About the dataset", "its files, licences and how to load them"),
)


def home_html(about: About, index: ThingIndex, documents: list[Document]) -> str:
    """What the graph is, what it holds, and every way in."""
    grouped = index.kinds()
    cards = "".join(_card(category, grouped.get(category, {})) for category in CATEGORIES if category.browsed)
    things = sum(1 for t in index.things.values() if t.category.browsed)
    docs = "".join(_document_item(d, index) for d in documents)
    ways = "".join(f'<li><a href="{h}">{esc(name)}</a>: {esc(what)}</li>' for h, name, what in WAYS)
    body = (
        f"<h1>{esc(about.title)}</h1>"
        f'<p class="lead">{esc(about.summary)} Each fact comes with the passage that states it.</p>'
        f"{search_form('home', 'Search the graph', placeholder=_examples(about, index))}"
        f"<h2>Browse by kind</h2><p>{things:,} things, each with its own page. "
        '<a href="/id/">Everything, by kind</a>, with concepts, periods and the evidence.</p>'
        f'<ul class="cards">{cards}</ul>'
        f"<h2>The documents</h2><ul>{docs}</ul>"
        f'<h2>More ways in</h2><ul class="ways">{ways}</ul>'
    )
    return page(about.title, body)


def _examples(about: About, index: ThingIndex) -> str:
    """What to search for: the names of the things the documents say most about."""
    names = [name for iri in about.examples if (name := index.label(iri))]
    return f"A name, such as {', '.join(names[:3])}" if names else "A name"


def _card(category: Category, kinds: dict[str, int]) -> str:
    count = sum(kinds.values())
    links = ", ".join(f'<a href="/id/{esc(kind)}/">{esc(_kind_name(kind))}</a> ({n})' for kind, n in kinds.items())
    return (
        f'<li><h3><a href="/id/#{category.slug}">{esc(category.title)}</a> <span class="count">{count:,}</span></h3>'
        f'<p>{esc(category.blurb)}</p><p class="kinds">{links or "none yet"}</p></li>'
    )


def _document_item(document: Document, index: ThingIndex) -> str:
    title = index.label(document.iri) or page_name(document.iri)
    target = "/id/" + document.iri.split("/id/", 1)[1]
    share = ""
    if document.text:
        share = f", {document.covered() / len(document.text):.0%} of its text quoted"
    return f'<li><a href="{esc(target)}">{esc(title)}</a>: {len(document.passages)} passages{share}</li>'


def everything_html(index: ThingIndex) -> str:
    """``/id/``: every kind, by category, with how many things it has."""
    grouped = index.kinds()
    sections = []
    for category in (*CATEGORIES, OTHER):
        kinds = grouped.get(category)
        if not kinds:
            continue
        items = "".join(
            f'<li><a href="/id/{esc(kind)}/">{esc(_kind_name(kind))}</a> <span class="count">{n:,}</span></li>'
            for kind, n in kinds.items()
        )
        sections.append(
            f'<h2 id="{category.slug}">{esc(category.title)} <span class="count">{sum(kinds.values()):,}</span></h2>'
            f'<p>{esc(category.blurb)}.</p><ul class="ways">{items}</ul>'
        )
    body = (
        "<h1>Everything in the graph</h1><p>Every thing has an IRI <code>https://w3id.org/thbkg/id/&lt;kind&gt;/"
        "&lt;name&gt;</code> and a page here, <code>/id/&lt;kind&gt;/&lt;name&gt;</code>. The kinds, by what "
        "they are:</p>" + "".join(sections)
    )
    return page("Everything", body)


def kind_html(kind: str, things: list[Thing], index: ThingIndex) -> str:
    """``/id/<kind>/``: every thing of one kind, by name, with its other names and its classes."""
    categories = sorted({t.category for t in things}, key=lambda c: c.title)
    up = ", ".join(f'<a href="/id/#{c.slug}">{esc(c.title)}</a>' for c in categories)
    items = "".join(_thing_item(thing, index) for thing in things)
    body = (
        f'<p class="src"><a href="/id/">Everything</a> / {up}</p>'
        f'<h1>{esc(_kind_name(kind))} <span class="count">{len(things):,}</span></h1>'
        f'<ul class="listing">{items}</ul>'
    )
    return page(_kind_name(kind), body)


def _thing_item(thing: Thing, index: ThingIndex) -> str:
    others = dict.fromkeys(name for _, name in thing.names if name.value != thing.label)
    also = " · ".join(named(name) for name in list(others)[:MAX_OTHER_NAMES])
    classes = " ".join(f'<span class="kind-tag">{esc(index.label(c) or page_name(c))}</span>' for c in _own(thing))
    return (
        f'<li><a href="{esc(thing.path)}">{esc(thing.shown)}</a> {classes}'
        f"{f'<span class=also>{also}</span>' if also else ''}</li>"
    )


def search_html(query: str, hits: list[Hit] | None) -> str:
    """The search page: the form, and the hits for ``query`` (None when nothing was asked)."""
    form = search_form("page", "Search again", query[:MAX_QUERY])
    if hits is None:
        intro = (
            "<p>Search the names of things (organisations, laws, plans, figures, concepts, documents) in "
            "English, Norwegian or any language the data gives them in. Case and accents do not matter.</p>"
        )
        return page("Search", f"<h1>Search</h1>{form}{intro}")
    cut = f" (only its first {MAX_QUERY} characters were read)" if len(query) > MAX_QUERY else ""
    if not hits:
        found = f"<p>Nothing is called “{esc(query[:MAX_QUERY])}”{cut}. <a href='/id/'>Browse by kind</a> instead.</p>"
    else:
        items = "".join(_hit_item(hit) for hit in hits)
        count = f"{len(hits)} thing{'s' if len(hits) != 1 else ''}"
        found = f'<p>{count} named like “{esc(query[:MAX_QUERY])}”{cut}:</p><ol class="listing">{items}</ol>'
    return page(f"Search: {query[:60]}", f"<h1>Search</h1>{form}{found}", searched=query[:MAX_QUERY])


def _hit_item(hit: Hit) -> str:
    thing = hit.thing
    matched = ""
    if hit.name is not None and hit.name.value != thing.label:
        matched = f'<span class="also">also named {named(hit.name)}</span>'
    return (
        f'<li><a href="{esc(thing.path)}">{esc(thing.shown)}</a> '
        f'<span class="kind-tag">{esc(_kind_name(thing.kind))}</span>{matched}</li>'
    )


def named(name: ox.Literal) -> str:
    """A name, marked with its language where that is not English."""
    attribute = lang(name.language)
    return f"<span{attribute}>{esc(name.value)}</span>" if attribute else esc(name.value)


def _kind_name(kind: str) -> str:
    """``legal-provision`` as "Legal provision"."""
    return kind.replace("-", " ").capitalize()


def _own(thing: Thing) -> list[str]:
    """The classes of ``thing`` in our ontology (the reused vocabularies' add little here)."""
    return [c for c in thing.types if c.startswith(THB)] or list(thing.types)[:2]
