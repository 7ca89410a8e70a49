"""Compute the metrics of a stored graph and write back its metric columns — and nothing else.

``graphkit analyze`` reads the graph from the store (:func:`graphkit.analysis.stored.stored_graph`),
computes every metric (:func:`graphkit.analysis.metrics.analyze`) and, in one transaction holding the
writer lock, sets the metric properties the schema declares as analysis-owned
(:data:`~graphkit.store.schema.AUTHOR_METRICS`, :data:`~graphkit.store.schema.PAPER_METRICS`) and
replaces the analysis-owned similarity edges (:data:`~graphkit.store.schema.METRIC_RELS`). Nodes,
their other properties and every other edge are left exactly as the build wrote them, and the build's
staged records are not read at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from graphkit.analysis.metrics import AnalysisResult, analyze
from graphkit.analysis.stored import stored_graph
from graphkit.resolve.assemble import gc_paused
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS, KnowledgeGraph
from graphkit.store.base import GraphStore, Runner
from graphkit.store.embedded import EmbeddedStore, settle
from graphkit.store.lock import WriterLock
from graphkit.store.metrics import run_metric_statements

__all__ = ["analyze_store", "write_metrics"]


def analyze_store(
    db: str | Path,
    *,
    as_of: dt.date | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    betweenness_samples: int = 1000,
    engine: str = "auto",
    community_method: str = "louvain",
    progress: Callable[[str, int], None] | None = None,
    wait: float = 0.0,
    buffer_pool_mib: int | None = None,
) -> AnalysisResult:
    """Compute every metric for the graph in ``db`` and write the metric columns back in place.

    Running it twice with the same arguments leaves the same store.

    Raises
    ------
    StoreLockedError
        If another process is writing ``db`` for longer than ``wait`` seconds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> analyze_store(db).communities > 0
    True
    """
    db = Path(db)
    with WriterLock(db, wait=wait, command="graphkit analyze"), gc_paused():
        if not db.is_file():
            # Opening read-only first gives the usual "no graph database here" message.
            EmbeddedStore(db, read_only=True).open()
        settle(db, buffer_pool_mib=buffer_pool_mib)
        with EmbeddedStore(db, buffer_pool_mib=buffer_pool_mib) as store:
            state = store.build_state()
            graph = stored_graph(store)
            max_authors = state.coauthor_max_authors if state else DEFAULT_COAUTHOR_MAX_AUTHORS
            result = analyze(graph, as_of=as_of, seed=seed, resolution=resolution,
                             betweenness_samples=betweenness_samples, coauthor_max_authors=max_authors,
                             engine=engine, community_method=community_method)  # fmt: skip
            write_metrics(store, graph, progress=progress)
    return result


def write_metrics(
    runner: Runner, graph: KnowledgeGraph, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Set the analysis-owned columns and edges from ``graph``'s metrics, in one transaction.

    A :class:`~graphkit.store.base.GraphStore` does it its own way (the embedded store and Neo4j open their
    transactions differently); any other runner gets the statements inside ``BEGIN TRANSACTION`` / ``COMMIT``.
    Returns the rows written per label and type.
    """
    if isinstance(runner, GraphStore):
        return runner.write_metrics(graph, progress=progress)
    runner.execute("BEGIN TRANSACTION")
    try:
        written = run_metric_statements(runner.execute, graph, progress)
    except BaseException:
        runner.execute("ROLLBACK")
        raise
    runner.execute("COMMIT")
    return written
