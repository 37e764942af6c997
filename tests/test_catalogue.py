"""The saved queries: every header and query parses, and every answer is the one the documents give.

Each answer is checked twice: on the embedded store, and through `thbkg query --endpoint` on a real
Oxigraph server (started on 127.0.0.1) holding the store's dump. The expected answers are written
here from reading data/sources/*.txt (the passages are quoted in the comments), never copied from
output, and compared as sets of values: an IRI of ours by its key, anything else by its text.

What is compared is what the two documents state: the rows a query gives from them (``stated``), in
full, so a wrong or missing row fails; rows from any further source are left out, so that adding a
source (tests/test_third_source.py) changes none of these answers.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.sparql import prepareQuery

from facts import SIX_MINISTRIES
from manifests import manifests
from oxigraph_server import load_nquads, oxigraph_fixture
from thbkg.build.pipeline import Build
from thbkg.build.terms import ELI, THB, THBR
from thbkg.cli import main
from thbkg.core.terms import Term
from thbkg.sparql.catalogue import find, load_catalogue, read_query
from thbkg.sparql.results import Result, parse_answer
from thbkg.sparql.run import prepare, run_local
from thbkg.sparql.store import dump, load_quads

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = load_catalogue(ROOT / "queries")
MOJ, TIP = "document/no-moj-2010-bsppc", "document/us-dos-tip-2011-nor"
DOCUMENTS = {MOJ, TIP}
KOM, ROSA = "organization/kom", "organization/rosa-project"
GOVERNMENT, JUSTICE = "organization/government-of-norway", "organization/ministry-of-justice-and-the-police"
POLICE_DIRECTORATE = "organization/police-directorate"
PENAL_CODE, S224 = "law/no-penal-code-1902", "legal-provision/no-penal-code-1902-s224"
REFLECTION = "permit/reflection-period"
SERIES, NAP2006, NAP2011 = (
    "action-plan/norwegian-national-plans-of-action",
    "action-plan/no-nap-2006",
    "action-plan/no-nap-2011-2014",
)
EFFORTS = "programme/norwegian-anti-trafficking-efforts"
# "drawn up by the Ministry of Labour and Social Inclusion, the Ministry of Children and Equality, the
# Ministry of Defence, the Ministry of Health and Care Services, the Ministry of Justice and the Police
# and the Ministry of Foreign Affairs."
CURATORS = "organization/thbkg-curators"

Ask = Callable[..., Result]


def key(term: Term | None) -> str | None:
    """An IRI of ours as its key (``organization/kom``), any other term as its text."""
    if term is None:
        return None
    return term.value.removeprefix(THBR) if isinstance(term, ox.NamedNode) else term.value


def values(result: Result, *columns: str) -> set[tuple[str | None, ...]]:
    return {tuple(key(row.get(c)) for c in columns) for row in result.rows}


def column(result: Result, name: str) -> set[str | None]:
    return {key(row.get(name)) for row in result.rows}


def stated(result: Result, *by: str) -> Result:
    """The rows of ``result`` that the two documents give: each of its ``by`` columns (``document``
    unless named) is one of them."""
    by = by or ("document",)
    rows = [row for row in result.rows if all(key(row.get(name)) in DOCUMENTS for name in by)]
    return Result(result.form, result.variables, rows)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def text_of(source_text: Callable[[str], str]) -> Callable[[str], str]:
    """The unchanged text of a document, by its key (``document/<source id>``)."""
    return lambda document: source_text(document.removeprefix("document/"))


# --- the stores: embedded, and a real SPARQL server with the same data --------------------------


@pytest.fixture(scope="module")
def store(build: Build) -> ox.Store:
    """The session's build as the embedded store (`thbkg query` without --endpoint) sees it."""
    return load_quads(build.quads)


oxigraph = oxigraph_fixture()


@pytest.fixture(scope="module")
def endpoint(oxigraph: str, store: ox.Store) -> str:
    """The Oxigraph server's query endpoint, loaded with the store's dump (union as default graph)."""
    load_nquads(oxigraph, dump(store))
    return f"{oxigraph}/query"


