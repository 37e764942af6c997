"""One synthetic report of bench/corpus.py, on a country for a year: its text and its mapping,
written sentence by sentence so that every claim quotes the text it was made from."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from corpus_country import CountryData, Entry
from corpus_names import GAPS, GOALS, MEASURES, RECOMMENDATIONS, TREATIES, Aim, Country

MONTHS = ("January February March April May June July August September October November December").split()
US_DOS = "organization/us-department-of-state"
# How often a report has each optional part: about 34 claims a report on average.
OPTIONAL = 0.2


@dataclass
class Claim:
    quote: str
    about: str
    states: Entry
    suffix: str | None = None
    occurs: int = 1  # how often the quote (with its suffix) stands in the text: 2 for a faulty one

    def entry(self) -> Entry:
        entry: Entry = {"quote": self.quote}
        if self.suffix:
            entry["suffix"] = self.suffix
        entry["about"] = self.about
        entry["states"] = self.states
        return entry


@dataclass
class Report:
    """A report's text, record fields and mapping, made together."""

    id: str
    title: str
    issued: str
    paragraphs: list[str] = field(default_factory=list)
    entities: list[Entry] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    gaps: dict[str, tuple[str, str]] = field(default_factory=dict)  # slug: (key, quote)
    recommendations: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"

    def entity(self, key: str, type_: str, label: str | None) -> str:
        entry = {"key": key, "type": type_}
        if label is not None:
            entry["label"] = label
        self.entities.append(entry)
        return key

    def claim(self, quote: str, about: str, states: Entry, suffix: str | None = None, occurs: int = 1) -> Claim:
        made = Claim(quote, about, states, suffix, occurs)
        self.claims.append(made)
        return made

    def mapping(self) -> Entry:
        return {"source": self.id, "entities": self.entities, "claims": [claim.entry() for claim in self.claims]}

    def check_quotes(self) -> None:
        """Each quote occurs once in the text (with its suffix where it has one), and no two claims
        about one thing share a quote: the mapping then builds as it is written."""
        text, seen = " ".join(self.text.replace("#", "").split()), set()
        for claim in self.claims:
            needle = f"{claim.quote} {claim.suffix}" if claim.suffix else claim.quote
            if text.count(needle) != claim.occurs:
                raise RuntimeError(f"{self.id}: {needle!r} occurs {text.count(needle)} times")
            if (claim.quote, claim.suffix, claim.about) in seen:
                raise RuntimeError(f"{self.id}: two claims about {claim.about} quote {claim.quote!r}")
            seen.add((claim.quote, claim.suffix, claim.about))


