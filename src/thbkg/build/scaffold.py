"""``thbkg new-source``: the three files of a new source, from its text.

It copies the text into data/sources/, writes the catalogue record beside it with the text's sha256
and a marked placeholder for every field a curator must fill in (the build refuses a record that
still holds one, naming it: sources.PLACEHOLDER), and an empty mapping with commented examples.
It never overwrites a file, and writes each through a temporary file renamed into place, so that a
failure leaves no half-written file.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from thbkg.build.textfile import decode
from thbkg.core.errors import InputError
from thbkg.core.files import write_file
from thbkg.core.layout import Layout

SOURCE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RULE = "lower-case words joined by -, such as us-dos-tip-2012-nor"


class ScaffoldError(Exception):
    """Why the files cannot be written: one line that names the file."""


@dataclass(frozen=True)
class Scaffold:
    """The files of a new source, and whether the text was copied (it may already be in place)."""

    text: Path
    manifest: Path
    mapping: Path
    copied: bool


def template(name: str, **values: str) -> str:
    """A file of ``templates/`` with its ``$name`` fields filled in."""
    text = resources.files("thbkg.build").joinpath("templates", name).read_text(encoding="utf-8")
    return Template(text).substitute(values)


def new_source(layout: Layout, text_file: str | os.PathLike[str], source_id: str | None = None) -> Scaffold:
    """Write the text, record and mapping of a new source, or raise ScaffoldError before writing any."""
    given = Path(text_file)
    if source_id is None and not SOURCE_ID.match(given.stem):
        raise ScaffoldError(f"{given}: the name {given.stem!r} is not a source id; give one with --id ({RULE})")
    source_id = given.stem if source_id is None else source_id
    if not SOURCE_ID.match(source_id):
        raise ScaffoldError(f"--id {source_id!r} is not a source id ({RULE})")
    data = _read(given)
    text = layout.sources / f"{source_id}.txt"
    if text.exists() and text.read_bytes() != data:
        raise ScaffoldError(f"{text}: already exists with other content than {given}; not overwritten")
    manifest, mapping = layout.sources / f"{source_id}.yaml", layout.mappings / f"{source_id}.yaml"
    files = Scaffold(text, manifest, mapping, copied=not text.exists())
    for path in (files.manifest, files.mapping):
        if path.exists():
            raise ScaffoldError(f"{path}: already exists; new-source never overwrites a file")
    digest = hashlib.sha256(data).hexdigest()
    record = template("source.yaml", id=source_id, file=text.name, sha256=digest)
    if files.copied:
        write_file(text, data)
    write_file(manifest, record.encode("utf-8"))
    write_file(mapping, template("mapping.yaml", id=source_id).encode("utf-8"))
    return files


def _read(text_file: Path) -> bytes:
    """The bytes of the source text, which must be non-empty UTF-8."""
    try:
        data = text_file.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"{text_file}: cannot read the file: {exc.strerror or exc}") from None
    try:
        text = decode(text_file, data)
    except InputError as exc:
        raise ScaffoldError(str(exc.problems[0])) from None
    if not text.strip():
        raise ScaffoldError(f"{text_file}: the file is empty: a source needs its text")
    return data
