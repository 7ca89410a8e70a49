"""Compute the metrics of a stored graph and write back its metric columns — and nothing else.

``graphkit analyze`` reads the analysable part of the store as flat arrays
(:meth:`graphkit.analysis.arrays.GraphArrays.from_store`: no Python object per node or edge), computes the
chosen metrics (:func:`graphkit.analysis.metrics.compute_metrics`) and, holding the writer lock, sets those
metric columns (:data:`~graphkit.store.schema.AUTHOR_METRICS`,
:data:`~graphkit.store.schema.PAPER_METRICS`) and replaces those similarity edges
(:data:`~graphkit.store.schema.METRIC_RELS`), in transactions
(:meth:`~graphkit.store.base.GraphStore.write_metrics`). Nodes, their other properties, the metric columns not
chosen and every other edge are left exactly as they were, and the build's staged records are not read at all.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graphkit.analysis.arrays import GraphArrays
from graphkit.analysis.metrics import AnalysisResult, StepReport, compute_metrics
from graphkit.resolve.assemble import gc_paused
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS
from graphkit.store.base import GraphStore, Runner
from graphkit.store.embedded import EmbeddedStore, settle
from graphkit.store.lock import WriterLock
from graphkit.store.metrics import MetricTables, run_metric_statements

__all__ = ["analyze_store", "write_metrics"]


def analyze_store(
    db: str | Path,
    *,
    as_of: dt.date | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    betweenness_error: float = 0.01,
    betweenness_confidence: float = 0.9,
    engine: str = "auto",
    community_method: str | None = None,
    metrics: Iterable[str] | None = None,
    progress: Callable[[StepReport], None] | None = None,
    write_progress: Callable[[str, int], None] | None = None,
    wait: float = 0.0,
    buffer_pool_mib: int | None = None,
) -> AnalysisResult:
    """Compute the chosen metrics (all by default) of the graph in ``db`` and write their columns back in place.

    ``progress`` hears of each step before and after it runs (:func:`~graphkit.analysis.metrics.compute_metrics`),
    ``write_progress`` of the rows written. Running it twice with the same arguments leaves the same store.

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
            max_authors = state.coauthor_max_authors if state else DEFAULT_COAUTHOR_MAX_AUTHORS
            with _reported("read", "the graph from the store", progress) as reports:
                arrays = GraphArrays.from_store(store, max_authors)
                if as_of is not None:
                    arrays = arrays.as_of(as_of)
            tables, result = compute_metrics(
                arrays, metrics=metrics, seed=seed, resolution=resolution, betweenness_error=betweenness_error,
                betweenness_confidence=betweenness_confidence, engine=engine, community_method=community_method,
                progress=progress, as_of=as_of,
            )  # fmt: skip
            with _reported("write", "the metric columns to the store", progress) as written:
                write_metrics(store, tables, progress=write_progress)
    result.steps = [*reports, *result.steps, *written]
    return result


@contextmanager
def _reported(step: str, description: str, progress: Callable[[StepReport], None] | None) -> Iterator[list[StepReport]]:
    """Time the block as a step of its own; the list it yields holds the finished report afterwards."""
    report = StepReport(step=step, description=description, nodes=0, edges=0)
    if progress is not None:
        progress(report)
    started = time.perf_counter()
    done: list[StepReport] = []
    yield done
    done.append(report.model_copy(update={"seconds": time.perf_counter() - started}))
    if progress is not None:
        progress(done[0])


def write_metrics(
    runner: Runner, tables: MetricTables, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Set the analysis-owned columns and edges ``tables`` holds.

    A :class:`~graphkit.store.base.GraphStore` does it its own way (Neo4j in one transaction; the embedded store
    the columns in one and each similarity table in one of its own); any other runner gets the statements inside
    ``BEGIN TRANSACTION`` / ``COMMIT``.
    Returns the rows written per label and type.
    """
    if isinstance(runner, GraphStore):
        return runner.write_metrics(tables, progress=progress)
    runner.execute("BEGIN TRANSACTION")
    try:
        written = run_metric_statements(runner.execute, tables, progress)
    except BaseException:
        runner.execute("ROLLBACK")
        raise
    runner.execute("COMMIT")
    return written
