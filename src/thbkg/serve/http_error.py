"""The one error type the web layer turns into a response: a status and a one-line message."""

from __future__ import annotations

# Where an error's one-line message is left in the ASGI scope for the log (hardening.py), as the
# body that carries it may be a whole page.
REASON_KEY = "thbkg.reason"


class HttpError(Exception):
    """A request answered with ``status`` and a plain one-line ``message`` (never a traceback)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = " ".join(message.split())[:300]
        self.headers = headers or {}
