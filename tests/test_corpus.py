"""The synthetic corpus of bench/corpus.py: the same arguments write the same bytes, a corpus without
faults builds clean, and each fault it injects fails the build with the error a curator needs,
naming the report it is in. Expected figures are read from the generated texts, as a curator would
read them from a document."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from thbkg.build.pipeline import run_stages
from thbkg.cli import main
from thbkg.core.errors import InputError
from thbkg.core.layout import Layout
from thbkg.core.namespaces import THB, key_iri
from thbkg.sparql.store import load_build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import corpus

INVESTIGATIONS = re.compile(
    r"In (\d{4}), (\d+) trafficking investigations were initiated\. Of these, (\d+) concerned sex trafficking"
    r" and (\d+) concerned labour trafficking\."
)


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def investigations(folder: Path, report: str) -> tuple[str, int, int, int]:
    """The year, total and parts of the investigations the report's statistics state."""
    found = INVESTIGATIONS.search((folder / "data/sources" / f"{report}.txt").read_text(encoding="utf-8"))
    assert found, report
    year, total, sex, labour = found.groups()
    return year, int(total), int(sex), int(labour)


def test_the_same_arguments_write_the_same_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert corpus.main(["--reports", "4", "--output", str(tmp_path / "a"), "--seed", "7", "--faults", "wrong-sum"]) == 0
    assert "4 reports" in capsys.readouterr().out
    corpus.write_corpus(tmp_path / "b", 4, seed=7, faults=["wrong-sum"])
    corpus.write_corpus(tmp_path / "c", 4, seed=8, faults=["wrong-sum"])
    first, again, other = files(tmp_path / "a"), files(tmp_path / "b"), files(tmp_path / "c")
    assert first == again
    assert len([name for name in first if name.startswith("data/mappings/syn-")]) == 4
    assert first != other


def test_a_corpus_without_faults_builds_clean(tmp_path: Path) -> None:
    written = corpus.write_corpus(tmp_path, 2, seed=1)
    assert main(["--root", str(tmp_path), "build", "--quiet"]) == 0
    store = load_build(tmp_path / "data" / "build" / "thbkg.nq")
    for report in written.reports:
        year, total, sex, labour = investigations(tmp_path, report)
        assert sex + labour == total
        observation = key_iri(f"observation/{report}-investigations-{year}")
        quads = store.quads_for_pattern(ox.NamedNode(observation), ox.NamedNode(f"{THB}value"), None, None)
        values = {quad.object.value for quad in quads}
        assert values == {str(total)}


def test_a_wrong_sum_and_a_missing_label_fail_validation_naming_their_report(tmp_path: Path) -> None:
    written = corpus.write_corpus(tmp_path, 2, seed=2, faults=["wrong-sum", "missing-label"])
    summed, unlabelled = written.faults["wrong-sum"], written.faults["missing-label"]
    assert summed != unlabelled
    build = run_stages(Layout(tmp_path))
    assert build.report is not None and not build.report.conforms
    by_shape = {finding.shape: finding for finding in build.report.violations}
    assert set(by_shape) == {"thbsh:ObservationTotalShape", "thbsh:skos_prefLabel"}
    year, total, sex, labour = investigations(tmp_path, summed)
    wrong = by_shape["thbsh:ObservationTotalShape"]
    assert wrong.message == f"The 2 parts of this total sum to {sex + labour}, the total says {total}."
    assert wrong.focus == key_iri(f"observation/{summed}-investigations-{year}")
    assert any(passage.startswith(f"{summed} [") for passage in wrong.passages)
    missing = by_shape["thbsh:skos_prefLabel"]
    assert missing.focus.startswith(key_iri(f"recommendation/{unlabelled}-"))


def test_an_ambiguous_quote_is_refused_at_its_mapping_file_and_line(tmp_path: Path) -> None:
    written = corpus.write_corpus(tmp_path, 1, seed=3, faults=["ambiguous-quote"])
    report = written.faults["ambiguous-quote"]
    year, total, _, _ = investigations(tmp_path, report)
    mapping = tmp_path / "data" / "mappings" / f"{report}.yaml"
    quote = f"In {year}, {total} trafficking investigations were initiated."
    lines = mapping.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text == f"- quote: {quote}")
    with pytest.raises(InputError) as refused:
        run_stages(Layout(tmp_path), check=False)
    [problem] = refused.value.problems
    assert (Path(problem.path), problem.line) == (mapping, line)
    assert "occurs 2 times in the source text" in problem.reason


def test_unknown_faults_and_a_used_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        corpus.write_corpus(tmp_path / "a", 1, faults=["wrong-total"])
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "kept.txt").write_text("kept", encoding="utf-8")
    with pytest.raises(ValueError, match="not empty"):
        corpus.write_corpus(tmp_path / "b", 1)
