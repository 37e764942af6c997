"""What the reader's pages share: the index of things, what the dataset is about, and each source
document with its passages, read from the worker pool once and kept, as the data the pool serves does
not change while the server runs (two first requests at once may both read; they read the same).
"""

from __future__ import annotations

import pyoxigraph as ox

from thbkg.core.evidence import DOCUMENTS, passages_in
from thbkg.core.namespaces import graph_iri
from thbkg.release.about import About, read_about
from thbkg.serve.document_view import Document
from thbkg.serve.entities import lookup
from thbkg.serve.http_error import HttpError
from thbkg.serve.lookup import GraphContents
from thbkg.serve.pool import Pool
from thbkg.serve.search import Searcher
from thbkg.serve.source_texts import SourceTexts
from thbkg.serve.things import AllNames, ThingIndex


class Site:
    """The shared, lazily read state of the reader's pages over ``pool`` and the ``texts``."""

    def __init__(self, pool: Pool, texts: SourceTexts) -> None:
        self.pool = pool
        self.texts = texts
        self._index: ThingIndex | None = None
        self._about: About | None = None
        self._searcher: Searcher | None = None
        self._documents: dict[str, Document] = {}

    async def index(self) -> ThingIndex:
        if self._index is None:
            self._index = ThingIndex(q.triple for q in await lookup(self.pool, AllNames()))
        return self._index

    async def searcher(self) -> Searcher:
        if self._searcher is None:
            self._searcher = Searcher(await self.index())
        return self._searcher

    async def about(self) -> About:
        if self._about is None:
            quads = await lookup(self.pool, GraphContents(graph_iri("reference")))
            self._about = read_about(quad.triple for quad in quads)
        return self._about

    async def document(self, iri: str) -> Document | None:
        """The document ``iri`` (``.../id/document/<source>``) with its text and passages, or None
        if it is not a document of the data."""
        if iri in self._documents:
            return self._documents[iri]
        index = await self.index()
        if not iri.startswith(DOCUMENTS) or iri not in index.digests:
            return None
        try:
            quads = await lookup(self.pool, GraphContents(graph_iri("evidence/" + iri[len(DOCUMENTS) :])))
        except HttpError as error:
            if error.status != 404:  # no evidence graph: a document no claim quotes
                raise
            quads = []
        store = ox.Store()
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        passages = tuple(passages_in(store, ox.NamedNode(iri)))
        document = Document(iri, self.texts.text(index.digests[iri]), passages)
        self._documents[iri] = document
        return document
