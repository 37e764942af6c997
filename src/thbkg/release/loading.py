"""Which saved queries each download answers as the endpoint does, and how to load the downloads
for the endpoint's answers: the part of the downloads' README a user needs before loading a file.

The endpoint (``thbkg serve``, sparql/store.py) holds every named graph and, as its default graph,
their union with each triple once. A file with the named graphs, loaded with the union as default
graph, answers every saved query as it does. A file with the union alone answers the queries that
read no named graph: ``GRAPH`` finds no graph in it, and ``FROM`` or ``FROM NAMED`` name graphs it
does not have. Any other file (the ontology alone, the shapes, the context) is not the dataset. The
rule is read from the queries' text, so a new query is classed with no change here; the tests load
each file as the README says and check every saved query against the endpoint's store.
"""

from __future__ import annotations

from enum import Enum

from thbkg.core.namespaces import graph_iri
from thbkg.sparql.catalogue import SavedQuery
from thbkg.sparql.scanner import tokens

DATASET_WORDS = frozenset({"GRAPH", "FROM"})  # FROM NAMED starts with FROM


class Content(Enum):
    """What a download holds, as a query sees it once the file is loaded."""

    GRAPHS = "graphs"  # every named graph, no default graph
    UNION = "union"  # the union of the named graphs, as a default graph
    OTHER = "other"  # not the dataset


def reads_named_graphs(query: SavedQuery) -> bool:
    """Whether the query names graphs (``GRAPH``, ``FROM``, ``FROM NAMED``) outside its comments,
    strings and IRIs."""
    return any(token.kind == "word" and token.value.upper() in DATASET_WORDS for token in tokens(query.text))


def answered(content: Content, queries: list[SavedQuery]) -> list[SavedQuery]:
    """The saved queries a file holding ``content`` answers as the endpoint does, loaded as
    LOADING says."""
    if content is Content.GRAPHS:
        return list(queries)
    if content is Content.UNION:
        return [query for query in queries if not reads_named_graphs(query)]
    return []


def answers_cell(content: Content, queries: list[SavedQuery]) -> str:
    """What the README's table says a file answers: all, all but the named ones, or none."""
    if content is Content.OTHER:
        return "none"
    found = answered(content, queries)
    if len(found) == len(queries):
        return f"all {len(queries)} saved queries"
    left = [f"`{query.name}`" for query in queries if query not in found]
    return f"all but {', '.join(left)}, which {'reads' if len(left) == 1 else 'read'} named graphs"


LOADING = f"""\
## Loading: the endpoint's answers

The endpoint (`thbkg serve`) holds every named graph and, as its default graph, their union with
each triple once: a query without `GRAPH` reads the union, and `GRAPH` reads one graph (one
document's statements, its evidence, the reference data...). For its answers, load `thbkg.nq` (or
`thbkg.trig`, or `thbkg.jsonld`) into a store that keeps the named graphs, and make the store's
default graph their union:

* **Oxigraph** server: `oxigraph load --location db --file thbkg.nq`, then
  `oxigraph serve --location db --union-default-graph`.
* **pyoxigraph**: `store = Store()`, `store.load(path="thbkg.nq", format=RdfFormat.N_QUADS)`, and
  query with `store.query(text, use_default_graph_as_union=True)`.
* **Apache Jena Fuseki** (TDB2): `tdb2.tdbloader --loc db thbkg.nq`, then
  `fuseki-server --conf thbkg-fuseki.ttl` in the same folder, with this file, whose dataset makes
  the default graph the union of the named graphs (queries at `http://localhost:3030/thbkg/sparql`):

  ```turtle
  PREFIX :       <#>
  PREFIX fuseki: <http://jena.apache.org/fuseki#>
  PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
  PREFIX tdb2:   <http://jena.apache.org/2016/tdb#>

  [] rdf:type fuseki:Server ; fuseki:services ( :service ) .

  :service rdf:type fuseki:Service ;
      fuseki:name "thbkg" ;
      fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name "sparql" ] ;
      fuseki:dataset :dataset .

  :dataset rdf:type tdb2:DatasetTDB2 ;
      tdb2:location "db" ;
      tdb2:unionDefaultGraph true .
  ```

* **GraphDB**: create a repository with the ruleset "No inference" (thbkg ships its own inferences,
  in `thbg:inferred`), then Import, User data, Upload RDF files: `thbkg.trig`, with Target graphs
  "From data". Nothing to set: a query with neither `FROM` nor `FROM NAMED` reads the merge of the
  repository's default graph and all its named graphs.
* **Virtuoso**: put `thbkg.nq.gz` in a folder listed in `DirsAllowed` (virtuoso.ini), then in isql
  `ld_dir('/path/to/folder', 'thbkg.nq.gz', '{graph_iri("all")}');`, `rdf_loader_run();` and
  `checkpoint;`. Each quad goes into its own graph (the third argument names the graph for triples
  that come without one). A query without `FROM` reads every graph of the store.
* Any SPARQL 1.1 Graph Store: `thbkg publish --store URL` (see docs/publishing.md in the project)
  loads the graphs and checks every saved query there against the build.

**Each triple once.** The endpoint's union, like Jena's, has each triple once. Oxigraph's union
and Virtuoso match a triple once per graph that holds it, so a query of your own without
`DISTINCT` may repeat rows there, and `COUNT` count more; the saved queries give the endpoint's
rows either way (the project's tests check each with Oxigraph's union). For the endpoint's very
dataset, load the union into the default graph as well and leave the store's union off:
`oxigraph load --location db --file thbkg.nq thbkg.nt`, then `oxigraph serve --location db`; in
pyoxigraph, also `store.load(path="thbkg.nt", format=RdfFormat.N_TRIPLES)`, and query without
`use_default_graph_as_union`.

**The union alone.** `thbkg.ttl` and `thbkg.nt` hold the union as one default graph, and no named
graph: load them into any store's default graph (`oxigraph load --location db --file thbkg.nt`).
They answer the saved queries that read no named graph (no `GRAPH`, `FROM` or `FROM NAMED`), as the
table above says; the others find no graph to read there.
"""
