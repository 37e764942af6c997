"""Shared fixtures: one build of the real inputs per test session, a built copy of the project to
break, and the source texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from thbkg.build.pipeline import Build, run_stages
from thbkg.cli import main
from thbkg.core.layout import Layout

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("ontology", "shapes", "data/sources", "data/reference", "data/mappings", "queries")


@pytest.fixture(scope="session")
def layout() -> Layout:
    return Layout(ROOT)


@pytest.fixture(scope="session")
def build(layout: Layout) -> Build:
    """The graphs built from the repository's own sources, mappings and shapes."""
    return run_stages(layout)


@pytest.fixture(scope="session")
def graph(build: Build) -> Graph:
    """The union of every graph of the build (facts, evidence, reference, ontology, inferred)."""
    return build.union()


@pytest.fixture(scope="session")
def source_text(layout: Layout):
    """The unchanged text of a source document, by source id."""

    def read(source_id: str) -> str:
        return (layout.sources / f"{source_id}.txt").read_text(encoding="utf-8")

    return read


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's inputs with a good build in data/build and dist, made once."""
    folder = tmp_path_factory.mktemp("built")
    for name in INPUTS:
        shutil.copytree(ROOT / name, folder / name)
    assert main(["--root", str(folder), "build"]) == 0
    return folder


@pytest.fixture
def project(built_copy: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built project, so a test can break one input; the links of data/build and
    dist are copied as links (they are relative, so they point into the copy)."""
    shutil.copytree(built_copy, tmp_path, symlinks=True, dirs_exist_ok=True)
    return tmp_path
