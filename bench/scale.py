"""How the build grows with the corpus: one table of stage times at each corpus size for each engine,
the rebuild after one change, peak memory and the endpoint against Oxigraph, all measured in this run.

Each build is `thbkg --root DIR build` in its own process (wall clock, process start included; peak
resident memory of its processes together, sampled from /proc), on the seeds and on synthetic corpora written by
bench/corpus.py. The reference engine (owlrl, pyshacl) is measured up to --reference-up-to reports:
past that it takes many minutes. The rebuild changes one label of one report's mapping and builds
again, reusing what the first build kept (data/.cache).

Run: .venv/bin/python bench/scale.py [--sizes 10,100,1000] [--engines reference,fast]
     [--reference-up-to 100] [--workdir /tmp/thbkg-scale] [--endpoint]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEED_INPUTS = ("ontology", "shapes", "queries", "data", "CITATION.cff")
STAGES = re.compile(r"Stages: (.*)\.")


@dataclass
class Run:
    """One build: what it was, how long it took in all and by stage, and its peak memory."""

    corpus: str
    engine: str
    kind: str
    wall: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    peak_mb: float = 0.0
    error: str = ""

    @property
    def rest(self) -> float:
        """Process start, writing data/build and the downloads: the wall clock the stages leave."""
        return self.wall - sum(self.stages.values())


class SessionPeak:
    """The largest resident memory of a build's processes taken together (the build, its export and
    the export's graph views run at once on a large corpus), sampled every 50 ms from /proc."""

    def __init__(self, session: int) -> None:
        self.session, self.mb = session, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._done.wait(0.05):
            pages = 0
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[3]) == self.session:  # the session id: a process group of its own stays in it
                    pages += int(fields[21])
            self.mb = max(self.mb, pages * page / 2**20)


def build(folder: Path, engine: str, *extra: str) -> Run:
    """Run `thbkg build` on ``folder`` in a child process and read its stage times and peak memory."""
    command = [str(BIN / "thbkg"), "--root", str(folder), "build", "--quiet", "--engine", engine, *extra]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, start_new_session=True)
        peak = SessionPeak(child.pid)
        _, status, _ = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        peak.stop()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        printed, problems = out.read(), err.read()
    run = Run(folder.name, engine, " ".join(extra) or "build", wall=wall, peak_mb=peak.mb)
    if child.returncode != 0:
        run.error = (problems.strip().splitlines() or [f"exit {child.returncode}"])[-1]
        return run
    found = STAGES.search(printed)
    if found:
        for part in found.group(1).split(", "):
            stage, seconds, _ = part.split(" ")
            run.stages[stage] = float(seconds)
    return run


def seeds(workdir: Path) -> Path:
    """A copy of the project's inputs, so the seed builds leave the project's own outputs alone."""
    folder = workdir / "seeds"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in SEED_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("build", ".releases", ".cache"))
        else:
            shutil.copy2(source, folder / name)
    return folder


def corpus(workdir: Path, reports: int) -> Path:
    folder = workdir / f"reports-{reports}"
    shutil.rmtree(folder, ignore_errors=True)
    write_corpus(folder, reports)
    return folder


def change_one_label(folder: Path) -> None:
    """A curator's small fix: one entity label of the last report's mapping, revised."""
    mapping = sorted((folder / "data" / "mappings").glob("syn-*.yaml"))[-1]
    text = mapping.read_text(encoding="utf-8")
    at = text.index("  label: ") + len("  label: ")
    end = text.index("\n", at)
    mapping.write_text(text[:end] + " (revised)" + text[end:], encoding="utf-8")


def endpoint_ratio(folder: Path) -> str:
    """bench/endpoint.py's throughput of `thbkg serve` over `oxigraph serve-read-only`, on ``folder``'s build."""
    command = [
        sys.executable,
        str(ROOT / "bench" / "endpoint.py"),
        "--root",
        str(folder),
        "--engines",
        "thbkg,oxigraph",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if " req/s " in line]  # bench/endpoint.py's ratio line
    return lines[-1].strip() if lines else f"(no ratio: {done.stderr.strip().splitlines()[-1:]})"


def table(runs: list[Run]) -> str:
    names = ["map", "reason", "validate", "qc"]
    head = f"{'corpus':<14} {'engine':<9} {'run':<9}" + "".join(f"{n:>9}" for n in names)
    head += f"{'rest':>8}{'wall s':>9}{'s/100':>8}{'peak MB':>9}"
    lines = [head, "-" * len(head)]
    for run in runs:
        row = f"{run.corpus:<14} {run.engine:<9} {run.kind:<9}"
        if run.error:
            lines.append(f"{row} failed: {run.error}")
            continue
        row += "".join(f"{run.stages.get(n, 0.0):>9.2f}" for n in names)
        size = run.corpus.removeprefix("reports-")
        per_100 = f"{run.wall / int(size) * 100:>8.2f}" if size.isdigit() else f"{'':>8}"
        lines.append(f"{row}{run.rest:>8.2f}{run.wall:>9.2f}{per_100}{run.peak_mb:>9.0f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="corpus sizes in reports (default: 10,100,1000)")
    parser.add_argument("--engines", default="reference,fast")
    parser.add_argument("--reference-up-to", type=int, default=100, help="largest corpus for the reference engine")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/thbkg-scale"))
    parser.add_argument("--endpoint", action="store_true", help="also run bench/endpoint.py on the largest build")
    args = parser.parse_args()
    engines = args.engines.split(",")
    sizes = [int(size) for size in args.sizes.split(",") if size]
    runs: list[Run] = []
    folder = seeds(args.workdir)
    for engine in engines:
        runs.append(build(folder, engine, "--full"))
        print(table(runs[-1:]).splitlines()[-1], flush=True)
    if "fast" in engines:  # as a curator runs it: what the last build kept, reused
        runs.append(build(folder, "fast"))
        print(table(runs[-1:]).splitlines()[-1], flush=True)
    largest = None
    for size in sizes:
        folder = corpus(args.workdir, size)
        for engine in engines:
            if engine == "reference" and size > args.reference_up_to:
                continue
            runs.append(build(folder, engine, "--full"))
            print(table(runs[-1:]).splitlines()[-1], flush=True)
        largest = folder
    if largest is not None and "fast" in engines:
        change_one_label(largest)
        runs.append(build(largest, "fast"))
        runs[-1].kind = "rebuild"
    print()
    print(table(runs))
    if args.endpoint and largest is not None:
        print(f"\nendpoint on {largest.name}: {endpoint_ratio(largest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
