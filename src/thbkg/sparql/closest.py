"""Ranking by likeness, for "did you mean": the one rule behind every suggestion the tools make
(a query name, a key, a value), so that they all rank alike.

difflib's ratio (twice the matching characters over the total length) suits the short names and
keys suggested here; ties keep a stable order (alphabetical), so suggestions are deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

WORDS = re.compile(r"[^\W_]+")


def likeness(given: str, candidate: str) -> float:
    """difflib's similarity ratio of the two texts, ignoring case (1.0: the same)."""
    return SequenceMatcher(None, given.lower(), candidate.lower(), autojunk=False).ratio()


def word_likeness(given: str, text: str) -> float:
    """How well the words of ``given`` are found among those of ``text``: for each given word its
    likeness to the nearest word of ``text``, averaged (0.0 when ``given`` has no words)."""
    wanted = WORDS.findall(given.lower())
    words = set(WORDS.findall(text.lower()))
    if not wanted or not words:
        return 0.0
    return sum(max(likeness(w, word) for word in words) for w in wanted) / len(wanted)


def closest(given: str, candidates: Iterable[str], n: int, cutoff: float = 0.0) -> list[str]:
    """At most ``n`` candidates at least ``cutoff`` like ``given``, the likest first."""
    scored = [(likeness(given, c), c) for c in set(candidates)]
    return [c for score, c in sorted(scored, key=lambda sc: (-sc[0], sc[1])) if score >= cutoff][:n]
