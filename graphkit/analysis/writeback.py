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
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from graphkit.analysis.metrics import AnalysisResult, analyze
from graphkit.analysis.stored import stored_graph
from graphkit.resolve.assemble import gc_paused
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS, KnowledgeGraph
from graphkit.store.base import Runner
from graphkit.store.embedded import EmbeddedStore, settle
from graphkit.store.lock import WriterLock
from graphkit.store.schema import AUTHOR_METRICS, METRIC_RELS, PAPER_METRICS

__all__ = ["analyze_store", "write_metrics"]

_BATCH = 20_000


def analyze_store(
    db: str | Path,
    *,
    as_of: dt.date | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    betweenness_samples: int = 1000,
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
                             betweenness_samples=betweenness_samples, coauthor_max_authors=max_authors)  # fmt: skip
            write_metrics(store, graph, progress=progress)
    return result


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def write_metrics(
    runner: Runner, graph: KnowledgeGraph, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Set the analysis-owned columns and edges from ``graph``'s metrics, in one transaction.

    Every metric column is first cleared (an author the analysis left out — one who did not yet exist
    ``as_of`` a day — must not keep an old figure), then set by key in ``UNWIND`` batches; the similarity
    edges are deleted and created anew. Returns the rows written per label and type.
    """
    runner.execute("BEGIN TRANSACTION")
    try:
        written = _write_metrics(runner, graph, progress)
    except BaseException:
        runner.execute("ROLLBACK")
        raise
    runner.execute("COMMIT")
    return written


def _write_metrics(
    runner: Runner, graph: KnowledgeGraph, progress: Callable[[str, int], None] | None
) -> dict[str, int]:
    written: dict[str, int] = {}
    for label, names, metrics in (
        ("Author", AUTHOR_METRICS, graph.author_metrics),
        ("Paper", PAPER_METRICS, graph.paper_metrics),
    ):
        # Labels and property names come from the schema's fixed lists; values travel as parameters.
        runner.execute(f"MATCH (n:{label}) SET " + ", ".join(f"n.{name} = null" for name in names))
        statement = f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET " + ", ".join(
            f"n.{name} = row.{name}" for name in names
        )
        rows = ({"id": key, **{name: values[name] for name in names}} for key, values in metrics.items())
        written[label] = 0
        for batch in _batches(rows, _BATCH):
            runner.execute(statement, {"rows": batch})
            written[label] += len(batch)
            if progress is not None:
                progress(f"{label} metrics", len(batch))
    for rel_type, pairs in zip(METRIC_RELS, (graph.cocited_with, graph.coupled_with), strict=True):
        runner.execute(f"MATCH (:Paper)-[r:{rel_type}]->(:Paper) DELETE r")
        statement = (
            "UNWIND $rows AS row MATCH (a:Paper {id: row.src}), (b:Paper {id: row.dst}) "
            f"CREATE (a)-[:{rel_type} {{weight: row.weight}}]->(b)"
        )
        rows = ({"src": a, "dst": b, "weight": weight} for (a, b), weight in sorted(pairs.items()))
        written[rel_type] = 0
        for batch in _batches(rows, _BATCH):
            runner.execute(statement, {"rows": batch})
            written[rel_type] += len(batch)
    return written
