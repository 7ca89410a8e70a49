"""Compute the metrics of a stored graph and write back its metric columns — and nothing else.

``graphkit analyze`` reads the analysable part of the store as flat arrays
(:meth:`graphkit.analysis.arrays.GraphArrays.from_store`: no Python object per node or edge), computes the
chosen metrics (:func:`graphkit.analysis.metrics.compute_metrics`) and, holding the writer lock, sets those
metric columns (:data:`~graphkit.store.schema.AUTHOR_METRICS`,
:data:`~graphkit.store.schema.PAPER_METRICS`) and replaces those similarity edges
(:data:`~graphkit.store.schema.METRIC_RELS`), in transactions
(:meth:`~graphkit.store.base.GraphStore.write_metrics`). Nodes, their other properties, the metric columns not
chosen and every other edge are left exactly as they were, and the build's staged records are not read at all.

:func:`snapshot_store` (``graphkit analyze --as-of DAY`` / ``--years``) computes the metrics of the graph as it
stood on each day asked and keeps them beside the current ones, as that day's snapshot
(:mod:`graphkit.store.snapshots`): the current columns and other days' snapshots are left as they were.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graphkit.analysis.arrays import GraphArrays
from graphkit.analysis.metrics import (
    SNAPSHOT_STEPS,
    AnalysisResult,
    StepReport,
    compute_metrics,
    select_steps,
)
from graphkit.resolve.assemble import gc_paused
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS
from graphkit.store.base import GraphStore, Runner
from graphkit.store.embedded import EmbeddedStore, settle
from graphkit.store.lock import WriterLock
from graphkit.store.metrics import MetricTables, run_metric_statements
from graphkit.store.schema import SNAPSHOT_OF
from graphkit.store.snapshots import SnapshotTables

__all__ = ["analyze_store", "snapshot_steps", "snapshot_store", "write_metrics", "year_ends"]


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
    With ``as_of``, the metrics of the graph as it stood that day are kept as that day's snapshot and the current
    columns are left alone (:func:`snapshot_store`).

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
    options: dict[str, Any] = {
        "seed": seed, "resolution": resolution, "betweenness_error": betweenness_error,
        "betweenness_confidence": betweenness_confidence, "engine": engine, "community_method": community_method,
        "metrics": metrics, "progress": progress,
    }  # fmt: skip
    if as_of is not None:
        return snapshot_store(db, [as_of], write_progress=write_progress, wait=wait, buffer_pool_mib=buffer_pool_mib,
                              **options)[0]  # fmt: skip
    select_steps(metrics)
    with _writable(db, wait, buffer_pool_mib) as store:
        with _reported("read", "the graph from the store", progress) as reports:
            arrays = GraphArrays.from_store(store, _max_authors(store))
        tables, result = compute_metrics(arrays, **options)
        with _reported("write", "the metric columns to the store", progress) as written:
            write_metrics(store, tables, progress=write_progress)
    result.steps = [*reports, *result.steps, *written]
    return result


def year_ends(first: int, last: int) -> list[dt.date]:
    """The last day of each year from ``first`` to ``last`` (what ``--years FIRST-LAST`` snapshots).

    Examples
    --------
    >>> year_ends(2000, 2002)
    [datetime.date(2000, 12, 31), datetime.date(2001, 12, 31), datetime.date(2002, 12, 31)]

    Raises
    ------
    ValueError
        If ``last`` is before ``first``.
    """
    if last < first:
        raise ValueError(f"the years run from {first} to {last}: the last is before the first")
    return [dt.date(year, 12, 31) for year in range(first, last + 1)]


def snapshot_steps(names: Iterable[str] | None) -> list[str]:
    """The step names a snapshot computes for ``names`` (every author and paper metric when ``None``).

    Examples
    --------
    >>> snapshot_steps(["h_index", "pageRank"])
    ['citation_indices', 'pagerank']

    Raises
    ------
    ValueError
        For a name that is not a metric, or one a snapshot does not keep (similarity edges, bursts).
    """
    if names is None:
        return [step.name for step in SNAPSHOT_STEPS]
    steps, _ = select_steps(names)
    refused = [step.name for step in steps if step not in SNAPSHOT_STEPS]
    if refused:
        kept = ", ".join(step.name for step in SNAPSHOT_STEPS)
        raise ValueError(
            f"{', '.join(refused)}: not kept in snapshots (as-of analyses keep the author and paper metrics: "
            f"{kept}); run it without --as-of"
        )
    return [step.name for step in steps]


def snapshot_store(
    db: str | Path,
    days: Iterable[dt.date],
    *,
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
) -> list[AnalysisResult]:
    """Compute the metrics of the graph in ``db`` as it stood on each of ``days`` and keep each as a snapshot.

    The graph is read once; for each day, the papers dated up to it, their citations and authors
    (:meth:`~graphkit.analysis.arrays.GraphArrays.as_of`) are analysed and written as that day's ``Snapshot``,
    ``AuthorSnapshot`` and ``PaperSnapshot`` nodes (:class:`~graphkit.store.snapshots.SnapshotTables`), each day
    in a transaction of its own. That day's earlier snapshot is replaced; the current metric columns and other
    days' snapshots are left as they were. ``metrics``: as :func:`analyze_store`, of :func:`snapshot_steps`.
    Returns one result per day, in date order.

    Raises
    ------
    ValueError
        If ``metrics`` names a step a snapshot does not keep, or no day is given.
    StoreLockedError
        If another process is writing ``db`` for longer than ``wait`` seconds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> [r.authors for r in snapshot_store(db, year_ends(2024, 2025), metrics=["h_index"])]
    [69, 89]
    """
    days = sorted(set(days))
    if not days:
        raise ValueError("name at least one day to analyse the graph as of")
    steps = snapshot_steps(metrics)
    results = []
    with _writable(db, wait, buffer_pool_mib) as store:
        with _reported("read", "the graph from the store", progress) as reports:
            arrays = GraphArrays.from_store(store, _max_authors(store))
        for day in days:
            with _reported("restrict", "the graph to the papers dated up to the day", progress, day) as cut:
                past = arrays.as_of(day)
            tables, result = compute_metrics(
                past, metrics=steps, seed=seed, resolution=resolution,
                betweenness_error=betweenness_error, betweenness_confidence=betweenness_confidence, engine=engine,
                community_method=community_method, progress=progress, as_of=day,
            )  # fmt: skip
            snapshot = _snapshot(day, tables, result, steps)
            with _reported("write", f"the snapshot of {day} to the store", progress, day) as written:
                store.write_snapshot(snapshot, progress=write_progress)
            result.steps = [*reports, *cut, *result.steps, *written]
            reports = []
            results.append(result)
    return results


def _snapshot(day: dt.date, tables: MetricTables, result: AnalysisResult, steps: list[str]) -> SnapshotTables:
    """The snapshot of ``day``: its figures, and the author and paper tables where metrics were computed."""
    summary: dict[str, Any] = {
        "authors": result.authors, "papers": result.papers, "citations": result.citations,
        "coauthor_pairs": result.coauthor_pairs, "engine": result.engine, "seed": result.seed, "metrics": steps,
    }  # fmt: skip
    if "community" in steps:
        summary.update(
            communities=result.communities, modularity=result.modularity, community_method=result.community_method
        )
    if "betweenness" in steps:
        summary["betweenness_error"] = result.betweenness_error
    kept = {}
    for label, (_, _, names) in SNAPSHOT_OF.items():
        columns = [name for name in tables.columns(label) if name in names]
        if columns:
            kept[label] = tables.table(label).select(["id", *columns])
    return SnapshotTables(day, summary, kept)


def _max_authors(store: EmbeddedStore) -> int:
    """The limit on authors per paper the build paired coauthors under."""
    state = store.build_state()
    return state.coauthor_max_authors if state else DEFAULT_COAUTHOR_MAX_AUTHORS


@contextmanager
def _writable(db: str | Path, wait: float, buffer_pool_mib: int | None) -> Iterator[EmbeddedStore]:
    """The store, open for writing under the writer lock (with garbage collection paused)."""
    db = Path(db)
    with WriterLock(db, wait=wait, command="graphkit analyze"), gc_paused():
        if not db.is_file():
            # Opening read-only first gives the usual "no graph database here" message.
            EmbeddedStore(db, read_only=True).open()
        settle(db, buffer_pool_mib=buffer_pool_mib)
        with EmbeddedStore(db, buffer_pool_mib=buffer_pool_mib) as store:
            yield store


@contextmanager
def _reported(
    step: str, description: str, progress: Callable[[StepReport], None] | None, as_of: dt.date | None = None
) -> Iterator[list[StepReport]]:
    """Time the block as a step of its own; the list it yields holds the finished report afterwards."""
    report = StepReport(step=step, description=description, nodes=0, edges=0, as_of=as_of)
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
