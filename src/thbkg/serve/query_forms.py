"""``/queries/``: every saved query as a page a person can use: what it answers, a form with its
parameters (defaults filled in, and the values the data has to choose from), and its result as a
readable table (result_table.py).

The form is a plain GET form, so the page's address is the share link: it reopens exactly that
query with those values, and works without script. Values are bound as the API binds them
(api.py: an escaped term in a VALUES block, never pasted into the text) and the query runs on the
same workers under the same time limit; the page shows at most PAGE_ROWS rows and links the whole
result as JSON and CSV, the text that ran, and the same query in the SPARQL editor. A value that
matches nothing is named with the closest values the data has, as the API's header names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

import anyio
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from thbkg.core.errors import QueryError
from thbkg.core.namespaces import THBR, expand_curie, shorten
from thbkg.serve.api import bound_text, saved_query, unmatched_values, url_parameters
from thbkg.serve.config import ServeConfig
from thbkg.serve.form_choices import Choice, FormChoices, read_choices
from thbkg.serve.htmlkit import esc, lang, page, page_name
from thbkg.serve.http_error import HttpError
from thbkg.serve.labels import MAX_IRIS, Labels, read_labels
from thbkg.serve.pool import Pool
from thbkg.serve.result_table import result_html
from thbkg.serve.worker import Answer, Job
from thbkg.sparql.catalogue import SavedQuery, without_header
from thbkg.sparql.params import Parameter, to_term
from thbkg.sparql.results import Result, parse_answer

PAGE_ROWS = 1000  # rows a page shows; the JSON and CSV links give the whole result
RESULTS_JSON = "application/sparql-results+json"
STYLES = ("/static/results.css",)


def form_routes(config: ServeConfig, pool: Pool, catalogue: dict[str, SavedQuery]) -> list[Route]:
    """``/queries/`` (the list) and ``/queries/NAME`` (one query, run with the URL's values)."""
    offered: dict[str, dict[str, list[Choice]]] = {}  # the data does not change while the server runs

    async def listing(_request: Request) -> Response:
        return HTMLResponse(page("Saved queries", listing_html(catalogue.values()), styles=STYLES))

    async def one(request: Request) -> Response:
        query = saved_query(catalogue, request.path_params["name"])
        given = url_parameters(request.scope["query_string"])
        if query.name not in offered:
            offered[query.name] = read_choices(await _task(pool, FormChoices(query)))
        shown = {p.name: given.get(p.name, query.defaults.get(p.name, "")) for p in query.parameters}
        form = form_html(query, shown, offered[query.name])
        try:
            text = bound_text(query, given)
        except HttpError as exc:
            return _page(query, form, _problem(exc.message), exc.status)
        answer = await anyio.to_thread.run_sync(pool.run, Job(text, RESULTS_JSON, None, PAGE_ROWS, config.endpoint))
        if answer.status != 200:
            return _page(query, form, _problem(answer.message), answer.status)
        result = parse_answer(query.form, answer.body)
        labels = read_labels(await _task(pool, Labels(tuple(_iris(result))[:MAX_IRIS])))
        misses = await unmatched_values(pool, query, given) if answer.empty and query.parameters else []
        caption = query.summary or query.name
        parts = [
            links_html(query, shown),
            *(_problem(str(miss)) for miss in misses),
            result_html(result, labels, caption),
            _cut_note(answer),
            f"<details><summary>The SPARQL that ran</summary><pre>{esc(without_header(text))}</pre></details>",
        ]
        return _page(query, form, "\n".join(p for p in parts if p), 200)

    return [
        Route("/queries/", listing, methods=["GET"]),
        Route("/queries/{name}", one, methods=["GET"]),
    ]


def listing_html(queries: Iterable[SavedQuery]) -> str:
    """Every saved query: its question linked to its page, and what it returns."""
    items = "".join(
        f'<li><a href="/queries/{esc(q.name)}">{esc(q.summary or q.name)}</a>'
        f'<br><small class="note">{esc(q.description)}</small></li>'
        for q in queries
    )
    return (
        "<h1>Saved queries</h1><p>Each question the graph answers as a page: choose the values, run it, "
        'and share the page\'s address. <a href="/query">The SPARQL editor</a> runs any query.</p>'
        f'<ol class="queries">{items}</ol>'
    )


def form_html(query: SavedQuery, shown: dict[str, str], offered: dict[str, list[Choice]]) -> str:
    """The parameters as a GET form to this page (no form when the query takes none)."""
    if not query.parameters:
        return ""
    fields = "".join(_field(p, shown[p.name], offered.get(p.name, [])) for p in query.parameters)
    return (
        f'<form class="params" method="get" action="/queries/{esc(query.name)}">{fields}'
        '<div class="field"><button type="submit">Run</button></div></form>'
    )


def links_html(query: SavedQuery, shown: dict[str, str]) -> str:
    """The share link and the same query elsewhere: JSON, CSV, its SPARQL text, the editor."""
    values = [(p.name, shown[p.name]) for p in query.parameters if shown[p.name]]
    search = f"?{urlencode(values)}" if values else ""
    and_format = f"{search}&format=" if values else "?format="
    name = esc(query.name)
    editor = urlencode([("saved", query.name), *values])
    return (
        f'<p class="links"><a href="/queries/{name}{esc(search)}" rel="bookmark">Share link</a> '
        "(reopens this query with these values) · Result as "
        f'<a href="/api/queries/{name}{esc(and_format)}json">JSON</a>, '
        f'<a href="/api/queries/{name}{esc(and_format)}csv">CSV</a> · '
        f'<a href="/api/queries/{name}.rq{esc(search)}">SPARQL text</a> · '
        f'<a href="/query?{esc(editor)}">Open in the SPARQL editor</a></p>'
    )


def form_value(iri: str) -> str:
    """How a form writes an IRI: a key for our things, a CURIE for a term of a known vocabulary,
    else the IRI; each reads back as the same IRI (params.py)."""
    if iri.startswith(THBR):
        return iri.removeprefix(THBR)
    short = shorten(iri)
    curie = f"{short[0]}:{short[1]}" if short else ""
    return curie if short and expand_curie(curie) == iri else iri


def _field(param: Parameter, value: str, offered: list[Choice]) -> str:
    ident = f"param-{esc(param.name)}"
    kind = param.describe().removeprefix(param.name).strip(" ()")
    label = f'<label for="{ident}">{esc(param.name)} <small class="note">{esc(kind)}</small></label>'
    named = f'id="{ident}" name="{esc(param.name)}"' + (" required" if param.required else "")
    if not offered:
        return f'<div class="field">{label}<input {named} value="{esc(value)}"></div>'
    given = _term_value(param, value)
    options = sorted((_option(param, c, given) for c in offered), key=lambda o: o[0].casefold())
    known = any(selected for _, _, selected in options)
    extra = [f'<option value="{esc(value)}" selected>{esc(value)}</option>'] if value and not known else []
    anything = [] if param.required else ['<option value="">(any)</option>']
    html = [*anything, *extra, *(markup for _, markup, _ in options)]
    return f'<div class="field">{label}<select {named}>{"".join(html)}</select></div>'


def _option(param: Parameter, choice: Choice, given: str) -> tuple[str, str, bool]:
    """(sort key, markup, selected) of one choice: its label, else its short name."""
    written = form_value(choice.value) if param.kind == "iri" else choice.value
    text = choice.label.text if choice.label else page_name(choice.value) if param.kind == "iri" else choice.value
    language = lang(choice.label.lang if choice.label else None)
    selected = choice.value == given
    mark = " selected" if selected else ""
    return text, f'<option value="{esc(written)}"{language}{mark}>{esc(text)}</option>', selected


def _term_value(param: Parameter, value: str) -> str:
    """The IRI or lexical form ``value`` stands for, to find it among the choices."""
    try:
        return to_term(param, value).value if value else ""
    except QueryError:
        return value


def _iris(result: Result) -> list[str]:
    terms = [t for row in result.rows for t in row.values()] + [t for triple in result.graph or () for t in triple]
    return list(dict.fromkeys(t.value for t in terms if isinstance(t, ox.NamedNode)))


def _cut_note(answer: Answer) -> str:
    if not answer.truncated:
        return ""
    return f'<p class="note">The first {PAGE_ROWS} rows; the JSON and CSV links above give the whole result.</p>'


def _problem(message: str) -> str:
    return f'<p class="problem" role="alert">{esc(message)}</p>'


def _page(query: SavedQuery, form: str, body: str, status: int) -> Response:
    title = query.summary or query.name
    head = f"<h1>{esc(title)}</h1><p>{esc(query.description)}</p>"
    return HTMLResponse(page(title, head + form + body, styles=STYLES), status_code=status)


async def _task(pool: Pool, task: FormChoices | Labels) -> Answer:
    """The answer of a lookup task run in a query worker; its error status as an HttpError."""
    answer = await anyio.to_thread.run_sync(pool.run, task)
    if answer.status != 200:
        raise HttpError(answer.status, answer.message)
    return answer
