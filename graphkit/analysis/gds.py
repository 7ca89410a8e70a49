"""graphkit's metrics computed inside Neo4j by the Graph Data Science library (``graphkit analyze --neo4j --gds``).

For a graph already loaded into Neo4j (``graphkit load --neo4j``, or ``neo4j-admin`` import files), the analysis
runs where the data is, through the ``graphdatascience`` client: graphkit projects the coauthor graph (Author
nodes, ``COAUTHORED_WITH`` undirected, weighted by ``papers``) and the citation graph (Paper nodes, ``CITES`` as
written and reversed), runs the GDS algorithm that matches each offline step, and writes the results under the
property names the query library reads — the same names :func:`graphkit.analysis.writeback.analyze_store`
writes:

==================  =====================================================================================
step                in the database
==================  =====================================================================================
degree              Cypher counts: ``papers``, ``coauthors``, ``weighted_degree`` (sum of shared papers)
citation_indices    Cypher over each author's papers' in-graph citations: ``citations``, h, g and i10
pagerank            ``gds.pageRank.write`` (weighted by shared papers, damping 0.85), scaled to sum 1
core_number         ``gds.kcore.write``
clustering          ``gds.localClusteringCoefficient.write``
community           ``gds.louvain.write`` or ``gds.leiden.write`` (``gamma`` = resolution, ``randomSeed`` =
                    seed), renumbered by size as offline (0 the largest) with ``community_size``
betweenness         ``gds.betweenness.write`` (exact, or ``samplingSize`` sources where the error bound
                    allows), normalised as offline (by the (n-1)(n-2)/2 pairs)
graph_citations     a Cypher count of ``CITES`` into each paper
citation_pagerank   ``gds.pageRank.write`` on the citation graph, scaled to sum 1
cocitation          ``gds.nodeSimilarity.write`` on reversed ``CITES`` (papers alike by who cites them):
                    each paper's ``similar_k`` most similar, as ``COCITED_WITH {weight}``
coupling            ``gds.nodeSimilarity.write`` on ``CITES`` (alike by what they cite): ``COUPLED_WITH``
==================  =====================================================================================

Where GDS and graphkit differ, the README says so: GDS's PageRank does not spread the rank of dangling nodes
(isolated authors, papers citing nothing), so scores agree in order, not to the last digit; GDS picks each
paper's similar partners by Jaccard score, graphkit by the count of shared citers or references (the
``weight`` written is that count in both); the bursts have no GDS algorithm and stay offline.

Every call goes through :class:`GdsSession` as a parameterised statement (:func:`call_statement`); the
statements are listed by :func:`planned_statements` for Neo4j's linter, and each procedure call is checked
against the signatures of the ``graphdatascience`` client (``tools/gds_signatures.py``) by a test that needs no
server. Collaborator recommendation in the database (:func:`recommend_in_neo4j`) uses GDS's topological link
prediction functions.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from pydantic import Field

from graphkit.analysis.metrics import STEPS, StepReport, select_steps
from graphkit.analysis.recommend import METHODS, Recommendation
from graphkit.core.errors import StoreError
from graphkit.core.models import StrictModel
from graphkit.core.settings import Settings
from graphkit.store.schema import BURST_METRICS

__all__ = [
    "BATCH_ROWS",
    "GDS_MIN_VERSION",
    "GDS_STEPS",
    "PROCEDURES",
    "ClientSession",
    "GdsAnalysis",
    "GdsSession",
    "GdsUnavailableError",
    "analyze_in_neo4j",
    "betweenness_samples",
    "call_statement",
    "connect",
    "recommend_in_neo4j",
    "recommend_statements",
]

GDS_MIN_VERSION = (2, 13)
"""The oldest GDS release graphkit calls: 2.13 runs on Neo4j 5.26, the version docker-compose.yml pins, and is
the oldest the ``graphdatascience`` client supports."""
BATCH_ROWS = 10_000
"""Rows per transaction of graphkit's own Cypher updates (``CALL { … } IN TRANSACTIONS``)."""
GDS_STEPS = tuple(step.name for step in STEPS if step.writes != BURST_METRICS)
"""The analyze steps that run in the database (every step but the bursts)."""

PROCEDURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "gds.graph.project": (
        ("graphName", "nodeProjection", "relationshipProjection", "configuration"),
        ("graphName", "nodeCount", "relationshipCount"),
    ),
    "gds.graph.drop": (("graphName", "failIfMissing"), ("graphName",)),
    "gds.pageRank.write": (("graphName", "configuration"), ("nodePropertiesWritten", "ranIterations", "didConverge")),
    "gds.kcore.write": (("graphName", "configuration"), ("nodePropertiesWritten", "degeneracy")),
    "gds.localClusteringCoefficient.write": (
        ("graphName", "configuration"),
        ("nodePropertiesWritten", "averageClusteringCoefficient"),
    ),
    "gds.louvain.write": (("graphName", "configuration"), ("nodePropertiesWritten", "communityCount", "modularity")),
    "gds.leiden.write": (("graphName", "configuration"), ("nodePropertiesWritten", "communityCount", "modularity")),
    "gds.betweenness.write": (("graphName", "configuration"), ("nodePropertiesWritten",)),
    "gds.nodeSimilarity.write": (("graphName", "configuration"), ("nodesCompared", "relationshipsWritten")),
}
"""Every GDS procedure graphkit calls: its arguments, in order, and the columns graphkit yields."""
LINK_PREDICTION = {
    "resource_allocation": "gds.linkprediction.resourceAllocation",
    "adamic_adar": "gds.linkprediction.adamicAdar",
}
"""The GDS link prediction function behind each recommendation method (GDS releases before the functions left
the alpha tier name them ``gds.alpha.linkprediction.…``; :func:`recommend_in_neo4j` asks the server which)."""


class GdsUnavailableError(StoreError):
    """The Neo4j server has no (or too old a) Graph Data Science library, or the client is not installed."""


class GdsSession(Protocol):
    """Where the statements go: :class:`ClientSession` in use, a recorder in the tests."""

    @property
    def version(self) -> str:
        """The server's GDS version, e.g. ``2.13.2``."""

    def run(
        self, statement: str, parameters: Mapping[str, Any] | None = None, *, batched: bool = False
    ) -> list[dict[str, Any]]:
        """Run one statement; ``batched`` ones hold ``CALL { … } IN TRANSACTIONS`` and need an auto-commit run."""


class ClientSession:
    """A :class:`GdsSession` over a ``graphdatascience.GraphDataScience`` client (see :func:`connect`)."""

    def __init__(self, client: Any, uri: str = "") -> None:
        self.client = client
        self.uri = uri

    @property
    def version(self) -> str:
        return str(self.client.server_version())

    def run(
        self, statement: str, parameters: Mapping[str, Any] | None = None, *, batched: bool = False
    ) -> list[dict[str, Any]]:
        frame = self.client.run_cypher(statement, dict(parameters or {}), auto_commit=batched)
        return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> ClientSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _plain(value: Any) -> Any:
    """A value from the client's DataFrame as Python's: numpy scalars unwrapped, pandas' NaN for a null as None."""
    value = value.item() if hasattr(value, "item") and not isinstance(value, (list, dict, str)) else value
    return None if isinstance(value, float) and math.isnan(value) else value


