"""Query results as pandas DataFrames with typed values, the way an analyst works with a table.

Numbers become numbers (a column of whole numbers an integer column), ``xsd:date`` and
``xsd:dateTime`` timestamps, ``xsd:gYear`` and ``xsd:gYearMonth`` pandas Periods (a year is a
span, not a day), booleans booleans; every other literal its text (a duration keeps its ISO 8601
form, ``P10Y``). An IRI stays an IRI string in its own column, and a column of IRIs that the
query gives no ``<column>Label`` for gets one beside it, so a table is always readable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

import pyoxigraph as ox

from thbkg.core import xsd
from thbkg.core.namespaces import XSD
from thbkg.core.terms import Term, lexical
from thbkg.sparql.results import Result

if TYPE_CHECKING:
    import pandas as pd

NUMBERS = frozenset({XSD + "decimal", XSD + "double", XSD + "float"})
TEMPORAL = frozenset({XSD + "date", XSD + "dateTime", XSD + "gYear", XSD + "gYearMonth"})  # pandas values
LABEL_SUFFIX = "Label"  # the saved queries' convention: ?org and ?orgLabel (a document's: ?docTitle)
NAMING_SUFFIXES = (LABEL_SUFFIX, "Title")
Value = object  # what a cell holds: int, float, bool, str, pd.Timestamp, pd.Period or None


def value_of(term: Term | None) -> Value:
    """The Python value of one cell."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return _literal(term)


def _literal(literal: ox.Literal) -> Value:
    datatype, text = literal.datatype.value, literal.value
    if datatype not in xsd.DATATYPES or not xsd.valid(text, datatype):  # text, or ill-typed: as written
        return text
    if datatype in xsd.INTEGERS:
        return int(text)
    if datatype in NUMBERS:
        number = float(text)
        return int(number) if number.is_integer() and datatype == XSD + "decimal" else number
    if datatype == XSD + "boolean":
        return text in ("true", "1")
    return _temporal(text, datatype) if datatype in TEMPORAL else text


def _temporal(text: str, datatype: str) -> Value:
    import pandas as pd  # here, not above: the graph views (and so the build's export) need no pandas

    if datatype == XSD + "date":
        return pd.Timestamp(date.fromisoformat(text[:10]))
    if datatype == XSD + "dateTime":
        return pd.Timestamp(text)  # an offset is kept: a timestamp with its time zone
    if datatype == XSD + "gYear":
        return pd.Period(text[:4], freq="Y")
    return pd.Period(text[:7], freq="M")  # gYearMonth


def iri_columns(result: Result) -> list[str]:
    """The columns that hold only IRIs (and at least one) and have no label or title column beside them."""
    return [
        column
        for column in result.variables
        if not any(column + suffix in result.variables for suffix in NAMING_SUFFIXES)
        and any(column in row for row in result.rows)
        and all(isinstance(row[column], ox.NamedNode) for row in result.rows if column in row)
    ]


def data_frame(result: Result, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The table of a SELECT result; ``labels`` names the IRIs of ``iri_columns`` (missing: no
    label columns are added)."""
    columns: dict[str, list[Value]] = {}
    labelled = set(iri_columns(result)) if labels is not None else set()
    for column in result.variables:
        columns[column] = [value_of(row.get(column)) for row in result.rows]
        if column in labelled:
            assert labels is not None
            columns[column + LABEL_SUFFIX] = [labels.get(str(v), str(v)) if v else None for v in columns[column]]
    import pandas as pd

    frame = pd.DataFrame(columns, columns=list(columns))
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Whole-number columns as nullable integers, the rest as pandas infers them; an empty table
    keeps its columns."""
    import pandas as pd

    for column in frame.columns:
        values = [v for v in frame[column] if v is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = pd.array(list(frame[column]), dtype="Int64")
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            frame[column] = pd.array(list(frame[column]), dtype="Float64")
        elif values and all(isinstance(v, pd.Timestamp) for v in values):
            frame[column] = pd.to_datetime(frame[column])
    return frame


def graph_frame(triples: Iterable[ox.Triple], labels: Callable[[Iterable[str]], Mapping[str, str]]) -> pd.DataFrame:
    """A CONSTRUCT or DESCRIBE answer as a table of subject, predicate and object, labelled."""
    rows = [{"subject": t.subject, "predicate": t.predicate, "object": t.object} for t in triples]
    result = Result("SELECT", ["subject", "predicate", "object"], rows)
    iris = {lexical(row[c]) for row in rows for c in iri_columns(result)}
    return data_frame(result, labels(iris))
