"""`thbkg new-source`: the files of a new source, from its text; what it refuses, in one line.

The scaffolded record and mapping must build as an empty source once the record is filled in, and
the build must name every field left to fill in. The examples in the scaffolded mapping are the
fictional third source's own entities and claims (tests/fixtures/third-source/), which
tests/test_third_source.py builds, so they stay valid.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from thbkg.build.sources import MANIFEST_FIELDS, MANIFEST_OPTIONAL, PLACEHOLDER
from thbkg.cli import main
from third_source import MAPPING, SOURCE_ID, TEXT, not_in_fixture

# Values a curator would give the fields the scaffold leaves to fill in: keys the data declares.
FILLED = {
    "title": '"A new report"',
    "publisher": "organization/us-department-of-state",
    "issued": '"2012-06"',
    "language": "en",
    "period_covered": "period/2011",
    "area_covered": "country/DNK",
    "licence_status": '"A fictional document; no licence stated."',
    "address_note": '"The copy in tests/fixtures/third-source/."',
}


def new_source(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(project), "new-source", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def files(project: Path) -> dict[str, bytes]:
    """Every file of data/sources and data/mappings, by its path in the project."""
    return {
        str(path.relative_to(project)): path.read_bytes()
        for folder in ("data/sources", "data/mappings")
        for path in sorted((project / folder).iterdir())
    }


def test_the_three_files_of_a_new_source(project: Path, capsys) -> None:
    code, out, err = new_source(project, capsys, str(TEXT))
    assert code == 0 and err == ""
    text = project / "data" / "sources" / f"{SOURCE_ID}.txt"
    manifest = yaml.safe_load((project / "data" / "sources" / f"{SOURCE_ID}.yaml").read_text(encoding="utf-8"))
    mapping = yaml.safe_load((project / "data" / "mappings" / f"{SOURCE_ID}.yaml").read_text(encoding="utf-8"))
    assert text.read_bytes() == TEXT.read_bytes()
    assert manifest["id"] == SOURCE_ID and manifest["file"] == text.name
    assert manifest["sha256"] == hashlib.sha256(TEXT.read_bytes()).hexdigest()
    assert MANIFEST_FIELDS <= manifest.keys() <= MANIFEST_FIELDS | MANIFEST_OPTIONAL
    assert mapping == {"source": SOURCE_ID, "entities": [], "claims": []}
    assert f"{SOURCE_ID}.yaml" in out and "fill in" in out


def test_the_build_names_each_field_left_to_fill_in_then_builds_the_empty_source(project: Path, capsys) -> None:
    assert new_source(project, capsys, str(TEXT))[0] == 0
    record = project / "data" / "sources" / f"{SOURCE_ID}.yaml"
    lines = record.read_text(encoding="utf-8").splitlines()
    unfilled = {
        n: line.split(":", 1)[0]
        for n, line in enumerate(lines, start=1)
        if not line.startswith("#") and f'"{PLACEHOLDER}' in line
    }
    assert set(unfilled.values()) == set(FILLED)
    assert main(["--root", str(project), "build"]) == 2
    problems = [line.strip() for line in capsys.readouterr().err.splitlines() if line.startswith("  ")]
    assert len(problems) == len(unfilled)
    for problem, (n, name) in zip(problems, unfilled.items(), strict=True):
        assert problem.startswith(f"{record}:{n}: {name} is still to be filled in: {PLACEHOLDER}"), problem
    for n, name in unfilled.items():
        lines[n - 1] = f"{name}: {FILLED[name]}"
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--root", str(project), "build"]) == 0
    summary = capsys.readouterr().out
    assert re.search(rf"\b0 claims\s+0 triples\s+{SOURCE_ID}$", summary, re.M), summary


def test_a_text_already_in_data_sources_is_left_as_it_is(project: Path, capsys) -> None:
    in_place = project / "data" / "sources" / f"{SOURCE_ID}.txt"
    shutil.copy(TEXT, in_place)
    code, out, _ = new_source(project, capsys, str(in_place))
    assert code == 0 and "already" in out and in_place.read_bytes() == TEXT.read_bytes()
    assert (project / "data" / "mappings" / f"{SOURCE_ID}.yaml").is_file()


def test_an_id_can_be_given(project: Path, capsys) -> None:
    assert new_source(project, capsys, str(TEXT), "--id", "dk-report-2012")[0] == 0
    manifest = yaml.safe_load((project / "data" / "sources" / "dk-report-2012.yaml").read_text(encoding="utf-8"))
    assert manifest["id"] == "dk-report-2012" and manifest["file"] == "dk-report-2012.txt"


def _bad_text(folder: Path, data: bytes, name: str = "report.txt") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("manifest exists", "data/sources/no-moj-2010-bsppc.yaml: already exists"),
        ("mapping exists", f"data/mappings/{SOURCE_ID}.yaml: already exists"),
        ("other text exists", f"data/sources/{SOURCE_ID}.txt: already exists with other content"),
        ("bad id", "--id 'Denmark_2012' is not a source id"),
        ("file name is no id", "report 2012.txt: the name 'report 2012' is not a source id; give one with --id"),
        ("not utf-8", "report.txt:2: not UTF-8 text: byte 0xf8 at column 6"),
        ("empty", "report.txt: the file is empty"),
        ("missing", "missing.txt: cannot read the file"),
    ],
)
def test_refusals_are_one_line_naming_the_file_and_write_nothing(
    project: Path, tmp_path_factory: pytest.TempPathFactory, capsys, case: str, message: str
) -> None:
    elsewhere = tmp_path_factory.mktemp("texts")
    args = [str(TEXT)]
    if case == "manifest exists":
        args = [str(project / "data" / "sources" / "no-moj-2010-bsppc.txt")]
    elif case == "mapping exists":
        (project / "data" / "mappings" / f"{SOURCE_ID}.yaml").write_text("source: x\n", encoding="utf-8")
    elif case == "other text exists":
        (project / "data" / "sources" / f"{SOURCE_ID}.txt").write_text("another text\n", encoding="utf-8")
    elif case == "bad id":
        args = [str(TEXT), "--id", "Denmark_2012"]
    elif case == "file name is no id":
        args = [str(_bad_text(elsewhere, TEXT.read_bytes(), "report 2012.txt"))]
    elif case == "not utf-8":
        args = [str(_bad_text(elsewhere, "A report\nfor K\xf8benhavn\n".encode("latin-1")))]  # ø is 0xf8 in Latin-1
    elif case == "empty":
        args = [str(_bad_text(elsewhere, b" \n"))]
    elif case == "missing":
        args = [str(elsewhere / "missing.txt")]
    before = files(project)
    code, out, err = new_source(project, capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("thbkg new-source: ") and message in err, err
    assert files(project) == before


def test_the_mapping_examples_are_the_fictional_sources_own(project: Path, capsys) -> None:
    """Each commented example of the scaffolded mapping, uncommented, is YAML whose entities and claims
    are the fixture mapping's, which the third-source test builds."""
    assert new_source(project, capsys, str(TEXT))[0] == 0
    text = (project / "data" / "mappings" / f"{SOURCE_ID}.yaml").read_text(encoding="utf-8")
    examples = text.split("\n# --- ")[1:]
    assert len(examples) == 6  # a claim, a statistic, an organisation, a law, a country role, a recommendation
    for example in examples:
        title, *lines = example.splitlines()
        parsed = yaml.safe_load("\n".join(line[2:] for line in lines if line.startswith("# ")))
        assert parsed and not_in_fixture(parsed) == [], title
    assert MAPPING.is_file()
