"""Local test servers: a free port on 127.0.0.1, waiting for one to answer, and stopping it for sure."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from thbkg.core.processes import HOST, free_port, stop

__all__ = ["HOST", "free_port", "stop", "wait_until_answering"]


def wait_until_answering(
    name: str, ask: str, process: subprocess.Popen, log: Path, timeout: float, ready: Callable[[str], bool] = bool
) -> None:
    """Wait until the server ``process`` answers 200 at ``ask`` (once ``ready`` holds of its log);
    RuntimeError with its log if it exits or has not answered within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}: {log.read_text(errors='replace')}")
        if ready(log.read_text(errors="replace")):
            try:
                with urllib.request.urlopen(ask, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
        time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer within {timeout:g} s: {log.read_text(errors='replace')}")
