"""The kinds of thing a reader browses by: organisations, laws, plans, ..., each defined by the
ontology classes its things have (with the inferred ones), never by a list of keys, so a thing of a
new kind that a new source brings finds its place with no change here.

A thing goes to the first category one of whose classes it has: a service is a ``prov:Activity`` as
a measure is, so permits and services come before plans and measures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from thbkg.core.namespaces import ELI, FOAF, OA, ORG, PROV, QB, RDF, SKOS, THB, TIME


@dataclass(frozen=True)
class Category:
    """A kind of thing: its slug (an anchor on ``/id/``), heading, one line on what it holds, its
    classes, and whether the home page offers it (the evidence and the structure are on ``/id/``)."""

    slug: str
    title: str
    blurb: str
    classes: frozenset[str]
    browsed: bool = True


CATEGORIES = (
    Category(
        "documents",
        "Documents",
        "the source documents every fact is quoted from",
        frozenset({THB + "SourceDocument"}),
    ),
    Category(
        "organisations",
        "Organisations and people",
        "ministries, directorates, police units, projects, NGOs and the posts people hold",
        frozenset({FOAF + "Agent", ORG + "Organization", ORG + "Post"}),
    ),
    Category(
        "law",
        "Laws and provisions",
        "laws, their provisions and the treaties a country is party to",
        frozenset({ELI + "LegalResource", ELI + "LegalResourceSubdivision", THB + "Law", THB + "Treaty"}),
    ),
    Category(
        "permits",
        "Permits and services",
        "reflection periods, residence and work permits, shelters and other help for victims",
        frozenset({THB + "Permit", THB + "Service"}),
    ),
    Category(
        "plans",
        "Plans and measures",
        "action plans, their goals and measures, campaigns, training, studies and funding",
        frozenset({PROV + "Plan", PROV + "Activity", THB + "Goal"}),
    ),
    Category(
        "statistics",
        "Statistics",
        "figures as an RDF Data Cube, each with what it counts, when and where",
        frozenset({QB + "Observation", QB + "DataSet"}),
    ),
    Category(
        "countries",
        "Countries and places",
        "countries, regions and cities, and the roles countries play",
        frozenset({THB + "Place", THB + "CountryRoleAssignment"}),
    ),
    Category(
        "assessments",
        "Findings and recommendations",
        "what the documents find, the gaps they name and what they recommend",
        frozenset({THB + "Finding", THB + "Recommendation", THB + "TierRanking"}),
    ),
    Category(
        "concepts",
        "Concepts",
        "forms of exploitation, victim groups, indicators, topics and the other classifications",
        frozenset({SKOS + "Concept", SKOS + "ConceptScheme"}),
    ),
    Category(
        "periods",
        "Periods",
        "the periods and instants that facts and figures refer to",
        frozenset({TIME + "ProperInterval", TIME + "Instant", TIME + "TemporalEntity"}),
    ),
    Category(
        "evidence",
        "Evidence",
        "quoted passages, the claims they make, statements and the curators' links",
        frozenset(
            {THB + "Claim", OA + "SpecificResource", RDF + "Statement", THB + "CuratedLink", PROV + "Entity"}
            | {QB + "DataStructureDefinition"}
        ),
        browsed=False,
    ),
)
OTHER = Category("other", "Other things", "things of classes no category above names", frozenset(), browsed=False)


def category_of(types: Iterable[str]) -> Category:
    """The first category one of ``types`` belongs to, else OTHER."""
    held = set(types)
    return next((category for category in CATEGORIES if category.classes & held), OTHER)
