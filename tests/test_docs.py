"""Generated documentation stays in step with what it documents."""

from thbkg.ontology import load_ontology
from thbkg.ontology_doc import render


def test_the_ontology_reference_page_is_current(layout):
    page = (layout.root / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert page == render(load_ontology(layout.ontology)), "docs/ontology.md is stale: run `thbkg docs`"


def test_the_ontology_reference_lists_every_term(layout):
    page = (layout.root / "docs" / "ontology.md").read_text(encoding="utf-8")
    for term in ("thb:Ministry", "thb:LegalProvision", "thb:breakdownOf", "thb:maximumPenalty", "thb:value"):
        assert f"| `{term}` |" in page
