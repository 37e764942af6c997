"""Local servers started as child processes: a free port on 127.0.0.1, and stopping one for sure.
Shared by the notebooks' local endpoint, the benchmarks and the tests."""

from __future__ import annotations

import socket
import subprocess

HOST = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on now (the OS picks it; the server binds it right after)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen) -> None:
    """Ask the server to stop (it stops its own workers), and kill it if it has not within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
