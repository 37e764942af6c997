"""`thbkg query`: headers, safe parameter binding, output formats, error paths, default-graph semantics.

The saved queries' answers are checked against the documents in test_catalogue.py.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from thbkg.core.errors import QueryError
from thbkg.core.namespaces import PREFIXES, QB, RDF_TYPE, SDMX_ATTRIBUTE, SDMX_DIMENSION, SKOS, THB, XSD, sparql_name
from thbkg.core.terms import Term
from thbkg.sparql.catalogue import find, load_catalogue, read_query
from thbkg.sparql.formats import result_text
from thbkg.sparql.params import bind, inject_values
from thbkg.sparql.results import Result, canonical, parse_answer
from thbkg.sparql.run import EndpointError, prepare, run_local, run_remote
from thbkg.sparql.store import load_build, load_quads

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "queries" / "example.rq"
THBR = "https://w3id.org/thbkg/id/"
XSD_INTEGER = ox.NamedNode(XSD + "integer")


@pytest.fixture(scope="module")
def store(nquads: Path) -> ox.Store:
    return load_build(nquads)


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT / "queries")


# --- headers -------------------------------------------------------------------------------------


def test_header_fields_parse_as_grlc_yaml() -> None:
    query = read_query(EXAMPLE)
    assert query.name == "example"
    assert query.form == "SELECT"
    assert query.summary == "Things of a type, with a label in a language"
    assert query.description.startswith("A fixture for the header and parameter tests")
    assert query.tags == ("fixture", "test")
    assert query.defaults == {"type": "https://example.org/Thing", "lang": "en"}
    assert query.header["endpoint_in_url"] is False


def test_parameters_follow_grlc_naming() -> None:
    params = {p.name: p for p in read_query(EXAMPLE).parameters}
    assert set(params) == {"name", "count", "note", "type", "lang", "year"}
    assert (params["type"].kind, params["type"].variable) == ("iri", "_type_iri")
    assert (params["name"].kind, params["name"].datatype) == ("literal", None)
    assert params["count"].datatype == XSD + "integer"
    assert params["year"].datatype == XSD + "gYear"  # ?_year_xsd_gYear: prefix_datatype
    assert params["note"].required is False and params["name"].required is True


def test_bad_header_yaml_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ summary: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match=r"bad\.rq: the #\+ header is not valid YAML") as err:
        read_query(bad)
    assert "\n" not in str(err.value)


def test_default_for_unknown_parameter_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ defaults:\n#+   - nope: 1\nSELECT * WHERE { ?s ?p ?_x }\n")
    with pytest.raises(QueryError, match="default for 'nope'"):
        read_query(bad)


def test_every_saved_query_has_header_parses_and_runs_with_its_defaults(catalogue, store) -> None:
    assert len(catalogue) >= 3
    for name, query in catalogue.items():
        assert name.startswith("query-") and query.summary and query.description, name
        assert query.tags, name
        text = prepare(query, {})
        prepareQuery(text)  # rdflib's parser agrees it is SPARQL 1.1
        run_local(store, text, query.form)


# --- parameter binding ---------------------------------------------------------------------------


def test_values_are_bound_as_typed_terms() -> None:
    query = read_query(EXAMPLE)
    bound = bind(list(query.parameters), {"name": "Kim", "count": "3", "year": "2009"}, query.defaults)
    assert bound == {
        "_type_iri": ox.NamedNode("https://example.org/Thing"),
        "_lang": ox.Literal("en"),
        "_name": ox.Literal("Kim"),
        "_count_integer": ox.Literal("3", datatype=XSD_INTEGER),
        "_year_xsd_gYear": ox.Literal("2009", datatype=ox.NamedNode(XSD + "gYear")),
    }  # the optional ?__note is left unbound


def test_a_thbkg_key_is_accepted_for_an_iri_parameter(catalogue) -> None:
    query = find(catalogue, "query-03")
    (param,) = query.parameters
    assert bind([param], {"thing": "organization/kom"}, {}) == {"_thing_iri": ox.NamedNode(THBR + "organization/kom")}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"nope": "1"}, "unknown parameter 'nope'"),
        ({"count": "3"}, "missing parameter 'name'"),
        ({"name": "x", "count": "three"}, "must be an xsd:integer"),
        ({"name": "x", "count": "3.5"}, "must be an xsd:integer"),
        ({"name": "x", "count": "3", "year": "last year"}, "must be an xsd:gYear"),
        ({"name": "x", "count": "3", "type": "not an iri"}, "must be an absolute IRI"),
        ({"name": "x", "count": "3", "type": "relative/path/x"}, "must be an absolute IRI"),
    ],
)
def test_malformed_parameters_are_one_line_errors(given: dict[str, str], message: str) -> None:
    query = read_query(EXAMPLE)
    with pytest.raises(QueryError, match=message) as err:
        bind(list(query.parameters), given, query.defaults)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("char", [" ", "<", ">", '"', "{", "}", "|", "^", "`", "\\", "\n"])
def test_iris_with_forbidden_characters_are_refused(char: str) -> None:
    query = read_query(EXAMPLE)
    with pytest.raises(QueryError, match="absolute IRI"):
        bind(list(query.parameters), {"name": "x", "count": "1", "type": f"https://example.org/a{char}b"}, {})


def test_an_injection_attempt_is_bound_as_a_literal_not_run(store: ox.Store) -> None:
    evil = 'x" } ; DROP ALL ; #'
    text = inject_values("SELECT ?got WHERE { BIND(?_name AS ?got) }", {"_name": ox.Literal(evil)})
    size = len(store)
    result = run_local(store, text, "SELECT")
    assert [row["got"] for row in result.rows] == [ox.Literal(evil)]
    assert len(store) == size
    # rdflib reads the same text as one query whose only value is the whole string.
    assert [str(row[0]) for row in Graph().query(text)] == [evil]


def test_an_iri_injection_attempt_is_refused() -> None:
    query = read_query(EXAMPLE)
    with pytest.raises(QueryError):
        bind(list(query.parameters), {"name": "x", "count": "1", "type": "http://x> } DROP ALL { <http://y"}, {})


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("# WHERE { in a comment\nSELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE {"),
        ('SELECT ("{" AS ?x) { ?s ?p ?o }', 'SELECT ("{" AS ?x) {'),
        ("PREFIX ex: <http://e.org/{x}>\nASK { ?s ?p ?o }", "ASK {"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {"),
        ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } {"),
        ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", "SELECT * WHERE {"),
    ],
)
def test_values_go_first_in_the_outermost_where_group(text: str, before: str) -> None:
    values = '\n  VALUES (?_x) { ("v") }'
    bound = inject_values(text, {"_x": ox.Literal("v")})
    head, sep, tail = bound.partition(values)
    assert sep and head.endswith(before) and head + tail == text


def test_short_construct_cannot_take_parameters() -> None:
    with pytest.raises(QueryError, match="long form"):
        inject_values("CONSTRUCT WHERE { ?s ?p ?_x }", {"_x": ox.Literal("v")})


def test_updates_are_refused(tmp_path: Path) -> None:
    update = tmp_path / "drop.rq"
    update.write_text("DROP ALL")
    with pytest.raises(QueryError, match="not DROP"):
        read_query(update)


# --- formats -------------------------------------------------------------------------------------

SAMPLE = Result(
    "SELECT",
    ["thing", "label", "n"],
    [
        {
            "thing": ox.NamedNode(THBR + "organization/kom"),
            "label": ox.Literal("KOM, the unit", language="en"),
            "n": ox.Literal("7"),
        },
        {"thing": ox.BlankNode("b0"), "n": ox.Literal("12", datatype=XSD_INTEGER)},
    ],
)


def test_table_is_aligned_and_counts_rows() -> None:
    lines = result_text(SAMPLE, "table").splitlines()
    assert lines[0].split() == ["thing", "label", "n"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].startswith(f"<{THBR}organization/kom>")  # `thbr:organization/kom` is not SPARQL
    column = lines[0].index("label")
    assert lines[2][column:].startswith("KOM, the unit") and lines[1][column - 2 : column] == "  "
    assert lines[-1] == "(2 rows)"


# SPARQL 1.1 grammar, [169] PN_LOCAL: a first character of PN_CHARS_U, ':', a digit or PLX; inner
# characters of PN_CHARS, '.', ':' or PLX; no '.' at the end; PLX is '%' HEX HEX or a '\' escape.
VALID_LOCALS = ["value", "_x", "1a", "2009", ":a", "a:b", "a.b", "a-b", "a%20b", "%41", "é", "a·b", "a\u0300", "a_"]
INVALID_LOCALS = ["period/2009", "a.", "-a", ".a", "·a", "a%2", "a%zz", "a b", "a~b", "a#b", "a?b", "a\\/b"]


@pytest.mark.parametrize("local", VALID_LOCALS)
def test_a_local_name_the_grammar_allows_is_printed_as_a_prefixed_name(local: str) -> None:
    assert sparql_name(THB + local) == f"thb:{local}"


@pytest.mark.parametrize("local", INVALID_LOCALS)
def test_an_iri_with_no_prefixed_name_is_printed_whole(local: str) -> None:
    assert sparql_name(THB + local) == f"<{THB}{local}>"


def test_every_iri_the_table_prints_reads_back_as_the_same_iri(store: ox.Store) -> None:
    """Jena prints results this way: each IRI cell of a table, pasted into a query, is the IRI again."""
    iris = [THB + local for local in [*VALID_LOCALS, "a.", "-a", ".a", "·a", "a~b", "a?b", "a/b"]]
    iris += [THBR + "period/2009", THBR + "country/NOR", "https://example.org/elsewhere#x", RDF_TYPE]
    shown = Result("SELECT", ["iri"], [{"iri": ox.NamedNode(iri)} for iri in iris])
    cells = [line.rstrip() for line in result_text(shown, "table").splitlines()[2:-1]]
    assert cells[-4:-2] == [f"<{THBR}period/2009>", f"<{THBR}country/NOR>"] and cells[-1] == "rdf:type"
    declared = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    for iri, cell in zip(iris, cells, strict=True):
        (row,) = run_local(store, f"{declared}SELECT ?iri WHERE {{ VALUES ?iri {{ {cell} }} }}", "SELECT").rows
        assert row["iri"] == ox.NamedNode(iri), cell


def test_csv_follows_the_sparql_csv_format() -> None:
    text = result_text(SAMPLE, "csv")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["thing", "label", "n"], [THBR + "organization/kom", "KOM, the unit", "7"], ["_:b0", "", "12"]]


def test_tsv_writes_terms_in_turtle_syntax() -> None:
    """Turtle's short form for an xsd:integer, as in the TSV example of SPARQL 1.1 CSV/TSV (``_:b1\t123``)."""
    lines = result_text(SAMPLE, "tsv").splitlines()
    assert lines[0] == "?thing\t?label\t?n"
    assert lines[1].split("\t") == [f"<{THBR}organization/kom>", '"KOM, the unit"@en', '"7"']
    assert lines[2].split("\t") == ["_:b0", "", "12"]


