"""Small pieces shared by the server's generated HTML pages (entities, ontology, downloads, errors).

Every piece of data goes through ``esc`` (html.escape) and links only to our own pages or to
http(s) IRIs, so nothing in the data can inject markup or script. The style is inline, with the
frame's style sheets (chrome.py) after it: the pages load nothing from elsewhere.
"""

from __future__ import annotations

from html import escape

import pyoxigraph as ox

from thbkg.core.namespaces import ONTOLOGY_IRI, THB, THBR, XSD_STRING, shorten
from thbkg.serve import chrome

PAGE_LANGUAGE = "en"  # the pages' own words; names and values in other languages say which they are
CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1.05rem}code,.iri{font:13px ui-monospace,monospace;color:#555;word-break:break-all}
table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:.25rem .5rem;
border-bottom:1px solid #eee}th{font-weight:600}a{color:#0645ad;text-underline-offset:2px}
a:hover{text-decoration-thickness:2px}
.terms td{overflow-wrap:anywhere}.terms td:first-child{min-width:8.5rem}
blockquote{margin:.3rem 0;padding:.3rem .8rem;border-left:3px solid #9ab;background:#f6f8fa}
.src{font-size:.85rem;color:#666}.lang{font-size:.8rem;color:#666}nav{font-size:.9rem;margin-bottom:1rem}
.graph{margin:1rem 0}.graph-canvas{height:32rem;max-height:70vh;border:1px solid #ddd;background:#fcfcfd}
.graph-legend{font-size:.85rem;display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin-top:.4rem}
.graph-legend .swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.3rem;
vertical-align:-.1rem}
"""


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def page(title: str, body: str, searched: str = "", styles: tuple[str, ...] = (), scripts: tuple[str, ...] = ()) -> str:
    """A whole HTML document around ``body`` (already escaped markup), in the site's frame (chrome.py);
    ``searched`` fills its search box, ``styles`` and ``scripts`` are this server's style sheets and
    scripts the page needs besides the frame's (the policy allows no other, and no inline script)."""
    sheets = "".join(f'<link rel="stylesheet" href="{esc(path)}">' for path in styles)
    sheets += "".join(f'<script src="{esc(src)}" defer></script>' for src in scripts)
    return (
        f'<!DOCTYPE html>\n<html lang="{PAGE_LANGUAGE}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · thbkg</title><style>{CSS}</style>{chrome.HEAD}{sheets}</head><body>"
        f'{chrome.top(searched)}\n<main id="{chrome.CONTENT}">\n{body}\n</main>{chrome.footer()}\n</body></html>\n'
    )


def href(iri: str) -> str | None:
    """Where a link to ``iri`` goes: our own pages for our IRIs, the IRI itself if it is http(s)."""
    if iri.startswith(THBR):
        return "/id/" + iri[len(THBR) :]
    if iri == ONTOLOGY_IRI or iri.startswith(THB):
        return "/ontology" + iri[len(ONTOLOGY_IRI) :]
    return iri if iri.startswith(("https://", "http://")) else None


def page_name(iri: str) -> str:
    """``prefix:local`` for IRIs in a known namespace, our things as ``kind/slug``, else the IRI."""
    short = shorten(iri)
    if short and short[0] == "thbr":
        return short[1]
    return f"{short[0]}:{short[1]}" if short and "/" not in short[1] else iri


def link(iri: str, text: str | None = None, language: str | None = None) -> str:
    """An escaped link to ``iri`` showing ``text`` (its short name by default) in ``language``, with
    the IRI as title."""
    shown = esc(text if text is not None else page_name(iri))
    target = href(iri)
    if target is None:
        return f'<span title="{esc(iri)}"{lang(language)}>{shown}</span>'
    return f'<a href="{esc(target)}" title="{esc(iri)}"{lang(language)}>{shown}</a>'


def lang(language: str | None) -> str:
    """The ``lang`` attribute for text in ``language`` (a BCP 47 tag), none for the pages' English."""
    if not language or language.lower() == PAGE_LANGUAGE or language.lower().startswith(PAGE_LANGUAGE + "-"):
        return ""
    return f' lang="{esc(language)}"'


def literal(term: ox.Literal) -> str:
    """A literal's value, with its language or (non-string) datatype in small print; a value in
    another language than the page's is marked as such, so it is read out in its own."""
    if term.language:
        attribute = lang(term.language)
        value = f"<span{attribute}>{esc(term.value)}</span>" if attribute else esc(term.value)
        return f'{value} <span class="lang">@{esc(term.language)}</span>'
    if term.datatype.value != XSD_STRING:
        return f'{esc(term.value)} <span class="lang">{esc(page_name(term.datatype.value))}</span>'
    return esc(term.value)
