"""What validation keeps for the next build: that the shapes passed their check against SHACL's own
meta-shapes (build/shapes_check.py), under the SHA-256 of the shapes files' bytes, the build's code
and the versions of the libraries that check and validate (LIBRARIES). The check costs seconds and
depends on nothing else, so a build whose shapes did not change skips it. Only a pass is kept:
shapes with a fault are checked, and the fault reported at its file and line, on every build.

It also keeps the last report, under the SHA-256 of the shapes' key and the engine's name, with
the graphs it validated (build/kept_graphs.py): a build whose graphs, shapes, code and engine are
those of the last one reads the report instead of validating again (the report is a function of
these alone), and one whose graphs changed gives the engine the triples that changed, so it
validates again only what they can reach (``Engine.revalidate``).

An entry is a small JSON file written whole and renamed into place (never pickle: a file in the
project folder is data, not code); an entry that cannot be read, or reads otherwise, is ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path

from thbkg.build.kept_graphs import KeptGraphs
from thbkg.build.map_cache import code_digest
from thbkg.build.validate import Finding, Report
from thbkg.core.files import write_file

FORMAT = 2
# The libraries that check the shapes and validate: a new version of one may answer otherwise.
LIBRARIES = ("pyshacl", "rdflib", "pyoxigraph")


def shapes_key(directory: Path) -> str:
    """The content hash of what the check of the shapes in ``directory`` reads."""
    libraries = " ".join(f"{name} {version(name)}" for name in LIBRARIES)
    digest = hashlib.sha256(f"{FORMAT}\0{code_digest()}\0{libraries}\0".encode())
    for path in sorted(directory.glob("*.ttl")):
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class ShapesVerdicts:
    """The keys of the shapes that passed their check, one file each in ``folder``, and the last
    report."""

    def __init__(self, folder: Path, reuse: bool = True) -> None:
        self.folder = folder
        self.reuse = reuse
        self.graphs = KeptGraphs(folder / "graphs")

    def _path(self, key: str) -> Path:
        return self.folder / f"shapes-{key}.json"

    def passed(self, key: str) -> bool:
        """Whether shapes with ``key`` passed before (never when not reusing: ``build --full``)."""
        if not self.reuse:
            return False
        try:
            stored = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return stored == {"format": FORMAT, "key": key, "valid": True}

    def keep(self, key: str) -> None:
        """Remember that shapes with ``key`` passed."""
        write_file(self._path(key), json.dumps({"format": FORMAT, "key": key, "valid": True}).encode("utf-8"))

    def last(self, key: str) -> tuple[Report, dict[str, str]] | None:
        """The last report made with the shapes and engine of ``key`` (report_key), and the digest
        of each graph it validated, kept whole (none when not reusing, or unreadable)."""
        if not self.reuse:
            return None
        try:
            stored = json.loads((self.folder / "report.json").read_text(encoding="utf-8"))
            if stored.get("format") != FORMAT or stored.get("key") != key:
                return None
            graphs = {str(name): str(digest) for name, digest in stored["graphs"].items()}
            findings = tuple(Finding(**{**found, "passages": tuple(found["passages"])}) for found in stored["findings"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        if not self.graphs.whole(graphs.values()):
            return None
        return Report(conforms=bool(stored["conforms"]), findings=findings), graphs

    def keep_report(self, key: str, report: Report, graphs: Mapping[str, bytes], digests: Mapping[str, str]) -> None:
        """Keep ``report`` as the last one, made under ``key`` on ``graphs`` (with their ``digests``),
        which are kept too: the next build validates again only what its changes can reach."""
        self.graphs.keep(graphs, digests)
        stored = {
            "format": FORMAT,
            "key": key,
            "graphs": dict(digests),
            "conforms": report.conforms,
            "findings": [{**vars(found), "passages": list(found.passages)} for found in report.findings],
        }
        write_file(self.folder / "report.json", json.dumps(stored, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def report_key(shapes: str, engine: str) -> str:
    """What a report rests on besides the data: the shapes (their key) and the engine."""
    return hashlib.sha256(f"{shapes}\0{engine}".encode()).hexdigest()
