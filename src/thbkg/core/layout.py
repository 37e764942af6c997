"""Where the project's inputs and outputs live, relative to its root folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, init=False)
class Layout:
    root: Path

    def __init__(self, root: str | os.PathLike[str]) -> None:
        object.__setattr__(self, "root", Path(root))

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "thbkg.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def sources(self) -> Path:
        return self.root / "data" / "sources"

    @property
    def mappings(self) -> Path:
        return self.root / "data" / "mappings"

    @property
    def reference(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def curation(self) -> Path:
        """The curators' links: what no single source document states (build/curation.py)."""
        return self.root / "data" / "curation"

    @property
    def build(self) -> Path:
        """A link to the current generation's build (see release/generations.py)."""
        return self.root / "data" / "build"

    @property
    def releases(self) -> Path:
        """The generations of outputs, each a build/ and a dist/, and the link to the current one."""
        return self.root / "data" / ".releases"

    @property
    def cache(self) -> Path:
        """What a build keeps for the next one (build/map_cache.py); git ignores it."""
        return self.root / "data" / ".cache"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def citation(self) -> Path:
        """How to cite the project (Citation File Format): the downloads cite it as it says."""
        return self.root / "CITATION.cff"

    @property
    def qc_queries(self) -> Path:
        return self.queries / "qc"

    @property
    def dist(self) -> Path:
        """A link to the current generation's downloads (see release/generations.py)."""
        return self.root / "dist"


def find_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working folder) holding ``ontology/thbkg.ttl``."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology" / "thbkg.ttl").is_file():
            return folder
    return here


def project_layout(root: str | os.PathLike[str] | None) -> Layout:
    """The layout of the folder a command was given with ``--root``, else of the nearest project."""
    return Layout(Path(root).resolve() if root else find_root())


def shown(path: str | os.PathLike[str]) -> Path:
    """``path`` as a command prints it: relative to the working folder when it lies inside it."""
    given = Path(path)
    return given.relative_to(Path.cwd()) if given.is_relative_to(Path.cwd()) else given
