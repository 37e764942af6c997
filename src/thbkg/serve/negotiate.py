"""Choosing a result format: the ``format`` parameter if given, else the Accept header with q-values.

Formats are named by a short key that the worker knows how to write. SELECT and ASK answer as
SPARQL results (JSON first: what browsers' fetch and most clients want); CONSTRUCT and DESCRIBE as
RDF (Turtle first). A key word or a media type works as ``format``; ``*/*`` or no Accept at all
gets the first format of the list.
"""

from __future__ import annotations

from thbkg.serve.http_error import HttpError

RESULTS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPHS = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
MEDIA_TYPES = RESULTS | GRAPHS
# Other names clients use for the same formats, as media types and as `format` values.
ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/x-turtle": "turtle",
    "text/plain": "nt",
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
}
MAX_RANGES = 50  # more media ranges than this in Accept is not a browser: 400


def formats_for(form: str) -> dict[str, str]:
    """The formats a query form can answer in: results for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE."""
    return RESULTS if form in ("SELECT", "ASK") else GRAPHS


def choose(offered: dict[str, str], accept: str | None, format_param: str | None) -> str:
    """The key of the format to answer in, or HttpError 406 (400 for a ``format`` we do not know)."""
    if format_param is not None:
        return _by_name(offered, format_param.strip().lower())
    if not accept or not accept.strip():
        return next(iter(offered))
    ranges = _ranges(accept)
    best, best_q = None, 0.0
    for key, media in offered.items():
        aliases = [alias for alias, k in ALIASES.items() if k == key and "/" in alias]
        q = max([_quality(ranges, media)] + [q for r, q in ranges if r in aliases])  # aliases: exact only
        if q > best_q:
            best, best_q = key, q
    if best is None:
        available = ", ".join(offered.values())
        raise HttpError(406, f"none of the accepted types is available; this answer can be {available}")
    return best


def _by_name(offered: dict[str, str], name: str) -> str:
    key = ALIASES.get(name, name)
    key = next((k for k, media in MEDIA_TYPES.items() if media == key), key)
    if key not in MEDIA_TYPES:
        raise HttpError(400, f"unknown format {name[:40]!r}; use one of {', '.join(MEDIA_TYPES)}")
    if key not in offered:
        raise HttpError(406, f"format {key} does not fit this query; use one of {', '.join(offered)}")
    return key


def _ranges(accept: str) -> list[tuple[str, float]]:
    """(media range, q) pairs; a range with a malformed q counts as not accepted."""
    parts = accept.split(",")
    if len(parts) > MAX_RANGES:
        raise HttpError(400, "the Accept header lists too many media types")
    ranges = []
    for part in parts:
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    return ranges


def _quality(ranges: list[tuple[str, float]], media: str) -> float:
    """The q of the most specific range matching ``media`` (exact, then type/*, then */*)."""
    kind = media.split("/")[0]
    for candidate in (media, f"{kind}/*", "*/*"):
        qs = [q for r, q in ranges if r == candidate]
        if qs:
            return max(qs)
    return 0.0
