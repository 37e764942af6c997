"""The values a saved query's parameter can take that the data has: what a form offers to choose
from. Read from the parameter's type and default alone (never from the query), as hints.py reads
the values closest to one that matches nothing, and with the same look-ups:

* an IRI parameter: the IRIs of its default's kind (those directly in the default's namespace:
  ``organization/``, ``country-role/``, the ontology's ``#``); none when it has no default, as
  nothing then says its kind;
* an integer or ``xsd:gYear`` parameter: the years the data has dates in (the saved queries
  compare such a parameter with ``YEAR()`` of a date);
* any other parameter: none (any text or number may be given).
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from thbkg.sparql.hints import YEAR_TYPES, YEARS, Runner, iris_in, namespace
from thbkg.sparql.params import Parameter, to_term


def choices(param: Parameter, default: str | None, run: Runner) -> list[str]:
    """The values to offer for ``param``: whole IRIs in order, or years ascending."""
    if param.kind == "iri" and default is not None:
        space = namespace(to_term(param, default).value)
        return sorted(iris_in(space, run))
    if param.datatype in YEAR_TYPES:
        years = {t.value for row in run(YEARS, "SELECT").rows if isinstance(t := row.get("v"), ox.Literal)}
        return sorted(years, key=Decimal)
    return []
