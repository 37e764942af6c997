"""The frame of every HTML page the server writes: the icon and style sheets in its head, a skip link
(the first stop of the Tab key) past a header with the site's name, the ways in (browse, documents,
query, ontology, downloads, API) and a search box, the page's own content in ``<main id="content">``,
and a footer with the licences.

One place, so that every page offers the same ways in and the same keyboard path: the generated
pages get it through ``htmlkit.page``, the query page through its template. Its style is
``/static/site.css``, with the rules for phones and the keyboard in ``/static/responsive.css``.
"""

from __future__ import annotations

from html import escape

MAX_QUERY = 200  # characters of a search that are read (search.py); the box takes no more

NAV = (
    ("/id/", "Browse"),
    ("/id/document/", "Documents"),
    ("/query", "Query"),
    ("/graphs/", "Graphs"),
    ("/ontology", "Ontology"),
    ("/download/", "Downloads"),
    ("/api/", "API"),
)
CONTENT = "content"  # the id of every page's <main>, where the skip link leads
HEAD = (
    '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    '<link rel="stylesheet" href="/static/site.css"><link rel="stylesheet" href="/static/responsive.css">'
)


def top(searched: str = "") -> str:
    """What every page's body starts with: the skip link, then the header."""
    return f'<a class="skip" href="#{CONTENT}">Skip to content</a>{header(searched)}'


def header(searched: str = "") -> str:
    """The site header; ``searched`` (what the reader searched for) fills the search box."""
    links = "".join(f'<li><a href="{href}">{name}</a></li>' for href, name in NAV)
    return (
        '<header class="site"><a class="site-name" href="/">thbkg</a>'
        f'<nav class="site-nav" aria-label="Site"><ul>{links}</ul></nav>'
        f"{search_form('site', 'Site search', searched, 'Search names')}</header>"
    )


def search_form(where: str, landmark: str, searched: str = "", placeholder: str = "A name") -> str:
    """A search box (``type=search``) sending ``q`` to ``/search``: ``where`` names its place (its
    class and ids), ``landmark`` tells it from the other search boxes of the page."""
    return (
        f'<form class="{where}-search" role="search" aria-label="{escape(landmark)}" action="/search" method="get">'
        f'<label for="{where}-q" class="visually-hidden">Search names</label>'
        f'<input id="{where}-q" type="search" name="q" value="{escape(searched, quote=True)}" '
        f'placeholder="{escape(placeholder, quote=True)}" maxlength="{MAX_QUERY}" autocomplete="off">'
        '<button type="submit">Search</button></form>'
    )


def footer() -> str:
    return (
        '<footer class="site"><p>Every fact in thbkg comes with the passage of its source document that '
        'states it. Data: CC BY 4.0; code: Apache-2.0. <a href="/about">About the dataset</a> · '
        '<a href="/sparql">SPARQL endpoint</a> · <a href="/api/">API</a></p></footer>'
    )
