"""What a build keeps for the next one, in the project's ``data/.cache`` (ignored by git): each
source's mapping result (build/map_cache.py) and the last reasoning (build/incremental_reason.py).
``thbkg build --full`` reuses none of it and keeps what it makes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from thbkg.build.incremental_reason import ReasonedStore
from thbkg.build.map_cache import MapCache


@dataclass(frozen=True)
class BuildCache:
    folder: Path
    reuse: bool = True

    @property
    def maps(self) -> MapCache:
        return MapCache(self.folder / "map", self.reuse)

    @property
    def reasoned(self) -> ReasonedStore:
        return ReasonedStore(self.folder / "reason", self.reuse)
