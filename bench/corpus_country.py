"""A country of the synthetic corpus (bench/corpus.py): the bodies, NGO, law and hotline that all
its reports name, declared once in its reference file, data/reference/synthetic-<code>.yaml, with
its jurisdiction's language."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from corpus_names import LANGUAGES, MINISTRIES, NGO_NAMES, PROJECT_NAMES, Country, local_name, slug

Entry = dict[str, Any]


@dataclass(frozen=True)
class Body:
    key: str
    label: str


@dataclass
class CountryData:
    """What every report on one country shares: the bodies and the law it names, declared once in
    data/reference/synthetic-<code>.yaml."""

    country: Country
    language: str
    government: Body
    ministries: list[Body]
    directorate: Body
    unit: Body
    police_unit: Body
    ngo: Body
    project: Body
    hotline: Body
    law: Body
    provision: Body
    section: str
    penalty: int
    unit_since: int
    project_since: int
    entities: list[Entry] = field(default_factory=list)


def country_data(country: Country, seed: int) -> CountryData:
    """The shared things of ``country``, drawn from random numbers seeded by the corpus seed and the
    country alone, so they are the same in every report on it whichever reports are written."""
    rng = random.Random(f"{seed}:{country.code}")
    prefix = f"syn-{country.lower}"
    language = rng.choice(LANGUAGES)
    entities: list[Entry] = []

    def declare(key: str, types: str | list[str], label: str, official: bool) -> Body:
        entry: Entry = {"key": key, "type": types, "label": label}
        if official:
            entry[f"label_{language}"] = local_name(rng, label)
            entry["jurisdiction"] = country.key
        entities.append(entry)
        return Body(key, label)

    section = f"{rng.randint(100, 420)}{rng.choice(('', '', 'a', 'b'))}"
    ngo_name, project_name = rng.choice(NGO_NAMES), rng.choice(PROJECT_NAMES)
    data = CountryData(
        country=country,
        language=language,
        government=declare(
            f"organization/{prefix}-government", "thb:Government", f"Government of {country.name}", True
        ),
        ministries=[
            declare(f"organization/{prefix}-{key}", "thb:Ministry", name, True)
            for key, name in sorted(rng.sample(MINISTRIES, 4))
        ],
        directorate=declare(f"organization/{prefix}-police-directorate", "thb:Directorate", "Police Directorate", True),
        unit=declare(
            f"organization/{prefix}-coordination-unit",
            "thb:GovernmentUnit",
            "National Coordination Unit against Trafficking in Human Beings",
            True,
        ),
        police_unit=declare(
            f"organization/{prefix}-anti-trafficking-police-unit",
            "thb:PoliceUnit",
            "anti-trafficking police unit",
            False,
        ),
        ngo=declare(
            f"organization/{prefix}-{slug(ngo_name)}",
            "thb:NonGovernmentalOrganization",
            f"{ngo_name} Association",
            False,
        ),
        project=declare(
            f"organization/{prefix}-{slug(project_name)}-project", "thb:Project", f"{project_name} project", False
        ),
        hotline=declare(
            f"service/{prefix}-hotline",
            ["thb:Hotline", "thb:Service"],
            f"National trafficking hotline of {country.name}",
            False,
        ),
        law=declare(f"law/{prefix}-criminal-code", "thb:Law", f"Criminal Code of {country.name}", True),
        provision=declare(
            f"legal-provision/{prefix}-criminal-code-s{section}",
            "thb:LegalProvision",
            f"Criminal Code of {country.name} section {section}",
            True,
        ),
        section=section,
        penalty=rng.choice((6, 8, 10, 12, 15, 20)),
        unit_since=rng.randint(1998, 2008),
        project_since=rng.randint(1999, 2009),
    )
    data.entities = entities
    return data


def reference_file(data: CountryData) -> Entry:
    """The reference file of one country: its jurisdiction's language and its shared bodies."""
    return {"jurisdictions": [{"key": data.country.key, "languages": [data.language]}], "entities": data.entities}
