"""Worker processes in two lanes, so that queries are bounded in time and number and cheap ones keep
answering while heavy ones run.

The main lane has ``--workers`` processes that run any job up to the timeout. The fast lane has one
more, reserved: a query known to be heavy never gets it. A query is known heavy once it has run
longer than FAST_LANE_BUDGET (on any lane); the pool remembers the last HEAVY_MEMORY of them by
their text. A job the pool has not seen heavy may take the fast lane when the main lane is full,
with FAST_LANE_BUDGET seconds to finish: so clients looping over a heavy query hold at most the
main lane, while ``ASK {}`` and the entity pages still answer at once. A job past its budget is
stopped by killing its worker (the only way to stop work in pyoxigraph) and a fresh worker is
started in the background. A job waits at most QUEUE_WAIT seconds for a worker of a lane it may
use, then answers 503 with Retry-After. Calls are blocking and thread-safe: the web layer runs
them in threads.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing as mp
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path

from thbkg.serve.config import FAST_LANE_BUDGET, MEMORY_LIMIT, QUEUE_WAIT
from thbkg.serve.http_error import HttpError
from thbkg.serve.worker import Answer, Job, serve_jobs

START_TIMEOUT = 120.0  # seconds a new worker may take to load the store
HEAVY_MEMORY = 4096  # how many heavy queries the pool remembers
RESPAWN_PAUSE = 1.0  # seconds between tries to start a worker that failed to start
_CONTEXT = mp.get_context("spawn")  # never fork a process that runs threads


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, data: Path) -> None:
        self.conn, child = _CONTEXT.Pipe()
        self.process: BaseProcess = _CONTEXT.Process(
            target=serve_jobs, args=(child, data, MEMORY_LIMIT), daemon=True, name="thbkg-query-worker"
        )
        self.process.start()
        child.close()

    def ready(self) -> list[str]:
        """Wait until the store is loaded; the names of its graphs. RuntimeError if it cannot start."""
        if not self.conn.poll(START_TIMEOUT):
            raise RuntimeError("a query worker did not start in time")
        try:
            answer = self.conn.recv()
        except (EOFError, OSError):
            raise RuntimeError("a query worker stopped while loading the store") from None
        if isinstance(answer, Exception):
            raise RuntimeError(str(answer))
        return answer

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


@dataclass
class Lane:
    budget: float
    idle: list[Worker] = field(default_factory=list)


class Pool:
    """Runs jobs on worker processes; see the module docstring for the lanes and limits."""

    def __init__(self, data: Path, workers: int, timeout: float) -> None:
        self.data = data
        self.timeout = timeout
        self.main = Lane(timeout)
        self.fast = Lane(min(timeout, FAST_LANE_BUDGET))
        self.waiting = threading.BoundedSemaphore(max(2, 2 * workers))
        self.waiting_heavy = threading.BoundedSemaphore(workers)
        self.workers = workers
        self.live: set[Worker] = set()
        self.graphs: list[str] = []
        self.closed = False
        self.heavy: OrderedDict[bytes, None] = OrderedDict()
        self._lock = threading.Lock()
        self._freed = threading.Condition(self._lock)

    def start(self) -> None:
        """Start every worker and wait until all have loaded the store."""
        started = [(self.main, self._spawn()) for _ in range(self.workers)] + [(self.fast, self._spawn())]
        for lane, worker in started:
            self.graphs = worker.ready()
            self._release(worker, lane)

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers, self.live = list(self.live), set()
        for worker in workers:
            worker.stop()

    def run(self, job: object) -> Answer:
        """The worker's answer, or HttpError 503 (busy, engine failure) or 504 (past the time limit)."""
        key = _fingerprint(job)
        worker, lane = self._acquire(key)
        started = time.monotonic()
        try:
            worker.conn.send(job)
            if not worker.conn.poll(lane.budget):
                self._remember_heavy(key)
                self._replace(worker, lane)
                raise HttpError(504, f"query stopped: it ran longer than the {lane.budget:g} s limit")
            answer = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker, lane)
            raise HttpError(503, "query stopped: the engine ran out of memory or failed") from None
        if time.monotonic() - started > self.fast.budget:
            self._remember_heavy(key)
        self._release(worker, lane)
        return answer

    def _acquire(self, key: bytes | None) -> tuple[Worker, Lane]:
        """An idle worker: the main lane's first, the fast lane's for a job not known heavy. Known
        heavy jobs wait in a queue of their own, so they cannot fill the one cheap jobs wait in."""
        with self._freed:
            taken = self._take_idle(key)
        if taken:
            return taken
        queue = self.waiting_heavy if self._is_heavy(key) else self.waiting
        busy = HttpError(503, "too many queries at once; retry later", {"Retry-After": str(math.ceil(self.timeout))})
        if not queue.acquire(blocking=False):
            raise busy
        try:
            deadline = time.monotonic() + QUEUE_WAIT
            with self._freed:
                while not (taken := self._take_idle(key)):
                    left = deadline - time.monotonic()
                    if left <= 0 or not self._freed.wait(left):
                        raise busy
                return taken
        finally:
            queue.release()

    def _take_idle(self, key: bytes | None) -> tuple[Worker, Lane] | None:
        """Take an idle worker of a lane the job may use (asked anew each time: the job may have
        been found heavy meanwhile); call with the lock held."""
        for lane in (self.main,) if self._is_heavy(key) else (self.main, self.fast):
            if lane.idle:
                return lane.idle.pop(), lane
        return None

    def _is_heavy(self, key: bytes | None) -> bool:
        return key is not None and key in self.heavy

    def _release(self, worker: Worker, lane: Lane) -> None:
        with self._freed:
            lane.idle.append(worker)
            self._freed.notify_all()

    def _remember_heavy(self, key: bytes | None) -> None:
        if key is None:
            return
        with self._lock:
            self.heavy[key] = None
            self.heavy.move_to_end(key)
            while len(self.heavy) > HEAVY_MEMORY:
                self.heavy.popitem(last=False)

    def _spawn(self) -> Worker:
        worker = Worker(self.data)
        with self._lock:
            self.live.add(worker)
        return worker

    def _replace(self, worker: Worker, lane: Lane) -> None:
        """Kill ``worker`` now; start its successor in the background and put it in the lane when ready."""
        with self._lock:
            self.live.discard(worker)
        worker.stop()
        threading.Thread(target=self._respawn, args=(lane,), daemon=True).start()

    def _respawn(self, lane: Lane) -> None:
        """Start a worker for ``lane``, trying again until one starts: a lane never stays short."""
        while not self.closed:
            worker = self._spawn()
            try:
                worker.ready()
            except RuntimeError:
                with self._lock:
                    self.live.discard(worker)
                worker.stop()
                time.sleep(RESPAWN_PAUSE)
                continue
            self._release(worker, lane)
            return


def _fingerprint(job: object) -> bytes | None:
    """What identifies a query for the heavy list: its text with white space collapsed; None for the
    lookups of entity pages, which are cheap by construction."""
    if not isinstance(job, Job):
        return None
    return hashlib.sha256(" ".join(job.query.split()).encode()).digest()