def test_json_follows_the_sparql_json_format_and_reads_back() -> None:
    data = json.loads(result_text(SAMPLE, "json"))
    assert data["head"] == {"vars": ["thing", "label", "n"]}
    first, second = data["results"]["bindings"]
    assert first["label"] == {"type": "literal", "value": "KOM, the unit", "xml:lang": "en"}
    assert second == {
        "thing": {"type": "bnode", "value": "b0"},
        "n": {"type": "literal", "value": "12", "datatype": XSD + "integer"},
    }
    assert parse_answer("SELECT", result_text(SAMPLE, "json").encode()).as_set() == SAMPLE.as_set()


def test_ask_and_construct_results(store: ox.Store) -> None:
    ask = run_local(store, f"ASK {{ <{THBR}organization/kom> ?p ?o }}", "ASK")
    assert json.loads(result_text(ask, "json")) == {"head": {}, "boolean": True}
    assert result_text(ask, "table") == "true\n"
    text = f'CONSTRUCT {{ ?o <{THBR}x> ?v }} WHERE {{ VALUES ?v {{ "a \\"b\\""@en }} BIND(<{THBR}o> AS ?o) }}'
    graph = run_local(store, text, "CONSTRUCT")
    turtle = result_text(graph, "turtle")
    assert {quad.triple for quad in ox.parse(turtle, format=ox.RdfFormat.TURTLE)} == set(graph.graph)
    assert result_text(graph, "nt") == f'<{THBR}o> <{THBR}x> "a \\"b\\""@en .\n'
    with pytest.raises(QueryError, match="use --format turtle or nt"):
        result_text(graph, "csv")
    with pytest.raises(QueryError, match="gives a table"):
        result_text(SAMPLE, "nt")


