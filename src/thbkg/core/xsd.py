"""Is a text in the lexical space of an XSD datatype? One answer for every stage that types a value.

The patterns are the lexical representations of XML Schema 1.1 Part 2 (section 3), written as its
regular expressions; what the grammar leaves to a constraint is checked after the match: the value
range of a bounded integer type, and the day of the month (no 30 February, 29 February only in a
leap year, or with no year at all). A lexical form is checked as it stands: RDF keeps it as written,
so leading or trailing white space makes it invalid rather than being collapsed away.
"""

from __future__ import annotations

import re

from thbkg.core.namespaces import XSD

# The integer types, each the integers between its bounds (None: unbounded).
INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "nonNegativeInteger": (0, None),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
    "positiveInteger": (1, None),
}

_VISIBLE = "\x21-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff"  # XML's Char without white space
_CHAR = "\t\n\r\x20" + _VISIBLE
_NAME_START = (
    ":A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + "\\-.0-9\xb7\u0300-\u036f\u203f\u2040"
_YEAR = r"-?(?P<year>[1-9][0-9]{3,}|0[0-9]{3})"
_MONTH = r"(?P<month>0[1-9]|1[0-2])"
_DAY = r"(?P<day>0[1-9]|[12][0-9]|3[01])"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
_ZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DAY_TIME = r"T([0-9]+H([0-9]+M)?([0-9]+(\.[0-9]+)?S)?|[0-9]+M([0-9]+(\.[0-9]+)?S)?|[0-9]+(\.[0-9]+)?S)"
_YEAR_MONTH_DAY = r"([0-9]+Y([0-9]+M)?([0-9]+D)?|[0-9]+M([0-9]+D)?|[0-9]+D)"
_FLOAT = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN"

_LEXICAL = {
    "string": f"[{_CHAR}]*",
    "normalizedString": f"[\x20{_VISIBLE}]*",
    "token": f"([{_VISIBLE}]+(\x20[{_VISIBLE}]+)*)?",
    "language": r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    "Name": f"[{_NAME_START}][{_NAME_CHAR}]*",
    "NCName": f"[{_NAME_START.replace(':', '')}][{_NAME_CHAR.replace(':', '')}]*",
    "anyURI": f"[{_CHAR}]*",  # XSD 1.1 leaves IRI syntax to the application
    "boolean": r"true|false|1|0",
    "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    **{local: r"[+-]?[0-9]+" for local in INTEGER_RANGES},
    "float": _FLOAT,
    "double": _FLOAT,
    "duration": f"-?P({_YEAR_MONTH_DAY}({_DAY_TIME})?|{_DAY_TIME})",
    "dateTime": f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_ZONE}",
    "date": f"{_YEAR}-{_MONTH}-{_DAY}{_ZONE}",
    "time": f"{_TIME}{_ZONE}",
    "gYearMonth": f"{_YEAR}-{_MONTH}{_ZONE}",
    "gYear": f"{_YEAR}{_ZONE}",
    "gMonthDay": f"--{_MONTH}-{_DAY}{_ZONE}",
    "gDay": f"---{_DAY}{_ZONE}",
    "gMonth": f"--{_MONTH}{_ZONE}",
}
# Datatype IRI -> its lexical syntax as a full match (\Z: "$" would let a final line break through).
PATTERNS: dict[str, re.Pattern[str]] = {XSD + local: re.compile(f"(?:{body})\\Z") for local, body in _LEXICAL.items()}
DATATYPES = frozenset(PATTERNS)
INTEGERS = frozenset(XSD + local for local in INTEGER_RANGES)
_BOUND_DIGITS = 20  # 2**64 has 20 digits
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def valid(lexical: str, datatype: str) -> bool:
    """Whether ``lexical`` is a lexical form of ``datatype``, the IRI of one of DATATYPES (any other
    is a KeyError: a datatype this cannot check must not pass as checked)."""
    match = PATTERNS[str(datatype)].match(lexical)
    if match is None:
        return False
    bounds = INTEGER_RANGES.get(str(datatype).removeprefix(XSD))
    if bounds is not None:
        return _within(lexical, *bounds)
    groups = match.groupdict()
    if groups.get("day") is None or groups.get("month") is None:  # gDay: every day up to 31 is some month's
        return True
    return _day_exists(groups.get("year"), int(groups["month"]), int(groups["day"]))


def _within(integer: str, least: int | None, greatest: int | None) -> bool:
    digits = integer.lstrip("+-").lstrip("0")
    if len(digits) > _BOUND_DIGITS:  # past every finite bound (and past what int() reads): the sign decides
        return greatest is None if not integer.startswith("-") else least is None
    value = int(integer)
    return (least is None or value >= least) and (greatest is None or value <= greatest)


def _day_exists(year: str | None, month: int, day: int) -> bool:
    """XSD's day-of-month constraint: 29 February needs a leap year, or no year at all (gMonthDay)."""
    if month == 2 and day == 29 and year is not None:
        number = int(year[-4:])  # the last four digits decide, and int() reads them whatever the length
        return number % 4 == 0 and (number % 100 != 0 or number % 400 == 0)
    return day <= _DAYS_IN_MONTH[month - 1]
