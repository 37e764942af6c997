"""Broken inputs other than mapping claims (test_build.py has those): each fails `thbkg build` (and
`thbkg validate`) with exit 2 and one ``path:line: reason`` line, without a traceback, and leaves
the previous data/build and dist as they were."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from thbkg.build.engines import DEFAULT_ENGINE, engine
from thbkg.cli import main

ONTOLOGY = Path("ontology/thbkg.ttl")
SHAPES = Path("shapes/data.ttl")
MAPPING = Path("data/mappings/no-moj-2010-bsppc.yaml")
REFERENCE = Path("data/reference/added-tip2011.yaml")
QC_CHECK = Path("queries/qc/broken-violation.rq")


@pytest.fixture(scope="module")
def reasoned() -> dict[bytes, bytes]:
    """The reasoner's answers in this module, by the exact facts it was given."""
    return {}


@pytest.fixture(autouse=True)
def reason_once_per_data(reasoned: dict[bytes, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    """Most inputs broken here (shapes, a quality check) are read after the reasoner, on the same
    data each time: its answer, a function of that data alone, is worked out once for it."""
    chosen = engine(DEFAULT_ENGINE)
    infer: Callable[[bytes], bytes] = chosen.infer

    def infer_once(stated: bytes) -> bytes:
        if stated not in reasoned:
            reasoned[stated] = infer(stated)
        return reasoned[stated]

    monkeypatch.setattr(chosen, "infer", infer_once)


def _outputs(project: Path) -> dict[str, str]:
    """The sha256 of every output file and the entries of the generations folder."""
    files = sorted((project / "data/build").iterdir()) + sorted((project / "dist").iterdir())
    state = {str(path.relative_to(project)): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    state["releases"] = " ".join(sorted(p.name for p in (project / "data/.releases").iterdir()))
    return state


def _append(project: Path, name: Path, data: bytes) -> int:
    """Append ``data`` to a file after an empty line; the line number ``data`` starts on."""
    path = project / name
    text = path.read_bytes().rstrip(b"\n") + b"\n\n"
    path.write_bytes(text + data)
    return text.count(b"\n") + 1


def _fails(project: Path, capsys: pytest.CaptureFixture[str], command: str = "build") -> list[str]:
    """Run the command; check it exits 2 and changes no output; return its stderr's problem lines."""
    before = _outputs(project)
    capsys.readouterr()
    assert main(["--root", str(project), command]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert _outputs(project) == before
    return [line.strip() for line in err.splitlines() if line.startswith("  ")]


def test_a_turtle_syntax_error_in_the_ontology_is_reported_at_its_line(project: Path, capsys) -> None:
    # Turtle: a statement is subject, predicates and objects, then "."; "]" closes nothing here.
    line = _append(project, ONTOLOGY, b"thb:Broken a owl:Class ] .\n")
    (problem,) = _fails(project, capsys)
    assert problem.startswith(f"{project / ONTOLOGY}:{line}: not valid Turtle (column 24): ")


@pytest.mark.parametrize("command", ["build", "validate"])
def test_a_turtle_syntax_error_in_a_shapes_file_is_reported_at_its_line(project: Path, capsys, command) -> None:
    line = _append(project, SHAPES, b"thbsh:Broken a sh:NodeShape ;\n    sh:targetClass ] .\n")
    (problem,) = _fails(project, capsys, command)
    assert problem.startswith(f"{project / SHAPES}:{line + 1}: not valid Turtle (column 20): ")


def test_a_missing_ontology_is_reported_by_its_path(project: Path, capsys) -> None:
    (project / ONTOLOGY).unlink()
    assert _fails(project, capsys) == [f"{project / ONTOLOGY}: cannot read the file: No such file or directory"]


# A line whose first non-ASCII character is well formed (é, two bytes) and whose second is Latin-1
# (0xe9 followed by a space, not a UTF-8 sequence): the column counts characters, not bytes.
LATIN1_LINE = "# é caf".encode() + b"\xe9 au lait\n"
LATIN1_COLUMN = 8


@pytest.mark.parametrize(
    ("name", "command"), [(SHAPES, "build"), (SHAPES, "validate"), (MAPPING, "build"), (ONTOLOGY, "build")]
)
def test_a_byte_that_is_not_utf8_is_reported_at_its_line_and_column(project: Path, capsys, name, command) -> None:
    line = _append(project, name, LATIN1_LINE)
    problems = _fails(project, capsys, command)
    assert problems == [f"{project / name}:{line}: not UTF-8 text: byte 0xe9 at column {LATIN1_COLUMN}"]


@pytest.mark.parametrize(
    ("dimensions", "named"),
    [("[thb:organisation]", "'thb:organisation'"), ("[thb:value]", "'thb:value'"), ("organization", "'organization'")],
)
def test_a_required_dimension_that_is_no_dimension_is_reported_at_its_line(
    project: Path, capsys, dimensions: str, named: str
) -> None:
    # A misspelt dimension, the measure (qb:MeasureProperty, not qb:DimensionProperty), a bare word.
    entry = (
        "  - key: indicator/example\n    type: skos:Concept\n    scheme: scheme/indicator\n    top: true\n"
        f"    label: Example\n    dimensions: {dimensions}\n"
    )
    line = _append(project, REFERENCE, entry.encode())
    problems = _fails(project, capsys)
    reason = f"{named} in dimensions is not a dimension of the statistics (qb:DimensionProperty)"
    assert problems == [f"{project / REFERENCE}:{line + 5}: {reason}"]


def _count_is_text(project: Path) -> int:
    """Make a shape's sh:minCount a string, which SHACL's meta-shapes refuse (SHACL 4.2.1: the
    value of sh:minCount is an xsd:integer); the line the shape starts on."""
    path = project / SHAPES
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("thbsh:LegalProvision-is_part_of a sh:PropertyShape ;\n")
    count = lines.index("    sh:minCount 1 ;\n", start)
    lines[count] = '    sh:minCount "one" ;\n'
    path.write_text("".join(lines), encoding="utf-8")
    return start + 1


@pytest.mark.parametrize("command", ["build", "validate"])
def test_invalid_shacl_is_reported_once_at_the_shape(project: Path, capsys, command) -> None:
    line = _count_is_text(project)
    (problem,) = _fails(project, capsys, command)
    shape = f"{project / SHAPES}:{line}: thbsh:LegalProvision-is_part_of is not valid SHACL: "
    assert problem.startswith(shape + 'sh:minCount "one": ')
    assert "xsd:integer" in problem


def _empty_shapes(project: Path) -> None:
    """No shapes: the build reaches the quality checks without the time SHACL takes."""
    for shapes in (project / "shapes").glob("*.ttl"):
        shapes.unlink()


def test_a_quality_check_that_is_not_sparql_is_reported_at_its_file_and_line(project: Path, capsys) -> None:
    path = project / QC_CHECK
    # SPARQL 1.1 (section 4.1.1.1): a prefixed name needs its prefix declared; undeclared: is not.
    text = "#+ summary: A check with a syntax error\nSELECT ?s\nWHERE { ?s undeclared:p ?o }\nORDER BY ?s\n"
    path.write_text(text, encoding="utf-8")
    _empty_shapes(project)
    (problem,) = _fails(project, capsys)
    assert problem.startswith(f"{path}:3: SPARQL syntax error")


def test_a_sparql_constraint_that_is_not_sparql_is_reported_at_its_shape(project: Path, capsys) -> None:
    # SPARQL 1.1 grammar: a SELECT's WHERE group must be closed; this one never is.
    query = b'"""SELECT $this WHERE { $this ?p ?o """'
    shape = b"thbsh:Broken-select a sh:SPARQLConstraint ;\n    sh:select " + query + b" .\n"
    line = _append(project, Path("shapes/arithmetic.ttl"), shape)
    (problem,) = _fails(project, capsys)
    where = f"{project / 'shapes/arithmetic.ttl'}:{line}: thbsh:Broken-select: its sh:select query is not SPARQL"
    assert problem.startswith(where)


MANIFEST = Path("data/sources/no-moj-2010-bsppc.yaml")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("", "missing field 'area_covered'"),
        ("area_covered: country/XXX\n", "'country/XXX': XXX is not an ISO 3166-1 alpha-3 code"),
        ("area_covered: [country/NOR, Norway]\n", "'Norway' is not a key of a thing (kind/slug)"),
    ],
)
def test_a_missing_or_bad_area_covered_is_reported_in_the_catalogue_record(project: Path, capsys, line, reason) -> None:
    path = project / MANIFEST
    text = path.read_text(encoding="utf-8")
    assert text.count("area_covered: country/NOR\n") == 1
    path.write_text(text.replace("area_covered: country/NOR\n", line), encoding="utf-8")
    problems = _fails(project, capsys)
    assert any(p.startswith(f"{path}:") and p.endswith(reason) for p in problems), problems


REFERENCE = Path("data/reference/added-moj2010.yaml")


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (
            b"  - {key: topic/broken, type: skos:Concept, scheme: scheme/topic, top: yes, label: Broken}\n",
            "top must be true or false, not 'yes'",
        ),
        (
            b"  - {key: topic/broken, type: skos:Concept, top: true, label: Broken}\n",
            "a top concept needs the scheme it heads (scheme:)",
        ),
    ],
    ids=["top not true or false", "top without scheme"],
)
def test_a_bad_top_field_is_reported_at_its_line(project: Path, capsys, entry: bytes, reason: str) -> None:
    line = _append(project, REFERENCE, entry)
    assert _fails(project, capsys) == [f"{project / REFERENCE}:{line}: {reason}"]