# --- default-graph semantics ---------------------------------------------------------------------


def test_a_triple_in_two_named_graphs_counts_once_in_the_default_graph() -> None:
    store = load_build(FIXTURES / "two-graphs.nq")

    def count(text: str) -> int:
        return int(next(iter(store.query(text)))["n"].value)

    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 2
    assert count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p "shared" }') == 1
    assert count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == 3  # named graphs kept as they are


def breakdown_figures() -> ox.Store:
    """Figures of one indicator and country in 2009 and 2010, each with three values of other
    dimensions: two figures share all three; a third shares the first and last in the order of their
    text but not the middle one."""
    ex, graph, date = "http://example.org/", f"<{THBR}graph-test>", f"^^<{XSD}date>"
    lines = [f"<{ex}dim{d}> <{RDF_TYPE}> <{QB}DimensionProperty> {graph} ." for d in "ABC"]
    lines += [
        f'<{ex}{key}> <{SKOS}prefLabel> "{label}"@en {graph} .'
        for key, label in (("cases", "Cases"), ("number", "Number"))
    ]
    for year in (2009, 2010):
        lines += [
            f'<{ex}y{year}> <{THB}startDate> "{year}-01-01"{date} {graph} .',
            f'<{ex}y{year}> <{THB}endDate> "{year}-12-31"{date} {graph} .',
        ]
    figures = {"same2009": (2009, 5, "123"), "same2010": (2010, 7, "123"), "middle2010": (2010, 9, "143")}
    for name, (year, value, breakdown) in figures.items():
        figure = f"<{ex}{name}>"
        lines += [
            f"{figure} <{THB}indicator> <{ex}cases> {graph} .",
            f"{figure} <{SDMX_DIMENSION}refPeriod> <{ex}y{year}> {graph} .",
            f"{figure} <{SDMX_DIMENSION}refArea> <{ex}norway> {graph} .",
            f'{figure} <{THB}value> "{value}"^^<{XSD}integer> {graph} .',
            f"{figure} <{SDMX_ATTRIBUTE}unitMeasure> <{ex}number> {graph} .",
        ]
        lines += [f"{figure} <{ex}dim{d}> <{ex}value{v}> {graph} ." for d, v in zip("ABC", breakdown, strict=True)]
    return load_quads("\n".join(lines).encode())


