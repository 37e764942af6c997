"""Generated queries that hide a SERVICE call where a hand-written reader of SPARQL goes wrong: in
strings (with quotes written as ``\\u0022`` or ``\\"``), comments, prefixed names with escaped
characters (``\\#``, ``\\'``), IRIs, escapes outside strings, and slight corruptions of all these.
Seeded, so a failure can be replayed; every query is plausible enough that many of them parse."""

from __future__ import annotations

import random
import re

STRING_BITS = [
    "a",
    "#",
    "'",
    '\\"',
    "\\'",
    "\\\\",
    "\\u0022",
    "\\u0027",
    "\\u0023",
    "\\u000A",
    "\\u005C",
    "\\U00000022",
    "}",
    "{",
    "<",
    ">",
    " SERVICE ",
]
NAMES = ["p:a\\#", "p:a\\'", "p:a\\.b", "p:a\\\\", "p:\\#b", "p:a", ":a\\#", "p:a\\u0062", "p:a#", "p:a\\'\\'"]
IRIS = [
    "<http://ex/a>",
    "<http://ex/#>",
    "<http://ex/'>",
    "<http://ex/\\u0023>",
    "<http://ex/\\u003E>",
    "<http://ex/\\u0022>",
]
COMMENTS = ["# '", '# "', "# SERVICE", "# \\u000A", "# <", "# {"]


def _string(rng: random.Random) -> str:
    body = "".join(rng.choice(STRING_BITS) for _ in range(rng.randint(0, 4)))
    quote = rng.choice(['"', "'", '"""', "'''"])
    return f"{quote}{body}{quote}"


def _term(rng: random.Random) -> str:
    return rng.choice([_string(rng), rng.choice(NAMES), rng.choice(IRIS), "?o", "1"])


def _service(rng: random.Random, url: str) -> str:
    target = rng.choice([f"<{url}s>", "c:s", "c:", f"<{url}\\u0073>"])
    word = rng.choice(["SERVICE", "SERVICE", "service", "SERVICE SILENT", "\\u0053ERVICE"])
    return f"{word} {target} {{ ?x ?y ?z }}"


def _part(rng: random.Random, url: str, n: int) -> str:
    makers = [
        lambda: f"BIND({_string(rng)} AS ?v{n})",
        lambda: f"VALUES ?v{n} {{ {_term(rng)} }}",
        lambda: f"?s ?p {_term(rng)} .",
        lambda: f"{rng.choice(COMMENTS)}\n",
        lambda: f"FILTER(?v{n} != {_term(rng)})",
        lambda: f"OPTIONAL {{ {_service(rng, url)} }}",
        lambda: _service(rng, url),
    ]
    return rng.choice(makers)()


def _corrupt(rng: random.Random, text: str, url: str) -> str:
    """Delete, double or insert one character: a query a careful reader would refuse. Never inside
    ``url``, which would turn a call to the canary into one to another host (``http://12.0.0.1``),
    one the canary cannot count and the test must not make."""
    kept = set(range(len(text)))
    for found in re.finditer(re.escape(url), text):
        kept -= set(range(found.start(), found.end() + 1))
    i = rng.choice(sorted(kept))
    action = rng.randrange(3)
    if action == 0:
        return text[:i] + text[i + 1 :]
    if action == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("\"'#\\<>{}\n") + text[i:]


def queries(count: int, url: str, seed: int) -> list[str]:
    """``count`` queries, most of them with a SERVICE call to ``url`` somewhere."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [_part(rng, url, n) for n in range(rng.randint(1, 5))]
        if rng.random() < 0.6:
            parts.insert(rng.randrange(len(parts) + 1), _service(rng, url))
        text = f"PREFIX p: <http://ex/> PREFIX c: <{url}> PREFIX : <http://ex/> SELECT * WHERE {{ {' '.join(parts)} }}"
        out.append(_corrupt(rng, text, url) if rng.random() < 0.25 else text)
    return out
