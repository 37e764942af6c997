"""The licences and the citation, beside the files they cover: LICENSE is the Apache License 2.0 and
LICENSE-DATA the legal code of CC BY 4.0, word for word as their stewards publish them (the sha256
of the published texts: apache.org's LICENSE-2.0.txt, and legalcode/by_4.0.txt of Creative
Commons' site); data/, ontology/ and shapes/ each name CC BY 4.0 and its legal code; CITATION.cff
is valid Citation File Format 1.2.0, checked against the format's schema (as cffconvert 2.0.0
ships it: tests/fixtures/cff-schema-1.2.0.json), with pyproject's version and licence.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import jsonschema
import pyoxigraph as ox
import pytest
import yaml

from thbkg.core.errors import InputError
from thbkg.core.namespaces import DCTERMS
from thbkg.release.citation import read_citation

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).resolve().parent / "fixtures" / "cff-schema-1.2.0.json"
APACHE_2_0_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"
CC_BY_4_0_SHA256 = "9ba9550ad48438d0836ddab3da480b3b69ffa0aac7b7878b5a0039e7ab429411"
CC_BY_4_0 = "https://creativecommons.org/licenses/by/4.0/"
ONTOLOGY = "https://w3id.org/thbkg/ontology"


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def citation_file() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_license_is_the_apache_license_2_0_as_published() -> None:
    text = (ROOT / "LICENSE").read_bytes()
    assert hashlib.sha256(text).hexdigest() == APACHE_2_0_SHA256
    assert b"Apache License\n                           Version 2.0, January 2004" in text
    assert pyproject()["license"] == "Apache-2.0" and pyproject()["license-files"] == ["LICENSE"]


def test_license_data_is_the_cc_by_4_0_legal_code_as_published() -> None:
    text = (ROOT / "LICENSE-DATA").read_bytes()
    assert hashlib.sha256(text).hexdigest() == CC_BY_4_0_SHA256
    assert text.startswith(b"Attribution 4.0 International\n")
    assert b"Creative Commons Attribution 4.0 International Public License" in text


@pytest.mark.parametrize("folder", ["data", "ontology", "shapes"])
def test_each_folder_of_data_ontology_and_shapes_names_cc_by_4_0(folder: str) -> None:
    text = " ".join((ROOT / folder / "LICENSE").read_text(encoding="utf-8").split())
    assert "Creative Commons Attribution 4.0 International" in text and "(CC BY 4.0)" in text
    assert f"{CC_BY_4_0}legalcode" in text
    assert "../LICENSE-DATA" in text and "../CITATION.cff" in text
    assert (ROOT / folder / "../LICENSE-DATA").is_file() and (ROOT / folder / "../CITATION.cff").is_file()


def test_the_source_documents_keep_their_own_status() -> None:
    """data/ holds the texts of documents thbkg did not write: its licence leaves them out and points
    to the status each catalogue record states."""
    text = " ".join((ROOT / "data" / "LICENSE").read_text(encoding="utf-8").split())
    assert "sources/*.txt are not thbkg's work" in text and "licence_status" in text
    for record in (ROOT / "data" / "sources").glob("*.yaml"):
        assert yaml.safe_load(record.read_text(encoding="utf-8"))["licence_status"], record.name


def test_the_ontology_states_the_licence_its_folder_names() -> None:
    ontology = ox.parse(path=ROOT / "ontology" / "thbkg.ttl", format=ox.RdfFormat.TURTLE)
    licences = {
        t.object for t in ontology if t.subject == ox.NamedNode(ONTOLOGY) and t.predicate.value == DCTERMS + "license"
    }
    assert licences == {ox.NamedNode(CC_BY_4_0)}


def test_citation_cff_is_valid_citation_file_format_1_2_0_with_pyprojects_version() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cff = citation_file()
    jsonschema.Draft7Validator(schema).validate(cff)
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == pyproject()["version"]
    assert cff["license"] == pyproject()["license"]
    assert "CC BY 4.0" in cff["message"] and CC_BY_4_0 in cff["message"]
    assert [author["name"] for author in cff["authors"]] == ["thbkg contributors"]
    broken = {key: value for key, value in cff.items() if key != "authors"}
    with pytest.raises(jsonschema.ValidationError, match="'authors' is a required property"):
        jsonschema.Draft7Validator(schema).validate(broken)


def test_a_citation_with_another_version_than_the_package_is_refused_at_its_line(tmp_path: Path) -> None:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    version = pyproject()["version"]
    path = tmp_path / "CITATION.cff"
    path.write_text(text.replace(f"version: {version}", "version: 9.9.9"), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("version:"))
    with pytest.raises(InputError) as raised:
        read_citation(path, version)
    assert (
        str(raised.value)
        == f"{path}:{line}: version '9.9.9' is not the package's '{version}' (pyproject.toml): make them one"
    )
    assert read_citation(ROOT / "CITATION.cff", version).version == version
