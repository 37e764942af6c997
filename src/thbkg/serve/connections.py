"""Connections bounded in time and number, so that idle or slow clients cannot starve the rest.

uvicorn's HTTP/1.1 protocol (h11) is kept, with three rules added per connection:
- a deadline, not an idle timeout: a client has ``header_timeout`` seconds from connecting (or from
  the end of its previous response) to send a request's headers; a connection that has not
  delivered them by then is closed, however it drips (the body has its own limit, limits.py);
- at most PER_CLIENT open connections per client address and MAX_CONNECTIONS in all;
- at either cap, the oldest connection that is not being answered (idle, or still sending its
  request) is closed to make room, so a new client is served even among a thousand idle ones;
  only when every connection is busy is the newcomer closed instead.
A request in the application's hands is never cut here: the body and query time limits bound that.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import resource
from collections import OrderedDict
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

PER_CLIENT = 256  # open connections from one address
MAX_CONNECTIONS = 4096  # open connections in all (fewer if the process may not open that many files)
SPARE_FILES = 128  # file descriptors kept for the store, the workers' pipes and the downloads

log = logging.getLogger("thbkg.serve")


class ConnectionRegistry:
    """The open connections, oldest first, in all and per client address."""

    def __init__(self, header_timeout: float, per_client: int = PER_CLIENT, total: int = MAX_CONNECTIONS) -> None:
        self.header_timeout = header_timeout
        self.per_client = per_client
        self.total = min(total, _open_files_allowed() - SPARE_FILES)
        self.open: OrderedDict[BoundedH11Protocol, str] = OrderedDict()

    def admit(self, connection: BoundedH11Protocol, client: str) -> bool:
        """Register ``connection``, making room if a cap is reached; False if there is none to make."""
        same = [c for c, address in self.open.items() if address == client]
        if len(same) >= self.per_client and not self._evict(same):
            return False
        if len(self.open) >= self.total and not self._evict(list(self.open)):
            return False
        self.open[connection] = client
        return True

    def forget(self, connection: BoundedH11Protocol) -> None:
        self.open.pop(connection, None)

    def _evict(self, oldest_first: list[BoundedH11Protocol]) -> bool:
        """Close the oldest connection that is not being answered and forget it at once (its
        transport closes later); False if all of them are being answered."""
        for connection in oldest_first:
            if not connection.answering:
                connection.close("closed to make room for another connection")
                self.forget(connection)
                return True
        return False


def _open_files_allowed() -> int:
    """The process's limit on open files, raised to the hard limit first: each connection is one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
    return soft if soft != resource.RLIM_INFINITY else MAX_CONNECTIONS + SPARE_FILES


def bounded_protocol(registry: ConnectionRegistry) -> type[H11Protocol]:
    """uvicorn's h11 protocol class with the rules above, sharing ``registry``."""

    class Bounded(BoundedH11Protocol):
        connections_registry = registry

    return Bounded


class BoundedH11Protocol(H11Protocol):
    """H11Protocol with a request deadline and a place in the registry (see the module docstring)."""

    connections_registry: ConnectionRegistry

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline: asyncio.TimerHandle | None = None
        self.answering = False  # a request is in the application's hands

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        client = self.client[0] if self.client else ""
        if not self.connections_registry.admit(self, client):
            log.warning("refused a connection from %s: all %d connections are busy", client, len(self.connections))
            transport.abort()
            return
        self._expect_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self.connections_registry.forget(self)
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if not self.answering and self.cycle is not None and not self.cycle.response_complete:
            self._disarm()
            self.answering = True

    def on_response_complete(self) -> None:
        self._expect_request()  # first: a pipelined request may start in super()
        super().on_response_complete()

    def close(self, reason: str) -> None:
        """Close the connection now (a debug line: idle clients are routine, not news)."""
        if not self.transport.is_closing():
            log.debug("%s: %s", self.client[0] if self.client else "?", reason)
            self.transport.abort()

    def _expect_request(self) -> None:
        self._disarm()
        self.answering = False
        seconds = self.connections_registry.header_timeout
        reason = f"request headers not sent within {seconds:g} s"
        self.deadline = self.loop.call_later(seconds, self.close, reason)

    def _disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None