def _list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Writer:
    """Writes one report on ``data`` for ``year``, its optional parts chosen by ``rng``."""

    def __init__(
        self, data: CountryData, year: int, others: list[Country], rng: random.Random, faults: frozenset[str]
    ) -> None:
        self.data, self.year, self.rng, self.faults = data, year, rng, faults
        self.c = data.country
        self.prefix = f"syn-{self.c.lower}-{year}"
        self.last = year - 1  # the year the report's figures are for
        self.report = Report(
            id=self.prefix,
            title=f"Trafficking in Human Beings in {self.c.name} \N{EN DASH} Annual Report {year}",
            issued=f"{year}-{rng.randint(3, 9):02d}",
        )
        picked = rng.sample(others, 7)
        self.origins, self.transits, self.partners = picked[:3], picked[3:5], picked[5:]
        self.labelled: set[str] = set()
        self.sex, self.labour = rng.randint(5, 60), rng.randint(1, 30)

    def write(self) -> Report:
        for part, always in (
            (self._header, True),
            (self._summary, True),
            (self._countries, True),
            (self._routes, False),
            (self._unit, True),
            (self._services, False),
            (self._project, False),
            (self._legislation, True),
            (self._treaty, False),
            (self._plan, False),
            (self._investigations, True),
            (self._law_enforcement, False),
            (self._victims, True),
            (self._identification, False),
            (self._gaps, True),
        ):
            if always or self.rng.random() < OPTIONAL:
                part()
        self.report.check_quotes()
        return self.report

    # --- helpers
    def _para(self, *sentences: str) -> None:
        self.report.paragraphs.append(" ".join(sentences))

    def _key(self, kind: str, name: str) -> str:
        return f"{kind}/{self.prefix}-{name}"

    def _label_country(self, quote: str, country: Country) -> None:
        """The name the report gives a country, stated once, with the first passage that names it."""
        if country.code not in self.labelled:
            self.labelled.add(country.code)
            self.report.claim(quote, country.key, {"rdfs:label": country.name})

    def _observation(self, name: str, label: str, quote: str, states: Entry, **where: Any) -> str:
        key = self.report.entity(
            self._key("observation", name), "qb:Observation", f"{label} (synthetic report {self.prefix})"
        )
        period = states.pop("period", self.last)
        full = {
            "thb:indicator": states.pop("indicator"),
            "sdmx-dimension:refPeriod": f"period/{period}",
            "sdmx-dimension:refArea": self.c.key,
            **states,
        }
        self.report.claim(quote, key, full, **where)
        return key

    def _role(self, quote: str, country: Country, role: str, **more: str) -> None:
        key = self.report.entity(
            self._key("country-role-assignment", f"{country.lower}-{role}"),
            "thb:CountryRoleAssignment",
            f"{country.name} as {role} country (synthetic report {self.prefix})",
        )
        states = {"thb:country": country.key, "thb:countryRole": f"country-role/{role}"}
        if country != self.c:
            states["thb:relativeTo"] = self.c.key
        self.report.claim(quote, key, {**states, **more})

    # --- the parts of a report
    def _header(self) -> None:
        r, d = self.report, self.data
        month = MONTHS[int(r.issued[5:]) - 1]
        self._para(f"# {r.title}")
        self._para(f"{month} {self.year}")
        self._para(d.unit.label)
        self._para(
            "This document is synthetic. It was generated by bench/corpus.py of thbkg to measure the build at"
            " scale: its bodies, figures, findings and recommendations are invented and describe no real"
            " country's efforts against trafficking."
        )
        document = f"document/{r.id}"
        r.claim(r.title, document, {"dcterms:title": r.title})
        r.claim(f"{month} {self.year}", document, {"thb:issuedIn": r.issued})
        r.claim(d.unit.label, document, {"dcterms:publisher": d.unit.key}, suffix="This document")
        r.claim(d.unit.label, d.unit.key, {"rdfs:label": d.unit.label}, suffix="This document")

    def _summary(self) -> None:
        tier = self.rng.choice(
            (("1", "Tier 1"), ("2", "Tier 2"), ("2-watch-list", "Tier 2 Watch List"), ("3", "Tier 3"))
        )
        ranked = (
            f"The United States Department of State placed {self.c.name} in {tier[1]} in its {self.year}"
            " Trafficking in Persons Report."
        )
        self.total_sentence = f"In {self.last}, {self.total} trafficking investigations were initiated."
        self._para("## Summary")
        self._para(ranked, self.total_sentence)
        key = self.report.entity(
            self._key("tier-ranking", "us-dos"),
            "thb:TierRanking",
            f"{self.c.name}, {tier[1]} (synthetic report {self.prefix})",
        )
        self.report.claim(
            ranked,
            key,
            {
                "thb:rankedCountry": self.c.key,
                "thb:tier": f"tier/{tier[0]}",
                "thb:rankingYear": str(self.year),
                "thb:rankedBy": US_DOS,
            },
        )
        self.report.claim(ranked, US_DOS, {"rdfs:label": "United States Department of State"})
        self._label_country(ranked, self.c)

    @property
    def total(self) -> int:
        return self.sex + self.labour

    def _countries(self) -> None:
        roles = f"{self.c.name} is a destination and, to a lesser extent, a transit country for victims of trafficking."
        main, *rest = self.origins[: self.rng.randint(1, 3)]
        origins = f"Most victims identified in {self.c.name} in {self.last} came from {main.name}"
        origins += f", while others came from {_list([c.name for c in rest])}." if rest else "."
        self._para("## Countries")
        self._para(roles, origins)
        self._role(roles, self.c, "destination")
        self._role(roles, self.c, "transit", **{"thb:qualifier": "to a lesser extent"})
        self._role(origins, main, "origin", **{"thb:period": f"period/{self.last}", "thb:qualifier": "Most"})
        self._label_country(origins, main)
        for country in rest:
            self._role(origins, country, "origin", **{"thb:period": f"period/{self.last}"})
            self._label_country(origins, country)

    def _routes(self) -> None:
        transits = self.transits[: self.rng.randint(1, 2)]
        route = f"Victims usually travel through {_list([c.name for c in transits])} on their way to {self.c.name}."
        partners = (
            f"The police of {self.c.name} investigated trafficking cases together with the authorities of"
            f" {_list([c.name for c in self.partners])}."
        )
        self._para(route, partners)
        for country in transits:
            self._role(route, country, "transit", **{"thb:qualifier": "usually"})
            self._label_country(route, country)
        for country in self.partners:
            self._role(partners, country, "law-enforcement-partner")
            self._label_country(partners, country)

    def _unit(self) -> None:
        d = self.data
        founded = (
            f"The {d.government.label} established the {d.unit.label} in {d.unit_since} and has funded it ever since."
        )
        self._para("## The coordination unit")
        self._para(founded)
        self.report.claim(
            founded,
            d.unit.key,
            {
                "thb:establishedBy": d.government.key,
                "thb:establishedIn": str(d.unit_since),
                "thb:fundedBy": d.government.key,
                "thb:fundedSince": str(d.unit_since),
            },
        )
        self.report.claim(founded, d.government.key, {"rdfs:label": d.government.label})

    def _services(self) -> None:
        d = self.data
        ministry = d.ministries[0]
        administered = f"The unit is administered by the {ministry.label} and operates a national trafficking hotline."
        police = f"The {d.police_unit.label} of the police is housed in the {d.directorate.label}."
        self._para(administered, police)
        self.report.claim(
            administered,
            d.unit.key,
            {"thb:administeredBy": ministry.key, "thb:offers": d.hotline.key, "rdfs:label": "unit"},
        )
        self.report.claim(administered, ministry.key, {"rdfs:label": ministry.label})
        self.report.claim(
            administered, d.hotline.key, {"rdfs:label": "national trafficking hotline", "thb:operatedBy": d.unit.key}
        )
        self.report.claim(
            police, d.police_unit.key, {"rdfs:label": d.police_unit.label, "thb:housedIn": d.directorate.key}
        )
        self.report.claim(police, d.directorate.key, {"rdfs:label": d.directorate.label})

    def _project(self) -> None:
        d = self.data
        ministry = d.ministries[1]
        funded = (
            f"Since {d.project_since}, the {ministry.label} has funded the {d.project.label}, run by the"
            f" {d.ngo.label}, which offers safe housing to female victims of trafficking."
        )
        women = self.rng.randint(5, 80)
        housed = f"In {self.last}, {women} women were placed in safe housing by the {d.project.label}."
        self._para(funded, housed)
        self.report.claim(
            funded,
            d.project.key,
            {
                "rdfs:label": d.project.label,
                "thb:fundedBy": ministry.key,
                "thb:fundedSince": str(d.project_since),
                "thb:runBy": d.ngo.key,
                "thb:offers": "service/safe-housing",
                "thb:targetGroup": "victim-group/female-victims",
            },
        )
        self.report.claim(funded, d.ngo.key, {"rdfs:label": d.ngo.label})
        self.report.claim(funded, ministry.key, {"rdfs:label": ministry.label})
        self._observation(
            f"women-placed-in-safe-housing-{self.last}",
            f"Women placed in safe housing by the {d.project.label} in {self.c.name}, {self.last}",
            housed,
            {
                "indicator": "indicator/women-placed-in-safe-housing",
                "thb:organization": d.project.key,
                "thb:victimGroup": "victim-group/women",
                "thb:value": str(women),
                "sdmx-attribute:unitMeasure": "unit/person",
            },
        )

    def _legislation(self) -> None:
        d = self.data
        prohibited = (
            f"Trafficking in human beings is prohibited by section {d.section} of the {d.law.label}, which"
            f" prescribes a maximum penalty of {d.penalty} years' imprisonment."
        )
        self._para("## Legislation")
        self._para(prohibited)
        self.report.claim(
            prohibited,
            d.provision.key,
            {
                "rdfs:label": f"section {d.section} of the {d.law.label}",
                "thb:sectionNumber": d.section,
                "eli:is_part_of": d.law.key,
                "thb:prohibits": "exploitation-form/human-trafficking",
                "thb:maximumPenalty": f"P{d.penalty}Y",
            },
        )
        self.report.claim(prohibited, d.law.key, {"rdfs:label": d.law.label})

    def _treaty(self) -> None:
        key, name = self.rng.choice(TREATIES)
        ratified = f"{self.c.name} has ratified the {name}."
        self._para(ratified)
        self.report.claim(ratified, self.c.key, {"thb:ratified": key})
        self.report.claim(ratified, key, {"rdfs:label": name})

    def _plan(self) -> None:
        d, r = self.data, self.report
        month = self.rng.randint(1, 12)
        drafters = d.ministries[2:]
        period = f"{self.last}-{self.year + 2}"
        adopted = (
            f"In {MONTHS[month - 1]} {self.last}, the Government adopted a national action plan against trafficking"
            f" for {period}, drawn up by the {_list([m.label for m in drafters]).replace(' and ', ' and the ')}."
        )
        goals: list[Aim] = self.rng.sample(GOALS, 2)
        aims = f"The plan has two goals: to {goals[0].text}, and to {goals[1].text}."
        measures: list[Aim] = self.rng.sample(MEASURES, 2)
        count = self.rng.randint(12, 60)
        contains = f"It contains {count} measures, among them {measures[0].text} and {measures[1].text}."
        self._para("## National action plan")
        self._para(adopted, aims, contains)
        plan = r.entity(
            self._key("action-plan", "national-plan"),
            "thb:ActionPlan",
            f"National action plan against trafficking in {self.c.name} {period}",
        )
        r.claim(
            adopted,
            plan,
            {
                "rdfs:label": "national action plan against trafficking",
                "thb:issuedIn": f"{self.last}-{month:02d}",
                "thb:period": f"period/{period}",
                "prov:wasAttributedTo": d.government.key,
                "thb:drawnUpBy": [m.key for m in drafters],
            },
        )
        for ministry in drafters:
            r.claim(adopted, ministry.key, {"rdfs:label": ministry.label})
        keys = [
            r.entity(self._key("goal", goal.slug), "thb:Goal", goal.text[0].upper() + goal.text[1:]) for goal in goals
        ]
        r.claim(aims, plan, {"thb:hasGoal": keys})
        for key, goal in zip(keys, goals, strict=True):
            r.claim(goal.text, key, {"rdfs:label": goal.text, "thb:concerns": list(goal.topics)})
        keys = [r.entity(self._key("measure", m.slug), "thb:Measure", m.text[0].upper() + m.text[1:]) for m in measures]
        r.claim(contains, plan, {"thb:numberOfMeasures": str(count), "thb:hasMeasure": keys})
        for key, measure in zip(keys, measures, strict=True):
            r.claim(measure.text, key, {"dcterms:description": measure.text, "thb:focusesOn": list(measure.topics)})

    def _investigations(self) -> None:
        before = self.rng.randint(5, 90)
        # A wrong sum: the text states a labour part that, with the sex part, exceeds the total.
        labour = self.labour + (self.rng.randint(1, 3) if "wrong-sum" in self.faults else 0)
        parts = f"Of these, {self.sex} concerned sex trafficking and {labour} concerned labour trafficking."
        earlier = f"In {self.last - 1}, {before} trafficking investigations had been initiated."
        self._para("## Statistics")
        self._para(self.total_sentence, parts, earlier)
        where = f"in {self.c.name}, {self.last}"
        total = self._observation(
            f"investigations-{self.last}",
            f"Trafficking investigations initiated {where}",
            self.total_sentence,
            {
                "indicator": "indicator/investigations-initiated",
                "thb:value": str(self.total),
                "sdmx-attribute:unitMeasure": "unit/investigation",
                "thb:breakdownComplete": "true",
            },
            # An ambiguous quote: the summary states the total in the same words, so without its
            # suffix the quote occurs twice.
            **({"occurs": 2} if "ambiguous-quote" in self.faults else {"suffix": "Of these"}),
        )
        for form, value in (("sex-trafficking", self.sex), ("labour-trafficking", labour)):
            self._observation(
                f"{form}-investigations-{self.last}",
                f"{form.replace('-', ' ').capitalize()} investigations initiated {where}",
                parts,
                {
                    "indicator": "indicator/investigations-initiated",
                    "thb:exploitationForm": f"exploitation-form/{form}",
                    "thb:value": str(value),
                    "sdmx-attribute:unitMeasure": "unit/investigation",
                    "thb:breakdownOf": total,
                },
            )
        self._observation(
            f"investigations-{self.last - 1}",
            f"Trafficking investigations initiated in {self.c.name}, {self.last - 1}",
            earlier,
            {
                "indicator": "indicator/investigations-initiated",
                "period": self.last - 1,
                "thb:value": str(before),
                "sdmx-attribute:unitMeasure": "unit/investigation",
            },
        )

    def _law_enforcement(self) -> None:
        d = self.data
        prosecuted, now, then = self.rng.randint(1, 40), self.rng.randint(1, 30), self.rng.randint(1, 30)
        charged = (
            f"The authorities prosecuted {prosecuted} trafficking offenders under section {d.section} in {self.last}."
        )
        convicted = (
            f"{now} trafficking offenders were convicted in {self.last}, compared with {then} in {self.last - 1}."
        )
        self._para(charged, convicted)
        self._observation(
            f"offenders-prosecuted-{self.last}",
            f"Trafficking offenders prosecuted under section {d.section} in {self.c.name}, {self.last}",
            charged,
            {
                "indicator": "indicator/offenders-prosecuted",
                "thb:legalProvision": d.provision.key,
                "thb:value": str(prosecuted),
                "sdmx-attribute:unitMeasure": "unit/person",
            },
        )
        for year, value in ((self.last, now), (self.last - 1, then)):
            self._observation(
                f"offenders-convicted-{year}",
                f"Trafficking offenders convicted in {self.c.name}, {year}",
                convicted,
                {
                    "indicator": "indicator/offenders-convicted",
                    "period": year,
                    "thb:value": str(value),
                    "sdmx-attribute:unitMeasure": "unit/person",
                },
            )

    def _victims(self) -> None:
        sex, labour, both = self.rng.randint(10, 200), self.rng.randint(5, 120), self.rng.randint(1, 25)
        served = (
            f"In {self.last}, the government provided services to {sex + labour + both} trafficking victims:"
            f" {sex} victims of sex trafficking, {labour} victims of labour trafficking and {both} victims of both."
        )
        self._para(served)
        where = f"in {self.c.name}, {self.last}"
        total = self._observation(
            f"victims-provided-services-{self.last}",
            f"Trafficking victims provided services {where}",
            served,
            {
                "indicator": "indicator/victims-provided-services",
                "thb:value": str(sex + labour + both),
                "sdmx-attribute:unitMeasure": "unit/person",
                "thb:breakdownComplete": "true",
            },
        )
        for form, value in (
            ("sex-trafficking", sex),
            ("labour-trafficking", labour),
            ("sex-and-labour-trafficking", both),
        ):
            self._observation(
                f"{form}-victims-provided-services-{self.last}",
                f"Victims of {form.replace('-', ' ')} provided services {where}",
                served,
                {
                    "indicator": "indicator/victims-provided-services",
                    "thb:exploitationForm": f"exploitation-form/{form}",
                    "thb:value": str(value),
                    "sdmx-attribute:unitMeasure": "unit/person",
                    "thb:breakdownOf": total,
                },
            )

    def _identification(self) -> None:
        d, main = self.data, self.origins[0]
        presumed = self.rng.randint(50, 400)
        citizens = self.rng.randint(10, presumed // 2)
        referrals = self.rng.randint(50, 600)
        granted, denied = self.rng.randint(10, 90), self.rng.randint(1, 40)
        estimate = (
            f"The unit estimates that {presumed} presumed victims were assisted during {self.last}, of whom"
            f" {citizens} were citizens of {main.name}."
        )
        referred = f"Authorities and NGOs made {referrals} referrals of potential victims to the unit in {self.last}."
        reflection = (
            f"In {self.last}, {granted + denied} foreigners applied for a reflection period for the first time;"
            f" {granted} were granted and {denied} were denied."
        )
        self._para(estimate, referred, reflection)
        where = f"in {self.c.name}, {self.last}"
        total = self._observation(
            f"presumed-victims-assisted-{self.last}",
            f"Presumed victims assisted {where}",
            estimate,
            {
                "indicator": "indicator/presumed-victims-assisted",
                "thb:value": str(presumed),
                "sdmx-attribute:unitMeasure": "unit/person",
                "thb:valueQualifier": "value-qualifier/estimate",
                "prov:wasAttributedTo": d.unit.key,
            },
        )
        self._observation(
            f"presumed-victims-assisted-{self.last}-{main.lower}",
            f"Presumed victims assisted who were citizens of {main.name} {where}",
            estimate,
            {
                "indicator": "indicator/presumed-victims-assisted",
                "thb:nationality": main.key,
                "thb:value": str(citizens),
                "sdmx-attribute:unitMeasure": "unit/person",
                "thb:breakdownOf": total,
            },
        )
        self._label_country(estimate, main)
        self._observation(
            f"referrals-{self.last}",
            f"Referrals of potential victims to the coordination unit {where}",
            referred,
            {
                "indicator": "indicator/referrals-for-identification",
                "thb:organization": d.unit.key,
                "thb:value": str(referrals),
                "sdmx-attribute:unitMeasure": "unit/referral",
            },
        )
        applied = self._observation(
            f"reflection-period-first-applications-{self.last}",
            f"Foreigners applying for a reflection period for the first time {where}",
            reflection,
            {
                "indicator": "indicator/reflection-period-first-applications",
                "thb:victimGroup": "victim-group/foreigners",
                "thb:value": str(granted + denied),
                "sdmx-attribute:unitMeasure": "unit/person",
                "thb:breakdownComplete": "true",
            },
        )
        for decision, value in (("granted", granted), ("denied", denied)):
            self._observation(
                f"reflection-period-first-applications-{self.last}-{decision}",
                f"First-time reflection-period applications {decision} {where}",
                reflection,
                {
                    "indicator": "indicator/reflection-period-first-applications",
                    "thb:victimGroup": "victim-group/foreigners",
                    "thb:decision": f"decision/{decision}",
                    "thb:value": str(value),
                    "sdmx-attribute:unitMeasure": "unit/person",
                    "thb:breakdownOf": applied,
                },
            )

    def _gaps(self) -> None:
        r, d = self.report, self.data
        chosen: list[Aim] = self.rng.sample(GAPS, 2 if self.rng.random() < OPTIONAL else 1)
        self._para("## Gaps and recommendations")
        sentences = []
        for number, gap in enumerate(chosen):
            found = f"The unit {'also ' if number else ''}finds that {self.c.name} {gap.text}."
            asked = RECOMMENDATIONS[gap.slug]
            recommends = f"The unit {'also ' if number else ''}recommends that the Government {asked}."
            sentences += [found, recommends]
            gap_key = r.entity(
                self._key("gap", gap.slug), "thb:Gap", f"{self.c.name} {gap.text} (synthetic report {self.prefix})"
            )
            r.claim(found, gap_key, {"dcterms:description": found, "thb:concerns": [self.c.key, *gap.topics]})
            # A missing label: the first recommendation declared without its preferred label.
            label = None if "missing-label" in self.faults and number == 0 else f"{asked[0].upper()}{asked[1:]}"
            rec_key = r.entity(
                self._key("recommendation", gap.slug),
                "thb:Recommendation",
                label and f"{label} (synthetic report {self.prefix})",
            )
            r.claim(
                recommends,
                rec_key,
                {
                    "thb:recommends": asked,
                    "thb:recommendedBy": d.unit.key,
                    "thb:recommendationTo": self.c.key,
                    "thb:concerns": list(gap.topics),
                    "thb:addresses": gap_key,
                },
            )
            r.gaps[gap.slug] = (gap_key, found)
            r.recommendations[gap.slug] = (rec_key, recommends)
        self._para(*sentences)


def write_report(data: CountryData, year: int, others: list[Country], seed: int, faults: Iterable[str] = ()) -> Report:
    """The report on ``data``'s country for ``year``, naming some of ``others``, with ``faults``
    (bench/corpus.py's FAULTS) put in."""
    rng = random.Random(f"{seed}:{data.country.code}:{year}")
    return Writer(data, year, others, rng, frozenset(faults)).write()