def test_query_18_pairs_only_figures_with_the_same_values_of_every_other_dimension(catalogue) -> None:
    # Two sets of three values with the same first and last value (A1, C3) but another middle one (B2,
    # B4) are two breakdowns: only the figures with the same three values make a trend (5 to 7).
    query = catalogue["query-18-trends-between-two-years"]
    trend = run_local(breakdown_figures(), prepare(query, {"from": "2009", "to": "2010"}), query.form)
    assert {(row["fromValue"].value, row["toValue"].value, row["change"].value) for row in trend.rows} == {
        ("5", "7", "increase")
    }


# rdflib's evaluator joins these bottom-up and takes from ten seconds to minutes on them; every
# saved query is also compared with a real SPARQL server in test_catalogue.py.
RDFLIB_TOO_SLOW = ("query-09", "query-10", "query-11", "query-18", "query-25", "query-26")


def test_saved_queries_answer_the_same_on_rdflib(store: ox.Store, catalogue, nquads: Path) -> None:
    """rdflib's de-duplicating union default graph is the reference the embedded store must match."""
    dataset = Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")
    for query in catalogue.values():
        if query.name.startswith(RDFLIB_TOO_SLOW):
            continue
        text = prepare(query, {})
        ours = run_local(store, text, query.form)
        rows = dataset.query(text)
        theirs = {tuple(canonical(oxigraph_term(row.asdict().get(v))) for v in ours.variables) for row in rows}
        assert ours.as_set() == theirs, query.name


