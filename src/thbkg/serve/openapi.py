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


SPARQL_QUERY = "application/sparql-query"
ROW_CAP = "X-SPARQL-MaxRows"
ROW_CAP_TEXT = "Present only when the result was cut at the server's row cap, which it gives"
UNMATCHED_HEADER = "X-Unmatched-Parameter"
UNMATCHED_TEXT = (
    "Only on an empty result: one field for each parameter value that matches nothing in the data, "
    "as `name=value; closest=v1 v2 ...` with the closest values the data has (IRIs of the same kind "
    "written as the value was, or the years the data has dates in, nearest first); each part "
    "percent-encoded as in a URL. An empty result is still an answer: the status stays 200."
)
TEXT_TEXT = (
    "The text the call with these parameters runs, to run as it stands on any SPARQL 1.1 store "
    "holding the data: the query file with each value given (else its default) bound in a VALUES "
    "block, first in the outermost WHERE group. The same text `thbkg query NAME --param k=v` runs."
)
FIELDS = {
    "name": ("string", "The query's name: its file name in queries/ without .rq"),
    "url": ("string", "The call that runs it (GET, parameters as URL parameters)"),
    "summary": ("string", "The question it answers (the #+ summary)"),
    "description": ("string", "What it returns and how (the #+ description)"),
    "tags": ("array", "The #+ tags"),
    "form": ("string", "SELECT, ASK, CONSTRUCT or DESCRIBE"),
    "parameters": (
        "array",
        "Each parameter: name, required, default (null when none) and the JSON Schema of its value",
    ),
    "sparql": (
        "string",
        "The text that runs as it stands on any SPARQL 1.1 store holding the data: the template with "
        "each parameter's default bound in a VALUES block, first in the outermost WHERE group (the "
        "text `thbkg query NAME` and this API run). Null when a required parameter has no default. "
        "NAME.rq binds other values.",
    ),
    "template": (
        "string",
        "The query file as written: its #+ header (grlc: summary, description, tags, defaults) and "
        "each parameter as an unbound ?_name variable, for tools such as grlc. Run as it stands, an "
        "unbound parameter matches anything and gives other answers.",
    ),
}
LISTING = {
    "operationId": "listing",
    "summary": "The saved queries",
    "description": "Every saved query: enough to call it, or to run its text elsewhere.",
    "responses": {
        "200": {
            "description": "One entry per saved query, in name order",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": list(FIELDS),
                            "properties": {
                                name: {
                                    "type": kind,
                                    "description": text,
                                    **({"items": {}} if kind == "array" else {}),
                                    **({"nullable": True} if name == "sparql" else {}),
                                }
                                for name, (kind, text) in FIELDS.items()
                            },
                        },
                    }
                }
            },
        }
    },
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
    """The listing, and per saved query two GET operations: the call (its result) and its text with
    the parameters bound, each with the query's parameters, summary and description."""
    paths: dict[str, dict] = {"/api/queries": {"get": LISTING}}
    for query in catalogue.values():
        paths[f"/api/queries/{query.name}"] = {"get": _operation(query)}
        paths[f"/api/queries/{query.name}.rq"] = {"get": _text_operation(query)}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "thbkg saved queries",
            "version": version("thbkg"),
            "description": (
                "Each saved SPARQL query of thbkg (queries/*.rq) as a GET call. Parameters are bound as "
                "RDF terms, never pasted into the text; results are negotiated by Accept or ?format= like "
                "/sparql, under the same time limit and row cap (X-SPARQL-MaxRows marks a cut result). "
                "NAME.rq gives the text a call runs, to run elsewhere."
            ),
        },
        "paths": paths,
    }


def _operation(query: SavedQuery) -> dict:
    formats = formats_for(query.form)
    ok: dict[str, dict] = {media: {"schema": {}} for media in formats.values()}
    headers = {ROW_CAP: {"description": ROW_CAP_TEXT, "schema": {"type": "integer"}}}
    if query.parameters:
        headers[UNMATCHED_HEADER] = {"description": UNMATCHED_TEXT, "schema": {"type": "string"}}
    return {
        "operationId": query.name,
        "summary": query.summary or query.name,
        "description": query.description,
        "tags": list(query.tags),
        "parameters": [*(_parameter(query, p) for p in query.parameters), _format_parameter(formats)],
        "responses": {
            "200": {"description": f"The {query.form} result", "headers": headers, "content": ok},
            **_errors(ERRORS),
        },
    }


def _text_operation(query: SavedQuery) -> dict:
    return {
        "operationId": f"{query.name}-text",
        "summary": f"The SPARQL text of {query.name}, parameters bound",
        "description": TEXT_TEXT,
        "tags": list(query.tags),
        "parameters": [_parameter(query, p) for p in query.parameters],
        "responses": {
            "200": {"description": "The query text", "content": {SPARQL_QUERY: {"schema": {"type": "string"}}}},
            **_errors({"400": ERRORS["400"]}),
        },
    }


def _errors(errors: dict[str, str]) -> dict:
    """Refusals: one line of plain text each."""
    plain = {"text/plain": {"schema": {"type": "string"}}}
    return {status: {"description": text, "content": plain} for status, text in errors.items()}


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
