"""What a build keeps for the next one (data/.cache): a rebuild reuses each unchanged source's mapping
and reasons again only about what a change touches, and gives exactly what a build from nothing
gives; a kept result is not trusted past a change that breaks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.namespace import OWL, RDF

from thbkg.build import assemble as assembling
from thbkg.build.assemble import INFERRED_GRAPH, source_graph
from thbkg.build.cache import BuildCache
from thbkg.build.map_cache import Entry, MapCache
from thbkg.build.mapping import MappingFile
from thbkg.build.per_triple import one_triple_rules
from thbkg.build.pipeline import Build, run_stages
from thbkg.core.errors import InputError, Problem
from thbkg.core.layout import Layout

MOJ, TIP = "no-moj-2010-bsppc", "us-dos-tip-2011-nor"
# The 2010 description: "... were of other nationalities: 42" is stated as the figure 42 of this
# observation, of which sdmx-measure:obsValue is inferred (thb:value is its sub-property).
OTHER_NATIONALITIES = "https://w3id.org/thbkg/id/observation/moj2010-other-victim-nationalities-2009"
OBS_VALUE = "http://purl.org/linked-data/sdmx/2009/measure#obsValue"
VALUE = "https://w3id.org/thbkg/ontology#value"
DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def _stages(project: Path, reuse: bool = True) -> Build:
    layout = Layout(project)
    return run_stages(layout, check=False, cache=BuildCache(layout.cache, reuse=reuse))


def _edit(project: Path, source_id: str, old: str, new: str) -> None:
    path = project / "data" / "mappings" / f"{source_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _mapped_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The mapping files the build parses from here on, by source id."""
    parsed: list[str] = []
    read = assembling.read_mapping

    def spy(path: Path) -> tuple[MappingFile | None, list[Problem]]:
        parsed.append(path.stem)
        return read(path)

    monkeypatch.setattr(assembling, "read_mapping", spy)
    return parsed


def test_a_rebuild_reuses_every_unchanged_source_and_writes_what_a_build_from_nothing_writes(
    project: Path, build: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stages(project)
    parsed = _mapped_files(monkeypatch)
    again = _stages(project)
    assert parsed == []
    assert again.quads == build.quads


def test_a_changed_mapping_alone_is_mapped_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _stages(project)
    _edit(project, MOJ, '      thb:value: "42"\n', "")
    parsed = _mapped_files(monkeypatch)
    again = _stages(project)
    assert parsed == [MOJ]
    assert again.ntriples[source_graph(TIP)] == first.ntriples[source_graph(TIP)]
    stated_42 = f'<{OTHER_NATIONALITIES}> <{VALUE}> "42"^^<{DECIMAL}> .'.encode()
    assert stated_42 in first.ntriples[source_graph(MOJ)].splitlines()
    assert stated_42 not in again.ntriples[source_graph(MOJ)].splitlines()


def test_reasoning_after_a_change_gives_what_reasoning_over_everything_gives(project: Path) -> None:
    first = _stages(project)
    inferred_42 = f'<{OTHER_NATIONALITIES}> <{OBS_VALUE}> "42"^^<{DECIMAL}> .'
    assert inferred_42.encode() in first.ntriples[INFERRED_GRAPH].splitlines()
    _edit(project, MOJ, '      thb:value: "42"\n', "")
    stepwise = _stages(project)
    whole = _stages(project, reuse=False)
    assert inferred_42.encode() not in stepwise.ntriples[INFERRED_GRAPH].splitlines()
    assert stepwise.ntriples[INFERRED_GRAPH] == whole.ntriples[INFERRED_GRAPH]
    assert stepwise.quads == whole.quads


def test_a_kept_result_whose_key_is_no_longer_declared_is_reported_as_without_the_cache(project: Path) -> None:
    _stages(project)
    reference = project / "data" / "reference" / "organizations.yaml"
    text = reference.read_text(encoding="utf-8")
    entity = text.index("- key: organization/bsppc-working-group")
    following = text.index("\n  - key:", entity)
    reference.write_text(text[:entity] + text[following + 3 :], encoding="utf-8")
    with pytest.raises(InputError) as kept:
        _stages(project)
    with pytest.raises(InputError) as fresh:
        _stages(project, reuse=False)
    assert kept.value.problems == fresh.value.problems
    assert any(
        "organization/bsppc-working-group" in p.reason and p.path.name == f"{MOJ}.yaml" for p in kept.value.problems
    )


def test_a_damaged_entry_is_not_read(project: Path, build: Build) -> None:
    _stages(project)
    for entry in (project / "data" / ".cache" / "map").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert _stages(project).quads == build.quads


def test_reasoning_is_whole_when_a_rule_joins_triples_about_different_things() -> None:
    thb, rdfs, owl = "https://w3id.org/thbkg/ontology#", "http://www.w3.org/2000/01/rdf-schema#", str(OWL)
    plain = f"<{thb}p> <{rdfs}domain> <{thb}C> .\n".encode()
    transitive = f"<{thb}p> <{RDF.type}> <{owl}TransitiveProperty> .\n".encode()
    axiom_in_data = f"<https://w3id.org/thbkg/id/a> <{rdfs}subClassOf> <https://w3id.org/thbkg/id/b> .\n".encode()
    assert one_triple_rules(plain, b"")
    assert not one_triple_rules(plain + transitive, b"")
    assert not one_triple_rules(plain, axiom_in_data)


def test_a_process_that_builds_again_reads_each_kept_result_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout = Layout(project)
    cache = BuildCache(layout.cache)  # one for every build, as `thbkg build --watch` keeps it
    first = run_stages(layout, check=False, cache=cache)
    read: list[str] = []
    reader = MapCache._read

    def spy(self: MapCache, digest: str, mapping_path: Path) -> Entry | None:
        read.append(mapping_path.stem)
        return reader(self, digest, mapping_path)

    monkeypatch.setattr(MapCache, "_read", spy)
    parsed = _mapped_files(monkeypatch)
    again = run_stages(layout, check=False, cache=cache)
    assert read == parsed == [] and again.ntriples == first.ntriples
    _edit(project, MOJ, '      thb:value: "42"\n', "")
    run_stages(layout, check=False, cache=cache)
    assert parsed == read == [MOJ]  # the changed mapping is looked for and mapped, the other held
    run_stages(layout, check=False, cache=BuildCache(layout.cache))  # a new process reads them
    assert sorted(read) == [MOJ, MOJ, TIP]
