"""A synthetic corpus: N annual reports on made-up efforts against trafficking, in a folder laid out
like the project, so that `thbkg --root DIR build` runs every stage (quote finding, typing,
reasoning, SHACL, quality checks, export) on as many reports as a benchmark needs.

Run: .venv/bin/python bench/corpus.py --reports N --output DIR [--seed S] [--faults a,b,c]

Each report is `syn-<country>-<year>`: a real ISO 3166 country, whose bodies, law, NGO and hotline
are invented (declared once per country in data/reference/synthetic-<code>.yaml, with the
country's jurisdiction and a made-up name in its language) and a year. Its text (sentence
templates varied by the seeded random numbers) names a tier ranking, the countries of origin,
transit and destination and law-enforcement partners, the coordination unit and who founded,
funds and administers it, a shelter project and the NGO that runs it, a penal-code provision and
its penalty, a treaty, an action plan with goals and measures, statistics by year with breakdowns
that sum to their totals, gaps and the recommendations that answer them. Its mapping quotes the
text verbatim, with a suffix where the summary repeats a sentence. The project's ontology, shapes,
queries, citation and reference data are copied in; data/curation/ links a recommendation of one
report to the gap an earlier report on the same country states. The same arguments write
byte-identical folders.

Faults (`--faults`, each put into one report, named on standard output):
  wrong-sum        a breakdown whose parts do not add up to the stated total (text and mapping
                   agree, as a curator would copy a wrong figure): the arithmetic shapes fail the
                   build (thbsh:ObservationTotalShape, naming the passage and its source).
  missing-label    a recommendation declared with no label: the shapes fail the build
                   (thbsh:skos_prefLabel, naming the passage and its source).
  ambiguous-quote  a quote that occurs twice in the text, with no prefix or suffix: the map stage
                   refuses it, naming the mapping file and line.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from corpus_country import CountryData, country_data, reference_file
from corpus_names import Country, countries
from corpus_report import Report, write_report

PROJECT = Path(__file__).resolve().parents[1]
# The project as it stands, its two documents included, to which the synthetic reports are added.
COPIED = ("ontology", "shapes", "queries", "data", "CITATION.cff")
OUTPUTS = ("build", ".releases", ".cache")  # data/ as the build left it
FAULTS = ("wrong-sum", "missing-label", "ambiguous-quote")
FIRST_YEAR = 2010
CURATORS = "organization/thbkg-curators"


class NoAliases(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes every value in place: a mapping is read back the same however its lists are shared."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any, path: Path, header: str) -> None:
    text = yaml.dump(data, Dumper=NoAliases, sort_keys=False, allow_unicode=True, width=4096)
    path.write_text(f"# {header}\n{text}", encoding="utf-8")


@dataclass
class Corpus:
    """What write_corpus wrote: the reports, the claims of their mappings and where each fault is."""

    reports: list[str] = field(default_factory=list)
    claims: int = 0
    links: int = 0
    faults: dict[str, str] = field(default_factory=dict)  # fault: report id


def _declared_jurisdictions() -> set[str]:
    """The countries the project's reference data already gives a jurisdiction: no report is about
    them, as their synthetic jurisdiction would be a second one."""
    found = set()
    for path in sorted((PROJECT / "data/reference").glob("*.yaml")):
        root = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found |= {entry["key"] for entry in root.get("jurisdictions") or []}
    return found


def _subjects(reports: int, seed: int) -> list[tuple[Country, int]]:
    """(country, year) of each report: every country once, in a seeded order, then again a year later."""
    taken = _declared_jurisdictions()
    order = [country for country in countries() if country.key not in taken]
    random.Random(seed).shuffle(order)
    return [(order[n % len(order)], FIRST_YEAR + n // len(order)) for n in range(reports)]


def _copy_project(folder: Path) -> None:
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", *OUTPUTS))
        else:
            shutil.copy2(source, folder / name)


def _record(report: Report, data: CountryData, seed: int) -> dict[str, Any]:
    digest = hashlib.sha256(report.text.encode("utf-8")).hexdigest()
    return {
        "id": report.id,
        "file": f"{report.id}.txt",
        "sha256": digest,
        "title": report.title,
        "publisher": data.unit.key,
        "creator": None,
        "issued": report.issued,
        "language": "en",
        "period_covered": f"period/{int(report.id[-4:]) - 1}",
        "area_covered": data.country.key,
        "audience": None,
        "original_address": None,
        "address_note": f"A synthetic document: bench/corpus.py of thbkg, seed {seed}.",
        "licence_status": "A synthetic document generated to benchmark thbkg; no licence stated.",
    }


def _links(reports: list[tuple[Country, Report]]) -> list[dict[str, Any]]:
    """A curators' link from each recommendation to the same gap in the previous report on its country."""
    links: list[dict[str, Any]] = []
    previous: dict[str, Report] = {}
    for country, report in reports:
        earlier = previous.get(country.code)
        for gap, (recommendation, asked) in sorted(report.recommendations.items()):
            if earlier is None or gap not in earlier.gaps:
                continue
            gap_key, found = earlier.gaps[gap]
            links.append(
                {
                    "about": recommendation,
                    "states": {"thb:addresses": gap_key},
                    "by": CURATORS,
                    "reason": f"The {report.id} report asks for what the {earlier.id} report found missing.",
                    "passages": [{"source": report.id, "quote": asked}, {"source": earlier.id, "quote": found}],
                }
            )
        previous[country.code] = report
    return links


