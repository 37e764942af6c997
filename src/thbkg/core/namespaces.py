"""The namespaces of thbkg and the reused vocabularies as plain IRI strings, how keys become IRIs,
and how an IRI is shortened to ``prefix:local``: the one place every stage takes them from.

Plain strings, so that code after the build (SPARQL, release, serve) needs no RDF library's terms;
the build stage wraps them as rdflib namespaces (build/terms.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

BASE = "https://w3id.org/thbkg/"
THB = BASE + "ontology#"
THBR = BASE + "id/"
THBG = BASE + "graph/"
THBSH = BASE + "shapes#"
ONTOLOGY_IRI = BASE + "ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
ORG = "http://www.w3.org/ns/org#"
ELI = "http://data.europa.eu/eli/ontology#"
QB = "http://purl.org/linked-data/cube#"
SDMX_DIMENSION = "http://purl.org/linked-data/sdmx/2009/dimension#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
SDMX_ATTRIBUTE = "http://purl.org/linked-data/sdmx/2009/attribute#"
OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
VANN = "http://purl.org/vocab/vann/"
SH = "http://www.w3.org/ns/shacl#"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
SPDX = "http://spdx.org/rdf/terms#"

RDF_TYPE = RDF + "type"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = RDF + "langString"

PREFIXES: dict[str, str] = {
    "thb": THB,
    "thbr": THBR,
    "thbg": THBG,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "prov": PROV,
    "time": TIME,
    "org": ORG,
    "eli": ELI,
    "qb": QB,
    "sdmx-dimension": SDMX_DIMENSION,
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "oa": OA,
    "schema": SCHEMA,
    "vann": VANN,
    "sh": SH,
}
# Things and graphs are written as full IRIs in Turtle: their slash paths would need escaping as names.
TURTLE_PREFIXES = {prefix: namespace for prefix, namespace in PREFIXES.items() if prefix not in ("thbr", "thbg")}

# SPARQL 1.1 grammar, productions [164]-[169] (the same in Turtle): what may follow ``prefix:`` as
# written, with no ``\`` escapes, so that the name reads back as the IRI it was made from.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + "_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PERCENT = "%[0-9A-Fa-f]{2}"
PN_LOCAL = re.compile(
    f"(?:[{_PN_CHARS_BASE}_:0-9]|{_PERCENT})(?:(?:[{_PN_CHARS}.:]|{_PERCENT})*(?:[{_PN_CHARS}:]|{_PERCENT}))?"
)

KEY_PATTERN = re.compile(r"^(?P<kind>[a-z][a-z0-9-]*)/(?P<slug>[a-z0-9][a-z0-9-]*|[A-Z]{3}|[A-Z]{2}-[A-Z0-9]{1,3})$")
CURIE_PATTERN = re.compile(r"^(?P<prefix>[a-z][a-z-]*):(?P<local>[A-Za-z_][A-Za-z0-9_-]*)$")


def expand_curie(curie: str) -> str | None:
    """The IRI of a CURIE with one of our prefixes, or None if it is not one."""
    match = CURIE_PATTERN.match(curie)
    if not match or match["prefix"] not in PREFIXES:
        return None
    return PREFIXES[match["prefix"]] + match["local"]


def key_iri(key: str) -> str:
    """The IRI of a thing from its key (``organization/kom`` -> ``.../id/organization/kom``)."""
    return THBR + key


def graph_iri(name: str) -> str:
    """The IRI of one of our named graphs (``source/moj2010`` -> ``.../graph/source/moj2010``)."""
    return THBG + name


def shorten(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> tuple[str, str] | None:
    """``(prefix, local)`` for an IRI under one of the ``prefixes`` (the longest namespace that fits,
    with something left after it), or None: every short form of an IRI, in tables, reports and pages."""
    for prefix, namespace in _LONGEST_FIRST if prefixes is PREFIXES else _longest_first(prefixes):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return prefix, iri[len(namespace) :]
    return None


def _longest_first(prefixes: Mapping[str, str]) -> list[tuple[str, str]]:
    return sorted(prefixes.items(), key=lambda item: -len(item[1]))


_LONGEST_FIRST = _longest_first(PREFIXES)  # shorten() is called for every node of a large view


def prefixed(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``prefix:local`` for an IRI under one of the ``prefixes``, else the IRI in angle brackets: how
    text output (tables, summaries, reports, generated pages) names an IRI."""
    found = shorten(iri, prefixes)
    return f"{found[0]}:{found[1]}" if found else f"<{iri}>"


def sparql_name(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A SPARQL 1.1 prefixed name for the IRI where the grammar has one (``thb:value``), else the IRI in
    angle brackets (``<https://w3id.org/thbkg/id/period/2009>``, as ``thbr:period/2009`` is not
    SPARQL): what query results print, so that a name pasted back into a query means the same IRI."""
    found = shorten(iri, prefixes)
    return f"{found[0]}:{found[1]}" if found and PN_LOCAL.fullmatch(found[1]) else f"<{iri}>"
