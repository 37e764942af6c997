"""The look-ups that describe a view's nodes (names, classes, concept schemes) give the same rows
whether they ask for the nodes in VALUES batches or read every match of the graph at once, as
they do for a view that holds most of the graph's things (the evidence view of a large build)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thbkg.core.namespaces import SKOS, key_iri
from thbkg.explore import names
from thbkg.explore.exports import graphml
from thbkg.explore.names import Names, names_of
from thbkg.explore.views import view_graph, views
from thbkg.release.export import view_select, view_store
from thbkg.sparql.results import Result


@pytest.fixture(scope="module")
def select(nquads: Path):
    return view_select(view_store(nquads))


def both_ways(monkeypatch: pytest.MonkeyPatch, make):
    """``make()`` with every look-up in batches (of 2 IRIs, so that there are several), then with
    every look-up reading the whole graph's matches."""
    monkeypatch.setattr(names, "BATCH", 2)
    monkeypatch.setattr(names, "LOOKUP_ROWS", 0)
    batched = make()
    monkeypatch.setattr(names, "LOOKUP_ROWS", 10**9)
    return batched, make()


@pytest.mark.parametrize("name", sorted(views()))
def test_a_view_is_the_same_looked_up_in_batches_or_read_whole(select, monkeypatch, name: str) -> None:
    batched, whole = both_ways(monkeypatch, lambda: graphml(view_graph(select, views()[name], {})))
    assert batched == whole


def test_names_are_the_same_looked_up_in_batches_or_read_whole(select, monkeypatch) -> None:
    """KOM's labels as data/reference/organizations.yaml gives them; a thing with no label is named
    by its prefixed IRI."""
    kom, unknown = key_iri("organization/kom"), key_iri("organization/no-such-thing")
    batched, whole = both_ways(monkeypatch, lambda: names_of(select, [kom, unknown, SKOS + "Concept"]))
    assert batched == whole
    assert whole[kom] == Names(
        "Coordinating Unit for Victims of Trafficking (KOM)", "Koordineringsenheten for ofre for menneskehandel (KOM)"
    )
    assert whole[unknown] == Names("thbr:organization/no-such-thing")


def test_an_endpoint_that_cuts_its_answers_gives_the_same_names(select, monkeypatch) -> None:
    """An endpoint with a row cap (``thbkg serve --max-rows``, here 50 rows: more than the labels of
    one thing, fewer than those of the graph) answers the one read of every label with its first
    rows only: the look-up sees fewer rows than it counted and asks in batches."""
    iris = [key_iri("organization/kom"), key_iri("organization/police-directorate"), SKOS + "Concept"]
    monkeypatch.setattr(names, "BATCH", 1)
    monkeypatch.setattr(names, "LOOKUP_ROWS", 10**9)

    def capped(text: str) -> Result:
        answer = select(text)
        return Result(answer.form, answer.variables, answer.rows[:50], answer.boolean)

    assert names_of(capped, iris) == names_of(select, iris)
