"""A SPARQL constraint run once for all its focus nodes (build/engines/batched.py) gives the findings
one query per focus node gives (SHACL 5.3.1: $this pre-bound to each focus node), on the seeds with
every fault of tests/test_engines.py put in; and only a query whose reading of $this the join with
VALUES keeps is run that way."""

from __future__ import annotations

import re

import pytest

from test_engines import FAULTS
from thbkg.build.engines import engine, shacl_sparql
from thbkg.build.engines.batched import runs_batched
from thbkg.build.pipeline import Build
from thbkg.build.validate import load_shapes
from thbkg.core.layout import Layout


def test_one_query_for_all_focus_nodes_finds_what_one_per_focus_node_finds(
    build: Build, layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"".join(build.ntriples.values()).decode().splitlines()
    for remove, add, _ in FAULTS.values():
        data = [line for line in data if not (remove and re.search(remove, line))] + add
    faulty, shapes = ("\n".join(data) + "\n").encode(), load_shapes(layout.shapes)
    monkeypatch.setattr(shacl_sparql, "BATCH", 10**9)
    one_by_one = engine("fast").validate(faulty, shapes)
    monkeypatch.setattr(shacl_sparql, "BATCH", 1)
    assert engine("fast").validate(faulty, shapes) == one_by_one
    # the faults the SPARQL constraints report are among them
    assert {"thbsh:ObservationTotalShape", "thbsh:DatatypePropertyValueShape"} <= {f.shape for f in one_by_one.findings}


HEAD = "PREFIX ex: <http://example.org/>\n"


@pytest.mark.parametrize(
    ("query", "batched"),
    [
        ("SELECT $this ?v WHERE { $this ex:p ?v . FILTER (?v != $this) }", True),
        ("SELECT $this WHERE { $this ex:p ?v . FILTER NOT EXISTS { $this ex:q ?v } }", True),
        ("SELECT $this WHERE { { $this ex:p ?v } UNION { $this ex:q ?v } BIND (STR($this) AS ?s) }", True),
        ("SELECT $this (SUM(?v) AS ?s) WHERE { $this ex:p ?v } GROUP BY $this HAVING (SUM(?v) > 1)", True),
        # $this read before anything binds it: a filter of its own group, a nested group, a BIND
        ("SELECT $this WHERE { FILTER NOT EXISTS { $this ex:p ?v } }", False),
        ("SELECT $this WHERE { $this ex:p ?v . { ?v ex:q ?w FILTER (?w = $this) } }", False),
        ("SELECT $this WHERE { { $this ex:p ?v } UNION { ?v ex:q ?w } }", False),
        # one group across focus nodes, a subquery, MINUS, a limit
        ("SELECT $this (COUNT(?v) AS ?n) WHERE { $this ex:p ?v } GROUP BY ?v", False),
        ("SELECT $this WHERE { $this ex:p ?v . { SELECT ?v WHERE { ?v ex:q ?w } LIMIT 1 } }", False),
        ("SELECT $this WHERE { $this ex:p ?v MINUS { $this ex:q ?v } }", False),
        ("SELECT $this WHERE { $this ex:p ?v } LIMIT 1", False),
    ],
)
def test_only_a_query_that_reads_this_where_it_is_bound_runs_once(query: str, batched: bool) -> None:
    assert runs_batched(HEAD + query) is batched