def connect(settings: Settings | None = None) -> ClientSession:
    """A GDS session on the Neo4j that ``settings`` (or NEO4J_URI etc.) names, after checking its GDS version.

    Raises
    ------
    GdsUnavailableError
        Without the ``graphdatascience`` package, or on a server without GDS (or with one older than 2.13): the
        message names the fix and the offline path.
    StoreError
        When the server cannot be reached (as :meth:`graphkit.store.neo4j.Neo4jStore.from_env`).

    Examples
    --------
    >>> with connect() as session:  # doctest: +SKIP
    ...     analyze_in_neo4j(session, metrics=["pagerank"]).version
    '2.13.2'
    """
    from graphkit.store.neo4j import Neo4jStore

    try:
        from graphdatascience import GraphDataScience
    except ImportError as e:  # pragma: no cover - the dev and gds extras install it
        raise GdsUnavailableError(
            "the Neo4j GDS client is not installed: pip install 'graphkit[gds]' (or compute offline: "
            "`graphkit analyze` then `graphkit load --neo4j`)"
        ) from e
    store = Neo4jStore.from_env(settings)
    offline = "or compute the metrics offline and load them: `graphkit analyze` then `graphkit load --neo4j`"
    try:
        client = GraphDataScience(store.driver, database=store.database, arrow=False, show_progress=False)
    except Exception as e:  # the client's own error types, told apart by name (they move between its releases)
        store.close()
        if type(e).__name__ == "UnableToConnectError":
            raise StoreError(f"Neo4j at {store.uri}: could not ask for the GDS version ({e})") from e
        if type(e).__name__ == "GdsNotFound":
            raise GdsUnavailableError(
                f"Neo4j at {store.uri} has no Graph Data Science library (gds.version() is unknown): add the "
                'plugin (docker-compose.yml does: NEO4J_PLUGINS=\'["apoc", "graph-data-science"]\'), '
                f"{offline}"
            ) from e
        raise
    session = ClientSession(client, store.uri)
    found = tuple(int(part) for part in session.version.split(".")[:2] if part.isdigit())
    if found < GDS_MIN_VERSION:
        session.close()
        raise GdsUnavailableError(
            f"Neo4j at {store.uri} has GDS {session.version}; graphkit calls GDS 2.13 or newer (upgrade the "
            f"plugin, {offline})"
        )
    return session


def call_statement(procedure: str) -> str:
    """The parameterised Cypher calling one of :data:`PROCEDURES`: every argument a ``$`` parameter.

    Examples
    --------
    >>> call_statement("gds.kcore.write").split(" YIELD ")[0]
    'CALL gds.kcore.write($graphName, $configuration)'
    """
    arguments, yields = PROCEDURES[procedure]
    columns = ", ".join(yields)
    return f"CALL {procedure}({', '.join('$' + name for name in arguments)}) YIELD {columns} RETURN {columns}"


def _call(session: GdsSession, procedure: str, *arguments: Any) -> dict[str, Any]:
    names = PROCEDURES[procedure][0]
    rows = session.run(call_statement(procedure), dict(zip(names, arguments, strict=True)))
    return rows[0] if rows else {}


class GdsAnalysis(StrictModel):
    """What :func:`analyze_in_neo4j` did: the GDS version, the graph's size, the communities, each step."""

    version: str
    authors: int = 0
    coauthor_pairs: int = 0
    papers: int = 0
    citations: int = 0
    communities: int = 0
    modularity: float | None = None
    community_method: str = ""
    betweenness_samples: int | None = None
    steps: list[StepReport] = Field(default_factory=list)
    not_in_gds: list[str] = Field(default_factory=list)


