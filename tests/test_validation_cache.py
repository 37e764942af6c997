"""What validation keeps for the next build (build/validation_cache.py): the shapes' check against
SHACL's meta-shapes runs again only when the shapes files change, a faulty shape is reported at its
file and line on every build, and ``--full`` or a damaged entry makes the check run again; the last
report is read back only for the same data, shapes and engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from thbkg.build import pipeline
from thbkg.build.cache import BuildCache
from thbkg.build.engines import engine
from thbkg.build.kept_checks import KeptChecks
from thbkg.build.pipeline import Build, run_stages
from thbkg.build.shapes_check import meta_shapes
from thbkg.core.errors import InputError
from thbkg.core.layout import Layout

SHAPES = Path("shapes/data.ttl")


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The shapes folders checked against the meta-shapes from here on."""
    checked: list[Path] = []
    check = pipeline.check_shapes

    def spy(shapes, directory: Path) -> None:  # type: ignore[no-untyped-def]
        checked.append(directory)
        check(shapes, directory)

    monkeypatch.setattr(pipeline, "check_shapes", spy)
    return checked


def _build(project: Path, reuse: bool = True) -> Build:
    layout = Layout(project)
    return run_stages(layout, cache=BuildCache(layout.cache, reuse=reuse))


def _validations(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The data the fast engine validates from here on."""
    validated: list[bytes] = []
    chosen = engine("fast")
    validate = chosen.validate

    def spy(data, shapes):  # type: ignore[no-untyped-def]
        if shapes is not meta_shapes():  # the shapes' own check is not a validation of the data
            validated.append(data)
        return validate(data, shapes)

    monkeypatch.setattr(chosen, "validate", spy)
    return validated


def _revalidations(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The changed lines the fast engine is given to validate again from here on."""
    given: list[bytes] = []
    chosen = engine("fast")
    revalidate = chosen.revalidate

    def spy(data, shapes, last, changed):  # type: ignore[no-untyped-def]
        given.append(changed)
        return revalidate(data, shapes, last, changed)

    monkeypatch.setattr(chosen, "revalidate", spy)
    return given


def test_unchanged_shapes_are_checked_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = _checks(monkeypatch)
    _build(project)
    _build(project)
    assert checked == [project / "shapes"]
    _build(project, reuse=False)
    assert len(checked) == 2


def test_a_changed_shapes_file_is_checked_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = _checks(monkeypatch)
    _build(project)
    path = project / SHAPES
    path.write_bytes(path.read_bytes() + b"\n# a comment changes the bytes, so the check runs again\n")
    _build(project)
    assert len(checked) == 2


def test_a_damaged_entry_is_ignored(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = _checks(monkeypatch)
    _build(project)
    (entry,) = (project / "data/.cache/validate").glob("shapes-*.json")
    entry.write_text('{"format": 1, "key": "', encoding="utf-8")
    _build(project)
    assert len(checked) == 2


def test_a_faulty_shape_is_reported_on_every_build(project: Path) -> None:
    _build(project)
    path = project / SHAPES
    text = path.read_text(encoding="utf-8")
    # SHACL 4.2.1: the value of sh:minCount is an xsd:integer, so the meta-shapes refuse "one".
    start = text.index("thbsh:LegalProvision-is_part_of a sh:PropertyShape ;\n")
    count = text.index("    sh:minCount 1 ;\n", start)
    path.write_text(text[:count] + '    sh:minCount "one" ;\n' + text[count + 19 :], encoding="utf-8")
    line = text[:start].count("\n") + 1
    for _ in range(2):
        with pytest.raises(InputError) as raised:
            _build(project)
        (problem,) = raised.value.problems
        assert (problem.path, problem.line) == (path, line)
        assert "is not valid SHACL" in problem.reason


def test_the_report_is_read_back_for_the_same_data_only(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    given = _revalidations(monkeypatch)
    validated = _validations(monkeypatch)
    first = _build(project)
    again = _build(project)
    assert len(validated) == 1 and not given and again.report == first.report
    # the 2010 description states the figure 42 for other nationalities; without it the data differ
    path = project / "data/mappings/no-moj-2010-bsppc.yaml"
    text = path.read_text(encoding="utf-8")
    assert '      thb:value: "42"\n' in text
    path.write_text(text.replace('      thb:value: "42"\n', "", 1), encoding="utf-8")
    changed = _build(project)
    assert len(validated) == 1 and len(given) == 1  # validated again from what changed
    _build(project, reuse=False)
    assert len(validated) == 2
    assert changed.report is not None and changed.report != first.report


def test_a_change_is_validated_again_from_the_triples_it_changed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = _revalidations(monkeypatch)
    validated = _validations(monkeypatch)
    first = _build(project)
    # the 2010 description: "the remaining were of 42 other nationalities"; the figure is dropped
    path = project / "data/mappings/no-moj-2010-bsppc.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('      thb:value: "42"\n', "", 1), encoding="utf-8")
    assert len(validated) == 1 and not given
    changed = _build(project)
    assert len(given) == 1  # validated again from the change
    whole = len(validated)
    lines = given[0].decode("utf-8").splitlines()
    figure = "<https://w3id.org/thbkg/id/observation/moj2010-other-victim-nationalities-2009>"
    value = "<https://w3id.org/thbkg/ontology#value>"
    assert f'{figure} {value} "42"^^<http://www.w3.org/2001/XMLSchema#decimal> .' in lines  # thb:value: xsd:decimal
    # the 2011 report's graphs did not change: none of its claims is given
    assert not any("/id/claim/us-dos-tip-2011-nor/" in line for line in lines)
    assert changed.report is not None and first.report is not None
    # the same graphs again: the report is read back, neither validated nor revalidated
    _build(project)
    assert len(validated) == whole and len(given) == 1
    # --full validates whole
    _build(project, reuse=False)
    assert len(validated) == whole + 1 and len(given) == 1


def test_a_watch_and_a_build_take_up_each_others_report(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validated = _validations(monkeypatch)
    on_kept: list[object] = []
    chosen = engine("fast")
    whole = chosen.validate_dataset

    def spy(dataset, shapes, data):  # type: ignore[no-untyped-def]
        on_kept.append(dataset)
        return whole(dataset, shapes, data)

    monkeypatch.setattr(chosen, "validate_dataset", spy)
    first = _build(project)
    assert len(validated) == 1
    on_kept.clear()
    layout = Layout(project)
    cache = BuildCache(layout.cache)  # as `thbkg build --watch` keeps it
    watched = run_stages(layout, check=False, cache=cache)
    kept = KeptChecks(watched.ntriples)
    pipeline.check_build(watched, layout, cache=cache, kept=kept)
    assert watched.report == first.report and not on_kept  # the build's report, taken up
    # the 2010 description's figure 42 dropped while watching: the next build reads the watch's report
    path = project / "data/mappings/no-moj-2010-bsppc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('      thb:value: "42"\n', "", 1), encoding="utf-8")
    changed = run_stages(layout, check=False, cache=cache)
    kept.update(changed.ntriples)
    pipeline.check_build(changed, layout, cache=cache, kept=kept)
    assert changed.report is not None and not changed.report.conforms
    again = _build(project)
    assert again.report == changed.report and len(validated) == 1
