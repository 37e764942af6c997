"""Local test servers: a free port on 127.0.0.1, and stopping a server process for sure."""

from __future__ import annotations

from thbkg.core.processes import HOST, free_port, stop

__all__ = ["HOST", "free_port", "stop"]
