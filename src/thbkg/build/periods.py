"""Periods, and the instants that begin and end them, read from the ISO 8601 slug of a period key.

A slug names a whole calendar unit, or a range of whole years: ``2009``, ``2010-09``,
``2010-03-15``, ``2011-2014``. Their ends are exact, so they begin and end on days (the first
and the last of the unit). Or it names an interval between two instants, each known to a year, a
month or a day, joined by ISO 8601-2's double hyphen (``/`` cannot stand in a slug):
``2003--2010-03`` runs from some time in 2003 to some time in March 2010, and its instants keep
that precision. The build describes both in OWL-Time (build/registry.py).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from thbkg.build.literals import MONTHS

POINT = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
YEARS = re.compile(r"^(?P<start>\d{4})-(?P<end>\d{4})$")
FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-YYYY, or two of the first three joined by -- (2003--2010-03)"
Precision = Literal["year", "month", "day"]


@dataclass(frozen=True)
class Instant:
    """A point in time known to a year, a month or a day: its slug (``2010-03``) names it."""

    slug: str
    precision: Precision
    first_day: date
    last_day: date

    @property
    def label(self) -> str:
        """``2003``, ``March 2010``, ``15 March 2010``."""
        if self.precision == "year":
            return self.slug
        month = f"{MONTHS[self.first_day.month - 1]} {self.first_day.year}"
        return month if self.precision == "month" else f"{self.first_day.day} {month}"


@dataclass(frozen=True)
class Period:
    """A period: its slug, the instants it begins and ends with, and its readable name."""

    slug: str
    beginning: Instant
    end: Instant
    label: str

    @property
    def start_date(self) -> date:
        """The first day the period may include."""
        return self.beginning.first_day

    @property
    def end_date(self) -> date:
        """The last day the period may include."""
        return self.end.last_day


def instant(slug: str) -> Instant:
    """The instant a slug names; ValueError saying what is wrong with it (month 13, 30 February)."""
    match = POINT.match(slug)
    if not match:
        raise ValueError(f"{slug!r} is not a year, month or day (YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(match["year"])
    if year < 1:
        raise ValueError("year 0000 is before the first year of the calendar")
    if match["month"] is None:
        return Instant(slug, "year", date(year, 1, 1), date(year, 12, 31))
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise ValueError(f"month {match['month']} is not a month (01 to 12)")
    days = calendar.monthrange(year, month)[1]
    if match["day"] is None:
        return Instant(slug, "month", date(year, month, 1), date(year, month, days))
    day = int(match["day"])
    if not 1 <= day <= days:
        raise ValueError(f"{MONTHS[month - 1]} {year} has {days} days, so there is no day {match['day']}")
    return Instant(slug, "day", date(year, month, day), date(year, month, day))


def _day(day: date) -> Instant:
    return Instant(day.isoformat(), "day", day, day)


def _whole_units(first: date, last: date) -> str | None:
    """The slug of the whole day, month, year or range of years from ``first`` to ``last``, if any."""
    if first == last:
        return first.isoformat()
    month_end = calendar.monthrange(last.year, last.month)[1]
    if (first.year, first.month, first.day, last.day) == (last.year, last.month, 1, month_end):
        return f"{first.year}-{first.month:02d}"
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return str(first.year) if first.year == last.year else f"{first.year}-{last.year}"
    return None


def _interval(slug: str, start_slug: str, end_slug: str) -> Period:
    start, end = instant(start_slug), instant(end_slug)
    if start.slug == end.slug:
        raise ValueError(f"its two ends are the same instant: write period/{start.slug}")
    if end.last_day < start.first_day:
        raise ValueError(f"its end ({end.label}) is before its start ({start.label})")
    if start.precision == end.precision == "day" and (whole := _whole_units(start.first_day, end.last_day)):
        raise ValueError(f"it runs over whole days, months or years: write period/{whole}")
    return Period(slug, start, end, f"{start.label} to {end.label}")


def _years(slug: str, first: int, last: int) -> Period:
    if last == first:
        raise ValueError(f"it begins and ends in the same year: write period/{first}")
    if last < first:
        raise ValueError(f"its end ({last}) is before its start ({first})")
    return Period(slug, _day(date(first, 1, 1)), _day(date(last, 12, 31)), slug)


def parse_period(slug: str) -> Period:
    """The period a key's slug names; ValueError saying what is wrong with the slug."""
    if "--" in slug:
        start, _, end = slug.partition("--")
        return _interval(slug, start, end)
    if years := YEARS.match(slug):
        return _years(slug, int(years["start"]), int(years["end"]))
    if not POINT.match(slug):
        raise ValueError(f"write {FORMS}")
    unit = instant(slug)
    return Period(slug, _day(unit.first_day), _day(unit.last_day), unit.label)
