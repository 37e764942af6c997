"""The saved queries in ``queries/*.rq``: their grlc headers and parameters.

A header is the lines starting with ``#+``; with that prefix (and one space) stripped they are YAML
(``summary``, ``description``, ``tags``, ``defaults``, ``endpoint_in_url``...), as grlc reads them,
so each file stays plain SPARQL that grlc can serve as an API too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from thbkg.build.yamlfile import bounded_data
from thbkg.core.errors import QueryError
from thbkg.sparql.closest import likeness, word_likeness
from thbkg.sparql.params import Parameter, parameters_of
from thbkg.sparql.scanner import parameter_variables, query_form

SUGGESTIONS = 3  # query names offered for one that is not found
NEAR = 0.6  # the least likeness (closest.py) of a name worth offering: difflib's own default cut-off


@dataclass(frozen=True)
class SavedQuery:
    """One .rq file: its SPARQL text, its header fields and the parameters it takes."""

    name: str
    path: Path
    text: str
    form: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    parameters: tuple[Parameter, ...] = ()
    header: dict = field(default_factory=dict)

    def parameter_summary(self) -> str:
        """Each parameter with its kind and default, as the listing and docs/queries.md show them."""
        return ", ".join(
            p.describe() + (f" = {self.defaults[p.name]}" if p.name in self.defaults else "") for p in self.parameters
        )


def header_of(text: str, path: Path) -> dict:
    """The YAML of the ``#+`` lines (an empty mapping when there are none), read within the limits
    of yamlfile's reader."""
    lines = [line[2:].removeprefix(" ") for line in text.splitlines() if line.startswith("#+")]
    try:
        header = bounded_data("\n".join(lines)) if lines else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (header line {mark.line + 1})" if mark else ""
        raise QueryError(f"{path}: the #+ header is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from exc
    if header is None:
        return {}
    if not isinstance(header, dict):
        raise QueryError(f"{path}: the #+ header must be a YAML mapping (summary:, description:, ...)")
    return header


def without_header(text: str) -> str:
    """The query text less its ``#+`` header lines: what a page shows beside the header's fields."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("#+")).strip()


def read_query(path: Path) -> SavedQuery:
    """Read and check one query file; any problem is a one-line QueryError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"cannot read query file {path}: {exc.strerror or exc}") from exc
    header = header_of(text, path)
    try:
        parameters = parameters_of(parameter_variables(text), text)
        form = query_form(text)
    except QueryError as exc:
        raise QueryError(f"{path}: {exc}") from exc
    return SavedQuery(
        name=path.stem,
        path=path,
        text=text,
        form=form,
        summary=_text(header, "summary", path),
        description=_text(header, "description", path),
        tags=_tags(header, path),
        defaults=_defaults(header, parameters, path),
        parameters=tuple(parameters),
        header=header,
    )


def _text(header: dict, key: str, path: Path) -> str:
    value = header.get(key, "")
    if not isinstance(value, str):
        raise QueryError(f"{path}: header field {key!r} must be text")
    return " ".join(value.split())


def _tags(header: dict, path: Path) -> tuple[str, ...]:
    tags = header.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise QueryError(f"{path}: header field 'tags' must be a YAML list of words")
    return tuple(tags)


def _defaults(header: dict, parameters: list[Parameter], path: Path) -> dict[str, str]:
    """grlc's ``defaults``: a list of one-key mappings {parameter name: value}."""
    entries = header.get("defaults", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) and len(e) == 1 for e in entries):
        raise QueryError(f"{path}: header field 'defaults' must be a YAML list of {{name: value}}")
    names = {p.name for p in parameters}
    defaults: dict[str, str] = {}
    for entry in entries:
        ((name, value),) = entry.items()
        if name not in names:
            raise QueryError(f"{path}: default for {name!r}, which is not a parameter of the query")
        defaults[str(name)] = str(value).lower() if isinstance(value, bool) else str(value)
    return defaults


def load_catalogue(folder: Path) -> dict[str, SavedQuery]:
    """Every ``*.rq`` directly in ``folder`` (not ``qc/``), by name, in name order."""
    if not folder.is_dir():
        raise QueryError(f"no query folder at {folder}")
    return {path.stem: read_query(path) for path in sorted(folder.glob("*.rq"))}


def find(catalogue: dict[str, SavedQuery], name: str) -> SavedQuery:
    """The query called ``name``, or the only one whose name starts with it (``query-01``)."""
    if name in catalogue:
        return catalogue[name]
    matches = [q for n, q in catalogue.items() if n.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    listing = f"`thbkg query --list` shows the {len(catalogue)} saved queries"
    if matches:
        raise QueryError(
            f"{name!r} is the start of {len(matches)} query names;{did_you_mean(catalogue, name)} {listing}"
        )
    raise QueryError(f"unknown query {name!r};{did_you_mean(catalogue, name)} {listing}")


def did_you_mean(catalogue: dict[str, SavedQuery], name: str) -> str:
    """`` did you mean A, B?`` with the queries most like ``name``, or nothing when none is near."""
    names = closest_queries(catalogue, name)
    return f" did you mean {', '.join(names)}?" if names else ""


def closest_queries(catalogue: dict[str, SavedQuery], given: str, n: int = SUGGESTIONS) -> list[str]:
    """The names of the queries most like ``given``, the likest first: likeness to the whole name,
    to its number (``query-01``) or to the words of its name and summary, whichever is best."""

    def score(query: SavedQuery) -> float:
        number = "-".join(query.name.split("-")[:2])
        words = f"{query.name} {query.summary}"
        return max(likeness(given, query.name), likeness(given, number), word_likeness(given, words))

    scored = sorted(((score(q), q.name) for q in catalogue.values()), key=lambda sn: (-sn[0], sn[1]))
    return [name for s, name in scored if s >= NEAR][:n]