def write_corpus(folder: str | Path, reports: int, seed: int = 0, faults: Iterable[str] = ()) -> Corpus:
    """Write a corpus of ``reports`` reports into ``folder`` (absent or empty), fault number i into
    report i (modulo the number of reports)."""
    folder, faults = Path(folder), list(faults)
    unknown = sorted(set(faults) - set(FAULTS))
    if unknown:
        raise ValueError(f"unknown fault(s) {', '.join(unknown)}: choose from {', '.join(FAULTS)}")
    if folder.exists() and any(folder.iterdir()):
        raise ValueError(f"{folder} is not empty: give a new folder")
    _copy_project(folder)
    subjects = _subjects(reports, seed)
    everyone = countries()
    shared: dict[str, CountryData] = {}
    corpus, written = Corpus(), []
    for number, (country, year) in enumerate(subjects):
        data = shared.get(country.code)
        if data is None:
            data = shared[country.code] = country_data(country, seed)
            dump(
                reference_file(data),
                folder / "data/reference" / f"synthetic-{country.lower}.yaml",
                f"Synthetic bodies and law of {country.name}.",
            )
        mine = [fault for at, fault in enumerate(faults) if at % reports == number]
        report = write_report(data, year, [c for c in everyone if c != country], seed, mine)
        sources = folder / "data/sources"
        (sources / f"{report.id}.txt").write_bytes(report.text.encode("utf-8"))
        dump(
            _record(report, data, seed),
            sources / f"{report.id}.yaml",
            "Catalogue record of a synthetic source document.",
        )
        dump(
            report.mapping(), folder / "data/mappings" / f"{report.id}.yaml", f"Mapping of {report.title} (synthetic)."
        )
        corpus.reports.append(report.id)
        corpus.claims += len(report.claims)
        corpus.faults.update((fault, report.id) for fault in mine)
        written.append((country, report))
    links = _links(written)
    dump({"links": links}, folder / "data/curation/synthetic.yaml", "Curators' links between synthetic reports.")
    corpus.links = len(links)
    return corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, required=True, help="how many reports")
    parser.add_argument("--output", type=Path, required=True, help="the folder to write (absent or empty)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--faults", default="", help=f"comma-separated, from {', '.join(FAULTS)}")
    args = parser.parse_args(argv)
    if args.reports < 1:
        parser.error("--reports must be at least 1")
    started = time.perf_counter()
    try:
        corpus = write_corpus(args.output, args.reports, args.seed, [f for f in args.faults.split(",") if f])
    except ValueError as exc:
        print(f"corpus: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    print(
        f"Wrote {len(corpus.reports)} reports ({corpus.claims} claims, {corpus.links} curators' links)"
        f" to {args.output} in {seconds:.1f} s"
    )
    for fault, report in corpus.faults.items():
        print(f"  fault {fault}: in {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
