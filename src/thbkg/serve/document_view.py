"""A source document as the graph quotes it: its passages in text order with the facts each states,
the text cut into runs covered by the same passages, the share of the text the passages cover, and
a passage in its context.

Passages may overlap (one quote inside a longer one), so the text is cut at every passage's start
and end: each run is covered by the same passages throughout, and the shortest of them is the one
its highlight links to. Kept apart from the HTML (document_page.py) so it can be tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from thbkg.core.evidence import Passage

CONTEXT = 360  # characters shown on each side of a passage, cut back to a whole word


@dataclass(frozen=True)
class Run:
    """Characters ``start`` to ``end`` of the text, and the passages covering all of them, shortest
    first (none for text no passage quotes)."""

    start: int
    end: int
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Document:
    """A document's text (None where the server has no text with the record's digest) and its passages."""

    iri: str
    text: str | None
    passages: tuple[Passage, ...]

    def passage(self, iri: str) -> Passage | None:
        return next((p for p in self.passages if p.iri == iri), None)

    @cached_property
    def runs(self) -> list[Run]:
        """The text cut at every passage's start and end (worked out once: a document is kept)."""
        if self.text is None:
            return []
        length = len(self.text)
        cuts = sorted({0, length, *(min(max(x, 0), length) for p in self.passages for x in (p.start, p.end))})
        runs = []
        for start, end in pairwise(cuts):
            covering = [p for p in self.passages if p.start <= start and end <= p.end]
            runs.append(Run(start, end, tuple(sorted(covering, key=lambda p: (p.end - p.start, p.start, p.iri)))))
        return runs

    def covered(self) -> int:
        """How many characters of the text some passage quotes."""
        return sum(run.end - run.start for run in self.runs if run.passages)

    def context(self, passage: Passage, width: int = CONTEXT) -> tuple[str, str, str]:
        """The text before the passage, the passage, and the text after it: its paragraph, or up to
        ``width`` characters each side, cut at a white space so no word is split."""
        text = self.text or ""
        before_start = max(passage.start - width, 0)
        paragraph = text.rfind("\n\n", before_start, passage.start)
        if paragraph >= 0:
            before_start = paragraph + 2
        elif before_start > 0:
            space = text.find(" ", before_start, passage.start)
            before_start = space + 1 if space >= 0 else before_start
        after_end = min(passage.end + width, len(text))
        paragraph = text.find("\n\n", passage.end, after_end)
        if paragraph >= 0:
            after_end = paragraph
        elif after_end < len(text):
            space = text.rfind(" ", passage.end, after_end)
            after_end = space if space >= 0 else after_end
        return text[before_start : passage.start], text[passage.start : passage.end], text[passage.end : after_end]
