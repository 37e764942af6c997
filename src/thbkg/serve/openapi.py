"""The OpenAPI 3 document of ``/api/queries/NAME``, built from the saved queries' grlc headers.

Parameter types come from the grlc suffix of each ``?_name`` variable (``_iri``, ``_integer``, a
language tag, ...), so the document and the binding code read the same source and cannot disagree.
No ``servers`` entry: OpenAPI then resolves paths against the document's own address, which is
right whatever host or proxy a client reached us through.
"""

from __future__ import annotations

from importlib.metadata import version

from thbkg.core import xsd
from thbkg.core.namespaces import XSD
from thbkg.serve.negotiate import formats_for
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.params import Parameter

NUMBER_TYPES = frozenset({"decimal", "float", "double"})
STRING_FORMATS = {"date": "date", "dateTime": "date-time", "anyURI": "uri"}
ERRORS = {
    "400": "A missing or malformed parameter, or an unknown format",
    "406": "None of the accepted media types can be given",
    "503": "Every query worker is busy; retry after Retry-After seconds",
    "504": "The query ran past the server's time limit and was stopped",
}


def parameter_schema(param: Parameter) -> dict:
    """The JSON Schema of a parameter's value, after its grlc type."""
    if param.kind == "iri":
        return {"type": "string", "format": "iri"}
    if param.kind == "number":
        return {"type": "number"}
    if param.lang:
        return {"type": "string", "x-language": param.lang}
    if param.datatype is None:
        return {"type": "string"}
    if param.datatype in xsd.INTEGERS:
        return {"type": "integer", "x-datatype": param.datatype}
    local = param.datatype.removeprefix(XSD)
    if local in NUMBER_TYPES:
        return {"type": "number", "x-datatype": param.datatype}
    if local == "boolean":
        return {"type": "boolean", "x-datatype": param.datatype}
    known = {"format": STRING_FORMATS[local]} if local in STRING_FORMATS else {}
    return {"type": "string", **known, "x-datatype": param.datatype}


def openapi_document(catalogue: dict[str, SavedQuery]) -> dict:
    """One GET operation per saved query, with its parameters, summary and description."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "thbkg saved queries",
            "version": version("thbkg"),
            "description": (
                "Each saved SPARQL query of thbkg (queries/*.rq) as a GET call. Parameters are bound as "
                "RDF terms, never pasted into the text; results are negotiated by Accept or ?format= like "
                "/sparql, under the same time limit and row cap (X-SPARQL-MaxRows marks a cut result)."
            ),
        },
        "paths": {f"/api/queries/{q.name}": {"get": _operation(q)} for q in catalogue.values()},
    }


def _operation(query: SavedQuery) -> dict:
    formats = formats_for(query.form)
    ok: dict[str, dict] = {media: {"schema": {}} for media in formats.values()}
    errors = {
        status: {"description": text, "content": {"text/plain": {"schema": {"type": "string"}}}}
        for status, text in ERRORS.items()
    }
    return {
        "operationId": query.name,
        "summary": query.summary or query.name,
        "description": query.description,
        "tags": list(query.tags),
        "parameters": [*(_parameter(query, p) for p in query.parameters), _format_parameter(formats)],
        "responses": {"200": {"description": f"The {query.form} result", "content": ok}, **errors},
    }


def _parameter(query: SavedQuery, param: Parameter) -> dict:
    schema = parameter_schema(param)
    default = query.defaults.get(param.name)
    if default is not None:
        schema["default"] = _typed(default, schema["type"])
    return {
        "name": param.name,
        "in": "query",
        "required": param.required and default is None,
        "description": f"?{param.variable}: {param.describe()}",
        "schema": schema,
    }


def _format_parameter(formats: dict[str, str]) -> dict:
    return {
        "name": "format",
        "in": "query",
        "required": False,
        "description": "The result format; wins over Accept",
        "schema": {"type": "string", "enum": list(formats)},
    }


def _typed(value: str, kind: str) -> object:
    """A default from the header, as the JSON value its schema type asks for (else as written)."""
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    return value == "true" if kind == "boolean" else value
