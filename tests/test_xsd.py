"""The XSD lexical check, case by case from the definitions of XML Schema 1.1 Part 2, section 3."""

from __future__ import annotations

import pytest

from thbkg.core import xsd
from thbkg.core.namespaces import XSD

VALID = [
    ("string", ""),
    ("string", "tab\tand\nline breaks"),
    ("normalizedString", "one  two"),
    ("token", "one two"),
    ("token", ""),
    ("language", "en"),
    ("language", "nb-NO"),
    ("Name", "thb:Thing"),
    ("NCName", "_thing-1.0"),
    ("anyURI", "https://w3id.org/thbkg/"),
    ("anyURI", "not/absolute but allowed"),  # 3.3.17: any sequence of XML characters
    ("boolean", "true"),
    ("boolean", "0"),
    ("decimal", "-1.23"),
    ("decimal", "+100000.00"),
    ("decimal", "210"),
    ("decimal", "1."),
    ("decimal", ".5"),
    ("integer", "-1"),
    ("integer", "0"),
    ("integer", "-0"),
    ("integer", "+12678967543233"),
    ("integer", "9" * 5000),  # unbounded, and longer than int() reads
    ("nonPositiveInteger", "+0"),
    ("negativeInteger", "-1"),
    ("nonNegativeInteger", "-0"),  # zero may carry either sign
    ("positiveInteger", "+1"),
    ("long", "9223372036854775807"),
    ("int", "-2147483648"),
    ("short", "-32768"),
    ("byte", "127"),
    ("byte", "-128"),
    ("unsignedLong", "18446744073709551615"),
    ("unsignedInt", "4294967295"),
    ("unsignedShort", "65535"),
    ("unsignedByte", "255"),
    ("double", "-1E4"),
    ("double", "1.0e3"),
    ("double", "1267.43233E12"),
    ("double", "12.78e-2"),
    ("double", "12"),
    ("double", "-0"),
    ("double", "INF"),
    ("double", "-INF"),
    ("double", "+INF"),  # new in 1.1
    ("double", "NaN"),
    ("float", "1.5"),
    ("duration", "P1Y2M3DT10H30M"),
    ("duration", "-P120D"),
    ("duration", "P1Y2M"),
    ("duration", "PT36H"),
    ("duration", "P0Y1347M0D"),
    ("duration", "PT1.5S"),
    ("dateTime", "2002-10-10T12:00:00-05:00"),
    ("dateTime", "2002-10-10T17:00:00Z"),
    ("dateTime", "2009-12-31T24:00:00"),  # midnight at the end of the day
    ("dateTime", "-0044-03-15T12:00:00"),
    ("date", "2002-10-10+13:00"),
    ("date", "2012-02-29"),
    ("date", "2000-02-29"),
    ("date", "0000-01-01"),  # year zero is 1 BCE
    ("date", "12009-01-01"),
    ("time", "13:20:00"),
    ("time", "13:20:30.5555-05:00"),
    ("time", "00:00:00+14:00"),
    ("gYearMonth", "1999-05"),
    ("gYearMonth", "-2010-12Z"),
    ("gYear", "2009"),
    ("gYear", "-0001"),
    ("gYear", "2009Z"),
    ("gMonthDay", "--12-25"),
    ("gMonthDay", "--02-29"),  # no year, so a leap day may be meant
    ("gDay", "---31"),
    ("gMonth", "--05"),
]

INVALID = [
    ("string", "nul\x00"),
    ("string", "lone \udc80 surrogate"),
    ("normalizedString", "tab\there"),
    ("token", " leading"),
    ("token", "trailing "),
    ("token", "two  spaces"),
    ("language", "ninechars"),
    ("language", "en_GB"),
    ("Name", "1st"),
    ("anyURI", "nul\x00"),
    ("NCName", "thb:Thing"),
    ("boolean", "True"),
    ("boolean", "yes"),
    ("decimal", "1e3"),
    ("decimal", "."),
    ("decimal", ""),
    ("integer", "1.0"),
    ("integer", "1_000"),
    ("integer", " 1"),
    ("integer", "1\n"),
    ("nonPositiveInteger", "1"),
    ("negativeInteger", "0"),
    ("nonNegativeInteger", "-1"),
    ("positiveInteger", "0"),
    ("positiveInteger", "-" + "9" * 5000),
    ("long", "9223372036854775808"),
    ("long", "9" * 5000),
    ("int", "2147483648"),
    ("short", "32768"),
    ("byte", "128"),
    ("byte", "-129"),
    ("unsignedLong", "18446744073709551616"),
    ("unsignedInt", "-1"),
    ("unsignedShort", "65536"),
    ("unsignedByte", "256"),
    ("double", "inf"),
    ("double", "nan"),
    ("double", "-NaN"),
    ("double", "1e"),
    ("double", "e3"),
    ("float", "1,5"),
    ("duration", "P"),
    ("duration", "PT"),
    ("duration", "P1YT"),
    ("duration", "P-1Y"),
    ("duration", "1Y"),
    ("duration", "P1.5Y"),
    ("duration", "P1S"),
    ("duration", "P6"),
    ("dateTime", "2002-10-10"),
    ("dateTime", "2002-10-10T24:00:01"),
    ("dateTime", "2002-10-10T12:00:00+14:30"),
    ("date", "2010-02-29"),
    ("date", "1900-02-29"),  # divisible by 100, not by 400
    ("date", "2010-04-31"),
    ("date", "10-01-01"),
    ("date", "02010-01-01"),  # more than four digits must not start with 0
    ("date", "2010-1-01"),
    ("time", "24:00:01"),
    ("time", "13:20"),
    ("gYearMonth", "2010-13"),
    ("gYear", "09"),
    ("gYear", "20x3"),
    ("gYear", "2009 "),
    ("gMonthDay", "--02-30"),
    ("gMonthDay", "--04-31"),
    ("gDay", "---32"),
    ("gMonth", "--13"),
]


@pytest.mark.parametrize(("datatype", "lexical"), VALID)
def test_lexical_forms_of_the_spec_are_valid(datatype: str, lexical: str) -> None:
    assert xsd.valid(lexical, XSD + datatype)


@pytest.mark.parametrize(("datatype", "lexical"), INVALID)
def test_texts_outside_the_lexical_space_are_invalid(datatype: str, lexical: str) -> None:
    assert not xsd.valid(lexical, XSD + datatype)


def test_every_datatype_is_covered() -> None:
    assert {XSD + datatype for datatype, _ in VALID} == {XSD + datatype for datatype, _ in INVALID} == xsd.DATATYPES


def test_a_datatype_it_cannot_check_is_an_error_not_a_pass() -> None:
    with pytest.raises(KeyError):
        xsd.valid("00", XSD + "hexBinary")
