"""The fictional third source of tests/fixtures/third-source/: its files, and a check that a YAML
example shown elsewhere (the scaffold's mapping, docs/adding-a-source.md) is taken from it as is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FIXTURE = Path(__file__).parent / "fixtures" / "third-source"
SOURCE_ID = "fictional-dnk-2012"
TEXT = FIXTURE / "data" / "sources" / f"{SOURCE_ID}.txt"
MANIFEST = FIXTURE / "data" / "sources" / f"{SOURCE_ID}.yaml"
MAPPING = FIXTURE / "data" / "mappings" / f"{SOURCE_ID}.yaml"


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def not_in_fixture(example: dict[str, Any]) -> list[str]:
    """What a YAML example holds that the fixture does not: each field of a source record with another
    value, each entity or claim of a mapping that is not one of the fixture mapping's."""
    if "id" in example:
        record = read_yaml(MANIFEST)
        return [f"{name}: {value!r}" for name, value in example.items() if record.get(name) != value]
    mapping = read_yaml(MAPPING)
    return [
        f"{part}: {item!r}"
        for part in ("entities", "claims")
        for item in example.get(part) or []
        if item not in mapping[part]
    ]
