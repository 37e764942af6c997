"""The listening socket, taken before any other work, and one line when it cannot be.

``thbkg serve`` binds its port first and hands the socket to uvicorn, so a port already in use is
reported at once (not after the workers have loaded the store) and nothing can take the port
between the check and the start. ``make run`` asks the same question before it installs or builds
anything (``python -m thbkg.serve.port``), which is why this module uses the standard library only:
it runs with the system Python, before the virtual environment exists.
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys

from thbkg.serve.config import DEFAULT_HOST, DEFAULT_PORT

BACKLOG = 2048  # uvicorn's default
NEARBY = 20  # ports after a taken one looked at for a free one to suggest


class PortUnavailable(Exception):
    """The address cannot be listened on; the message is the one line to print."""


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port``, or PortUnavailable saying why and what to do."""
    if not 0 < port < 65536:
        raise PortUnavailable(f"port {port} is not a port: pick one from 1 to 65535 with --port (or make run PORT=...)")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise PortUnavailable(f"cannot listen on {host!r}: {exc.strerror}; pick another with --host") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is no obstacle
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise PortUnavailable(_reason(host, port, exc)) from None
    return sock


def _reason(host: str, port: int, exc: OSError) -> str:
    where = f"port {port} on {host}"
    if exc.errno == errno.EADDRINUSE:
        other = _free_after(host, port)
        example = other if other is not None else port + 1
        return (
            f"{where} is already in use (another server?); pick another port with --port "
            f"(thbkg serve --port {example}, or make run PORT={example})"
        )
    if exc.errno == errno.EACCES:
        return (
            f"{where} needs privileges to listen on; pick a port above 1023 with --port "
            f"(thbkg serve --port {DEFAULT_PORT}, or make run PORT={DEFAULT_PORT})"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host!r}: not an address of this machine; pick another with --host"
    return f"cannot listen on {where}: {exc.strerror}; pick another port with --port (or make run PORT=...)"


def _free_after(host: str, port: int) -> int | None:
    """The first port after ``port`` that can be listened on now, to suggest; None if none is near."""
    for candidate in range(port + 1, min(port + 1 + NEARBY, 65536)):
        try:
            listen(host, candidate).close()
        except PortUnavailable:
            continue
        return candidate
    return None


def main(argv: list[str] | None = None) -> int:
    """Exit 0 if the port is free, else print the one line and exit 1 (what ``make run`` checks)."""
    parser = argparse.ArgumentParser(prog="python -m thbkg.serve.port", description=main.__doc__)
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    try:
        listen(args.host, args.port).close()
    except PortUnavailable as exc:
        print(f"thbkg serve: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
