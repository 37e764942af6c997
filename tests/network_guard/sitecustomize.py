"""Loaded at start-up by any Python whose path begins with this folder (the notebook kernels the
tests run, and what they start): a connection to anything but the loopback address is refused,
and written to the file THBKG_NETWORK_LOG names, so a test can fail on it even if the notebook
caught the error."""

import os
import socket

LOOPBACK = ("127.", "::1", "localhost")
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _host(address: object) -> str:
    return str(address[0]) if isinstance(address, tuple) and address else str(address)


def _allowed(host: str) -> bool:
    return host.startswith(LOOPBACK) or host == "" or host.startswith("/")


def _refuse(host: str) -> None:
    log = os.environ.get("THBKG_NETWORK_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {host}\n")
    raise ConnectionRefusedError(f"the tests allow no connection outside 127.0.0.1 (tried {host})")


def connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _allowed(_host(address)):
        _refuse(_host(address))
    return _connect(self, address)


def connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _allowed(_host(address)):
        _refuse(_host(address))
    return _connect_ex(self, address)


def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
    if host is not None and not _allowed(str(host)):
        _refuse(str(host))
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect  # type: ignore[method-assign]
socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
