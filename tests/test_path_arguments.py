"""The functions a user calls from Python with a path take it as a ``str`` as well as a ``Path``:
``load_build("data/build/thbkg.nq")`` loads the build instead of failing on ``str.is_file``."""

from __future__ import annotations

import os
from pathlib import Path

from thbkg.build.pipeline import Build, write_outputs
from thbkg.build.scaffold import new_source
from thbkg.core.layout import Layout, find_root, shown
from thbkg.core.namespaces import THB, key_iri
from thbkg.release.export import build_file, export, merged_shapes
from thbkg.sparql.store import load_build, load_dataset
from third_source import SOURCE_ID, TEXT

ROOT = Path(__file__).resolve().parents[1]

# "The plan contains 37 measures." (no-moj-2010-bsppc), said of the action plan of 2006.
MEASURES = f"""ASK {{ GRAPH ?g {{ <{key_iri("action-plan/no-nap-2006")}> <{THB}numberOfMeasures> ?n }}
FILTER(?n = 37) }}"""


def test_load_build_and_load_dataset_take_a_str(built_copy: Path) -> None:
    nq = str(built_copy / "data" / "build" / "thbkg.nq")
    store = load_build(nq)
    assert store.query(MEASURES)
    assert set(store) == set(load_build(Path(nq)))
    trig = load_dataset(str(built_copy / "dist" / "thbkg.trig"))
    assert set(trig) == set(store)


def test_the_layout_and_the_project_root_take_a_str() -> None:
    assert Layout(str(ROOT)) == Layout(ROOT)
    assert Layout(str(ROOT)).ontology.is_file()
    assert find_root(str(ROOT / "data" / "sources")) == ROOT
    assert shown(os.fspath(ROOT)) == shown(ROOT)


def test_export_and_the_build_files_take_a_str(built_copy: Path, build: Build, tmp_path: Path) -> None:
    build_dir, shapes = built_copy / "data" / "build", built_copy / "shapes"
    assert build_file(str(build_dir)) == build_dir / "thbkg.nq"
    assert merged_shapes(str(shapes)) == merged_shapes(shapes)
    written = export(str(build_dir), Layout(str(built_copy)), str(tmp_path / "dist"))
    assert {path.name: path.read_bytes() for path in written} == {
        path.name: path.read_bytes() for path in (built_copy / "dist").iterdir()
    }
    write_outputs(build, str(tmp_path / "build"))
    assert (tmp_path / "build" / "thbkg.nq").read_bytes() == (build_dir / "thbkg.nq").read_bytes()


def test_new_source_takes_a_str(project: Path) -> None:
    files = new_source(Layout(str(project)), str(TEXT))
    assert files.text == project / "data" / "sources" / f"{SOURCE_ID}.txt"
    assert files.text.read_bytes() == TEXT.read_bytes()
    assert files.manifest.is_file() and files.mapping.is_file()
