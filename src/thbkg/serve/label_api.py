"""``POST /api/labels``: the names of up to MAX_IRIS things, for the query page's results view
(static/results.js), which names each thing in a result instead of printing its IRI.

The body is a JSON array of IRIs; the answer a JSON object from each IRI that has a label to
``{"label": text, "lang": tag}`` (``lang`` empty when the label has none). IRIs without a label
are left out. The look-up runs in the query workers (labels.py) under the same limits as queries.
"""

from __future__ import annotations

import json

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from thbkg.serve.http_error import HttpError
from thbkg.serve.labels import MAX_IRIS, Labels, read_labels
from thbkg.serve.limits import read_body
from thbkg.serve.pool import Pool

MAX_IRI = 2000  # characters of one IRI; longer ones are not ours, nor anyone's in a result


def label_routes(pool: Pool) -> list[Route]:
    """The label look-up, answered from ``pool``."""

    async def labels(request: Request) -> Response:
        iris = _iris(await read_body(request))
        answer = await anyio.to_thread.run_sync(pool.run, Labels(iris))
        if answer.status != 200:
            raise HttpError(answer.status, answer.message)
        found = read_labels(answer)
        return JSONResponse({iri: {"label": label.text, "lang": label.lang} for iri, label in found.items()})

    return [Route("/api/labels", labels, methods=["POST"])]


def _iris(body: bytes) -> tuple[str, ...]:
    """The body as a tuple of IRIs; anything else answers 400 saying what is wrong."""
    try:
        iris = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise HttpError(400, "the body must be a JSON array of IRIs") from None
    if not isinstance(iris, list) or not all(isinstance(i, str) and 0 < len(i) <= MAX_IRI for i in iris):
        raise HttpError(400, f"the body must be a JSON array of IRIs (strings of 1 to {MAX_IRI} characters)")
    if len(iris) > MAX_IRIS:
        raise HttpError(400, f"at most {MAX_IRIS} IRIs at once, got {len(iris)}")
    return tuple(iris)
