"""Settings of the server, with defaults safe for a laptop (documented in docs/serve.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_WORKERS = 2
DEFAULT_HEADER_TIMEOUT = 10.0  # seconds a client has to send a request's headers
MAX_BODY = 1024 * 1024  # a request body above this answers 413
MAX_URL = 16 * 1024  # a request target above this answers 414 (send long queries by POST)
MAX_HEADERS = 32 * 1024  # request headers above this answer 431
BODY_TIME = 30.0  # seconds a client has to send a request body once its headers are in
KEEP_ALIVE = 5  # seconds an idle keep-alive connection stays open after a response
FAST_LANE_BUDGET = 0.5  # seconds a query may run on the lane kept free for cheap queries
QUEUE_WAIT = 1.0  # seconds a query waits for a free worker before 503
MEMORY_LIMIT = 2 * 1024**3  # address space a worker may add to its loaded store, so one query cannot eat the machine


@dataclass(frozen=True)
class ServeConfig:
    data: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = DEFAULT_WORKERS
    cors: bool = True
    queries: Path | None = None  # the saved queries served at /api/queries (none without a folder)
    dist: Path | None = None  # the files of `thbkg export` served at /download/ (none without a folder)
    sources: Path | None = None  # the source texts shown on the documents' pages (none without a folder)

    @property
    def site(self) -> str:
        """The address of the site's home page, for a person to open."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def endpoint(self) -> str:
        """The endpoint's own IRI: the base of relative IRIs in queries and the service description."""
        return f"{self.site}sparql"
