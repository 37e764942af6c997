"""How to cite thbkg, read from ``CITATION.cff`` (Citation File Format 1.2.0) at the project's root:
the one place for the title, the authors and the address, so the dataset description's
``dcterms:bibliographicCitation`` and the downloads' README cite the project as the file does.

The file's ``version`` must be the package's (pyproject.toml's): a release that changes one and not
the other is refused with the line to fix, rather than cited with the wrong version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from thbkg.build import yamlfile
from thbkg.core.errors import InputError, Problem


@dataclass(frozen=True)
class Citation:
    """What a citation of thbkg names."""

    title: str
    authors: tuple[str, ...]
    version: str
    url: str | None

    def text(self) -> str:
        """``Authors. Title, version V. URL``: the citation as one line of text."""
        cited = f"{', '.join(self.authors)}. {self.title}, version {self.version}."
        return f"{cited} {self.url}" if self.url else cited


def read_citation(path: Path, version: str) -> Citation:
    """The citation in ``path``, or an InputError naming the file and line of each problem
    (a missing field, an author without a name, a version other than ``version``)."""
    if not path.is_file():
        raise InputError([Problem(path, 0, "missing: the project's citation (Citation File Format 1.2.0)")])
    data = yamlfile.load(path)
    if not isinstance(data, yamlfile.Node):
        raise InputError([Problem(path, 0, "must be a YAML mapping (cff-version:, title:, authors:, ...)")])
    problems = [data.problem(None, f"no {key!r}") for key in ("title", "authors", "version") if not data.get(key)]
    authors = data.get("authors")
    names = [_name(author) for author in authors] if isinstance(authors, yamlfile.Items) else [None]
    if authors and None in names:
        problems.append(data.problem("authors", "authors must be a list, each with a name (or given-names)"))
    if data.get("version") and data["version"] != version:
        reason = f"version {data['version']!r} is not the package's {version!r} (pyproject.toml): make them one"
        problems.append(data.problem("version", reason))
    if problems:
        raise InputError(problems)
    return Citation(str(data["title"]), tuple(name for name in names if name), version, data.get("url"))


def _name(author: object) -> str | None:
    """An entity's ``name``, or a person's given and family names."""
    if not isinstance(author, yamlfile.Node):
        return None
    if author.get("name"):
        return str(author["name"])
    parts = [author.get(key) for key in ("given-names", "name-particle", "family-names")]
    return " ".join(str(part) for part in parts if part) or None
