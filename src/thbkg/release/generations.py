"""The outputs of the project, ``data/build/`` and ``dist/``, replaced together or not at all.

Each run that writes them fills a new generation, ``data/.releases/<name>/{build,dist}``, and then
makes it current by replacing one symbolic link, ``data/.releases/current``, with ``os.replace``,
which is atomic: at every instant ``current`` names a complete generation, the old one or the new
one. ``data/build`` and ``dist`` are fixed links through ``current``, so they change together, and
whatever reads them (serve, query, publish) needs no change. The generation's files are flushed to
disk before the switch, so a power cut cannot make ``current`` name files that were never written.

Older generations, and whatever a killed run left behind, are removed by the next run, under a lock
that keeps two runs from removing each other's work. Folders of the layout before generations
(real ``data/build`` and ``dist`` folders) are taken over as a generation of their own.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from thbkg.core.layout import Layout

T = TypeVar("T")
CURRENT = "current"
ADOPTED = "adopted"
LOCK = ".lock"


def write_generation(layout: Layout, fill: Callable[[Path, Path], T]) -> T:
    """Make a new generation current: ``fill`` writes into its empty build and dist folders (given
    in that order). If ``fill`` raises, what data/build and dist show is unchanged. Returns what
    ``fill`` returns."""
    releases = layout.releases
    releases.mkdir(parents=True, exist_ok=True)
    with _locked(releases / LOCK):
        _link(layout)
        _prune(releases)
        generation = Path(tempfile.mkdtemp(prefix="gen-", dir=releases))
        try:
            (generation / "build").mkdir()
            (generation / "dist").mkdir()
            written = fill(generation / "build", generation / "dist")
            _flush(generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        _point(releases / CURRENT, generation.name)
        _flush_entry(releases)
        _prune(releases)
    return written


def copy_build(layout: Layout, folder: Path) -> None:
    """Copy the current build's files into ``folder``: a new generation that keeps the build."""
    for path in sorted(layout.build.iterdir()):
        shutil.copyfile(path, folder / path.name)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``; the system drops it when the process ends, even killed."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _prune(releases: Path) -> None:
    """Remove every entry but the lock, ``current`` and the generation it names."""
    current = releases / CURRENT
    keep = {LOCK, CURRENT, os.readlink(current) if current.is_symlink() else CURRENT}
    for entry in sorted(releases.iterdir()):
        if entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _link(layout: Layout) -> None:
    """Make ``data/build`` and ``dist`` the links through ``current``. Real folders there (the layout
    before generations) become the ``adopted`` generation, current if there is none yet; every step
    can be run again, so a run killed halfway is finished by the next."""
    releases = layout.releases
    current = releases / CURRENT
    links = {"build": layout.build, "dist": layout.dist}
    for part, path in links.items():
        if path.is_dir() and not path.is_symlink():
            home = releases / ADOPTED if not current.is_symlink() else Path(tempfile.mkdtemp(dir=releases))
            home.mkdir(exist_ok=True)
            os.replace(path, home / part)
    if not current.is_symlink() and (releases / ADOPTED).is_dir():
        _point(current, ADOPTED)
    for part, path in links.items():
        target = os.path.relpath(current / part, path.parent)
        if not path.is_symlink() or os.readlink(path) != target:
            _point(path, target, releases / f".{part}.new")


def _point(link: Path, target: str, staging: Path | None = None) -> None:
    """Make ``link`` a symbolic link to ``target`` in one atomic step: the link is made under another
    name (in the same folder as ``link`` unless ``staging`` is given), then renamed over it."""
    temporary = staging or link.with_name(f".{link.name}.new")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _flush(folder: Path) -> None:
    """Write every file and folder under ``folder`` through to the disk."""
    for path in sorted(folder.rglob("*")):
        _flush_entry(path)
    _flush_entry(folder)


def _flush_entry(path: Path) -> None:
    """fsync one file, or one folder, which makes the names in it durable."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
