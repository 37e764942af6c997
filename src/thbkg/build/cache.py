"""What a build keeps for the next one, in the project's ``data/.cache`` (ignored by git): each
source's mapping result (build/map_cache.py), the last reasoning (build/incremental_reason.py) and
whether the shapes passed their check (build/validation_cache.py).
``thbkg build --full`` reuses none of it and keeps what it makes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from thbkg.build.incremental_reason import ReasonedStore
from thbkg.build.map_cache import Entry, MapCache
from thbkg.build.validation_cache import ShapesVerdicts


@dataclass(frozen=True)
class BuildCache:
    folder: Path
    reuse: bool = True
    # the mapping results read or kept, for the next build of the same process (``build --watch``)
    mapped: dict[str, Entry] = field(default_factory=dict, compare=False)

    @property
    def maps(self) -> MapCache:
        return MapCache(self.folder / "map", self.reuse, self.mapped)

    @property
    def reasoned(self) -> ReasonedStore:
        return ReasonedStore(self.folder / "reason", self.reuse)

    @property
    def shapes(self) -> ShapesVerdicts:
        return ShapesVerdicts(self.folder / "validate", self.reuse)
