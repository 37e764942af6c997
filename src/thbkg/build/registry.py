"""The things of the graph: declared entities, the countries, periods and regions minted from keys,
and the languages of the jurisdictions that bodies and laws belong to."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, TIME, XSD

from thbkg.build.language_tags import language_tag
from thbkg.build.ntriples import Lines
from thbkg.build.ontology import Vocabulary
from thbkg.build.periods import Instant, parse_period
from thbkg.build.places import add_region, city_container, locode, region_container
from thbkg.build.terms import SCHEMA, THB, expand_curie, key_iri
from thbkg.build.yamlfile import Items, Node, each_mapping, require_fields
from thbkg.core.errors import Problem
from thbkg.core.namespaces import KEY_PATTERN

ENTITY_FIELDS = {"key", "type"}
ENTITY_OPTIONAL = {"label", "definition", "scheme", "broader", "top", "notation", "jurisdiction", "dimensions"}
LABEL_FIELD = "label_"  # label_<BCP 47 tag>: the preferred label in that language (label_nb, label_se)
JURISDICTION_FIELDS = {"key", "languages"}


@dataclass
class Entity:
    """A declared thing, with where it was declared."""

    key: str
    types: list[URIRef]
    node: Node
    label: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # other languages' preferred labels, by tag
    definition: str | None = None
    scheme: str | None = None
    broader: list[str] = field(default_factory=list)
    top: bool = False
    notation: str | None = None
    jurisdiction: str | None = None
    dimensions: list[URIRef] = field(default_factory=list)


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [str(value)]


class Registry:
    """Every key the mappings may name, and the reference triples that describe them."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.entities: dict[str, Entity] = {}
        self.minted: set[str] = set()
        self.documents: set[str] = set()
        self.jurisdictions: dict[str, tuple[Node, list[str]]] = {}  # key: where declared, language tags

    def declare_all(self, items: object, path: Path, where: str) -> list[Problem]:
        """Declare the entities of one file's list; problems for bad or duplicate entries."""
        if not isinstance(items, Items):
            return [Problem(path, 1, f"{where} must be a list of entities")]
        return each_mapping(items, "an entity must be a mapping with key and type", self._declare)

    def _declare(self, node: Node) -> list[Problem]:
        labels = {name for name in node if name.startswith(LABEL_FIELD)}
        problems = require_fields(node, ENTITY_FIELDS, ENTITY_OPTIONAL | labels)
        if problems:
            return problems
        by_language: dict[str, str] = {}
        for name in sorted(labels):
            try:
                tag = language_tag(name.removeprefix(LABEL_FIELD))
            except ValueError as exc:
                problems.append(node.problem(name, f"{name}: {exc}"))
                continue
            if not isinstance(node[name], str):
                problems.append(node.problem(name, f"{name} must be one text"))
            elif tag == "en":
                problems.append(node.problem(name, f"{name}: the English preferred label is label:"))
            elif tag in by_language:
                problems.append(node.problem(name, f"{name}: a second preferred label in {tag}"))
            else:
                by_language[tag] = node[name]
        key = node["key"]
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            return [node.problem("key", f"key {key!r} is not of the form kind/slug (lower-case words joined by -)")]
        if key in self.entities:
            first = self.entities[key].node
            return [node.problem("key", f"key {key!r} is already declared at {first.path}:{first.line}")]
        jurisdiction = node.get("jurisdiction")
        if jurisdiction is not None and not isinstance(jurisdiction, str):
            problems.append(node.problem("jurisdiction", "jurisdiction must be one key (country/<ISO alpha-3>)"))
            jurisdiction = None
        top = node.get("top", "false")
        if top not in ("true", "false"):
            problems.append(node.problem("top", f"top must be true or false, not {top!r}"))
        elif top == "true" and not node.get("scheme"):
            problems.append(node.problem("top", "a top concept needs the scheme it heads (scheme:)"))
        types = []
        for curie in _as_list(node["type"]):
            iri = expand_curie(curie)
            if iri is None or not self.vocabulary.is_class(iri):
                problems.append(node.problem("type", f"unknown class {curie!r}"))
            else:
                types.append(iri)
        dimensions, refused = self._dimensions(node)
        problems += refused
        self.entities[key] = Entity(
            key=key,
            types=types,
            node=node,
            label=node.get("label"),
            labels=by_language,
            definition=node.get("definition"),
            scheme=node.get("scheme"),
            broader=_as_list(node.get("broader")),
            top=top == "true",
            notation=node.get("notation"),
            jurisdiction=jurisdiction,
            dimensions=dimensions,
        )
        return problems

    def declare_jurisdictions(self, items: object, path: Path) -> list[Problem]:
        """Declare the languages of each jurisdiction of one file's ``jurisdictions`` list."""
        if not isinstance(items, Items):
            return [Problem(path, 1, "jurisdictions must be a list of jurisdictions (key and languages)")]
        return each_mapping(items, "a jurisdiction must be a mapping with key and languages", self._jurisdiction)

    def _jurisdiction(self, node: Node) -> list[Problem]:
        problems = require_fields(node, JURISDICTION_FIELDS, set())
        if problems:
            return problems
        key = node["key"]
        if not isinstance(key, str) or not key.startswith("country/"):
            return [node.problem("key", f"a jurisdiction is a country key (country/<ISO alpha-3>), not {key!r}")]
        try:
            self.resolve(key)
        except ValueError as exc:
            return [node.problem("key", str(exc))]
        if key in self.jurisdictions:
            first = self.jurisdictions[key][0]
            return [node.problem("key", f"jurisdiction {key!r} is already declared at {first.path}:{first.line}")]
        languages = []
        for tag in _as_list(node["languages"]):
            try:
                languages.append(language_tag(tag))
            except ValueError as exc:
                problems.append(node.problem("languages", str(exc)))
        if not languages and not problems:
            problems.append(node.problem("languages", "a jurisdiction needs at least one language"))
        self.jurisdictions[key] = (node, languages)
        return problems

    def _dimensions(self, node: Node) -> tuple[list[URIRef], list[Problem]]:
        """The dimensions an indicator requires of its observations (``dimensions:``, CURIEs of
        qb:DimensionProperty), and a problem for each that names no dimension of the ontology."""
        dimensions, problems = [], []
        for curie in _as_list(node.get("dimensions")):
            iri = expand_curie(curie) if isinstance(curie, str) else None
            if iri is not None and self.vocabulary.is_dimension(iri):
                dimensions.append(iri)
            else:
                reason = f"{curie!r} in dimensions is not a dimension of the statistics (qb:DimensionProperty)"
                problems.append(node.problem("dimensions", reason))
        return dimensions, problems

    def resolve(self, key: object) -> URIRef:
        """The IRI of a key; ValueError saying why when it names nothing."""
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise ValueError(f"{key!r} is not a key of a thing (kind/slug)")
        if key in self.entities:
            return key_iri(key)
        kind, slug = key.split("/", 1)
        if kind == "document":
            if slug not in self.documents:
                raise ValueError(f"unknown document {key!r}: no data/sources/{slug}.yaml")
            return key_iri(key)
        if kind == "country":
            if pycountry.countries.get(alpha_3=slug) is None:
                raise ValueError(f"{key!r}: {slug} is not an ISO 3166-1 alpha-3 code")
        elif kind == "period":
            try:
                parse_period(slug)
            except ValueError as exc:
                raise ValueError(f"{key!r} is not a period: {exc}") from None
        elif kind == "place":
            self.resolve(region_container(slug))
        else:
            raise ValueError(f"unknown key {key!r}: declare it in data/reference/ or in the mapping's entities")
        self.minted.add(key)
        return key_iri(key)

    def check_links(self) -> list[Problem]:
        """Problems for scheme and broader values that name nothing, for a jurisdiction that is not
        declared with its languages, and for declared places whose key or notation is not their
        UN/LOCODE."""
        problems = []
        for entity in self.entities.values():
            if entity.key.startswith("place/"):
                problems += self._check_city(entity)
            if entity.jurisdiction is not None and entity.jurisdiction not in self.jurisdictions:
                reason = (
                    f"unknown jurisdiction {entity.jurisdiction!r}: list it with its languages under"
                    " jurisdictions: in data/reference/"
                )
                problems.append(entity.node.problem("jurisdiction", reason))
            for field_name, keys in (("scheme", _as_list(entity.scheme)), ("broader", entity.broader)):
                for key in keys:
                    try:
                        self.resolve(key)
                    except ValueError as exc:
                        problems.append(entity.node.problem(field_name, str(exc)))
        return problems

    def _check_city(self, entity: Entity) -> list[Problem]:
        """A declared place is a city: its key and notation are its UN/LOCODE, which names its country."""
        slug = entity.key.split("/", 1)[1]
        try:
            self.resolve(city_container(slug))
        except ValueError as exc:
            return [entity.node.problem("key", str(exc))]
        if entity.notation != locode(slug):
            reason = f"a city's notation is its UN/LOCODE, {locode(slug)!r}, not {entity.notation!r}"
            return [entity.node.problem("notation", reason)]
        return []

    def reference_graph(self) -> Lines:
        """Types, preferred labels, scheme links and jurisdictions of every declared or minted thing,
        and the languages of each jurisdiction."""
        graph = Lines()
        for entity in self.entities.values():
            graph.lines |= _entity_lines(
                entity.key,
                tuple(entity.types),
                entity.label,
                tuple(entity.labels.items()),
                entity.jurisdiction,
                entity.definition,
                entity.notation,
                entity.scheme,
                entity.top,
                tuple(entity.broader),
                tuple(entity.dimensions),
            )
        for key in self.minted:
            graph.lines |= _minted_lines(key)
        for key, (_, languages) in self.jurisdictions.items():
            for tag in languages:
                graph.add((key_iri(key), THB.officialLanguage, Literal(tag, datatype=XSD.language)))
        return graph