# graphkit's own updates, in batches so that a large graph never builds one huge transaction.
_DEGREE = """
MATCH (a:Author)
CALL (a) {
  SET a.papers = COUNT { (a)-[:AUTHORED]->(:Paper) },
      a.coauthors = COUNT { (a)-[:COAUTHORED_WITH]-(:Author) },
      a.weighted_degree = reduce(total = 0,
                                 shared IN COLLECT { MATCH (a)-[r:COAUTHORED_WITH]-(:Author) RETURN r.papers }
                                 | total + coalesce(shared, 0))
} IN TRANSACTIONS OF $batch ROWS
"""
# An author's papers' in-graph citations, most cited first: h, g (the running total kept in the reduce, so that
# a prolific author costs one pass) and i10, as graphkit.analysis.metrics.citation_indices counts them.
_CITATION_INDICES = """
MATCH (a:Author)
CALL (a) {
  WITH a, COLLECT {
    MATCH (a)-[:AUTHORED]->(p:Paper)
    WITH COUNT { (:Paper)-[:CITES]->(p) } AS cited
    RETURN cited ORDER BY cited DESC
  } AS counts
  SET a.citations = reduce(total = 0, c IN counts | total + c),
      a.h_index = size([rank IN range(1, size(counts)) WHERE counts[rank - 1] >= rank]),
      a.g_index = reduce(acc = [0, 0], rank IN range(1, size(counts)) |
                         [acc[0] + counts[rank - 1],
                          CASE WHEN acc[0] + counts[rank - 1] >= rank * rank THEN rank ELSE acc[1] END])[1],
      a.i10_index = size([c IN counts WHERE c >= 10])
} IN TRANSACTIONS OF $batch ROWS
"""
_GRAPH_CITATIONS = """
MATCH (p:Paper)
CALL (p) {
  SET p.graph_citations = COUNT { (:Paper)-[:CITES]->(p) }
} IN TRANSACTIONS OF $batch ROWS
"""
# Labels and columns come from graphkit's schema, never from input; values travel as parameters.
_SUM = "MATCH (n:{label}) RETURN sum(n.{column}) AS total"
_SCALE = "MATCH (n:{label}) CALL (n) {{ SET n.{column} = n.{column} * $factor }} IN TRANSACTIONS OF $batch ROWS"
_COMMUNITY_SIZES = "MATCH (a:Author) RETURN a.community AS raw, count(*) AS size"
_RENUMBER = """
MATCH (a:Author)
WITH a, toString(a.community) AS raw
CALL (a, raw) {
  SET a.community = $rank[raw], a.community_size = $size[raw]
} IN TRANSACTIONS OF $batch ROWS
"""
_CLEAR = "MATCH ()-[r:{type}]->() CALL (r) {{ DELETE r }} IN TRANSACTIONS OF $batch ROWS"
# GDS chose the partners by Jaccard score; the weight graphkit's queries read is the count behind it.
_SIMILAR_WEIGHTS = {
    "COCITED_WITH": """
MATCH (a:Paper)-[r:COCITED_WITH]->(b:Paper)
CALL (a, r, b) {
  SET r.weight = COUNT { MATCH (c:Paper)-[:CITES]->(a) WHERE (c)-[:CITES]->(b) }
  REMOVE r.jaccard
} IN TRANSACTIONS OF $batch ROWS
""",
    "COUPLED_WITH": """
MATCH (a:Paper)-[r:COUPLED_WITH]->(b:Paper)
CALL (a, r, b) {
  SET r.weight = COUNT { MATCH (a)-[:CITES]->(:Paper)<-[:CITES]-(b) }
  REMOVE r.jaccard
} IN TRANSACTIONS OF $batch ROWS
""",
}
_SIZES = {
    "authors": "MATCH (a:Author) RETURN count(a) AS n",
    "papers": "MATCH (p:Paper) RETURN count(p) AS n",
}
_FUNCTIONS = "SHOW FUNCTIONS YIELD name WHERE name IN $names RETURN name"


def _count(session: GdsSession, statement: str) -> int:
    rows = session.run(statement)
    return int(rows[0]["n"]) if rows else 0


def betweenness_samples(nodes: int, error: float, confidence: float) -> int | None:
    """Source nodes for betweenness within ``error`` of every normalised score with ``confidence``; None: exact.

    Hoeffding's bound with a union over the nodes: each source's share of a node's normalised betweenness lies in
    [0, 1], so ``ln(2n / (1 - confidence)) / (2 error²)`` uniformly drawn sources suffice. GDS draws sources with
    probability proportional to degree, which this bound does not cover: sampled scores are estimates.

    Examples
    --------
    >>> betweenness_samples(113, 0.01, 0.9) is None, betweenness_samples(2_000_000, 0.01, 0.9)
    (True, 87522)
    """
    if nodes < 3:
        return None
    needed = math.ceil(math.log(2 * nodes / (1 - confidence)) / (2 * error * error))
    return needed if needed < nodes else None


