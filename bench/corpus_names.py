"""The wording the synthetic reports of bench/corpus.py are made from: bodies, goals, measures, gaps
and recommendations, each with the concepts of data/reference/ it is mapped to, and the countries a
report may be about or name. Every phrase is distinct and no phrase is part of another, so each
quote the generator takes from a report occurs in it once."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pycountry

# Languages a synthetic jurisdiction names its bodies and laws in (ISO 639-1, as the shapes ask).
LANGUAGES = ("fr", "es", "de", "pt", "it", "nl", "pl", "sv", "fi", "da", "ro", "cs", "hu", "el", "hr", "lt")

# Ministries a country's reference data may name: (slug, English name). A report's plan is drawn up
# by some of them; one administers the coordination unit, one funds the shelter project.
MINISTRIES = (
    ("ministry-of-justice", "Ministry of Justice"),
    ("ministry-of-the-interior", "Ministry of the Interior"),
    ("ministry-of-labour", "Ministry of Labour"),
    ("ministry-of-health", "Ministry of Health"),
    ("ministry-of-foreign-affairs", "Ministry of Foreign Affairs"),
    ("ministry-of-social-affairs", "Ministry of Social Affairs"),
    ("ministry-of-education", "Ministry of Education"),
    ("ministry-of-defence", "Ministry of Defence"),
)

# Names of NGOs and of the shelter projects they run: a country gets one of each.
NGO_NAMES = ("Open Door", "Safe Harbour", "New Horizon", "Bright Path", "Lighthouse", "Free Voices", "Haven Network")
PROJECT_NAMES = ("ANCHOR", "BEACON", "SHELTER", "COMPASS", "BRIDGE", "HARBOUR", "REFUGE")

TREATIES = (
    ("treaty/palermo-protocol", "Palermo Protocol"),
    (
        "treaty/coe-convention-against-trafficking",
        "Council of Europe Convention on Action against Trafficking in Human Beings",
    ),
)


@dataclass(frozen=True)
class Aim:
    """A goal, measure, gap or recommendation: its slug, its wording in the text and its topics."""

    slug: str
    text: str
    topics: tuple[str, ...]


GOALS = (
    Aim("reduce-demand", "reduce the demand that fosters exploitation", ("topic/demand-reduction",)),
    Aim(
        "protect-victims",
        "give every victim appropriate assistance and protection",
        ("topic/victim-assistance-and-protection",),
    ),
    Aim("child-follow-up", "secure follow-up services for child victims", ("topic/child-victims",)),
    Aim("prosecute", "expose and prosecute more traffickers", ("topic/prosecution-of-traffickers",)),
    Aim("knowledge", "build knowledge about the forms trafficking takes", ("topic/knowledge-building",)),
    Aim("cooperation", "strengthen cooperation between the authorities", ("topic/inter-agency-cooperation",)),
    Aim("international", "deepen international cooperation against traffickers", ("topic/international-cooperation",)),
    Aim("identification", "improve the early identification of victims", ("topic/victim-identification",)),
)

MEASURES = (
    Aim(
        "training-of-border-guards",
        "training for border guards on signs of trafficking",
        ("topic/victim-identification",),
    ),
    Aim(
        "labour-inspections", "joint labour inspections in high-risk sectors", ("exploitation-form/labour-trafficking",)
    ),
    Aim("school-programme", "a school programme on the risks of exploitation", ("victim-group/children",)),
    Aim("annual-statistics", "annual statistics on identified victims", ("topic/trafficking-statistics",)),
    Aim("awareness-campaign", "a public campaign against the purchase of sexual services", ("topic/demand-reduction",)),
    Aim("guardians", "guardians for unaccompanied children", ("victim-group/unaccompanied-foreign-children",)),
)

# A gap a report finds, and the recommendation that answers it (same slug, same topics).
GAPS = (
    Aim("no-rapporteur", "has no national rapporteur on trafficking", ("topic/national-rapporteur",)),
    Aim("no-shelter-for-men", "has no shelter for male victims of trafficking", ("topic/male-victims",)),
    Aim(
        "few-labour-prosecutions",
        "prosecuted few cases of labour trafficking",
        ("topic/labour-trafficking-prosecution",),
    ),
    Aim(
        "little-known-reflection-period",
        "gave little publicity to the reflection period",
        ("topic/reflection-period-awareness",),
    ),
    Aim("no-awareness-campaign", "funded no national awareness campaign", ("topic/awareness-campaign",)),
    Aim(
        "child-victims-deported",
        "deported child victims before they were identified",
        ("topic/deportation-of-victims", "topic/child-victims"),
    ),
)
RECOMMENDATIONS = {
    "no-rapporteur": "establish a national rapporteur to assess its efforts",
    "no-shelter-for-men": "open a shelter for male victims of trafficking",
    "few-labour-prosecutions": "investigate and prosecute labour trafficking vigorously",
    "little-known-reflection-period": "train front-line responders to offer the reflection period",
    "no-awareness-campaign": "fund a national awareness campaign",
    "child-victims-deported": "screen every child for signs of trafficking before any removal",
}

SYLLABLES = ("ka", "lo", "mi", "ren", "sa", "tor", "vel", "an", "dri", "os", "nu", "bel", "ter", "ia", "gor", "fen")


def local_name(rng: random.Random, english: str) -> str:
    """A body's or law's name in the jurisdiction's own language: made-up words, as the country's
    reports are made up, of the English name's length."""
    words = []
    for _ in english.split()[:3]:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        words.append(word.capitalize())
    return " ".join(words)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-3
    name: str

    @property
    def key(self) -> str:
        return f"country/{self.code}"

    @property
    def lower(self) -> str:
        return self.code.lower()


def countries() -> list[Country]:
    """The countries of ISO 3166 whose English name is one or two plain words that read in a sentence
    without an article (no comma, parenthesis or islands), and are part of no other; sorted by code."""
    found = []
    for entry in pycountry.countries:
        name = getattr(entry, "common_name", None) or entry.name
        if re.fullmatch(r"[A-Z][a-z]+( [A-Z][a-z]+)?", name) and "Island" not in name:
            found.append(Country(entry.alpha_3, name))
    names = [country.name for country in found]
    plain = [c for c in found if not any(c.name != other and c.name in other for other in names)]
    return sorted(plain, key=lambda country: country.code)
