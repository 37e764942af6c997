"""The parts of a document's and a passage's page that read the text: the whole document with every
quoted passage highlighted and linked to the facts it states, how much of the text the graph
covers, and a passage in its context with the facts it states.

They lead the entity page of the document or passage (entity_page.py), above its table of facts.
"""

from __future__ import annotations

import pyoxigraph as ox

from thbkg.core.evidence import DOCUMENTS, Passage, Triple
from thbkg.core.namespaces import THBR
from thbkg.serve.document_view import Document
from thbkg.serve.htmlkit import esc, href, link, literal, page_name
from thbkg.serve.site import Site
from thbkg.serve.things import ThingIndex

PASSAGES = THBR + "passage/"


async def lead_html(site: Site, iri: str) -> str:
    """The text part of the page of ``iri`` if it is a document or a passage, else nothing."""
    if iri.startswith(DOCUMENTS):
        document = await site.document(iri)
        return document_html(document, await site.index()) if document else ""
    if iri.startswith(PASSAGES):
        source = iri[len(PASSAGES) :].split("/", 1)[0]
        document = await site.document(DOCUMENTS + source)
        passage = document.passage(iri) if document else None
        return passage_html(document, passage, await site.index()) if document and passage else ""
    return ""


def anchor(passage: Passage) -> str:
    """The id of a passage's highlight in its document's text."""
    return f"p-{passage.start}-{passage.end}"


def document_html(document: Document, index: ThingIndex) -> str:
    """How much of the text the passages cover, and the text with each passage a highlighted link."""
    if document.text is None:
        return (
            f"<h2>Text</h2><p>The graph quotes {len(document.passages)} passages of this document; its text is "
            "not on this server (no file of the sources folder has the sha256 its catalogue record gives).</p>"
        )
    length, covered = len(document.text), document.covered()
    share = covered / length if length else 0.0
    coverage = (
        f'<p class="coverage"><meter min="0" max="1" value="{share:.4f}" aria-label="share of the text quoted">'
        f"{share:.0%}</meter> <span>{len(document.passages)} quoted passages cover {covered:,} of the "
        f"{length:,} characters ({share:.1%}) of the text. Each highlighted passage links to its page, "
        "which lists the facts it states.</span></p>"
    )
    parts = []
    for run in document.runs:
        text = esc(document.text[run.start : run.end])
        if not run.passages:
            parts.append(text.lstrip("\n") if run.start == 0 else text)  # the text's opening blank lines
            continue
        # Where each passage begins, an anchor its page links to; the run links to the shortest.
        parts += [f'<span id="{anchor(p)}"></span>' for p in run.passages if p.start == run.start]
        passage = run.passages[0]
        deep = ' class="deep"' if len(run.passages) > 1 else ""
        facts = "; ".join(_fact_text(index, fact) for fact in passage.facts)
        target = esc(href(passage.iri) or "")
        parts.append(f'<mark{deep}><a href="{target}" title="states: {esc(facts)}">{text}</a></mark>')
    return f'<h2 id="text">Text</h2>{coverage}<div class="doc-text">{"".join(parts)}</div>'


def passage_html(document: Document, passage: Passage, index: ThingIndex) -> str:
    """The passage in its context, a link to its place in the whole text, and the facts it states."""
    title = index.label(document.iri) or page_name(document.iri)
    where = f"characters {passage.start} to {passage.end}"
    place = f"{esc(href(document.iri) or '')}#{anchor(passage)}"
    if document.text is None:
        quoted = f"<blockquote>{esc(passage.exact)}</blockquote>"
    else:
        before, exact, after = document.context(passage)
        first, last = passage.start - len(before), passage.end + len(after)  # the context shown
        opening = "…" if first > 0 and document.text[first - 1] != "\n" else ""  # cut inside a paragraph
        closing = "…" if last < len(document.text) and document.text[last] != "\n" else ""
        quoted = (
            f'<div class="doc-text">{opening}{esc(before)}<mark class="here">{esc(exact)}</mark>'
            f"{esc(after)}{closing}</div>"
        )
    facts = "".join(f"<li>{_fact_html(index, fact)}</li>" for fact in passage.facts)
    return (
        f"<h2>In its document</h2><p>{where} of {link(document.iri, title)} · "
        f'<a href="{place}">read it in the whole text</a></p>{quoted}'
        f'<h2>What it states</h2><ul class="states">{facts}</ul>'
    )


def _fact_html(index: ThingIndex, fact: Triple) -> str:
    return " ".join(_term_html(index, term) for term in fact)


def _fact_text(index: ThingIndex, fact: Triple) -> str:
    return " ".join(_term_text(index, term) for term in fact)


def _term_html(index: ThingIndex, term: object) -> str:
    if isinstance(term, ox.Literal):
        return literal(term)
    if isinstance(term, ox.NamedNode):
        return link(term.value, index.label(term.value))
    return esc(str(term))


def _term_text(index: ThingIndex, term: object) -> str:
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return index.label(term.value) or page_name(term.value)
    return str(term)