def analyze_in_neo4j(
    session: GdsSession,
    *,
    metrics: Sequence[str] | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    betweenness_error: float = 0.01,
    betweenness_confidence: float = 0.9,
    community_method: str | None = None,
    similar_k: int = 10,
    progress: Callable[[StepReport], None] | None = None,
) -> GdsAnalysis:
    """Compute graphkit's metrics in Neo4j with GDS and write them under graphkit's property names.

    ``metrics`` picks steps as ``graphkit analyze --metrics`` does (step, column or GDS name); by default every
    step GDS can run (all but the bursts, listed in ``not_in_gds``). The projected graphs get names of their own
    and are dropped when done, also on failure.

    Raises
    ------
    ValueError
        For an unknown metric, a burst step (no GDS algorithm), or Louvain with a resolution other than 1 (GDS's
        Louvain has none: use Leiden, whose ``gamma`` is the resolution).

    Examples
    --------
    >>> with connect() as session:  # doctest: +SKIP
    ...     done = analyze_in_neo4j(session, metrics=["pageRank", "kcore", "leiden"], seed=7)
    >>> [step.step for step in done.steps]  # doctest: +SKIP
    ['pagerank', 'core_number', 'community']
    """
    steps, implied = select_steps(metrics)
    bursts = [step.name for step in steps if step.name not in GDS_STEPS]
    if bursts and metrics is not None:
        raise ValueError(
            f"{', '.join(bursts)}: Kleinberg bursts have no GDS algorithm; compute them offline "
            "(`graphkit analyze --metrics ...` without --gds, then `graphkit load --neo4j`)"
        )
    method = community_method or implied or "louvain"
    if method == "louvain" and resolution != 1.0 and any(step.name == "community" for step in steps):
        raise ValueError("GDS's Louvain has no resolution parameter: use --communities leiden (its gamma)")
    result = GdsAnalysis(version=session.version, not_in_gds=bursts)
    result.authors, result.papers = (_count(session, _SIZES[kind]) for kind in ("authors", "papers"))
    token = secrets.token_hex(4)
    with _projections(session, token, {step.name for step in steps}, result) as graphs:
        for step in steps:
            if step.name in GDS_STEPS:
                _run_step(session, step.name, graphs, result, progress, options={
                    "seed": seed, "resolution": resolution, "method": method, "error": betweenness_error,
                    "confidence": betweenness_confidence, "similar_k": similar_k,
                })  # fmt: skip
    return result


# A pair written without its count of shared papers weighs one paper, not NaN (GDS's default).
_PAPERS = {"papers": {"property": "papers", "defaultValue": 1.0}}
_COAUTHOR_STEPS = {"pagerank", "core_number", "clustering", "community", "betweenness"}
_CITATION_STEPS = {"citation_pagerank", "cocitation", "coupling"}


@contextmanager
def _projections(session: GdsSession, token: str, chosen: set[str], result: GdsAnalysis) -> Iterator[dict[str, str]]:
    """Project the graphs the chosen steps read (named ``graphkit-…-<token>``); drop them afterwards."""
    graphs: dict[str, str] = {}
    try:
        if chosen & _COAUTHOR_STEPS:
            name = f"graphkit-coauthors-{token}"
            graphs["coauthors"] = name
            row = _call(session, "gds.graph.project", name, "Author",
                        {"COAUTHORED_WITH": {"orientation": "UNDIRECTED", "properties": _PAPERS}}, {})  # fmt: skip
            result.coauthor_pairs = int(row.get("relationshipCount", 0)) // 2
        if chosen & _CITATION_STEPS:
            name = f"graphkit-citations-{token}"
            graphs["citations"] = name
            row = _call(session, "gds.graph.project", name, "Paper", {
                "CITES": {"type": "CITES", "orientation": "NATURAL"},
                "CITED_BY": {"type": "CITES", "orientation": "REVERSE"},
            }, {})  # fmt: skip
            result.citations = int(row.get("relationshipCount", 0)) // 2
        yield graphs
    finally:
        for name in graphs.values():
            _call(session, "gds.graph.drop", name, False)


def _run_step(
    session: GdsSession,
    name: str,
    graphs: dict[str, str],
    result: GdsAnalysis,
    progress: Callable[[StepReport], None] | None,
    options: dict[str, Any],
) -> None:
    step = next(s for s in STEPS if s.name == name)
    on_authors = step.label == "Author"
    nodes = result.authors if on_authors else result.papers
    edges = result.coauthor_pairs if on_authors else result.citations
    report = StepReport(step=name, description=f"{step.description} (Neo4j GDS)", nodes=nodes, edges=edges)
    if progress:
        progress(report)
    started = time.perf_counter()
    detail = _STEP_RUNNERS[name](session, graphs, result, options)
    report = report.model_copy(update={"seconds": time.perf_counter() - started, "detail": detail})
    result.steps.append(report)
    if progress:
        progress(report)


def _batched(session: GdsSession, statement: str, **parameters: Any) -> None:
    session.run(statement, {"batch": BATCH_ROWS, **parameters}, batched=True)