# The lines of each thing are kept per process by what they are made from: ``thbkg build --watch``
# makes the reference graph again on every change, of some 20,000 things at a thousand reports.
@cache
def _entity_lines(
    key: str,
    types: tuple[URIRef, ...],
    label: str | None,
    labels: tuple[tuple[str, str], ...],
    jurisdiction: str | None,
    definition: str | None,
    notation: str | None,
    scheme: str | None,
    top: bool,
    broader: tuple[str, ...],
    dimensions: tuple[URIRef, ...],
) -> frozenset[str]:
    """The reference lines of one declared thing."""
    graph = Lines()
    subject = key_iri(key)
    for type_iri in types:
        graph.add((subject, RDF.type, type_iri))
    if label:
        graph.add((subject, SKOS.prefLabel, Literal(label, lang="en")))
    for tag, text in labels:
        graph.add((subject, SKOS.prefLabel, Literal(text, lang=tag)))
    if jurisdiction:
        graph.add((subject, THB.jurisdiction, key_iri(jurisdiction)))
    if definition:
        graph.add((subject, SKOS.definition, Literal(definition, lang="en")))
    if notation:
        graph.add((subject, SKOS.notation, Literal(notation)))
    if scheme:
        graph.add((subject, SKOS.inScheme, key_iri(scheme)))
    if top and scheme:
        graph.add((subject, SKOS.topConceptOf, key_iri(scheme)))
    for concept in broader:
        graph.add((subject, SKOS.broader, key_iri(concept)))
    for dimension in dimensions:
        graph.add((subject, THB.requiresDimension, dimension))
    if key.startswith("place/"):
        graph.add((subject, SCHEMA.containedInPlace, key_iri(city_container(key.split("/", 1)[1]))))
    return frozenset(graph.lines)


