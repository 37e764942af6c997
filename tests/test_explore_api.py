"""The notebook API: the same calls on the build and on a served endpoint, typed DataFrames, and
one clear exception for every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from processes import HOST, free_port
from serve_server import running
from thbkg.core.namespaces import key_iri
from thbkg.explore import KnowledgeGraph, KnowledgeGraphError, open_graph

ROOT = Path(__file__).resolve().parents[1]
MOJ, TIP = key_iri("document/no-moj-2010-bsppc"), key_iri("document/us-dos-tip-2011-nor")


@pytest.fixture(scope="module")
def kg(nquads: Path) -> KnowledgeGraph:
    return open_graph(nquads, root=ROOT)


@pytest.fixture(scope="module")
def served(nquads: Path) -> KnowledgeGraph:
    with running(nquads) as server:
        yield open_graph(f"{server.base}/sparql", root=ROOT)


def test_a_saved_query_gives_typed_values(kg, source_text) -> None:
    # "a total of 292 presumed victims of trafficking" (2010) and "approximately 292 victims" (2011)
    assert "a total of 292 presumed victims" in source_text("no-moj-2010-bsppc")
    assert "referred approximately 292 victims to care" in source_text("us-dos-tip-2011-nor")
    table = kg.query("query-01")
    assert isinstance(table, pd.DataFrame)
    by_document = table.set_index("document")
    assert by_document.loc[MOJ, "value"] == 292 and by_document.loc[TIP, "value"] == 292
    assert pd.api.types.is_integer_dtype(table["value"])
    assert by_document.loc[TIP, "unit"] == "Persons"  # the unit in a column of its own
    # the 2011 report's manifest: issued: "2011-06-27"; the 2010 description's: March 2010
    assert by_document.loc[TIP, "documentIssued"] == pd.Timestamp("2011-06-27")
    assert by_document.loc[MOJ, "documentIssued"] == pd.Period("2010-03", freq="M")


def test_parameters_by_name_and_iri_columns_labelled(kg) -> None:
    table = kg.query("query-12", role="country-role/transit")
    assert "Spain" in set(table["countryLabel"])
    raw = kg.sparql(
        "PREFIX thb: <https://w3id.org/thbkg/ontology#>\n"
        "SELECT ?unit WHERE { ?unit thb:administeredBy <https://w3id.org/thbkg/id/organization/police-directorate> }"
    )
    assert list(raw.columns) == ["unit", "unitLabel"]
    assert key_iri("organization/kom") in set(raw["unit"])
    assert not any(label.startswith("http") for label in raw["unitLabel"])


def test_ask_and_construct(kg) -> None:
    assert kg.sparql("ASK { ?s ?p ?o }") is True
    triples = kg.sparql(
        f"CONSTRUCT {{ <{key_iri('organization/kom')}> ?p ?o }} WHERE {{ <{key_iri('organization/kom')}> ?p ?o }}"
    )
    assert {"subject", "predicate", "object"} <= set(triples.columns)


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (lambda kg: kg.query("query-99"), "unknown query"),
        (lambda kg: kg.query("query-02", year="twenty"), "year"),
        (lambda kg: kg.query("query-12", colour="red"), "unknown parameter 'colour'"),
        (lambda kg: kg.sparql("SELECT ?s WHERE { ?s ?p }"), "syntax"),
        (lambda kg: kg.sparql("DELETE WHERE { ?s ?p ?o }"), "only SELECT"),
    ],
)
def test_bad_input_raises_one_clear_error(kg, call, says) -> None:
    with pytest.raises(KnowledgeGraphError, match=says) as raised:
        call(kg)
    assert raised.value.__cause__ is None or raised.value.__suppress_context__


def test_no_build_and_no_endpoint_are_clear_errors(tmp_path) -> None:
    with pytest.raises(KnowledgeGraphError, match="run `thbkg build` first"):
        open_graph(tmp_path / "thbkg.nq", root=ROOT)
    with pytest.raises(KnowledgeGraphError, match=f"{HOST}"):
        open_graph(f"http://{HOST}:{free_port()}/sparql", root=ROOT, timeout=5)


def test_an_endpoint_answers_the_same_calls_alike(kg, served) -> None:
    local, remote = kg.query("query-13"), served.query("query-13")
    pd.testing.assert_frame_equal(
        local.sort_values(list(local.columns)).reset_index(drop=True),
        remote.sort_values(list(remote.columns)).reset_index(drop=True),
    )
    for name in ("actors", "countries", "law"):
        here, there = kg.view(name), served.view(name)
        assert set(here.nodes) == set(there.nodes)
        assert sorted(here.edges(keys=True)) == sorted(there.edges(keys=True))
        assert dict(here.nodes(data=True)) == dict(there.nodes(data=True))
