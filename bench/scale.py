"""How the build grows with the corpus: one table of stage times at each corpus size for each engine,
the rebuild after one change, peak memory and the endpoint against Oxigraph, all measured in this run.

Each build is `thbkg --root DIR build` in its own process (wall clock, process start included; peak
memory of its processes together, sampled from /proc: their proportional set sizes, which split the
pages they share, and their resident sizes), on the seeds and on synthetic corpora written by
bench/corpus.py. The reference engine (owlrl, pyshacl) is measured up to --reference-up-to reports:
past that it takes many minutes. The rebuild changes one label of one report's mapping and builds
again, reusing what the first build kept (data/.cache); then `thbkg build --watch` builds once and
the same kind of change is timed from its save to the verdict and to the new generation.

The 2-core machine's speed changes from day to day by a factor of two or three, so the run starts
and ends with a probe of it (PROBE additions in one Python loop) and each build's processor time
(user and system, of all its processes) is given beside its wall clock: figures from two days
compare only beside their probes.

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
PSS_EVERY = 1.0  # seconds between two readings of the processes' PSS
PROBE = 20_000_000  # additions the machine's speed probe makes
MEMORY = (
    "PSS MB: the peak of the build's processes' proportional set sizes summed (a page they share counts"
    f" once in all; read every {PSS_EVERY:g} s); RSS MB: the peak of their resident sizes summed (a shared"
    " page once per process; every 50 ms)."
)


@dataclass
class Run:
    """One build: what it was, how long it took in all and by stage, and its peak memory."""

    corpus: str
    engine: str
    kind: str
    wall: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    cpu: float = 0.0
    peak_mb: float = 0.0
    rss_mb: float = 0.0
    error: str = ""

    @property
    def rest(self) -> float:
        """Process start, writing data/build and the downloads: the wall clock the stages leave."""
        return self.wall - sum(self.stages.values())


class SessionPeak:
    """The largest memory of a build's processes taken together (the build, the data downloads and
    the store beside validation, and the store's fork, run at once on a large corpus), sampled from
    /proc. The peak is of their proportional set size (PSS, ``/proc/PID/smaps_rollup``): a page two
    processes share (the store's fork shares the loaded store copy-on-write) counts half in each, so
    the sum is the memory the build holds; a process whose smaps_rollup cannot be read counts its
    resident size (RSS). Reading a PSS makes the kernel walk the process's pages (some 17 ms of
    processor time per GB), so it is read every PSS_EVERY seconds, where the peak of the RSS summed
    (which counts a shared page once per process) is taken every 50 ms."""

    def __init__(self, session: int) -> None:
        self.session, self.mb, self.rss_mb = session, 0.0, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        next_pss = 0.0
        while not self._done.wait(0.05):
            with_pss = time.monotonic() >= next_pss
            pss = rss = 0
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[3]) == self.session:  # the session id: a process group of its own stays in it
                    resident = int(fields[21]) * page
                    rss += resident
                    pss += _proportional(stat.with_name("smaps_rollup"), resident) if with_pss else 0
            self.rss_mb = max(self.rss_mb, rss / 2**20)
            if with_pss:
                self.mb = max(self.mb, pss / 2**20)
                next_pss = time.monotonic() + PSS_EVERY


def _proportional(rollup: Path, resident: int) -> int:
    """A process's PSS in bytes from its ``smaps_rollup``; ``resident`` (its RSS) where that cannot
    be read (an older kernel, or the process has just ended)."""
    try:
        for line in rollup.read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return resident


def build(folder: Path, engine: str, *extra: str) -> Run:
    """Run `thbkg build` on ``folder`` in a child process and read its stage times and peak memory."""
    command = [str(BIN / "thbkg"), "--root", str(folder), "build", "--quiet", "--engine", engine, *extra]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, start_new_session=True)
        peak = SessionPeak(child.pid)
        _, status, usage = os.wait4(child.pid, 0)  # its usage counts the processes it waited for
        wall = time.perf_counter() - started
        peak.stop()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        printed, problems = out.read(), err.read()
    cpu = usage.ru_utime + usage.ru_stime
    run = Run(folder.name, engine, " ".join(extra) or "build", wall, cpu=cpu, peak_mb=peak.mb, rss_mb=peak.rss_mb)
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


def watch_rebuild(folder: Path) -> str:
    """`thbkg build --watch` on ``folder`` (built before): after its first build, one label changed
    as above; how long from saving it to the verdict (the process's own figure, and as seen from
    here) and to the new generation's downloads."""
    command = [str(BIN / "thbkg"), "--root", str(folder), "build", "--watch", "--quiet"]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert child.stdout is not None
    lines = iter(child.stdout)

    def until(start: str) -> str:
        return next(line for line in lines if line.startswith(start))

    try:
        until("Watching ")
        saved = time.perf_counter()
        change_one_label(folder)
        checked = until("Checked in ")
        seen = time.perf_counter() - saved
        until("Watching ")
        written = time.perf_counter() - saved
    finally:
        child.terminate()
        child.wait()
    return f"{checked.strip()} Seen here {seen:.2f} s after the save; the new generation written after {written:.2f} s."


def endpoint_summary(folder: Path) -> str:
    """bench/endpoint.py on ``folder``'s build: the throughput of `thbkg serve` over `oxigraph
    serve-read-only`, and its slowest saved query."""
    command = [
        sys.executable,
        str(ROOT / "bench" / "endpoint.py"),
        "--root",
        str(folder),
        "--engines",
        "thbkg,oxigraph",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line.strip() for line in done.stdout.splitlines() if line.startswith(("thbkg/oxigraph ", "slowest "))]
    return "\n".join(lines) if len(lines) == 2 else f"(no summary: {done.stderr.strip().splitlines()[-1:]})"


def table(runs: list[Run]) -> str:
    names = ["map", "reason", "validate", "qc"]
    head = f"{'corpus':<14} {'engine':<9} {'run':<9}" + "".join(f"{n:>9}" for n in names)
    head += f"{'rest':>8}{'wall s':>9}{'CPU s':>8}{'s/100':>8}{'PSS MB':>9}{'RSS MB':>9}"
    lines = [head, "-" * len(head)]
    for run in runs:
        row = f"{run.corpus:<14} {run.engine:<9} {run.kind:<9}"
        if run.error:
            lines.append(f"{row} failed: {run.error}")
            continue
        row += "".join(f"{run.stages.get(n, 0.0):>9.2f}" for n in names)
        size = run.corpus.removeprefix("reports-")
        per_100 = f"{run.wall / int(size) * 100:>8.2f}" if size.isdigit() else f"{'':>8}"
        lines.append(
            f"{row}{run.rest:>8.2f}{run.wall:>9.2f}{run.cpu:>8.1f}{per_100}{run.peak_mb:>9.0f}{run.rss_mb:>9.0f}"
        )
    return "\n".join(lines)


def machine_speed() -> str:
    """How long this machine takes for PROBE additions in one Python loop, three times (its speed
    changes from minute to minute as well), as printed."""
    taken = []
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(PROBE):
            total += number
        taken.append(f"{time.perf_counter() - started:.2f}")
    return f"{PROBE:,} additions in Python took {', '.join(taken)} s"


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
    print(f"Machine speed before: {machine_speed()}", flush=True)
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
    print(f"\n{MEMORY}")
    if largest is not None and "fast" in engines:
        print(f"\nthbkg build --watch on {largest.name}, one label changed: {watch_rebuild(largest)}")
    if args.endpoint and largest is not None:
        print(f"\nendpoint on {largest.name}:\n{endpoint_summary(largest)}")
    print(f"\nMachine speed after: {machine_speed()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