@cache
def _minted_lines(key: str) -> frozenset[str]:
    """The reference lines of one minted thing (a country, a period, a place)."""
    graph = Lines()
    kind, slug = key.split("/", 1)
    MINTERS[kind](graph, key_iri(key), slug)
    return frozenset(graph.lines)


def _add_country(graph: Lines, subject: URIRef, code: str) -> None:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise ValueError(f"{code} is not an ISO 3166 alpha-3 code")
    name = getattr(country, "common_name", None) or country.name
    graph.add((subject, RDF.type, THB.Country))
    graph.add((subject, SKOS.prefLabel, Literal(name, lang="en")))
    graph.add((subject, SKOS.notation, Literal(code)))
    graph.add((subject, THB.alpha2, Literal(country.alpha_2)))


def _add_period(graph: Lines, subject: URIRef, slug: str) -> None:
    """A period in OWL-Time: a proper interval between two instants, with its first and last day."""
    period = parse_period(slug)
    graph.add((subject, RDF.type, TIME.ProperInterval))
    graph.add((subject, SKOS.prefLabel, Literal(period.label, lang="en")))
    graph.add((subject, THB.startDate, Literal(period.start_date.isoformat(), datatype=XSD.date)))
    graph.add((subject, THB.endDate, Literal(period.end_date.isoformat(), datatype=XSD.date)))
    graph.add((subject, TIME.hasBeginning, _add_instant(graph, period.beginning)))
    graph.add((subject, TIME.hasEnd, _add_instant(graph, period.end)))


POSITIONS = {
    "year": (TIME.inXSDgYear, XSD.gYear),
    "month": (TIME.inXSDgYearMonth, XSD.gYearMonth),
    "day": (TIME.inXSDDate, XSD.date),
}


def _add_instant(graph: Lines, instant: Instant) -> URIRef:
    """An instant, positioned at the precision its slug gives; its IRI."""
    subject = key_iri(f"instant/{instant.slug}")
    predicate, datatype = POSITIONS[instant.precision]
    graph.add((subject, RDF.type, TIME.Instant))
    graph.add((subject, SKOS.prefLabel, Literal(instant.label, lang="en")))
    graph.add((subject, predicate, Literal(instant.slug, datatype=datatype)))
    return subject


MINTERS = {"country": _add_country, "period": _add_period, "place": add_region}