def _scale_to_sum(session: GdsSession, label: str, column: str) -> None:
    """Divide a column by its sum over the label, as NetworkX's PageRank sums to 1."""
    rows = session.run(_SUM.format(label=label, column=column))
    total = float(rows[0]["total"] or 0) if rows else 0.0
    if total > 0:
        _batched(session, _SCALE.format(label=label, column=column), factor=1.0 / total)


def _counted(statement: str) -> Callable[..., str]:
    """A step that is one batched Cypher update (the counts need no graph algorithm)."""

    def run(session: GdsSession, graphs: dict[str, str], result: GdsAnalysis, options: dict[str, Any]) -> str:
        _batched(session, statement)
        return ""

    return run


def _pagerank(session: GdsSession, graphs: dict[str, str], result: GdsAnalysis, options: dict[str, Any]) -> str:
    row = _call(session, "gds.pageRank.write", graphs["coauthors"], {
        "writeProperty": "pagerank", "relationshipWeightProperty": "papers", "dampingFactor": 0.85,
        "tolerance": 1e-9, "maxIterations": 100,
    })  # fmt: skip
    _scale_to_sum(session, "Author", "pagerank")
    return f"{row.get('ranIterations', 0)} iterations"


def _citation_pagerank(
    session: GdsSession, graphs: dict[str, str], result: GdsAnalysis, options: dict[str, Any]
) -> str:
    row = _call(session, "gds.pageRank.write", graphs["citations"], {
        "writeProperty": "citation_pagerank", "relationshipTypes": ["CITES"], "dampingFactor": 0.85,
        "tolerance": 1e-9, "maxIterations": 100,
    })  # fmt: skip
    _scale_to_sum(session, "Paper", "citation_pagerank")
    return f"{row.get('ranIterations', 0)} iterations"


def _core_number(session: GdsSession, graphs: dict[str, str], result: GdsAnalysis, options: dict[str, Any]) -> str:
    row = _call(session, "gds.kcore.write", graphs["coauthors"], {"writeProperty": "core_number"})
    return f"degeneracy {row.get('degeneracy', 0)}"


def _clustering(session: GdsSession, graphs: dict[str, str], result: GdsAnalysis, options: dict[str, Any]) -> str:
    row = _call(session, "gds.localClusteringCoefficient.write", graphs["coauthors"], {"writeProperty": "clustering"})
    return f"average {float(row.get('averageClusteringCoefficient', 0.0)):.4f}"


def _community(session: GdsSession, graphs: dict[str, str], result: GdsAnalysis, options: dict[str, Any]) -> str:
    config: dict[str, Any] = {"writeProperty": "community", "relationshipWeightProperty": "papers"}
    if options["method"] == "leiden":
        config.update(gamma=options["resolution"], randomSeed=options["seed"])
    row = _call(session, f"gds.{options['method']}.write", graphs["coauthors"], config)
    # GDS numbers communities arbitrarily; graphkit by size, 0 the largest (ties by GDS's number).
    sizes = sorted(((int(r["size"]), int(r["raw"])) for r in session.run(_COMMUNITY_SIZES) if r["raw"] is not None),
                   key=lambda item: (-item[0], item[1]))  # fmt: skip
    rank = {str(raw): position for position, (_, raw) in enumerate(sizes)}
    size = {str(raw): count for count, raw in sizes}
    _batched(session, _RENUMBER, rank=rank, size=size)
    result.communities = len(sizes)
    result.modularity = float(row.get("modularity", 0.0))
    result.community_method = options["method"]
    return f"{result.communities:,} communities, modularity {result.modularity:.3f}"


def _betweenness(session: GdsSession, graphs: dict[str, str], result: GdsAnalysis, options: dict[str, Any]) -> str:
    n = result.authors
    samples = betweenness_samples(n, options["error"], options["confidence"])
    config: dict[str, Any] = {"writeProperty": "betweenness"}
    if samples is not None:
        config.update(samplingSize=samples, samplingSeed=options["seed"])
    _call(session, "gds.betweenness.write", graphs["coauthors"], config)
    # GDS counts each unordered pair once on an undirected graph and does not extrapolate a sample: scaled by
    # n / samples, then divided by the (n-1)(n-2)/2 pairs as NetworkX normalises.
    if n >= 3:
        factor = (n / samples if samples else 1.0) / ((n - 1) * (n - 2) / 2)
        _batched(session, _SCALE.format(label="Author", column="betweenness"), factor=factor)
    result.betweenness_samples = samples
    return "exact" if samples is None else f"{samples:,} sampled sources"


