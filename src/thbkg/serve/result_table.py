"""A query result as a table people can read: things by their names, linked to their pages here;
numbers, dates and durations as values; language tags and datatypes in small print or not at all.

The rules are those of the query page's results view (static/results.js), so a result reads the
same wherever the site shows it:
- an IRI shows its label (else its short name, ``kind/slug`` or ``prefix:local``) as a link, with
  the IRI itself in the link's title; our IRIs link to this server's own pages (htmlkit.href);
- a number shows as written (figures stay exactly as the documents give them), right-aligned;
- a date reads as ``27 June 2011``, a year-month as ``March 2010``, a duration as ``3 months``,
  each in a ``<time>`` (or titled) element that keeps the value as written;
- text in a language other than English carries its ``lang`` and a small tag; any other datatype
  than strings, numbers, dates, durations and booleans is named in small print.
The table sits in a box that scrolls by itself, so a wide result never widens the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from thbkg.core import xsd
from thbkg.core.namespaces import RDF_LANG_STRING, XSD, XSD_STRING
from thbkg.core.terms import Term
from thbkg.serve.htmlkit import esc, lang, link, page_name
from thbkg.serve.labels import Label
from thbkg.sparql.results import Result

MONTHS = ("January February March April May June July August September October November December").split()
DATES = {XSD + local for local in ("date", "dateTime", "gYear", "gYearMonth")}
DURATIONS = {XSD + local for local in ("duration", "yearMonthDuration", "dayTimeDuration")}
NUMBERS = xsd.INTEGERS | {XSD + local for local in ("decimal", "double", "float")}
DURATION = re.compile(r"(?P<sign>-?)P(?:(?P<Y>\d+)Y)?(?:(?P<M>\d+)M)?(?:(?P<D>\d+)D)?(?:T.*)?")
DATE = re.compile(r"(?P<year>-?\d{4,})(?:-(?P<month>\d\d))?(?:-(?P<day>\d\d))?")
UNIT_WORDS = {"Y": "year", "M": "month", "D": "day"}
WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_")


def heading(variable: str) -> str:
    """A column's name as words: ``documentTitle`` reads ``document title``."""
    return WORD_BREAK.sub(" ", variable).lower().strip()


def result_html(result: Result, labels: Mapping[str, Label], caption: str) -> str:
    """The whole result: a table for SELECT (and for a graph: subject, predicate, object), a
    sentence for ASK; ``caption`` says what it answers."""
    if result.boolean is not None:
        return f'<p class="answer">{esc(caption)}: <strong>{"yes" if result.boolean else "no"}</strong></p>'
    if result.graph is not None:
        variables = ["subject", "predicate", "object"]
        rows: list[dict[str, Term]] = [dict(zip(variables, t, strict=True)) for t in result.graph]
    else:
        variables, rows = result.variables, result.rows
    head = "".join(f'<th scope="col" title="?{esc(v)}">{esc(heading(v))}</th>' for v in variables)
    body = "".join("<tr>" + "".join(_cell(row.get(v), labels) for v in variables) + "</tr>" for row in rows)
    count = f"{len(rows)} row{'' if len(rows) == 1 else 's'}"
    return (
        f'<p class="result-count">{count}</p>'
        f'<div class="result-box" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f'<table class="result"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _cell(term: Term | None, labels: Mapping[str, Label]) -> str:
    if term is None:
        return "<td></td>"
    if isinstance(term, ox.Literal) and term.datatype.value in NUMBERS:
        return f'<td class="num">{literal_html(term)}</td>'
    return f"<td>{term_html(term, labels)}</td>"


def term_html(term: Term, labels: Mapping[str, Label]) -> str:
    """One value as the table shows it (escaped markup)."""
    if isinstance(term, ox.NamedNode):
        return iri_html(term.value, labels.get(term.value))
    if isinstance(term, ox.Literal):
        return literal_html(term)
    return '<span class="note">(no name)</span>'  # a blank node or a quoted triple


def iri_html(iri: str, label: Label | None) -> str:
    """A link showing the thing's label (its short name when it has none), the IRI in its title."""
    return link(iri, label.text, label.lang) if label else link(iri)


def literal_html(term: ox.Literal) -> str:
    """A literal as a value: see the module docstring."""
    value, datatype = term.value, term.datatype.value
    if term.language:
        attribute = lang(term.language)  # English, the page's own, is not marked
        return (
            f'<span{attribute}>{esc(value)}</span> <small class="tag">{esc(term.language)}</small>'
            if attribute
            else esc(value)
        )
    if datatype in (XSD_STRING, RDF_LANG_STRING) or datatype in NUMBERS:
        return esc(value)
    if datatype == XSD + "boolean":
        return "yes" if value in ("true", "1") else "no"
    readable = readable_date(value, datatype) if datatype in DATES else None
    if readable is not None:
        return f'<time datetime="{esc(value)}">{esc(readable)}</time>'
    readable = readable_duration(value) if datatype in DURATIONS else None
    if readable is not None:
        return f'<span title="{esc(value)}">{esc(readable)}</span>'
    return f'{esc(value)} <small class="tag">{esc(page_name(datatype))}</small>'


def readable_date(value: str, datatype: str) -> str | None:
    """``2011-06-27`` as ``27 June 2011``, ``2010-03`` as ``March 2010``, a year as it is; a time of
    day is left out (None when the value is not one of these forms)."""
    found = DATE.match(value)
    if not found or (datatype != XSD + "dateTime" and not xsd.valid(value, datatype)):
        return None
    year, month, day = found["year"], found["month"], found["day"]
    if month is None:
        return year
    name = MONTHS[int(month) - 1] if 1 <= int(month) <= 12 else month
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def readable_duration(value: str) -> str | None:
    """``P3M`` as ``3 months``, ``P1Y6M`` as ``1 year 6 months``; None for a duration with a time
    part or one that is not a duration at all (shown as written)."""
    found = DURATION.fullmatch(value)
    if not found or "T" in value:
        return None
    parts = [(int(found[unit]), word) for unit, word in UNIT_WORDS.items() if found[unit] is not None]
    if not parts:
        return None
    words = " ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in parts)
    return f"minus {words}" if found["sign"] else words
