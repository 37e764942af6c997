"""Finding a verbatim quote in a source text.

Curators copy passages as they read them: without markdown marks and with line breaks
as spaces. Matching therefore runs on a normalised view of the text, while the offsets
returned always point into the unchanged text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

IGNORED_MARKS = frozenset("*_#")
# What normalising changes: runs of marks, and white space other than a single plain space.
IRREGULAR = re.compile(r"[*_#]+|\s{2,}|[^\S ]")
CONTEXT_CHARS = 32


def normalise(text: str) -> tuple[str, list[int]]:
    """The text without markdown marks, each white-space run as one space, and for each
    character of the result its offset in the original.

    Only the irregular places (marks, and white space other than one plain space) are visited one
    by one; the stretches between them are copied whole, so a long text costs a few slices."""
    chars: list[str] = []
    offsets: list[int] = []
    ends_in_space = False

    def keep(start: int, end: int) -> None:
        nonlocal ends_in_space
        if start < end and ends_in_space and text[start] == " ":
            start += 1
        if start < end:
            chars.append(text[start:end])
            offsets.extend(range(start, end))
            ends_in_space = text[end - 1] == " "

    at = 0
    for mark in IRREGULAR.finditer(text):
        keep(at, mark.start())
        at = mark.end()
        if mark.group()[0] in IGNORED_MARKS or ends_in_space:
            continue
        chars.append(" ")
        offsets.append(mark.start())
        ends_in_space = True
    keep(at, len(text))
    return "".join(chars), offsets


def normalise_phrase(phrase: str) -> str:
    """A quote, prefix or suffix as it is compared with the normalised text."""
    return normalise(phrase)[0].strip()


@dataclass(frozen=True)
class Located:
    """A quote found once in the text: offsets into the original, and the original span."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class QuoteNotFound(ValueError):
    """The quote does not occur, or occurs more than once, in the text."""


class SourceText:
    """One source document's text, ready for repeated quote look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _normalised(self) -> tuple[str, list[int]]:
        """Made on the first look-up: a source whose mapping is reused from an earlier build needs none."""
        return normalise(self.text)

    @property
    def flat(self) -> str:
        return self._normalised[0]

    @property
    def offsets(self) -> list[int]:
        return self._normalised[1]

    def _occurrences(self, needle: str) -> list[int]:
        found, at = [], self.flat.find(needle)
        while at != -1:
            found.append(at)
            at = self.flat.find(needle, at + 1)
        return found

    def locate(self, quote: str, prefix: str = "", suffix: str = "") -> Located:
        """The single place where ``quote`` stands, after ``prefix`` and before ``suffix``."""
        needle = normalise_phrase(quote)
        if not needle:
            raise QuoteNotFound("the quote is empty")
        want_before, want_after = normalise_phrase(prefix), normalise_phrase(suffix)
        hits = [
            at
            for at in self._occurrences(needle)
            if self.flat[:at].rstrip().endswith(want_before)
            and self.flat[at + len(needle) :].lstrip().startswith(want_after)
        ]
        if not hits:
            where = " with that prefix/suffix" if (want_before or want_after) else ""
            raise QuoteNotFound(f"quote not found in the source text{where}: {quote!r}")
        if len(hits) > 1:
            raise QuoteNotFound(f"quote occurs {len(hits)} times in the source text; add a prefix or suffix: {quote!r}")
        start = self.offsets[hits[0]]
        end = self.offsets[hits[0] + len(needle) - 1] + 1
        return Located(
            start=start,
            end=end,
            exact=self.text[start:end],
            prefix=self.text[max(0, start - CONTEXT_CHARS) : start],
            suffix=self.text[end : end + CONTEXT_CHARS],
        )
