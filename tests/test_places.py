"""Place keys: regions by their ISO 3166-2 code, cities by their UN/LOCODE, each in the place its
code names. Expected codes and names are ISO 3166-2's (NO-03 Oslo; GB-LND London, City of, in
GB-ENG England) and UN/LOCODE's (NO OSL Oslo, NO BGO Bergen)."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from thbkg.build.ontology import Vocabulary, load_ontology
from thbkg.build.places import city_container, locode, region_container
from thbkg.build.registry import Registry
from thbkg.build.terms import SCHEMA, THB, key_iri


@pytest.mark.parametrize(("code", "container"), [("NO-03", "country/NOR"), ("GB-LND", "place/GB-ENG")])
def test_a_region_lies_in_its_parent_subdivision_or_its_country(code: str, container: str) -> None:
    assert region_container(code) == container


def test_a_code_that_is_no_iso_3166_2_subdivision_is_no_region() -> None:
    with pytest.raises(ValueError, match="not an ISO 3166-2 subdivision code"):
        region_container("NO-OSL")


@pytest.mark.parametrize(("slug", "written"), [("NO-OSL", "NO OSL"), ("NO-BGO", "NO BGO")])
def test_a_city_lies_in_the_country_its_unlocode_names(slug: str, written: str) -> None:
    assert city_container(slug) == "country/NOR"
    assert locode(slug) == written


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("oslo", "keyed by its UN/LOCODE"),
        ("NO-OS", "keyed by its UN/LOCODE"),
        ("GB-LND", "the ISO 3166-2 code of a region"),
        ("XX-OSL", "XX is not an ISO 3166-1 alpha-2 code"),
    ],
)
def test_a_declared_place_must_be_keyed_by_a_unlocode(slug: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        city_container(slug)


@pytest.fixture
def registry(layout) -> Registry:
    return Registry(Vocabulary(load_ontology(layout.ontology)))


def test_a_region_key_mints_the_region_and_the_places_it_lies_in(registry: Registry) -> None:
    registry.resolve("place/GB-LND")
    graph = registry.reference_graph()
    london, england = key_iri("place/GB-LND"), key_iri("place/GB-ENG")
    assert (london, RDF.type, THB.Region) in graph
    assert (london, SKOS.prefLabel, Literal("London, City of", lang="en")) in graph
    assert (london, SKOS.notation, Literal("GB-LND")) in graph
    assert (london, SCHEMA.containedInPlace, england) in graph
    assert (england, RDF.type, THB.Region) in graph
    assert (england, SCHEMA.containedInPlace, key_iri("country/GBR")) in graph
    assert (key_iri("country/GBR"), RDF.type, THB.Country) in graph


def test_an_unknown_place_key_is_refused(registry: Registry) -> None:
    with pytest.raises(ValueError, match="unknown place 'place/NO-XYZ'"):
        registry.resolve("place/NO-XYZ")
