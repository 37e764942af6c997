"""Shared fixtures: one build of the real inputs per test session, and the source texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from thbkg.build import Build, run_stages
from thbkg.layout import Layout

ROOT = Path(__file__).resolve().parents[1]


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
