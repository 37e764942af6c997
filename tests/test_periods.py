"""Period keys: the day or interval each slug names, checked against the Gregorian calendar and
ISO 8601 (month lengths, leap years: every fourth year, but not 1900, though 2000), and the OWL-Time
description the build mints for a period."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, TIME, XSD

from thbkg.build.ontology import Vocabulary, load_ontology
from thbkg.build.periods import instant, parse_period
from thbkg.build.registry import Registry
from thbkg.build.terms import THB, key_iri


@pytest.mark.parametrize(
    ("slug", "first", "last"),
    [
        ("2009", date(2009, 1, 1), date(2009, 12, 31)),
        ("2010-09", date(2010, 9, 1), date(2010, 9, 30)),  # "Thirty days hath September"
        ("2010-04", date(2010, 4, 1), date(2010, 4, 30)),
        ("2010-12", date(2010, 12, 1), date(2010, 12, 31)),
        ("2011-02", date(2011, 2, 1), date(2011, 2, 28)),  # 2011 is no leap year
        ("2012-02", date(2012, 2, 1), date(2012, 2, 29)),  # 2012 is
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29)),  # a century divisible by 400 is
        ("1900-02", date(1900, 2, 1), date(1900, 2, 28)),  # one that is not, is not
        ("2012-02-29", date(2012, 2, 29), date(2012, 2, 29)),
        ("2011-2014", date(2011, 1, 1), date(2014, 12, 31)),
        ("2003--2010-03", date(2003, 1, 1), date(2010, 3, 31)),
        ("2010-03-15--2010-06", date(2010, 3, 15), date(2010, 6, 30)),
        ("2009-12--2010-02-28", date(2009, 12, 1), date(2010, 2, 28)),
    ],
)
def test_a_period_runs_from_its_first_to_its_last_possible_day(slug: str, first: date, last: date) -> None:
    period = parse_period(slug)
    assert (period.start_date, period.end_date) == (first, last)


@pytest.mark.parametrize(
    ("slug", "label"),
    [
        ("2009", "2009"),
        ("2011-2014", "2011-2014"),
        ("2010-03", "March 2010"),
        ("2010-03-15", "15 March 2010"),
        ("2003--2010-03", "2003 to March 2010"),
    ],
)
def test_a_period_has_a_readable_english_name(slug: str, label: str) -> None:
    assert parse_period(slug).label == label


def test_an_interval_keeps_the_precision_of_each_end() -> None:
    """ "Since its introduction in 2003", in a document of March 2010: known to the year at one end
    and to the month at the other."""
    period = parse_period("2003--2010-03")
    assert (period.beginning.slug, period.beginning.precision) == ("2003", "year")
    assert (period.end.slug, period.end.precision) == ("2010-03", "month")


@pytest.mark.parametrize(
    ("slug", "first", "last"),
    [
        ("2009", "2009-01-01", "2009-12-31"),
        ("2010-09", "2010-09-01", "2010-09-30"),
        ("2011-2014", "2011-01-01", "2014-12-31"),
    ],
)
def test_a_whole_unit_begins_and_ends_on_days(slug: str, first: str, last: str) -> None:
    """A calendar year, a month or a range of whole years has exact ends: its first and last day."""
    period = parse_period(slug)
    assert [(i.slug, i.precision) for i in (period.beginning, period.end)] == [(first, "day"), (last, "day")]


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("2010-13", "month 13 is not a month (01 to 12)"),
        ("2010-00", "month 00 is not a month (01 to 12)"),
        ("2010-02-30", "February 2010 has 28 days, so there is no day 30"),
        ("2011-02-29", "February 2011 has 28 days, so there is no day 29"),
        ("1900-02-29", "February 1900 has 28 days, so there is no day 29"),
        ("2010-04-31", "April 2010 has 30 days, so there is no day 31"),
        ("2010-03-00", "March 2010 has 31 days, so there is no day 00"),
        ("0000", "year 0000 is before the first year of the calendar"),
        ("2010--2003", "its end (2003) is before its start (2010)"),
        ("2010-03--2010-02-28", "its end (28 February 2010) is before its start (March 2010)"),
        ("2014-2011", "its end (2011) is before its start (2014)"),
        ("2010-2010", "write period/2010"),
        ("2010-03--2010-03", "write period/2010-03"),
        ("2010-03-01--2010-03-31", "write period/2010-03"),
        ("2009-01-01--2009-12-31", "write period/2009"),
        ("2011-01-01--2014-12-31", "write period/2011-2014"),
        ("2010-13--2011", "month 13 is not a month"),
        ("2003--2010-02-29", "February 2010 has 28 days"),
        ("2003--2005--2010", "is not a year, month or day"),
        ("2010/2011", "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-YYYY"),
        ("201", "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-YYYY"),
    ],
)
def test_a_slug_that_names_no_period_says_why(slug: str, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_period(slug)
    assert reason in str(caught.value)


def test_a_leap_day_is_a_day_only_in_a_leap_year() -> None:
    assert instant("2000-02-29").first_day == date(2000, 2, 29)
    assert instant("2012-02-29").label == "29 February 2012"
    with pytest.raises(ValueError, match="February 2100 has 28 days"):
        instant("2100-02-29")


@pytest.fixture(scope="module")
def registry(layout) -> Registry:
    return Registry(Vocabulary(load_ontology(layout.ontology)))


def test_a_bad_period_key_is_refused_with_the_key_and_the_reason(registry: Registry) -> None:
    with pytest.raises(ValueError, match=r"'period/2010-02-30' is not a period: February 2010 has 28 days"):
        registry.resolve("period/2010-02-30")


def test_the_keys_in_use_keep_their_iris(registry: Registry) -> None:
    for key in ("period/2009", "period/2010-09", "period/2011-2014"):
        assert registry.resolve(key) == URIRef(f"https://w3id.org/thbkg/id/{key}")


def test_a_period_is_an_owl_time_interval_between_two_instants(registry: Registry) -> None:
    registry.resolve("period/2003--2010-03")
    graph = registry.reference_graph()
    period, beginning, end = (key_iri(k) for k in ("period/2003--2010-03", "instant/2003", "instant/2010-03"))
    assert (period, RDF.type, TIME.ProperInterval) in graph
    assert (period, SKOS.prefLabel, Literal("2003 to March 2010", lang="en")) in graph
    assert (period, THB.startDate, Literal("2003-01-01", datatype=XSD.date)) in graph
    assert (period, THB.endDate, Literal("2010-03-31", datatype=XSD.date)) in graph
    assert (period, TIME.hasBeginning, beginning) in graph
    assert (period, TIME.hasEnd, end) in graph
    assert (beginning, RDF.type, TIME.Instant) in graph
    assert (beginning, TIME.inXSDgYear, Literal("2003", datatype=XSD.gYear)) in graph
    assert (end, TIME.inXSDgYearMonth, Literal("2010-03", datatype=XSD.gYearMonth)) in graph
    assert (end, SKOS.prefLabel, Literal("March 2010", lang="en")) in graph


def test_a_month_ends_on_its_last_day(registry: Registry) -> None:
    registry.resolve("period/2012-02")
    graph = registry.reference_graph()
    end = key_iri("instant/2012-02-29")
    assert (key_iri("period/2012-02"), TIME.hasEnd, end) in graph
    assert (end, TIME.inXSDDate, Literal("2012-02-29", datatype=XSD.date)) in graph
    assert (end, SKOS.prefLabel, Literal("29 February 2012", lang="en")) in graph