def oxigraph_term(term: Node | None) -> Term | None:
    """rdflib's term as pyoxigraph's, lexical form as rdflib gives it."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal) and term.language:
        return ox.Literal(str(term), language=term.language)
    if isinstance(term, Literal):
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    return term


def test_missing_build_says_run_build_first(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match=r"run `thbkg build` first"):
        load_build(tmp_path / "thbkg.nq")


# --- the command and its error paths -------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-query"], "unknown query 'no-such-query'"),
        (["query-02", "--param", "year=twenty"], "must be an xsd:integer"),
        (["query-02", "--param", "month=5"], "unknown parameter 'month'"),
        (["query-02", "--param", "year"], "--param wants KEY=VALUE"),
        (["query-03", "--param", "thing=http://a b"], "absolute IRI"),
        (["query-01", "--endpoint", "not-a-url"], "must be an http(s) URL"),
        (["query-01", "--default-graph-uri", "https://w3id.org/thbkg/graph/reference"], "needs --endpoint"),
        (
            ["query-01", "--endpoint", "http://127.0.0.1:9/sparql", "--default-graph-uri", "no iri"],
            "--default-graph-uri must be an absolute IRI",
        ),
        (["--file", "missing.rq"], "cannot read query file"),
        ([], "give a saved query NAME or --file"),
    ],
)
def test_errors_are_one_line_and_exit_non_zero(run_cli, args: list[str], message: str) -> None:
    code, out, err = run_cli(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("thbkg query: ") and message in err


def test_syntax_error_is_one_line(run_cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p }")
    code, _, err = run_cli("--file", str(bad))
    assert code == 2 and err.count("\n") == 1 and "syntax error" in err


def test_unreachable_endpoint_is_one_line_in_a_real_process() -> None:
    url = f"http://127.0.0.1:{closed_port()}/sparql"
    done = subprocess.run(
        [sys.executable, "-m", "thbkg.cli", "--root", str(ROOT), "query", "query-01", "--endpoint", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and f"cannot reach endpoint {url}" in done.stderr


def test_list_shows_names_summaries_and_parameters(run_cli, catalogue) -> None:
    code, out, _ = run_cli("--list")
    assert code == 0
    for name, query in catalogue.items():
        assert name in out and query.summary in out
    assert "year (xsd:integer) = 2009" in out


def test_formats_from_the_command(run_cli) -> None:
    code, out, _ = run_cli("query-01", "--format", "json")
    assert code == 0 and json.loads(out)["head"]["vars"][:3] == ["documentTitle", "documentIssued", "value"]
    code, out, _ = run_cli("query-01", "--format", "csv")
    assert code == 0 and out.startswith("documentTitle,documentIssued,value,")


# --- a stub HTTP endpoint, in this process: the remote path without an external server -----------


class _Stub(http.server.BaseHTTPRequestHandler):
    status, body, content_type = 200, b"", "application/sparql-results+json"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(self.status)
        self.send_header("Content-Type", self.content_type)
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[tuple[str, type[_Stub]]]:
    handler = type("Handler", (_Stub,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)  # shutdown waits a poll
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", handler
    finally:
        server.shutdown()
        server.server_close()


def test_remote_select_reads_sparql_json(stub) -> None:
    url, handler = stub
    handler.body = result_text(SAMPLE, "json").encode()
    assert run_remote(url, "SELECT * WHERE { ?s ?p ?o }", "SELECT", timeout=5).as_set() == SAMPLE.as_set()


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (400, b"Parse error", "answered HTTP 400 Bad Request: Parse error"),
        (500, b"boom", "answered HTTP 500 Internal Server Error: boom"),
        (503, b"busy", "answered HTTP 503"),
        (200, b"<html>not json</html>", "not SPARQL results"),
    ],
)
def test_endpoint_errors_are_endpoint_errors(stub, status: int, body: bytes, message: str) -> None:
    url, handler = stub
    handler.status, handler.body = status, body
    with pytest.raises(EndpointError, match=message) as err:
        run_remote(url, "SELECT * WHERE { ?s ?p ?o }", "SELECT", timeout=5)
    assert "\n" not in str(err.value)
