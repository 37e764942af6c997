"""Every thing the docs and the README name is in the build: each IRI of a thing, each ``thbr:`` name and
each key of a thing in backticks or a code block (placeholders such as ``country/<ISO alpha-3>`` aside).

docs/adding-a-source.md walks through the fictional third source, whose things only a build with it
holds: tests/test_third_source.py checks that page on such a build.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from doc_references import missing

ROOT = Path(__file__).resolve().parents[1]
GUIDE = "adding-a-source.md"


def test_every_thing_the_docs_name_is_in_the_build(store: ox.Store) -> None:
    pages = [page for page in sorted((ROOT / "docs").glob("*.md")) if page.name != GUIDE]
    assert missing([*pages, ROOT / "README.md"], store) == []


def test_a_thing_the_build_does_not_hold_is_named_with_its_line(store: ox.Store, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Keys: `organization/kom`, `country/<ISO alpha-3>`, `data/build`, `legal-provision/no-penal-code-s224`.\n"
        "```\nabout: organization/no-such-body\n```\n"
        "See <https://w3id.org/thbkg/id/period/2009> and <https://w3id.org/thbkg/id/period/1999>,\n"
        "`thbr:dsd/statistics`, `thbr:law/none`, and https://w3id.org/thbkg/id/passage/<source>/<start>-<end>.\n",
        encoding="utf-8",
    )
    assert sorted(missing([page], store)) == [
        "page.md:1: legal-provision/no-penal-code-s224",
        "page.md:3: organization/no-such-body",
        "page.md:5: period/1999",
        "page.md:6: law/none",
    ]