def _similar(kind: str, relationship: str, projected: str) -> Callable[..., str]:
    def run(session: GdsSession, graphs: dict[str, str], result: GdsAnalysis, options: dict[str, Any]) -> str:
        _batched(session, _CLEAR.format(type=relationship))
        row = _call(session, "gds.nodeSimilarity.write", graphs["citations"], {
            "relationshipTypes": [projected], "writeRelationshipType": relationship, "writeProperty": "jaccard",
            "topK": options["similar_k"], "similarityMetric": "JACCARD",
        })  # fmt: skip
        _batched(session, _SIMILAR_WEIGHTS[relationship])
        return f"{int(row.get('relationshipsWritten', 0)):,} {kind} edges"

    return run


_STEP_RUNNERS: dict[str, Callable[[GdsSession, dict[str, str], GdsAnalysis, dict[str, Any]], str]] = {
    "degree": _counted(_DEGREE),
    "citation_indices": _counted(_CITATION_INDICES),
    "pagerank": _pagerank,
    "core_number": _core_number,
    "clustering": _clustering,
    "community": _community,
    "betweenness": _betweenness,
    "graph_citations": _counted(_GRAPH_CITATIONS),
    "citation_pagerank": _citation_pagerank,
    "cocitation": _similar("co-citation", "COCITED_WITH", "CITED_BY"),
    "coupling": _similar("coupling", "COUPLED_WITH", "CITES"),
}


def _recommend_statement(function: str) -> str:
    return f"""
MATCH (a:Author {{id: $author}})-[:COAUTHORED_WITH]-(z:Author)-[:COAUTHORED_WITH]-(c:Author)
WHERE c <> a AND NOT (a)-[:COAUTHORED_WITH]-(c)
WITH a, c, collect(DISTINCT coalesce(z.name, z.id)) AS shared
RETURN c.id AS author_id, coalesce(c.name, c.id) AS name, shared,
       {function}(a, c, {{relationshipQuery: 'COAUTHORED_WITH', direction: 'BOTH'}}) AS score
ORDER BY score DESC, name ASC
LIMIT $k
"""


def recommend_statements() -> dict[str, str]:
    """The recommendation statement for every link prediction function name graphkit may call, for the linter."""
    names = [*LINK_PREDICTION.values(), *(n.replace("gds.", "gds.alpha.", 1) for n in LINK_PREDICTION.values())]
    return {name: _recommend_statement(name) for name in names}


def recommend_in_neo4j(
    session: GdsSession, author_id: str, *, k: int = 10, method: str = "resource_allocation"
) -> list[Recommendation]:
    """The top ``k`` people ``author_id`` has not written with, scored in the database by GDS's link prediction.

    The same candidates (coauthors of coauthors) and scores as :func:`graphkit.analysis.recommend.recommend`.

    Examples
    --------
    >>> with connect() as session:  # doctest: +SKIP
    ...     [r.name for r in recommend_in_neo4j(session, "gk-a-3f9c0e1b2a", k=3)]
    ['Akshay Krishnamurthy', 'Dylan J. Foster', 'Wen Sun']
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    current = LINK_PREDICTION[method]
    alpha = current.replace("gds.", "gds.alpha.", 1)
    found = {row["name"] for row in session.run(_FUNCTIONS, {"names": [current, alpha]})}
    function = current if current in found else alpha if alpha in found else None
    if function is None:
        raise GdsUnavailableError(
            f"this GDS ({session.version}) has neither {current} nor {alpha}: run `graphkit recommend` without "
            "--neo4j (offline)"
        )
    rows = session.run(_recommend_statement(function), {"author": author_id, "k": k})
    found_rows = [(row["author_id"], row["name"], float(row["score"]), sorted(row["shared"])) for row in rows]
    return [
        Recommendation(author_id=author, name=name, score=score, shared_coauthors=shared)
        for author, name, score, shared in found_rows
    ]
