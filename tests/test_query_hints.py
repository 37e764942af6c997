"""Empty answers and unknown names that say why: ``thbkg query`` and ``/api/queries``.

A parameter value that matches nothing in the data gets a line on stderr (the API: a header) with
the closest values the data has; the answer itself stays an answer (exit 0, status 200). A name
that is no query's gets the names most like it. Values come from the source documents: Nigeria is
named ("121 were Nigerian citizens"), Sweden is not; 2009 is a year the documents give figures for.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from oxigraph_server import load_nquads, oxigraph_fixture
from serve_server import Server, running
from thbkg.sparql.catalogue import find, load_catalogue
from thbkg.sparql.closest import closest
from thbkg.sparql.store import dump, load_build

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = load_catalogue(ROOT / "queries")
Q01 = find(CATALOGUE, "query-01").name
Q02 = find(CATALOGUE, "query-02").name
Q03 = find(CATALOGUE, "query-03").name
Q14 = find(CATALOGUE, "query-14").name
Q28 = find(CATALOGUE, "query-28").name
THBR = "https://w3id.org/thbkg/id/"
HINT = "thbkg query: no rows: "


oxigraph = oxigraph_fixture()


def hint(err: str, name: str, value: str) -> list[str]:
    """The closest values the one stderr line about ``name=value`` offers."""
    lines = [line for line in err.splitlines() if line.startswith(f"{HINT}{name}={value} matches nothing")]
    assert len(lines) == 1, err
    return lines[0].partition("closest values in the data: ")[2].split(", ")


# --- thbkg query: parameter values that match nothing ----------------------------------------------


def test_a_country_the_documents_name_has_rows_and_no_hint(run_cli) -> None:
    code, out, err = run_cli(Q14, "--param", "country=country/NGA", "--format", "csv")
    assert code == 0 and err == ""
    assert "121" in out  # "121 were Nigerian citizens"


@pytest.mark.parametrize("country", ["country/XXA", "country/SWE"])
def test_a_country_not_in_the_data_is_named_with_countries_that_are(run_cli, nquads: Path, country: str) -> None:
    code, out, err = run_cli(Q14, "--param", f"country={country}")
    assert code == 0 and "(0 rows)" in out
    offered = hint(err, "country", country)
    assert offered and all(key.startswith("country/") and key != country for key in offered)
    store = load_build(nquads)
    for key in offered:  # each is a country the data holds
        assert next(store.quads_for_pattern(None, None, ox.NamedNode(THBR + key)), None), key


def test_the_likest_key_comes_first(run_cli) -> None:
    assert hint(run_cli(Q14, "--param", "country=country/NGX")[2], "country", "country/NGX")[0] == "country/NGA"


def test_a_kind_that_does_not_exist_is_answered_with_the_defaults_kind(run_cli) -> None:
    assert hint(run_cli(Q14, "--param", "country=countries/NGA")[2], "country", "countries/NGA")[0] == "country/NGA"


def test_suggestions_are_written_as_the_value_was(run_cli) -> None:
    kon = f"{THBR}organization/kon"
    assert hint(run_cli(Q03, "--param", f"thing={kon}")[2], "thing", kon)[0] == f"{THBR}organization/kom"
    err = run_cli(Q28, "--param", "property=thb:maximumDurationn")[2]
    assert hint(err, "property", "thb:maximumDurationn")[0] == "thb:maximumDuration"


def test_a_year_without_data_is_named_with_the_years_that_have_some(run_cli) -> None:
    # "during 2009, ... a total of 292 presumed victims": 2009 has figures.
    code, out, _ = run_cli(Q02, "--param", "year=2009", "--format", "csv")
    assert code == 0 and "292" in out
    code, out, err = run_cli(Q02, "--param", "year=1990")
    assert code == 0 and "(0 rows)" in out
    years = hint(err, "year", "1990")
    assert "2009" in years and all(y.isdigit() and y != "1990" for y in years)


def test_a_malformed_value_is_still_an_error(run_cli) -> None:
    code, out, err = run_cli(Q02, "--param", "year=nineteen")
    assert code == 2 and out == "" and "must be an xsd:integer" in err and HINT not in err


def test_the_hint_comes_from_an_endpoint_too(run_cli, oxigraph: str, nquads: Path) -> None:
    load_nquads(oxigraph, dump(load_build(nquads)))
    code, out, err = run_cli(Q14, "--param", "country=country/NGX", "--endpoint", f"{oxigraph}/query")
    assert code == 0 and "(0 rows)" in out
    assert hint(err, "country", "country/NGX")[0] == "country/NGA"


# --- thbkg query: names that are no query's -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("query-O1", Q01),  # a letter O for a zero
        ("query-1", Q01),  # the start of query-10 ... query-19, and query-01 without its zero
        ("query-01-victim-count-2010", Q01),
        (CATALOGUE[Q02].summary.rstrip("?"), Q02),  # the words of its summary
    ],
)
def test_an_unknown_name_gets_did_you_mean(run_cli, name: str, meant: str) -> None:
    code, out, err = run_cli(name)
    assert code == 2 and out == "" and err.count("\n") == 1
    offered = err.partition("did you mean ")[2].partition("?")[0].split(", ")
    assert meant in offered, err


def test_a_name_like_none_gets_no_guess(run_cli) -> None:
    code, _, err = run_cli("zzzz")
    assert code == 2 and "unknown query 'zzzz'" in err and "did you mean" not in err


def test_closest_ranks_by_likeness_then_alphabetically() -> None:
    assert closest("country/NGX", ["country/NOR", "country/NGA", "country/GHA"], 2) == ["country/NGA", "country/GHA"]
    assert closest("abc", ["xyz"], 3, cutoff=0.6) == []


# --- the API -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(nquads: Path):
    with running(nquads, "--queries", str(ROOT / "queries"), "--workers", "1") as server:
        yield server


def test_api_names_the_value_that_matched_nothing_in_a_header(server: Server) -> None:
    reply = server.request("GET", f"/api/queries/{Q14}?country={quote('country/NGX', safe='')}")
    assert reply.status == 200 and json.loads(reply.body)["results"]["bindings"] == []
    name_value, _, near = reply.headers["x-unmatched-parameter"].partition("; closest=")
    assert name_value == "country=country/NGX" and near.split(" ")[0] == "country/NGA"
    reply = server.request("GET", f"/api/queries/{Q02}?year=1990", headers={"Accept": "text/csv"})
    assert reply.headers["x-unmatched-parameter"].startswith("year=1990; closest=")
    assert "2009" in reply.headers["x-unmatched-parameter"].split("closest=")[1].split(" ")


def test_api_says_nothing_when_there_are_rows(server: Server) -> None:
    reply = server.request("GET", f"/api/queries/{Q14}?country={quote('country/NGA', safe='')}")
    assert reply.status == 200 and json.loads(reply.body)["results"]["bindings"]
    assert "x-unmatched-parameter" not in reply.headers


@pytest.mark.parametrize(("name", "meant"), [("query-O1", Q01), ("query-02", Q02)])
def test_api_404_offers_the_likest_names(server: Server, name: str, meant: str) -> None:
    reply = server.request("GET", f"/api/queries/{name}")
    assert reply.status == 404 and reply.headers["content-type"].startswith("text/plain")
    assert reply.text.count("\n") == 1 and "did you mean" in reply.text and meant in reply.text
