"""Places below the country: regions minted from ISO 3166-2 subdivision codes, and cities declared
in data/reference/ under their UN/LOCODE. Each lies in the place its code names: a region in its
parent subdivision or its country, a city in the country its UN/LOCODE begins with."""

from __future__ import annotations

import re

import pycountry
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from thbkg.build.ntriples import Lines
from thbkg.build.terms import SCHEMA, THB, key_iri

# UN/LOCODE: the ISO 3166-1 alpha-2 code of the country and three letters or digits 2-9 for the
# place (UNECE Recommendation 16), written with a space (NO OSL) and keyed with a hyphen (NO-OSL).
LOCODE_KEY = re.compile(r"^(?P<country>[A-Z]{2})-(?P<place>[A-Z2-9]{3})$")


def _country_key(alpha_2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha_2)
    return None if country is None else f"country/{country.alpha_3}"


def region_container(code: str) -> str:
    """The key of the place an ISO 3166-2 subdivision lies in; ValueError if the code is none."""
    subdivision = pycountry.subdivisions.get(code=code)
    if subdivision is None:
        raise ValueError(
            f"unknown place 'place/{code}': not an ISO 3166-2 subdivision code, nor a city declared in "
            "data/reference/ (a city is keyed by its UN/LOCODE, place/NO-OSL)"
        )
    if subdivision.parent_code:
        return f"place/{subdivision.parent_code}"
    container = _country_key(subdivision.country_code)
    if container is None:
        raise ValueError(f"place/{code}: its country {subdivision.country_code} is not in ISO 3166-1")
    return container


def city_container(slug: str) -> str:
    """The key of the country a declared city lies in, read from the UN/LOCODE that keys it;
    ValueError saying why the key is not a UN/LOCODE."""
    match = LOCODE_KEY.match(slug)
    if match is None:
        raise ValueError(
            f"place/{slug}: a declared place is a city keyed by its UN/LOCODE, country and place joined "
            "by - (place/NO-OSL); regions are minted from ISO 3166-2 codes, countries are country/XXX"
        )
    if pycountry.subdivisions.get(code=slug) is not None:
        raise ValueError(f"place/{slug} is the ISO 3166-2 code of a region: a city needs its UN/LOCODE")
    country = _country_key(match["country"])
    if country is None:
        raise ValueError(f"place/{slug}: {match['country']} is not an ISO 3166-1 alpha-2 code")
    return country


def locode(slug: str) -> str:
    """The UN/LOCODE of a city's key as UNECE writes it: ``NO-OSL`` -> ``NO OSL``."""
    return slug.replace("-", " ", 1)


def add_region(graph: Lines, subject: URIRef, code: str) -> None:
    """The reference triples of a region: its class, ISO name, code and the place it lies in."""
    subdivision = pycountry.subdivisions.get(code=code)
    if subdivision is None:
        raise ValueError(f"{code} is not an ISO 3166-2 subdivision code")
    graph.add((subject, RDF.type, THB.Region))
    graph.add((subject, SKOS.prefLabel, Literal(subdivision.name, lang="en")))
    graph.add((subject, SKOS.notation, Literal(code)))
    graph.add((subject, SCHEMA.containedInPlace, key_iri(region_container(code))))
