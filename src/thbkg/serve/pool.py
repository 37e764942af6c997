"""Worker processes in two lanes, so that queries are bounded in time and number.

The main lane has ``--workers`` processes that run queries up to the timeout. The fast lane has one
more, used only when the main lane is full, with a short budget: while slow queries hold the main
lane, a cheap query (``ASK {}``) still answers at once, and a slow one sent to the fast lane is
stopped after FAST_LANE_BUDGET seconds. A query past its budget is stopped by killing its worker
(the only way to stop work in pyoxigraph) and a fresh worker is started in the background. When
both lanes are full a query waits at most QUEUE_WAIT seconds, then answers 503 with Retry-After.
Calls are blocking and thread-safe: the web layer runs them in threads.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

from thbkg.serve.config import FAST_LANE_BUDGET, MEMORY_LIMIT, QUEUE_WAIT
from thbkg.serve.errors import HttpError
from thbkg.serve.worker import Answer, Job, serve_jobs

START_TIMEOUT = 120.0  # seconds a new worker may take to load the store
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
        """Wait until the store is loaded; the names of its graphs."""
        if not self.conn.poll(START_TIMEOUT):
            raise RuntimeError("a query worker did not start in time")
        return self.conn.recv()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


@dataclass
class Lane:
    budget: float
    idle: queue.SimpleQueue[Worker]


class Pool:
    """Runs jobs on worker processes; see the module docstring for the lanes and limits."""

    def __init__(self, data: Path, workers: int, timeout: float) -> None:
        self.data = data
        self.timeout = timeout
        self.main = Lane(timeout, queue.SimpleQueue())
        self.fast = Lane(min(timeout, FAST_LANE_BUDGET), queue.SimpleQueue())
        self.waiting = threading.BoundedSemaphore(max(2, 2 * workers))
        self.workers = workers
        self.live: set[Worker] = set()
        self.graphs: list[str] = []
        self.closed = False
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start every worker and wait until all have loaded the store."""
        started = [(self.main, self._spawn()) for _ in range(self.workers)] + [(self.fast, self._spawn())]
        for lane, worker in started:
            self.graphs = worker.ready()
            lane.idle.put(worker)

    def close(self) -> None:
        self.closed = True
        with self._lock:
            workers, self.live = list(self.live), set()
        for worker in workers:
            worker.stop()

    def run(self, job: Job) -> Answer:
        """The worker's answer, or HttpError 503 (busy, engine failure) or 504 (past the time limit)."""
        worker, lane = self._acquire()
        try:
            worker.conn.send(job)
            if not worker.conn.poll(lane.budget):
                self._replace(worker, lane)
                raise HttpError(504, f"query stopped: it ran longer than the {lane.budget:g} s limit")
            answer = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker, lane)
            raise HttpError(503, "query stopped: the engine ran out of memory or failed") from None
        lane.idle.put(worker)
        return answer

    def _acquire(self) -> tuple[Worker, Lane]:
        for lane in (self.main, self.fast):
            try:
                return lane.idle.get_nowait(), lane
            except queue.Empty:
                pass
        busy = HttpError(503, "too many queries at once; retry later", {"Retry-After": str(math.ceil(self.timeout))})
        if not self.waiting.acquire(blocking=False):
            raise busy
        try:
            return self.main.idle.get(timeout=QUEUE_WAIT), self.main
        except queue.Empty:
            raise busy from None
        finally:
            self.waiting.release()

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
        if self.closed:
            return
        worker = self._spawn()
        try:
            worker.ready()
        except (RuntimeError, EOFError, OSError):
            with self._lock:
                self.live.discard(worker)
            worker.stop()
            return
        lane.idle.put(worker)
