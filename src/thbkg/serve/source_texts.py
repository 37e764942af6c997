"""The texts of the source documents, found by the sha256 their catalogue records give.

The graph quotes each document by character offsets into its unchanged text, and its record holds
the text's sha256 (``thb:sha256``); the server reads the ``*.txt`` files of the sources folder and
shows a document's text only when one of them has exactly that digest. So the highlighted passages
always fall where the graph says, whatever the files are called, and a text that was changed after
the build is not shown at all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


class SourceTexts:
    """The UTF-8 ``*.txt`` files of ``folder`` by their sha256; none without a folder."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._by_digest: dict[str, str] | None = None

    def text(self, digest: str) -> str | None:
        """The text whose bytes have sha256 ``digest`` (hex), or None."""
        if self._by_digest is None:
            self._by_digest = _read(self.folder)
        return self._by_digest.get(digest.lower())


def _read(folder: Path | None) -> dict[str, str]:
    found: dict[str, str] = {}
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.txt")):
        try:
            data = path.read_bytes()
            found[hashlib.sha256(data).hexdigest()] = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not a text the graph can quote: its digest matches no record
    return found
