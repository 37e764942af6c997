"""The files of ``dist/`` (written by ``thbkg export``) as the server offers them for download.

A file is found only by a plain name that is listed in the folder, never by joining a path, so no
request can reach outside it. The ETag is the sha256 of the bytes (strong: equal bytes, equal tag).
Last-Modified is the dataset's ``dcterms:modified`` from ``description.ttl``: the export is
deterministic, so a file's mtime only says when it was last rewritten, not when its content changed.
Without a description the mtime is used.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path

import pyoxigraph as ox

from thbkg.core.namespaces import DCAT, DCTERMS, RDF_TYPE

DESCRIPTION = "description.ttl"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".trig": "application/trig",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".gz": "application/gzip",
    ".md": "text/markdown",
    ".graphml": "application/graphml+xml",
}
PLAIN_NAMES = {"SHA256SUMS": "text/plain"}
A_DATASET = (ox.NamedNode(RDF_TYPE), ox.NamedNode(DCAT + "Dataset"))
MODIFIED = ox.NamedNode(DCTERMS + "modified")
TITLE = ox.NamedNode(DCTERMS + "title")
DOWNLOAD_URL = ox.NamedNode(DCAT + "downloadURL")


@dataclass(frozen=True)
class DistFile:
    """One downloadable file and the validators it is served with."""

    name: str
    path: Path
    stat: os.stat_result
    media_type: str
    etag: str
    last_modified: datetime
    title: str


class DistFolder:
    """The folder, read again whenever its files change; hashes are cached per file version."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._hashes: dict[tuple[str, int, int, int], str] = {}
        self._description: tuple[tuple[int, int], datetime | None, dict[str, str]] | None = None

    def exists(self) -> bool:
        return self.folder.is_dir()

    def names(self) -> list[str]:
        """The plain files of the folder, sorted; hidden files and sub-folders are not offered."""
        if not self.exists():
            return []
        entries = os.scandir(self.folder)
        return sorted(e.name for e in entries if NAME.fullmatch(e.name) and e.is_file(follow_symlinks=False))

    def get(self, name: str) -> DistFile | None:
        """The file called ``name``, or None if no listed file has that name."""
        if not NAME.fullmatch(name) or name not in self.names():
            return None
        path = self.folder / name
        stat = path.stat()
        modified, titles = self._read_description()
        last_modified = modified or datetime.fromtimestamp(int(stat.st_mtime), UTC)
        media = PLAIN_NAMES.get(name) or MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")
        return DistFile(name, path, stat, media, self._etag(path, stat), last_modified, titles.get(name, ""))

    def _etag(self, path: Path, stat: os.stat_result) -> str:
        key = (path.name, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if key not in self._hashes:
            self._hashes[key] = f'"sha256-{hashlib.sha256(path.read_bytes()).hexdigest()}"'
        return self._hashes[key]

    def _read_description(self) -> tuple[datetime | None, dict[str, str]]:
        """The dataset's dcterms:modified (midnight UTC) and each file's title, from description.ttl."""
        path = self.folder / DESCRIPTION
        try:
            stat = path.stat()
        except OSError:
            return None, {}
        version = (stat.st_ino, stat.st_mtime_ns)
        if self._description is None or self._description[0] != version:
            self._description = (version, *_parse_description(path))
        return self._description[1], self._description[2]


def _parse_description(path: Path) -> tuple[datetime | None, dict[str, str]]:
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError, ValueError):
        return None, {}
    datasets = {t.subject for t in triples if (t.predicate, t.object) == A_DATASET}
    dates = []
    for t in triples:
        if t.subject in datasets and t.predicate == MODIFIED and isinstance(t.object, ox.Literal):
            try:
                dates.append(date.fromisoformat(t.object.value[:10]))
            except ValueError:
                continue
    urls = {t.subject: t.object.value.rsplit("/", 1)[-1] for t in triples if t.predicate == DOWNLOAD_URL}
    titles = {urls[t.subject]: t.object.value for t in triples if t.predicate == TITLE and t.subject in urls}
    modified = datetime.combine(max(dates), datetime.min.time(), UTC) if dates else None
    return modified, titles


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)
