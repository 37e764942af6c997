"""The YAML reader's limits: a small file cannot make the build take much memory or time, or crash
it. An alias may repeat a single value (the mappings repeat quotes so) but not a list or mapping;
aliases and nesting are bounded; each refusal names the file and the line of the alias or the
collection that crossed the limit, and a refused file leaves the previous outputs untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from thbkg.build.yamlfile import MAX_ALIASES, MAX_DEPTH, load
from thbkg.cli import main
from thbkg.core.errors import InputError, QueryError
from thbkg.sparql.catalogue import header_of

# Billion laughs: nine levels of nine aliases to the level before, 9^9 (387 million) strings if
# every alias were copied; the first alias of a list is on line 2.
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{level}: &{level} [{','.join([f'*{before}'] * 9)}]\n"
    for before, level in zip("abcdefgh", "bcdefghi", strict=True)
)


def _refusal(tmp_path: Path, text: str) -> str:
    path = tmp_path / "input.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load(path)
    (problem,) = raised.value.problems
    assert problem.path == path
    return str(problem).removeprefix(f"{path}:")


def test_the_billion_laughs_are_refused_at_the_first_alias_of_a_list(tmp_path: Path) -> None:
    assert len(LAUGHS.encode()) < 420
    assert (
        _refusal(tmp_path, LAUGHS)
        == "2: refused: the alias *a repeats a list or mapping; an alias may only repeat a single value"
    )


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path) -> None:
    assert _refusal(tmp_path, "entities:\n  - &loop [*loop]\n").startswith("2: refused: the alias *loop repeats")


def test_deep_nesting_is_refused_at_the_list_beyond_the_limit(tmp_path: Path) -> None:
    assert _refusal(tmp_path, "entities: " + "[" * 5000 + "]" * 5000 + "\n") == (
        f"1: refused: lists and mappings nested more than {MAX_DEPTH} deep"
    )
    block = "".join(f"{'  ' * depth}level{depth}:\n" for depth in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "x\n"
    assert _refusal(tmp_path, block).startswith(f"{MAX_DEPTH + 1}: refused: lists and mappings nested more than")


def test_aliases_beyond_the_limit_are_refused_at_the_first_one_too_many(tmp_path: Path) -> None:
    text = "quote: &q text\nclaims:\n" + "  - *q\n" * (MAX_ALIASES + 1)
    # Line 1 is the anchor, line 2 the key, the aliases start on line 3.
    assert _refusal(tmp_path, text) == f"{MAX_ALIASES + 3}: refused: more than {MAX_ALIASES} aliases in one file"


def test_an_alias_may_repeat_a_single_value_and_nesting_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "input.yaml"
    # The file's own mapping is the first level of nesting.
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    path.write_text(f"quote: &q the text\nclaims: [*q, *q]\nnested: {nested}\n")
    loaded = load(path)
    assert loaded["claims"] == ["the text", "the text"]


def test_a_forbidden_character_is_reported_at_its_line(tmp_path: Path) -> None:
    # YAML 1.1 allows no C0 control character but tab, line feed and carriage return.
    assert _refusal(tmp_path, "a: b\nc: d\ne: f\x01\n") == "3: not valid YAML: character #x0001 is not allowed"


def test_a_saved_query_header_has_the_same_limits() -> None:
    with pytest.raises(QueryError, match=r"q\.rq: the #\+ header is not valid YAML \(header line 2\): the alias \*a"):
        header_of("#+ a: &a [1, 2]\n#+ b: *a\nSELECT * WHERE { ?s ?p ?o }\n", Path("q.rq"))


def test_an_alias_bomb_in_a_reference_file_fails_the_build_and_keeps_the_outputs(project: Path, capsys) -> None:
    before = hashlib.sha256((project / "data/build/thbkg.nq").read_bytes()).hexdigest()
    releases = sorted((project / "data/.releases").iterdir())
    bomb = project / "data/reference/laughs.yaml"
    bomb.write_text(LAUGHS, encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(project), "build"]) == 2
    err = capsys.readouterr().err
    assert f"  {bomb}:2: refused: the alias *a repeats a list or mapping" in err
    assert "Traceback" not in err
    assert hashlib.sha256((project / "data/build/thbkg.nq").read_bytes()).hexdigest() == before
    assert sorted((project / "data/.releases").iterdir()) == releases


def test_a_list_or_mapping_as_a_key_is_refused_at_its_line(tmp_path: Path) -> None:
    # YAML allows complex keys ("? [a, b]"); every key of our files is a name.
    assert _refusal(tmp_path, "label: x\n? [a, b]\n: c\n") == "2: a key must be a single value"


def test_each_item_of_a_list_keeps_its_own_line_an_alias_too(tmp_path: Path) -> None:
    path = tmp_path / "input.yaml"
    path.write_text("quotes:\n  - &q the text\n  - other\n  - *q\n", encoding="utf-8")
    loaded = load(path)
    assert loaded["quotes"] == ["the text", "other", "the text"]
    assert loaded["quotes"].lines == [2, 3, 4]
    assert loaded.key_lines == {"quotes": 1}