def run_endpoint(endpoint: str, query: str, *args: str) -> Result:
    """`thbkg query QUERY ARGS --endpoint URL --format json`, in this process; the parsed answer."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--root", str(ROOT), "query", query, *args, "--endpoint", endpoint, "--format", "json"])
    assert code == 0, err.getvalue()
    return parse_answer("SELECT", out.getvalue().encode(), endpoint)


@pytest.fixture(scope="module", params=["embedded", "endpoint"])
def ask(request: pytest.FixtureRequest, store: ox.Store) -> Ask:
    """Run a saved query by name with parameters, on the embedded store or through the endpoint."""
    if request.param == "embedded":

        def run(name: str, **params: str) -> Result:
            query = find(CATALOGUE, name)
            return run_local(store, prepare(query, params), query.form)

        return run
    url = request.getfixturevalue("endpoint")
    return lambda name, **params: run_endpoint(url, name, *(f"--param={k}={v}" for k, v in params.items()))


# --- every query ---------------------------------------------------------------------------------


def test_the_catalogue_has_twenty_queries_five_with_parameters() -> None:
    assert len(CATALOGUE) >= 20
    assert sum(bool(q.parameters) for q in CATALOGUE.values()) >= 5


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_header_and_query_parse(name: str) -> None:
    query = read_query(ROOT / "queries" / f"{name}.rq")
    assert query.summary.endswith("?") and len(query.description) > len(query.summary), name
    assert query.tags and query.form == "SELECT"
    assert {p.name for p in query.parameters} == set(query.defaults), "every parameter has a default"
    prepareQuery(prepare(query, {}))  # rdflib's parser agrees it is SPARQL 1.1


def test_every_query_has_a_test_of_its_answer() -> None:
    tested = {name[len("test_") : len("test_query_nn")] for name in globals() if re.match(r"test_query_\d\d_", name)}
    assert tested == {name.replace("-", "_")[: len("query_nn")] for name in CATALOGUE}


def test_every_query_answers_the_same_through_the_endpoint(store: ox.Store, endpoint: str) -> None:
    for name, query in CATALOGUE.items():
        local = run_local(store, prepare(query, {}), query.form)
        assert run_endpoint(endpoint, name).as_set() == local.as_set(), name


def test_default_graph_uri_picks_the_graphs_to_query(build: Build, endpoint: str, tmp_path: Path) -> None:
    """A store may hold our graphs only as named graphs: --default-graph-uri names the ones to use."""
    count = tmp_path / "count.rq"
    count.write_text("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    graphs = [URIRef(f"https://w3id.org/thbkg/graph/{name}") for name in ("reference", "source/no-moj-2010-bsppc")]
    args = [arg for graph in graphs for arg in ("--default-graph-uri", str(graph))]
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(
            ["--root", str(ROOT), "query", "--file", str(count), "--endpoint", endpoint, *args, "--format", "csv"]
        )
    assert code == 0
    assert int(out.getvalue().split()[-1]) == len(set(build.graphs[graphs[0]]) | set(build.graphs[graphs[1]]))


# --- what every answer shows beside a figure and a document --------------------------------------

# Each document's catalogue record, by its key: the title and date of issue a query must show beside it.
RECORDS = {f"document/{record['id']}": record for record in manifests()}
# Figures whose unit the 2011 report writes beside them, with the passage that says so: the unit a row
# holding the figure must give.
UNITS_STATED = {
    "9.3": ("Million US dollars", "approximately $9.3 million awarded in foreign assistance"),
    "12.8": ("Million US dollars", "providing approximately $12.8 million to international efforts"),
    "30": ("Months", "offenders convicted in 2009 received an average of 30 months' imprisonment"),
    "25": ("Percent", "Approximately 25 percent of all trafficking victims in Norway in 2010 were children"),
}


@pytest.fixture(scope="module")
def figure_type(store: ox.Store) -> ox.NamedNode:
    """The datatype of a figure: the range of thb:value (the cube's measure) in the ontology."""
    ranges = store.query(f"SELECT ?range WHERE {{ <{THB.value}> <{RDFS.range}> ?range }}")
    (row,) = list(ranges)
    return row["range"]


def unit_column(column: str) -> str:
    """Where a figure's unit is: ``value`` -> ``unit``, ``fromValue`` -> ``fromUnit``, ``says`` -> ``saysUnit``."""
    return "unit" if column == "value" else column.removesuffix("Value") + "Unit"


def figures_without_unit(result: Result, figure_type: ox.NamedNode) -> list[str]:
    """Each figure of ``result`` whose unit column is missing or empty, or differs from the unit the
    document states beside it (``UNITS_STATED``, in a row that names one of the two documents)."""
    problems = []
    for row in result.rows:
        ours = any(key(term) in DOCUMENTS for term in row.values())
        for column, term in row.items():
            if not (isinstance(term, ox.Literal) and term.datatype == figure_type):
                continue
            unit = key(row.get(unit_column(column)))
            stated = UNITS_STATED.get(term.value, (unit, ""))[0] if ours else unit
            if unit is None or unit != stated:
                problems.append(f"{column} {term.value}: {unit_column(column)} is {unit!r}, not {stated!r}")
    return problems


def documents_without_title(result: Result) -> list[str]:
    """Each document of ``result`` (a column's IRI that a catalogue record names) whose columns
    ``<column>Title`` and ``<column>Issued`` do not give the record's title and date of issue."""
    problems = []
    for row in result.rows:
        for column, term in row.items():
            record = RECORDS.get(key(term)) if isinstance(term, ox.NamedNode) else None
            if record is None:
                continue
            for suffix, field in (("Title", "title"), ("Issued", "issued")):
                if key(row.get(column + suffix)) != str(record[field]):
                    problems.append(f"{column} {key(term)}: {column}{suffix} is not {record[field]!r}")
    return problems


def test_the_documents_state_the_units_the_figures_are_checked_against(text_of) -> None:
    for figure, (_, passage) in UNITS_STATED.items():
        assert figure in passage and passage in flat(text_of(TIP))


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_figure_comes_with_its_unit_and_every_document_with_its_title(
    ask: Ask, figure_type: ox.NamedNode, name: str
) -> None:
    result = ask(name)
    assert figures_without_unit(result, figure_type) == [], name
    assert documents_without_title(result) == [], name


def test_a_figure_without_its_unit_and_a_document_without_its_title_are_caught(figure_type: ox.NamedNode) -> None:
    document = ox.NamedNode(THBR + TIP)
    figure = ox.Literal("9.3", datatype=figure_type)
    record = RECORDS[TIP]
    bare = Result("SELECT", ["document", "value"], [{"document": document, "value": figure}])
    assert len(figures_without_unit(bare, figure_type)) == 1 and len(documents_without_title(bare)) == 2
    wrong = {"unit": ox.Literal("Months"), "documentTitle": ox.Literal("2011"), "documentIssued": ox.Literal("2011")}
    shown = Result("SELECT", [], [{"document": document, "value": figure, **wrong}])
    assert len(figures_without_unit(shown, figure_type)) == 1 and len(documents_without_title(shown)) == 2
    right = {
        "unit": ox.Literal("Million US dollars"),
        "documentTitle": ox.Literal(record["title"]),
        "documentIssued": ox.Literal(record["issued"]),
    }
    shown = Result("SELECT", [], [{"document": document, "value": figure, **right}])
    assert figures_without_unit(shown, figure_type) == [] and documents_without_title(shown) == []


# --- the answers, read from the documents --------------------------------------------------------


def test_query_01_victim_count_2009_from_each_document(ask: Ask, text_of) -> None:
    # 2010 description: "providing assistance to a total of 292 presumed victims of trafficking" in 2009.
    # 2011 report: "In 2009, the government referred approximately 292 victims to care."
    # The same figure by two definitions: presumed victims assisted, victims referred to care.
    result = ask("query-01")
    assert values(stated(result), "document", "value", "concept", "sameDefinition") == {
        (MOJ, "292", "indicator/presumed-victims-assisted", "false"),
        (TIP, "292", "indicator/victims-referred-to-care", "false"),
    }
    assert all(row["definition"].value for row in result.rows)
    for row in result.rows:
        assert flat(row["passage"].value) in flat(text_of(key(row["document"])))


def test_query_02_figures_for_2009(ask: Ask) -> None:
    # 2010 description: "292 presumed victims ... 121 were Nigerian citizens, the remaining were of 42 other
    # nationalities"; "73 foreigners applied ... 50 were granted, while 23 were denied"; "51 women".
    # 2011 report: "31 sex trafficking and seven labor trafficking investigations initiated in 2009";
    # "an increase from seven sex trafficking offenders in 2009"; "six offenders convicted in 2009";
    # "an average of 30 months' imprisonment"; "approximately 292 victims"; "approximately $9.3 million".
    # The women were "placed in safe housing by the project", the ROSA project.
    result = stated(ask("query-02", year="2009"))
    figures = {(key(r["document"]), key(r["observation"]), r["value"].value) for r in result.rows}
    assert Counter((document, value) for document, _, value in figures) == Counter(
        [(MOJ, v) for v in ("292", "121", "42", "73", "50", "23", "51")]
        + [(TIP, v) for v in ("31", "7", "7", "6", "30", "292", "9.3")]
    )
    assert values(result, "document", "value", "breakdown") >= {(MOJ, "51", "ROSA project"), (MOJ, "51", "Women")}
    # Each with its unit: "$9.3 million", "30 months' imprisonment".
    assert values(result, "value", "unit") >= {("9.3", "Million US dollars"), ("30", "Months")}
    assert stated(ask("query-02", year="1990")).rows == []


def test_query_03_passages_about_kom(ask: Ask, text_of) -> None:
    # "This unit (the KOM project) is administered by the Directorate of Police"
    by_default, by_key = ask("query-03"), ask("query-03", thing=KOM)
    assert by_default.as_set() == by_key.as_set() and column(by_default, "document") >= {MOJ, TIP}
    for row in by_default.rows:
        assert text_of(key(row["document"]))[int(row["start"].value) : int(row["end"].value)] == row["passage"].value
    assert any("is administered by the Directorate of Police" in row["passage"].value for row in by_default.rows)


def test_query_04_both_give_292_victims_for_2009_and_agree(ask: Ask) -> None:
    # "The Unit estimates that during 2009 ... a total of 292 presumed victims" (2010);
    # "In 2009, the government referred approximately 292 victims to care." (2011)
    # Both 292, by two definitions of one family: presumed victims assisted, victims referred to care.
    result = ask("query-04")
    assert values(stated(result), "document", "value", "qualifier", "agree", "sameDefinition", "family") == {
        (MOJ, "292", "Estimate", "true", "false", "indicator/victims-assisted"),
        (TIP, "292", "Approximately", "true", "false", "indicator/victims-assisted"),
    }


def test_query_05_facts_both_state(ask: Ask, text_of) -> None:
    # Both: section 224 of the Penal Code / Criminal Code Section 224; the reflection period "for up
    # to six months" / "a six-month reflection period", for staying "in Norway"; and both name Norway.
    result = ask("query-05")
    facts = {
        ("country/NOR", str(RDFS.label), "Norway"),
        (S224, str(ELI.is_part_of), PENAL_CODE),
        (S224, str(THB.sectionNumber), "224"),
        (REFLECTION, str(RDFS.label), "reflection period"),
        (REFLECTION, str(THB.maximumDuration), "P6M"),
        (REFLECTION, str(THB.appliesIn), "country/NOR"),
    }
    documents_of = defaultdict(set)
    for thing, prop, value, document in values(result, "thing", "property", "value", "document"):
        documents_of[thing, prop, value].add(document)
    assert all(len(documents) > 1 for documents in documents_of.values())
    assert {fact for fact, documents in documents_of.items() if documents >= DOCUMENTS} == facts
    for row in result.rows:
        assert flat(row["passage"].value) in flat(text_of(key(row["document"])))


def test_query_06_action_plans_over_time(ask: Ask) -> None:
    # 2010: "Since 2003 the Government has developed national plans of action"; "The current plan is from
    # 2006. A new plan will be introduced in 2010."; "drawn up by [six ministries]"; "37 measures".
    # 2011: "In December 2010, the government issued its new anti-trafficking action plan for 2011-2014".
    # Neither names the plan the other speaks of: that the new plan succeeds the 2006 one is the curators'.
    result = ask("query-06")
    assert values(result, "plan", "fact", "value", "statedBy") == {
        (SERIES, "developed since", "2003", MOJ),
        (SERIES, "drawn up by", GOVERNMENT, MOJ),
        (NAP2006, "introduced in", "2006", MOJ),
        (NAP2006, "part of series", SERIES, MOJ),
        (NAP2006, "number of measures", "37", MOJ),
        *((NAP2006, "drawn up by", ministry, MOJ) for ministry in SIX_MINISTRIES),
        (NAP2011, "planned introduction", "2010", MOJ),
        (NAP2011, "part of series", SERIES, MOJ),
        (NAP2011, "succeeds", NAP2006, CURATORS),
        (NAP2011, "issued in", "2010-12", TIP),
        (NAP2011, "period", "period/2011-2014", TIP),
        (NAP2011, "was attributed to", GOVERNMENT, TIP),
    }
    reasons = {key(row["statedBy"]): row.get("curatorsReason") for row in result.rows}
    assert reasons[MOJ] is None and reasons[TIP] is None
    assert "announces a new plan for 2010 without naming it" in flat(reasons[CURATORS].value)


def test_query_07_the_new_plan_came_in_the_announced_year(ask: Ask) -> None:
    # "A new plan will be introduced in 2010." / "In December 2010, the government issued its new
    # anti-trafficking action plan for 2011-2014"
    (row,) = stated(ask("query-07"), "announcedBy", "issueReportedBy").rows
    facts = ("plan", "announcedFor", "announcedBy", "issuedIn", "issueReportedBy", "period", "asAnnounced")
    assert {k: key(row.get(k)) for k in facts} == {
        "plan": NAP2011,
        "announcedFor": "2010",
        "announcedBy": MOJ,
        "issuedIn": "2010-12",
        "issueReportedBy": TIP,
        "period": "2011-2014",
        "asAnnounced": "true",
    }
    assert row["announcement"].value == "A new plan will be introduced in 2010."
    assert row["issueReport"].value.startswith("In December 2010, the government issued its new")
    # The description does not name the plan it announces: the note says whose reading joins the two.
    assert "is taken to be the plan the 2011 US TIP report says" in flat(row["curatorsNote"].value)


def test_query_08_goals_of_the_2006_plan_and_measures_of_the_new_one(ask: Ask, text_of) -> None:
    # The 2010 description lists "the main goals and measures in the plan of action" as bullets.
    bullets = {line[2:].rstrip(".") for line in text_of(MOJ).splitlines() if line.startswith("- ")}
    result = stated(ask("query-08"))
    assert column(result, "kind") == {"has goal"} and column(result, "document") == {MOJ}
    assert {row["text"].value.lower() for row in result.rows} == bullets and len(bullets) == 6
    # 2011: the plan "focuses on the protection of children and the monitoring of illegal capital
    # flows"; it "set forth new strategies to prevent forced begging" and "required annual reports".
    assert values(stated(ask("query-08", plan=NAP2011)), "kind", "item", "document") == {
        ("focuses on", "topic/child-victims", TIP),
        ("focuses on", "topic/illegal-capital-flows", TIP),
        ("has measure", "measure/tip2011-strategies-to-prevent-forced-begging", TIP),
        ("has measure", "measure/tip2011-annual-reports-on-trends", TIP),
    }


def test_query_09_who_draws_up_and_coordinates(ask: Ask) -> None:
    # "The Ministry of Justice and the Police has the main responsibility for coordinating the
    # Government's efforts to combat human trafficking."
    assert values(stated(ask("query-09")), "thing", "role", "agent", "document") == {
        (SERIES, "drawn up by", GOVERNMENT, MOJ),
        *((NAP2006, "drawn up by", ministry, MOJ) for ministry in SIX_MINISTRIES),
        (NAP2011, "was attributed to", GOVERNMENT, TIP),
        (EFFORTS, "coordinates", JUSTICE, MOJ),
        (EFFORTS, "has main responsibility for", JUSTICE, MOJ),
    }


def test_query_10_who_does_what(ask: Ask) -> None:
    government_provides = (
        "shelter-in-domestic-violence-centres medical-care vocational-training stipends norwegian-classes "
        "legal-assistance"
    ).split()
    assert values(stated(ask("query-10")), "agent", "role", "thing", "document") == {
        # 2010: "In 2006 the Government established a Coordinating Unit ... This unit (the KOM project) is
        # administered by the Directorate of Police and assists the welfare services by providing methods
        # for identifying victims and for planning and mobilising assistance and protection services"
        (GOVERNMENT, "establishes", KOM, MOJ),
        (POLICE_DIRECTORATE, "administers", KOM, MOJ),
        (KOM, "provides", "service/moj2010-methods-for-identifying-victims", MOJ),
        (KOM, "provides", "service/moj2010-methods-for-planning-assistance-and-protection", MOJ),
        # "the Ministry of Justice and the Police has financed the ROSA project run by the crisis centre
        # secretariat"; "51 women were placed in safe housing by the project"
        (JUSTICE, "funds", ROSA, MOJ),
        ("organization/crisis-centre-secretariat", "runs", ROSA, MOJ),
        (ROSA, "provides", "service/safe-housing", MOJ),
        (JUSTICE, "coordinates", EFFORTS, MOJ),
        # 2011: "specialized anti-trafficking unit housed in the Police Directorate"; "the government
        # operated specialized anti-trafficking investigators in ... Oslo and Bergen"
        (POLICE_DIRECTORATE, "houses", "organization/specialised-anti-trafficking-unit", TIP),
        (GOVERNMENT, "operates", "organization/oslo-and-bergen-anti-trafficking-investigators", TIP),
        # "The coordination unit ... operated a national trafficking hotline."
        (KOM, "operates", "service/national-trafficking-hotline", TIP),
        # "other services through an NGO-operated project"; "government-funded NGOs provided care to men"
        ("organization/ngos", "operates", "organization/tip2011-ngo-operated-project", TIP),
        (GOVERNMENT, "funds", "organization/tip2011-government-funded-ngos", TIP),
        # "The government gave trafficking victims ... shelter in domestic violence centers, medical care,
        # vocational training, stipends, Norwegian classes, and legal assistance."
        *((GOVERNMENT, "provides", f"service/{service}", TIP) for service in government_provides),
        # "the Norwegian government approved a new permanent residency permit"
        (GOVERNMENT, "establishes", "permit/permanent-residence-retribution-or-hardship", TIP),
        # "providing approximately $12.8 million to international efforts and bilateral cooperation"
        (GOVERNMENT, "provides", "international-funding/tip2011-international-efforts-2010", TIP),
        # "the government funded a small-scale education campaign"; "the government funded a project to
        # reach out to prospective purchasers of sexual services"
        (GOVERNMENT, "funds", "campaign/tip2011-education-campaign-18-year-olds-2010", TIP),
        (GOVERNMENT, "funds", "prevention-project/tip2011-outreach-to-prospective-purchasers-2011-02", TIP),
    }


def test_query_11_what_the_ministry_of_justice_and_rosa_do(ask: Ask) -> None:
    # 2010: the byline "Senior adviser / National coordinator on Trafficking in Human Beings / Ministry of
    # Justice and the Police"; the ministry drew up the plan, coordinates the efforts and funds ROSA.
    assert values(stated(ask("query-11")), "subject", "property", "object", "document") == {
        (JUSTICE, "coordinates", EFFORTS, MOJ),
        (JUSTICE, "has main responsibility for", EFFORTS, MOJ),
        (NAP2006, "drawn up by", JUSTICE, MOJ),
        (ROSA, "funded by", JUSTICE, MOJ),
        ("post/national-coordinator", "post in", JUSTICE, MOJ),
        ("post/senior-adviser-ministry-of-justice", "post in", JUSTICE, MOJ),
    }
    # "the ROSA project run by the crisis centre secretariat, which offers safe housing, follow-up and
    # information to female victims of human trafficking. In 2009, 51 women were placed in safe housing
    # by the project."
    assert values(stated(ask("query-11", organization=ROSA)), "subject", "property", "object") == {
        (ROSA, "funded by", JUSTICE),
        (ROSA, "run by", "organization/crisis-centre-secretariat"),
        (ROSA, "offers", "service/safe-housing"),
        (ROSA, "offers", "service/follow-up"),
        (ROSA, "offers", "service/information"),
        (ROSA, "target group", "victim-group/female-victims"),
        ("service/safe-housing", "provided by", ROSA),
        ("observation/moj2010-women-placed-in-safe-housing-rosa-2009", "organization", ROSA),
    }


def test_query_12_countries_by_role(ask: Ask) -> None:
    # "Most trafficking victims identified in Norway in 2010 originated in Nigeria, while others came from
    # Algeria, Lithuania, Romania, Bulgaria, China, the Philippines, Ghana, Eritrea, Cameroon, Kenya,
    # Somalia, and the Democratic Republic of Congo."
    origin = stated(ask("query-12"))
    assert column(origin, "country") == {
        f"country/{c}" for c in "NGA DZA LTU ROU BGR CHN PHL GHA ERI CMR KEN SOM COD".split()
    }
    assert values(origin, "country", "qualifier") >= {("country/NGA", "Most")}
    assert column(origin, "relativeTo") == {"Norway"} and column(origin, "document") == {TIP}
    # "transit several countries, such as Italy, Spain, and Morocco"; "Norway is a destination and, to a
    # lesser extent, a transit and source country"
    assert values(stated(ask("query-12", role="country-role/transit")), "country", "qualifier") == {
        ("country/ITA", "usually"),
        ("country/ESP", "usually"),
        ("country/MAR", "usually"),
        ("country/NOR", "to a lesser extent"),
    }
    # "including the governments of Lithuania, Bulgaria, Romania, Slovakia, the Czech Republic, Italy, and Spain"
    partners = stated(ask("query-12", role="country-role/law-enforcement-partner"))
    assert column(partners, "country") == {f"country/{c}" for c in "LTU BGR ROU SVK CZE ITA ESP".split()}
    assert column(stated(ask("query-12", role="country-role/destination")), "country") == {"country/NOR"}


def test_query_13_countries_in_two_roles(ask: Ask) -> None:
    # Countries of origin that Norway also investigated cases with: Lithuania, Romania and Bulgaria;
    # transit countries that are also partners: Italy and Spain.
    def countries(**roles: str) -> set[str | None]:
        return column(stated(ask("query-13", **roles), "roleDocument", "otherDocument"), "country")

    assert countries() == {"country/LTU", "country/ROU", "country/BGR"}
    assert countries(role="country-role/transit") == {"country/ITA", "country/ESP"}
    assert countries(role="country-role/destination", other="country-role/source") == {"country/NOR"}


def test_query_14_what_the_documents_say_about_countries(ask: Ask) -> None:
    # "Norway (Tier 1)"; "a destination and, to a lesser extent, a transit and source country";
    # "Norway prohibits all forms of trafficking in persons"; purchasing sexual services is a crime
    # ("charging approximately 280 individuals with the crime of purchasing"); "Norway has ratified the
    # Council of Europe Convention on Action against Trafficking in Human Beings" (2010).
    assert values(stated(ask("query-14")), "value", "context", "document") == {
        ("tier/1", "fully complies with the minimum standards for the elimination of trafficking", TIP),
        ("country-role/destination", None, TIP),
        ("country-role/transit", "to a lesser extent", TIP),
        ("country-role/source", "to a lesser extent", TIP),
        ("exploitation-form/human-trafficking", None, TIP),
        ("exploitation-form/purchase-of-sexual-services", None, TIP),
        ("treaty/coe-convention-against-trafficking", None, MOJ),
    }
    # Nigeria: "121 were Nigerian citizens" in 2009 (2010); "Most ... originated in Nigeria" (2011).
    assert values(stated(ask("query-14", country="country/NGA")), "value", "unit", "context", "document") == {
        ("121", "Persons", "2009", MOJ),
        ("country-role/origin", None, "Most", TIP),
    }
    # Romania: a country of origin in 2010 and of the five children in the Bergen case, a partner, and
    # "the Bergen police placed in custody six Romanians".
    romania = stated(ask("query-14", country="country/ROU"))
    assert Counter(key(row["value"]) for row in romania.rows) == Counter(
        ["country-role/origin", "country-role/origin", "country-role/law-enforcement-partner", "6"]
    )


def test_query_15_what_each_provision_covers(ask: Ask) -> None:
    # 2010: "human trafficking comes under section 224 ... covers exploitation for the purpose of
    # prostitution, forced labour, including begging, or trade in human organs"; "Procurement ... is
    # covered by section 202"; "Purchasing sexual services is prohibited (section 202a and 203 ...)".
    # 2011: "Norway prohibits all forms of trafficking in persons through Criminal Code Section 224".
    covered_by_224 = (
        "human-trafficking exploitation-for-prostitution forced-labour forced-begging trade-in-human-organs"
    )
    assert values(stated(ask("query-15")), "section", "relation", "concept", "document") == {
        *(("224", "covers", f"exploitation-form/{form}", MOJ) for form in covered_by_224.split()),
        ("224", "prohibits", "exploitation-form/human-trafficking", TIP),
        ("202", "covers", "exploitation-form/procurement", MOJ),
        ("202a", "prohibits", "exploitation-form/purchase-of-sexual-services", MOJ),
        ("203", "prohibits", "exploitation-form/purchase-of-sexual-services", MOJ),
    }


def test_query_16_section_224_history_and_penalty(ask: Ask) -> None:
    # 2010: "This provision, introduced in 2003, is based on the Palermo Protocol"; 2011: "which
    # prescribes a maximum penalty of 10 years' imprisonment in aggravated cases".
    assert values(stated(ask("query-16")), "fact", "value", "document") == {
        ("introduced in", "2003", MOJ),
        ("based on", "treaty/palermo-protocol", MOJ),
        ("maximum penalty", "P10Y", TIP),
        ("penalty condition", "in aggravated cases", TIP),
    }
    # Neither document gives section 202 a year, a penalty or a treaty.
    assert stated(ask("query-16", provision="legal-provision/no-penal-code-1902-s202")).rows == []


def test_query_17_treaties(ask: Ask) -> None:
    assert values(stated(ask("query-17")), "treaty", "relation", "by", "document") == {
        ("treaty/coe-convention-against-trafficking", "ratified", "country/NOR", MOJ),
        ("treaty/palermo-protocol", "based on", S224, MOJ),
    }


def test_query_18_trends_from_2009_to_2010(ask: Ask) -> None:
    # 2011: "26 sex trafficking investigations and 11 labor trafficking investigations in 2010, compared
    # with 31 sex trafficking and seven labor trafficking investigations initiated in 2009"; "prosecuted
    # 11 trafficking offenders under Section 224 for sex trafficking, an increase from seven"; "Eight ...
    # convicted in 2010, compared with six"; "$12.8 million" against "$9.3 million".
    convicted, prosecuted = "indicator/offenders-convicted", "indicator/offenders-prosecuted"
    investigations, funding = "indicator/investigations-initiated", "indicator/international-anti-trafficking-funding"
    sex, labour = "exploitation-form/sex-trafficking", "exploitation-form/labour-trafficking"
    expected = {
        (investigations, investigations, sex, "31", "26", "decrease"),
        (investigations, investigations, labour, "7", "11", "increase"),
        (prosecuted, prosecuted, sex, "7", "11", "increase"),
        (prosecuted, prosecuted, S224, "7", "11", "increase"),
        (convicted, convicted, None, "6", "8", "increase"),
        (funding, funding, None, "9.3", "12.8", "increase"),
        # "with an average sentence of two years" for "Seven of the eight" convicted in 2010, against "offenders
        # convicted in 2009 received an average of 30 months'": computed over different offenders.
        ("indicator/average-prison-sentence", "indicator/average-prison-sentence", None, "30", "2", "scope changed"),
        # "referred approximately 292 victims to care" (2011) and "providing assistance to a total of 292
        # presumed victims" (2010) in 2009, against "providing services for 319 trafficking victims" in 2010:
        # three definitions of one family, no rise.
        (
            "indicator/victims-referred-to-care",
            "indicator/victims-provided-services",
            None,
            "292",
            "319",
            "definition changed",
        ),
        (
            "indicator/presumed-victims-assisted",
            "indicator/victims-provided-services",
            None,
            "292",
            "319",
            "definition changed",
        ),
    }
    # The query gives no document: a further source's figures for the same country and years add rows,
    # so the rows these figures make must be there (and no other change for them, below).
    columns = ("concept", "toConcept", "dimension", "fromValue", "toValue", "change")
    trend = ask("query-18")
    assert values(trend, *columns) >= expected
    assert values(trend, "concept", "fromUnit", "toUnit") >= {("indicator/average-prison-sentence", "Months", "Years")}
    victims = [row for row in trend.rows if row["toValue"].value == "319"]
    assert victims and {row["change"].value for row in victims} == {"definition changed"}
    backwards = {"increase": "decrease", "decrease": "increase"}
    reversed_trend = ask("query-18", **{"from": "2010", "to": "2009"})
    assert values(reversed_trend, *columns) >= {
        (to_concept, concept, d, to, fro, backwards.get(change, change))
        for concept, to_concept, d, fro, to, change in expected
    }
    pairs = {row[:5] for row in expected}
    assert {row for row in values(trend, *columns) if row[:5] in pairs} == expected


def test_query_19_an_indicator_over_time(ask: Ask) -> None:
    sex, labour = "exploitation-form/sex-trafficking", "exploitation-form/labour-trafficking"
    assert values(stated(ask("query-19")), "period", "dimension", "value", "document") == {
        ("2009", sex, "31", TIP),
        ("2009", labour, "7", TIP),
        ("2010", sex, "26", TIP),
        ("2010", labour, "11", TIP),
    }
    # "Eight trafficking offenders were convicted in 2010, compared with six offenders convicted in 2009."
    convicted = stated(ask("query-19", indicator="indicator/offenders-convicted"))
    assert values(convicted, "period", "value") == {("2009", "6"), ("2010", "8")}
    assert column(convicted, "family") == {"indicator/trafficking-convictions"}
    # The family of victims assisted, each figure by its own definition: "292 presumed victims" assisted
    # during 2009 (2010), "approximately 292 victims to care" in 2009 and "services for 319 trafficking
    # victims" in 2010 (2011).
    family = ask("query-19", indicator="indicator/victims-assisted")
    assert values(family, "period", "concept", "value", "document", "family") >= {
        ("2009", "indicator/presumed-victims-assisted", "292", MOJ, "indicator/victims-assisted"),
        ("2009", "indicator/victims-referred-to-care", "292", TIP, "indicator/victims-assisted"),
        ("2010", "indicator/victims-provided-services", "319", TIP, "indicator/victims-assisted"),
    }
    assert all(row["definition"].value for row in family.rows)
    # "an average sentence of two years" for "Seven of the eight trafficking offenders convicted in 2010".
    average = ask("query-19", indicator="indicator/average-prison-sentence")
    scopes = {row["value"].value: row["scope"].value for row in average.rows}
    assert "between nine months and four years" in scopes["2"]
    assert "between nine months and four years" not in scopes["30"]


def test_query_20_everything_about_children(ask: Ask) -> None:
    result = stated(ask("query-20"))
    assert column(result, "thing") == {
        # 2010: "ensure that child victims of human trafficking receive appropriate follow-up services"
        "goal/moj2010-follow-up-services-for-child-victims",
        # 2011: the new plan "focuses on the protection of children"
        NAP2011,
        # "women and girls subjected to sex trafficking"; "Foreign children are subjected to forced begging";
        # "Children in Norwegian refugee centers ... are vulnerable"; "investigated labor crimes involving
        # children"; "One sex trafficking offender, who exploited two boys, received a sentence of 10 years."
        "finding/tip2011-women-girls-sex-trafficking",
        "finding/tip2011-foreign-children-forced-begging-and-crime",
        "finding/tip2011-vulnerable-children-and-rejected-asylum-seekers",
        "finding/tip2011-labour-crimes-involving-children-investigated",
        "finding/tip2011-ten-year-sentence-two-boys",
        # "a child trafficking victim was deported in 2010 despite identification"; "penalized and deported";
        # "detained and deported ... had not identified the child"; "they reportedly continued with the
        # deportation"; "no state-funded shelters providing specialized services to child victims"
        "gap/tip2011-child-victim-deported-despite-identification",
        "gap/tip2011-child-victim-penalized-and-deported",
        "gap/tip2011-child-victim-not-identified-by-immigration",
        "gap/tip2011-deportation-continued-after-notice",
        "gap/tip2011-no-state-funded-shelters-for-children",
        # "ensure that male and child trafficking victims also receive adequate protection services"
        "recommendation/tip2011-male-and-child-victims",
        # "officials visited asylum centers that care for unaccompanied foreign children"
        "prevention-project/tip2011-officials-visit-asylum-centres",
        # "the Bergen police placed in custody six Romanians on charges of trafficking five children"
        "law-enforcement-action/tip2011-bergen-romanian-children-case",
        "observation/tip2011-bergen-children-trafficked-2010",
        # "Approximately 25 percent ... were children"; "47 children disappeared from refugee centers";
        # "At least two of these cases involved the sex trafficking of children"; "two boys"
        "observation/tip2011-share-of-victims-children-2010",
        "observation/tip2011-children-disappeared-from-refugee-centres-2010",
        "observation/tip2011-child-sex-trafficking-conviction-cases-2010",
        "observation/tip2011-boys-exploited-ten-year-case-2010",
    }
    figures = {key(row["thing"]): (row["says"].value, key(row.get("saysUnit"))) for row in result.rows}
    assert figures["observation/tip2011-share-of-victims-children-2010"] == ("25", "Percent")
    assert figures["observation/tip2011-children-disappeared-from-refugee-centres-2010"] == ("47", "Persons")


def test_query_21_permits_with_durations_and_conditions(ask: Ask) -> None:
    trial, testimony = "permit/stay-for-duration-of-trial", "permit/permanent-residence-after-court-testimony"
    retribution, work = "permit/permanent-residence-retribution-or-hardship", "permit/one-year-temporary-work-permit"
    assert values(stated(ask("query-21")), "permit", "fact", "value", "document") == {
        # 2010: "In 2006 the Government extended the so-called reflection period so that assumed victims of
        # human trafficking without legal grounds for staying in Norway, may be granted a temporary
        # residence and work permit for up to six months."
        (REFLECTION, "extended in", "2006", MOJ),
        (REFLECTION, "maximum duration", "P6M", MOJ),
        (REFLECTION, "eligible group", "victim-group/presumed-victims", MOJ),
        (REFLECTION, "condition", "without legal grounds for staying in Norway", MOJ),
        # 2011: "Victims were permitted to stay in Norway without conditions during a six-month reflection
        # period, a time for them to receive immediate care and assistance while they consider ..."
        (REFLECTION, "maximum duration", "P6M", TIP),
        (REFLECTION, "eligible group", "victim-group/victims", TIP),
        (REFLECTION, "qualifier", "without conditions", TIP),
        (
            REFLECTION,
            "description",
            "a time for them to receive immediate care and assistance while they consider whether to assist "
            "law enforcement",
            TIP,
        ),
        # 2010: "A new temporary work permit for one year is possible if the person has broken away from
        # the people responsible for human trafficking and a police investigation is initiated ..."
        (work, "duration", "P1Y", MOJ),
        (work, "eligible group", "victim-group/presumed-victims", MOJ),
        (work, "condition", "the person has broken away from the people responsible for human trafficking", MOJ),
        (work, "condition", "a police investigation is initiated against the perpetrators", MOJ),
        # 2011: "Under new regulations adopted in 2010, the Norwegian government approved a new permanent
        # residency permit for victims facing retribution or hardship in their countries, on the condition
        # that they give statements to the police outside of court." / "even in the absence of court
        # testimony, if the victim testifies to police"
        (retribution, "adopted in", "2010", TIP),
        (retribution, "established by", GOVERNMENT, TIP),
        (retribution, "eligible group", "victim-group/victims-facing-retribution-or-hardship", TIP),
        (retribution, "condition", "that they give statements to the police outside of court", TIP),
        (retribution, "qualifier", "even in the absence of court testimony, if the victim testifies to police", TIP),
        # "Any victim of trafficking, regardless of potential retribution or hardship at home, who made a
        # formal complaint to the police, could remain in Norway for the duration of trial"
        (trial, "eligible group", "victim-group/victims", TIP),
        (trial, "condition", "who made a formal complaint to the police", TIP),
        (trial, "qualifier", "regardless of potential retribution or hardship at home", TIP),
        # "victims who testified in court were entitled to permanent residency"
        (testimony, "eligible group", "victim-group/victims", TIP),
        (testimony, "condition", "who testified in court", TIP),
    }


def test_query_22_prevention_activities(ask: Ask) -> None:
    result = stated(ask("query-22"))
    assert column(result, "activity") == {
        "campaign/tip2011-education-campaign-18-year-olds-2010",
        "prevention-project/tip2011-outreach-to-prospective-purchasers-2011-02",
        "prevention-project/tip2011-officials-visit-asylum-centres",
        "training/tip2011-troops-before-deployment",
        "training/tip2011-identification-and-referral",
    }
    by_activity = {key(row["activity"]).split("/")[1]: row for row in result.rows}
    # "In 2010, the government funded a small-scale education campaign carried out by an NGO and
    # targeting 18-year old students"; "In February 2011, the government funded a project to reach out"
    campaign = by_activity["tip2011-education-campaign-18-year-olds-2010"]
    assert [key(campaign[c]) for c in ("period", "target", "fundedBy", "carriedOutBy")] == [
        "2010",
        "18-year-old students",
        "Government of Norway",
        "Non-governmental organisations (NGOs)",
    ]
    outreach = by_activity["tip2011-outreach-to-prospective-purchasers-2011-02"]
    assert [key(outreach[c]) for c in ("period", "fundedBy")] == ["February 2011", "Government of Norway"]
    # "The government provided anti-trafficking training to Norwegian troops before their deployment"
    assert key(by_activity["tip2011-troops-before-deployment"]["carriedOutBy"]) == "Government of Norway"


def test_query_23_international_funding(ask: Ask) -> None:
    # "providing approximately $12.8 million to international efforts ... a significant increase from the
    # approximately $9.3 million awarded in foreign assistance for anti-trafficking efforts in 2009"
    result = stated(ask("query-23"))
    assert values(result, "period", "value", "unit", "qualifier", "document") == {
        ("2009", "9.3", "Million US dollars", "Approximately", TIP),
        ("2010", "12.8", "Million US dollars", "Approximately", TIP),
    }
    assert {row["passage"].value.count(f"${row['value'].value} million") for row in result.rows} == {1}


# The 2011 report's recommendations (keys recommendation/tip2011-...), each with the gaps it addresses
# and the document that states each gap.
REC, GAP = "recommendation/tip2011-", "gap/tip2011-"
TIP_RECOMMENDATIONS = {
    # "vigorously prosecute ... both sex and labor trafficking offenders, and analyze why some criminal
    # investigations ... are dropped or downgraded to pimping"
    (REC + "prosecute-sex-and-labour-trafficking", GAP + "no-labour-trafficking-prosecutions", TIP, TIP),
    (REC + "prosecute-sex-and-labour-trafficking", GAP + "labour-investigations-not-prosecuted", TIP, TIP),
    (REC + "prosecute-sex-and-labour-trafficking", GAP + "forced-labour-investigations-no-prosecution", TIP, TIP),
    (
        REC + "prosecute-sex-and-labour-trafficking",
        "gap/moj2010-distinguishing-trafficking-from-procurement",
        MOJ,
        CURATORS,
    ),
    # "ensure that trafficking victims are identified and not punished or deported before investigation"
    (REC + "train-immigration-and-reception-centres", GAP + "child-victim-deported-despite-identification", TIP, TIP),
    (REC + "train-immigration-and-reception-centres", GAP + "child-victim-penalized-and-deported", TIP, TIP),
    (REC + "train-immigration-and-reception-centres", GAP + "child-victim-not-identified-by-immigration", TIP, TIP),
    (REC + "train-immigration-and-reception-centres", GAP + "forced-labour-victims-less-identified", TIP, TIP),
    # "procedures by which deportation orders could be revoked once issued"
    (REC + "revocable-deportation-orders", GAP + "deportation-continued-after-notice", TIP, TIP),
    (REC + "revocable-deportation-orders", GAP + "child-victim-deported-despite-identification", TIP, TIP),
    # "ensure that male and child trafficking victims also receive adequate protection services"
    (REC + "male-and-child-victims", GAP + "mandate-covers-only-women", TIP, TIP),
    (REC + "male-and-child-victims", GAP + "no-state-funded-shelters-for-children", TIP, TIP),
    # "improve partnerships among anti-trafficking authorities, local police, and child welfare officers"
    (REC + "improve-partnerships", None, None, None),
    (REC + "front-line-reflection-period", GAP + "reflection-period-little-known", TIP, TIP),
    (REC + "fund-awareness-campaign", GAP + "no-national-awareness-campaign", TIP, TIP),
    # "establish a national anti-trafficking rapporteur" / "Norway does not have a National Rapporteur"
    (REC + "national-rapporteur", "gap/moj2010-no-national-rapporteur", MOJ, CURATORS),
}


def test_query_24_recommendations_and_the_gaps_they_address(ask: Ask, text_of) -> None:
    result = ask("query-24")
    ours = Result(result.form, result.variables, [r for r in result.rows if key(r["recommendation"]).startswith(REC)])
    assert values(ours, "recommendation", "gap", "gapStatedBy", "linkStatedBy") == TIP_RECOMMENDATIONS
    for row in ours.rows:
        assert row["recommends"].value in text_of(TIP)
        # The report does not cite the 2010 description: the curators say why they join the two.
        curated = key(row.get("linkStatedBy")) == CURATORS
        assert (row.get("curatorsReason") is not None) == curated
        assert not curated or "does not cite the description" in flat(row["curatorsReason"].value)


def test_query_25_recommendations_answering_the_2010_descriptions_own_gaps(ask: Ask) -> None:
    # 2010: "Norway does not have a National Rapporteur on trafficking in human beings." and "In practice,
    # it is difficult to distinguish ... between human trafficking and procurement."
    result = stated(ask("query-25"), "recommendedIn")
    assert values(result, "recommendation", "gap", "recommendedIn", "linkStatedBy") == {
        ("recommendation/tip2011-national-rapporteur", "gap/moj2010-no-national-rapporteur", TIP, CURATORS),
        (
            "recommendation/tip2011-prosecute-sex-and-labour-trafficking",
            "gap/moj2010-distinguishing-trafficking-from-procurement",
            TIP,
            CURATORS,
        ),
    }
    assert all("does not cite the description" in flat(row["curatorsReason"].value) for row in result.rows)
    assert any("does not have a National Rapporteur" in row["passage"].value for row in result.rows)
    assert any("between human trafficking and procurement" in row["passage"].value for row in result.rows)
    # The 2011 report's own gaps: the pairs of its recommendations and gaps that it states itself.
    own = stated(ask("query-25", document=TIP), "recommendedIn")
    assert values(own, "recommendation", "gap") == {(r, g) for r, g, by, _ in TIP_RECOMMENDATIONS if by == TIP}
    assert column(own, "linkStatedBy") == {TIP} and column(own, "curatorsReason") == {None}


def test_query_26_differences_between_the_documents(ask: Ask) -> None:
    # The 292 of 2009: "The Unit estimates" (2010) and "approximately 292" (2011). The reflection period:
    # "assumed victims of human trafficking" (2010), "Victims were permitted" (2011). What the unit
    # offers: methods to the welfare services (2010), "a national trafficking hotline" (2011).
    # A further source adds differences with each of them: compared are the things the two documents
    # both speak of and on which they differ.
    said: dict[tuple, dict[str | None, set]] = defaultdict(lambda: defaultdict(set))
    for about, prop, document, value in values(stated(ask("query-26")), "about", "property", "document", "value"):
        said[about, prop][document].add(value)
    differ = {
        (*fact, d, v)
        for fact, by in said.items()
        if by.keys() == DOCUMENTS and by[MOJ] != by[TIP]
        for d in by
        for v in by[d]
    }
    assert differ == {
        # The 292 of 2009 are also counted by two definitions: presumed victims assisted (2010), victims
        # referred to care (2011).
        ("indicator/victims-assisted", str(THB.indicator), MOJ, "indicator/presumed-victims-assisted"),
        ("indicator/victims-assisted", str(THB.indicator), TIP, "indicator/victims-referred-to-care"),
        ("indicator/victims-assisted", str(THB.valueQualifier), MOJ, "value-qualifier/estimate"),
        ("indicator/victims-assisted", str(THB.valueQualifier), TIP, "value-qualifier/approximately"),
        (REFLECTION, str(THB.eligibleGroup), MOJ, "victim-group/presumed-victims"),
        (REFLECTION, str(THB.eligibleGroup), TIP, "victim-group/victims"),
        (KOM, str(THB.offers), MOJ, "service/moj2010-methods-for-identifying-victims"),
        (KOM, str(THB.offers), MOJ, "service/moj2010-methods-for-planning-assistance-and-protection"),
        (KOM, str(THB.offers), TIP, "service/national-trafficking-hotline"),
    }


def test_query_27_names_each_document_uses(ask: Ask) -> None:
    result = ask("query-27")
    names = {
        KOM: {
            MOJ: "KOM project|Coordinating Unit|Coordinating Unit for Assistance and Protection|"
            "Coordinating Unit for victims of trafficking|Coordinating unit for victims of trafficking",
            TIP: "National Coordination Unit|coordination unit for victims of human trafficking|"
            "national coordinating unit for victims of human trafficking",
        },
        GOVERNMENT: {MOJ: "Government", TIP: "Government of Norway|Norwegian government"},
        "country/NOR": {MOJ: "Norway", TIP: "Norway"},
        PENAL_CODE: {MOJ: "Penal Code|Norwegian Penal Code", TIP: "Criminal Code"},
        S224: {
            MOJ: "section 224 of the Penal Code|section 224 in the Penal Code",
            TIP: "Criminal Code Section 224|Section 224",
        },
        POLICE_DIRECTORATE: {MOJ: "Directorate of Police", TIP: "Police Directorate"},
        REFLECTION: {MOJ: "reflection period|temporary permit", TIP: "reflection period"},
        EFFORTS: {
            MOJ: "Government's efforts to combat human trafficking",
            TIP: "Norway's anti-trafficking efforts|government's anti-trafficking program|"
            "governmental anti-trafficking efforts",
        },
    }
    expected = {(t, d, n) for t, by in names.items() for d, joined in by.items() for n in joined.split("|")}
    # The things both documents name (a further source adds names and things it shares with one of them).
    rows = values(stated(result), "thing", "document", "name")
    both = {thing for thing, _, _ in rows if {d for t, d, _ in rows if t == thing} == DOCUMENTS}
    assert {row for row in rows if row[0] in both} == expected
    assert all(row["name"].value in row["passage"].value for row in result.rows)


def test_query_28_provenance_of_a_fact(ask: Ask, text_of) -> None:
    # "may be granted a temporary residence and work permit for up to six months" (2010);
    # "during a six-month reflection period" (2011)
    result = stated(ask("query-28"))
    assert values(result, "value", "document") == {("P6M", MOJ), ("P6M", TIP)}
    for row in result.rows:
        passage = text_of(key(row["document"]))[int(row["start"].value) : int(row["end"].value)]
        assert passage == row["passage"].value
    assert {("up to six months" in p, "six-month" in p) for p in column(result, "passage")} == {
        (True, False),
        (False, True),
    }
    # "offenders convicted in 2009 received an average of 30 months' imprisonment"
    sentence = stated(ask("query-28", thing="observation/tip2011-average-sentence-2009", property="thb:value"))
    assert values(sentence, "value", "unit", "document") == {("30", "Months", TIP)}
    assert "30 months' imprisonment" in sentence.rows[0]["passage"].value


def test_query_29_what_happens_in_a_place(ask: Ask) -> None:
    # "In 2010, the Bergen police placed in custody six Romanians on charges of trafficking five
    # children"; "specialized anti-trafficking investigators in its two largest cities, Oslo and Bergen"
    investigators, bergen_case = (
        "organization/oslo-and-bergen-anti-trafficking-investigators",
        "law-enforcement-action/tip2011-bergen-romanian-children-case",
    )
    assert values(ask("query-29"), "relation", "thing", "place", "document") >= {
        ("operates in", "organization/bergen-police", "place/NO-BGO", TIP),
        ("operates in", investigators, "place/NO-BGO", TIP),
        ("applies in", bergen_case, "place/NO-BGO", TIP),
        ("place", "observation/tip2011-bergen-romanians-in-custody-2010", "place/NO-BGO", TIP),
        ("place", "observation/tip2011-bergen-children-trafficked-2010", "place/NO-BGO", TIP),
    }
    assert ("operates in", investigators, "place/NO-OSL", TIP) in values(
        ask("query-29", place="place/NO-OSL"), "relation", "thing", "place", "document"
    )
    # Norway takes in its cities: "In Norway, human trafficking comes under section 224 of the Penal
    # Code" (2010), and the investigators in Oslo (2011).
    norway = values(ask("query-29", place="country/NOR"), "relation", "thing", "place", "document")
    assert {("applies in", S224, "country/NOR", MOJ), ("operates in", investigators, "place/NO-OSL", TIP)} <= norway
