"""What the catalogue records in data/sources/ and the curated jurisdictions in data/reference/ say,
read straight from the YAML files: the tests of everything that describes the dataset (the downloads'
description and README, the query page) take their expected sources, countries and names from
here, so a new source is expected with no change to the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pycountry
import yaml

ROOT = Path(__file__).resolve().parents[1]
SUBJECT = "exploitation-form/human-trafficking"  # the concept the dataset is about


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def manifests() -> list[dict[str, Any]]:
    """Every source document's catalogue record."""
    return [_load(path) for path in sorted((ROOT / "data/sources").glob("*.yaml"))]


def countries_covered() -> list[str]:
    """The country keys the documents cover (``area_covered``: one key or a list)."""
    keys = set()
    for record in manifests():
        area = record["area_covered"]
        keys |= set(area if isinstance(area, list) else [area])
    return sorted(keys)


def country_name(key: str) -> str:
    """A country key's English name, as ISO 3166 (pycountry) gives it."""
    country = pycountry.countries.get(alpha_3=key.removeprefix("country/"))
    return getattr(country, "common_name", None) or country.name


def native_names() -> dict[str, str]:
    """The subject's curated names (label_<tag>) in the official languages of the countries covered,
    by language tag, English apart."""
    references = [_load(path) for path in sorted((ROOT / "data/reference").glob("*.yaml"))]
    covered = set(countries_covered())
    tags = {
        tag
        for data in references
        for jurisdiction in data.get("jurisdictions") or []
        if jurisdiction["key"] in covered
        for tag in jurisdiction["languages"]
    }
    entity = next(e for data in references for e in data.get("entities") or [] if e["key"] == SUBJECT)
    return {tag: entity[f"label_{tag}"] for tag in sorted(tags - {"en"}) if f"label_{tag}" in entity}
