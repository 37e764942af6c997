"""Generated documentation stays in step with what it documents."""

import pytest

from thbkg.core.errors import InputError
from thbkg.release.ontology_docs import ontology_markdown, read_ontology
from thbkg.release.query_docs import introduction, page_path, queries_markdown
from thbkg.sparql.catalogue import load_catalogue
from thbkg.sparql.store import load_quads


def test_the_ontology_reference_page_is_current(layout):
    page = (layout.root / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert page == ontology_markdown(read_ontology(layout.ontology)), "docs/ontology.md is stale: run `thbkg docs`"


def test_an_ontology_that_is_not_turtle_is_reported_with_its_line(tmp_path):
    broken = tmp_path / "thbkg.ttl"
    broken.write_text("@prefix thb: <https://w3id.org/thbkg/ontology#> .\nthb:A a nope:B .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_ontology(broken)
    assert str(caught.value).startswith(f"{broken}:2: not valid Turtle")


def test_the_ontology_reference_lists_every_term(layout):
    page = (layout.root / "docs" / "ontology.md").read_text(encoding="utf-8")
    for term in ("thb:Ministry", "thb:LegalProvision", "thb:breakdownOf", "thb:maximumPenalty", "thb:value"):
        assert f"| `{term}` |" in page


def test_the_saved_queries_page_is_current(layout, build):
    """docs/queries.md shows each query's result on the data: regenerated from this session's build."""
    page = page_path(layout)
    fresh = queries_markdown(introduction(page), load_catalogue(layout.queries), load_quads(build.quads))
    assert page.read_text(encoding="utf-8") == fresh, "docs/queries.md is stale: run `make docs`"