# ISO 8601 and the Gregorian calendar: months run 01 to 12, February has 28 days in 2010 (no leap
# year), and a period cannot end before it starts.
BAD_PERIODS = [
    ("period/2010-13", "'period/2010-13' is not a period: month 13 is not a month (01 to 12)"),
    ("period/2010-02-30", "'period/2010-02-30' is not a period: February 2010 has 28 days, so there is no day 30"),
    ("period/2010--2003", "'period/2010--2003' is not a period: its end (2003) is before its start (2010)"),
]


@pytest.mark.parametrize(("key", "reason"), BAD_PERIODS, ids=[key for key, _ in BAD_PERIODS])
def test_a_bad_period_key_is_reported_at_its_line_with_what_is_wrong(project: Path, capsys, key, reason) -> None:
    claim = (
        '  - quote: "Norway does not have a National Rapporteur on trafficking in human beings."\n'
        "    about: gap/moj2010-no-national-rapporteur\n"
        "    states:\n"
        f"      thb:period: {key}\n"
    )
    line = _append(project, MAPPING, claim.encode())
    (problem,) = _fails(project, capsys)
    assert problem == f"{project / MAPPING}:{line + 3}: thb:period: {reason}"


def test_a_city_whose_notation_is_not_its_unlocode_is_reported_at_its_line(project: Path, capsys) -> None:
    # UN/LOCODE writes Bergen NO BGO: the country's ISO 3166-1 alpha-2 code, a space, the place.
    places = Path("data/reference/places.yaml")
    line = _append(
        project, places, b"  - key: place/NO-TRD\n    type: thb:City\n    label: Trondheim\n    notation: NOTRD\n"
    )
    (problem,) = _fails(project, capsys)
    assert problem == f"{project / places}:{line + 3}: a city's notation is its UN/LOCODE, 'NO TRD', not 'NOTRD'"
