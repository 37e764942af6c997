"""The W3C SPARQL 1.1 Protocol test suite, replayed from its manifest against ``thbkg serve``.

Every query_* and bad_* case must pass as the manifest says. The update_* cases expect updates to
succeed; this endpoint is read-only, so there each update must be refused (403) and the data stay
as it was: the manifest's follow-up ASK answers false, and a dump of every quad is unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection

from serve_server import W3C, Server, running, w3c_dataset

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
DUMP = "/sparql?query=" + "SELECT%20*%20%7B%20GRAPH%20%3Fg%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D&format=tsv"


@dataclass
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    boolean: bool | None
    form: str | None


def _cases() -> list[tuple[str, list[Step]]]:
    manifest = Graph().parse(W3C / "manifest.ttl", format="turtle")
    root = next(manifest.subjects(MF.entries, None))
    cases = []
    for entry in Collection(manifest, manifest.value(root, MF.entries)):
        action = manifest.value(entry, MF.action)
        steps = [_step(manifest, r) for r in Collection(manifest, manifest.value(action, HT.requests))]
        cases.append((str(entry).rsplit("#", 1)[1], steps))
    return cases


def _step(manifest: Graph, request) -> Step:
    headers = {}
    if (header_list := manifest.value(request, HT.headers)) is not None:
        for header in Collection(manifest, header_list):
            headers[str(manifest.value(header, HT.fieldName))] = str(manifest.value(header, HT.fieldValue))
    body = None
    if (content := manifest.value(request, HT.body)) is not None:
        encoding = str(manifest.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(manifest.value(content, CNT.chars)).encode(encoding.lower())
    response = manifest.value(request, HT.resp)
    boolean = manifest.value(response, MF.expectedBoolean)
    form = manifest.value(response, MF.expectedFormat)
    return Step(
        str(manifest.value(request, HT.methodName)),
        str(manifest.value(request, HT.absolutePath)),
        headers,
        body,
        {str(s).rsplit("#", 1)[1] for s in manifest.objects(response, MF.expectedStatus)},
        None if boolean is None else boolean.toPython(),
        None if form is None else str(form),
    )


CASES = _cases()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with running(w3c_dataset(tmp_path_factory.mktemp("w3c") / "w3c.nq")) as server:
        yield server


def _send(server: Server, step: Step):
    return server.request(step.method, step.path, step.body, step.headers)


def _boolean(reply) -> bool:
    kind = reply.headers["content-type"].split(";")[0]
    if kind == "application/sparql-results+json":
        return json.loads(reply.body)["boolean"]
    assert kind == "application/sparql-results+xml", kind
    return "<boolean>true</boolean>" in reply.text


def _check(reply, step: Step) -> None:
    status_class = f"StatusCode{reply.status // 100}xx"
    assert status_class in step.statuses, (reply.status, reply.text)
    kind = reply.headers.get("content-type", "").split(";")[0]
    if step.form == "boolean" or step.boolean is not None:
        assert _boolean(reply) is step.boolean or step.boolean is None
    if step.form == "tabular":
        assert kind in RESULT_TYPES
    if step.form == "RDF":
        assert kind in RDF_TYPES
        list(ox.parse(reply.body, format=RDF_TYPES[kind]))


def test_manifest_lists_every_kind_of_case() -> None:
    names = [name for name, _ in CASES]
    assert len(names) == 34
    assert {n.split("_")[0] for n in names} == {"query", "update", "bad"}


@pytest.mark.parametrize(("name", "steps"), [c for c in CASES if not c[0].startswith("update_")], ids=lambda c: c)
def test_query_and_bad_cases(server: Server, name: str, steps: list[Step]) -> None:
    for step in steps:
        reply = _send(server, step)
        _check(reply, step)
        assert "Traceback" not in reply.text


@pytest.mark.parametrize(("name", "steps"), [c for c in CASES if c[0].startswith("update_")], ids=lambda c: c)
def test_update_cases_are_refused_and_change_nothing(server: Server, name: str, steps: list[Step]) -> None:
    before = server.request("GET", DUMP)
    update, *checks = steps
    reply = _send(server, update)
    assert reply.status == 403, reply.text
    assert reply.headers["content-type"].startswith("text/plain") and reply.text.count("\n") == 1
    for check in checks:
        reply = _send(server, check)
        assert reply.status == 200
        assert _boolean(reply) is False  # what the update would have made true is not there
    after = server.request("GET", DUMP)
    assert before.status == after.status == 200 and before.body == after.body and len(before.text.splitlines()) == 4


def test_dataset_file_holds_the_manifest_graphs(tmp_path: Path) -> None:
    text = w3c_dataset(tmp_path / "d.nq").read_text()
    assert text.count("\n") == 3 and "<http://kasei.us/2009/09/sparql/data/data3.rdf> ." in text
