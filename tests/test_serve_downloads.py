"""``thbkg serve`` /download/: the files of ``thbkg export`` with the right media types, strong
ETags and Last-Modified, 304 on revalidation, HEAD, a listing, and no way out of the folder."""

from __future__ import annotations

import gzip
import hashlib
from email.utils import parsedate_to_datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF

from serve_server import Server, running
from thbkg.build.pipeline import Build, write_outputs
from thbkg.core.layout import Layout
from thbkg.release.export import export

MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".trig": "application/trig",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".gz": "application/gzip",
    ".md": "text/markdown",
    ".graphml": "application/graphml+xml",  # GraphML's own name for it (graphml.graphdrawing.org)
}


@pytest.fixture(scope="module")
def folder(build: Build, layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's build written out and exported, with a file outside dist/ to try to reach."""
    folder = tmp_path_factory.mktemp("downloads")
    write_outputs(build, folder / "build")
    export(folder / "build", layout, folder / "dist")
    (folder / "secret.txt").write_text("not for download\n")
    (folder / "dist" / "link.txt").symlink_to(folder / "secret.txt")
    return folder


@pytest.fixture(scope="module")
def server(folder: Path):
    with running(folder / "build" / "thbkg.nq", "--workers", "1", "--dist", str(folder / "dist")) as server:
        yield server


def exported(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "dist").iterdir() if not p.is_symlink())


def test_every_file_has_its_media_type_and_bytes(server: Server, folder: Path) -> None:
    for path in exported(folder):
        reply = server.request("GET", f"/download/{path.name}")
        assert reply.status == 200, path.name
        expected = MEDIA_TYPES.get(path.suffix, "text/plain")
        assert reply.headers["content-type"].split(";")[0] == expected, path.name
        assert reply.body == path.read_bytes()


def test_etag_is_strong_and_revalidates(server: Server, folder: Path) -> None:
    path = folder / "dist" / "thbkg.ttl"
    first = server.request("GET", "/download/thbkg.ttl")
    etag = first.headers["etag"]
    assert not etag.startswith("W/") and hashlib.sha256(path.read_bytes()).hexdigest() in etag
    assert server.request("GET", "/download/thbkg.ttl").headers["etag"] == etag
    again = server.request("GET", "/download/thbkg.ttl", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["etag"] == etag
    other = server.request("GET", "/download/thbkg.ttl", headers={"If-None-Match": '"something-else"'})
    assert other.status == 200 and other.body == path.read_bytes()
    assert server.request("GET", "/download/thbkg.nt").headers["etag"] != etag


def test_last_modified_is_the_dataset_date_and_revalidates(server: Server, folder: Path) -> None:
    description = Graph().parse(folder / "dist" / "description.ttl", format="turtle")
    dataset = next(description.subjects(RDF.type, DCAT.Dataset))
    modified = description.value(dataset, DCTERMS.modified).toPython()
    reply = server.request("GET", "/download/thbkg.nq")
    stamp = reply.headers["last-modified"]
    assert parsedate_to_datetime(stamp).date() == modified
    assert server.request("GET", "/download/thbkg.nq", headers={"If-Modified-Since": stamp}).status == 304
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert server.request("GET", "/download/thbkg.nq", headers={"If-Modified-Since": earlier}).status == 200


def test_head_gives_the_headers_of_get_without_a_body(server: Server, folder: Path) -> None:
    get = server.request("GET", "/download/thbkg.trig.gz")
    head = server.request("HEAD", "/download/thbkg.trig.gz")
    assert head.status == 200 and head.body == b""
    for name in ("content-type", "content-length", "etag", "last-modified"):
        assert head.headers[name] == get.headers[name]
    assert int(head.headers["content-length"]) == (folder / "dist" / "thbkg.trig.gz").stat().st_size


def test_downloaded_files_parse_back_into_the_build(server: Server, folder: Path) -> None:
    build = set(ox.parse(path=str(folder / "build" / "thbkg.nq"), format=ox.RdfFormat.N_QUADS))
    nquads = server.request("GET", "/download/thbkg.nq").body
    assert set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) == build
    turtle = gzip.decompress(server.request("GET", "/download/thbkg.ttl.gz").body)
    assert {q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)} == {q.triple for q in build}


def test_listing_names_every_file_and_offers_the_description(server: Server, folder: Path) -> None:
    page = server.request("GET", "/download/", headers={"Accept": "text/html"})
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for path in exported(folder):
        assert f'href="{path.name}"' in page.text
    assert 'href="link.txt"' not in page.text
    turtle = server.request("GET", "/download/", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert (None, RDF.type, DCAT.Dataset) in Graph().parse(data=turtle.body, format="turtle")
    assert server.request("GET", "/download").status in (301, 307, 308)


@pytest.mark.parametrize(
    "target",
    [
        "/download/../build/thbkg.nq",
        "/download/..%2Fsecret.txt",
        "/download/%2e%2e/secret.txt",
        "/download/%2E%2E%2Fsecret.txt",
        "/download/..%5Csecret.txt",
        "/download/%2e%2e",
        "/download/.hidden",
        "/download/link.txt",
        "/download/thbkg.nq%00.txt",
        "/download//etc/passwd",
        "/download/no-such-file.ttl",
    ],
)
def test_nothing_outside_the_folder_is_served(server: Server, target: str) -> None:
    reply = server.request("GET", target)
    assert reply.status == 404
    assert b"not for download" not in reply.body and b"root:" not in reply.body


def test_without_an_export_downloads_answer_404_with_a_hint(server: Server, folder: Path) -> None:
    (folder / "dist").rename(folder / "dist-away")
    try:
        for target in ("/download/", "/download/thbkg.nq"):
            reply = server.request("GET", target)
            assert reply.status == 404 and "thbkg export" in reply.text
    finally:
        (folder / "dist-away").rename(folder / "dist")
