"""Native names come from data: an entity's ``label_<tag>`` is a preferred label in any BCP 47
language, a body or law names its ``jurisdiction``, and a jurisdiction's official languages are
curated under ``jurisdictions:`` in data/reference/. A bad tag or an undeclared jurisdiction fails
the build at its file and line; a body without its name in a language of its jurisdiction fails
SHACL; a new country with a language of its own needs no change to code or shapes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from thbkg.build.language_tags import language_tag
from thbkg.cli import main
from thbkg.core.namespaces import SKOS, THB, XSD, graph_iri, key_iri

ROOT = Path(__file__).resolve().parents[1]
ORGANIZATIONS = Path("data/reference/organizations.yaml")
JURISDICTIONS = Path("data/reference/jurisdictions.yaml")


# ---------------------------------------------------------------------------------------------
# Language tags, against the standards: BCP 47 (RFC 5646) over ISO 639, ISO 15924 and ISO 3166-1


@pytest.mark.parametrize(
    ("tag", "canonical"),
    [
        ("nb", "nb"),  # ISO 639-1: Norwegian Bokmål
        ("NB", "nb"),  # tags compare without regard to case (RFC 5646, 2.1.1)
        ("se", "se"),  # ISO 639-1: Northern Sami
        ("sma", "sma"),  # ISO 639-3: Southern Sami, which has no two-letter code
        ("sr-latn", "sr-Latn"),  # ISO 15924: Latin script, written in title case
        ("pt-br", "pt-BR"),  # ISO 3166-1 alpha-2: Brazil, written in capitals
        ("es-419", "es-419"),  # UN M.49: Latin America and the Caribbean
    ],
)
def test_a_language_tag_of_the_registers_is_accepted_in_its_usual_case(tag: str, canonical: str) -> None:
    assert language_tag(tag) == canonical


@pytest.mark.parametrize(
    ("tag", "reason"),
    [
        ("xx", "'xx' is not an ISO 639-1 language code"),  # not assigned
        ("nob", "write 'nb'"),  # BCP 47 takes the two-letter code where ISO 639-1 has one
        ("sr-Abcd", "'Abcd' is not an ISO 15924 script code"),
        ("pt-XX", "'XX' is not an ISO 3166-1 alpha-2 country code"),
        ("nb_NO", "is not a language tag"),  # BCP 47 joins subtags with hyphens
        ("", "is not a language tag"),
    ],
)
def test_a_malformed_or_unknown_language_tag_is_refused_with_its_reason(tag: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        language_tag(tag)


# ---------------------------------------------------------------------------------------------
# Reference data as the build reads it


def _replace(project: Path, name: Path, old: str, new: str) -> int:
    """Replace the one occurrence of ``old`` in a file; the line it starts on."""
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _build_fails(project: Path, capsys: pytest.CaptureFixture[str], status: int = 2) -> str:
    """The build's errors; it exits 2 on bad input, 1 when validation fails."""
    capsys.readouterr()
    assert main(["--root", str(project), "build"]) == status
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


POLICE_DIRECTORATE = (
    "  - key: organization/police-directorate\n    type: thb:Directorate\n    label: Police Directorate\n"
)


@pytest.mark.parametrize(
    ("field", "reason"),
    [
        ("label_xx: Politidirektoratet", "label_xx: 'xx': 'xx' is not an ISO 639-1 language code"),
        ("label_nb_NO: Politidirektoratet", "label_nb_NO: 'nb_NO' is not a language tag"),
        ("label_en: Police Directorate", "label_en: the English preferred label is label:"),
    ],
)
def test_a_label_in_a_bad_language_is_reported_at_its_line(project: Path, capsys, field, reason) -> None:
    line = _replace(project, ORGANIZATIONS, POLICE_DIRECTORATE, POLICE_DIRECTORATE + f"    {field}\n") + 3
    err = _build_fails(project, capsys)
    assert f"{project / ORGANIZATIONS}:{line}: {reason}" in err, err


def test_an_undeclared_jurisdiction_is_reported_at_its_line(project: Path, capsys) -> None:
    directorate = "    label_nb: Politidirektoratet\n    jurisdiction: country/"
    line = _replace(project, ORGANIZATIONS, directorate + "NOR\n", directorate + "SWE\n") + 1
    err = _build_fails(project, capsys)
    reason = "unknown jurisdiction 'country/SWE': list it with its languages under jurisdictions:"
    assert f"{project / ORGANIZATIONS}:{line}: {reason}" in err, err


def test_a_jurisdiction_with_a_bad_language_is_reported_at_its_line(project: Path, capsys) -> None:
    line = _replace(project, JURISDICTIONS, "languages: [nb]", "languages: [nb, norsk]")
    err = _build_fails(project, capsys)
    assert f"{project / JURISDICTIONS}:{line}: 'norsk' is not a language tag" in err, err


def test_a_body_without_its_name_in_its_jurisdictions_language_fails_validation(project: Path, capsys) -> None:
    _replace(project, ORGANIZATIONS, "    label_nb: Politidirektoratet\n", "")
    err = _build_fails(project, capsys, status=1)
    assert f"<{key_iri('organization/police-directorate')}>" in err
    assert "needs its own name in nb, an official language of that jurisdiction" in err
    assert "set label_nb" in err


# A country the sources do not cover yet, with two official languages (Finland: Finnish and Swedish,
# ISO 639-1 fi and sv), and a body of it named in both.
FINLAND = "  - key: country/FIN\n    languages: [fi, sv]\n"
FINNISH_MINISTRY = (
    "  - key: organization/ministry-of-justice-of-finland\n"
    "    type: thb:Ministry\n"
    "    label: Ministry of Justice of Finland\n"
    "    label_fi: Oikeusministeriö\n"
    "    label_sv: Justitieministeriet\n"
    "    jurisdiction: country/FIN\n"
)


def test_a_new_jurisdiction_and_its_languages_need_no_code(project: Path, capsys) -> None:
    (project / JURISDICTIONS).write_text(
        (project / JURISDICTIONS).read_text(encoding="utf-8") + FINLAND, encoding="utf-8"
    )
    (project / ORGANIZATIONS).write_text(
        (project / ORGANIZATIONS).read_text(encoding="utf-8") + FINNISH_MINISTRY, encoding="utf-8"
    )
    assert main(["--root", str(project), "build"]) == 0, capsys.readouterr().err
    store = ox.Store()
    store.load(path=str(project / "data/build/thbkg.nq"), format=ox.RdfFormat.N_QUADS)
    reference = ox.NamedNode(graph_iri("reference"))
    ministry, finland = (
        ox.NamedNode(key_iri(k)) for k in ("organization/ministry-of-justice-of-finland", "country/FIN")
    )
    labels = {
        (q.object.value, q.object.language)
        for q in store.quads_for_pattern(ministry, ox.NamedNode(SKOS + "prefLabel"), None, reference)
    }
    assert labels == {
        ("Ministry of Justice of Finland", "en"),
        ("Oikeusministeriö", "fi"),
        ("Justitieministeriet", "sv"),
    }
    assert ox.Quad(ministry, ox.NamedNode(THB + "jurisdiction"), finland, reference) in store
    language = ox.NamedNode(THB + "officialLanguage")
    assert {q.object for q in store.quads_for_pattern(finland, language, None, reference)} == {
        ox.Literal(tag, datatype=ox.NamedNode(XSD + "language")) for tag in ("fi", "sv")
    }
