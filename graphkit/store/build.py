"""The build pipeline: extract, resolve, assemble, and write to the embedded store.

:func:`build` is what ``graphkit build`` runs. The store keeps every record it was built from,
keyed by the absolute path of its source file, so that

* building again from the same files replaces their records with identical ones and leaves the
  same graph (idempotent);
* building with a new file adds its records and re-resolves everything, merging the new papers
  and people into the existing ones (incremental, no duplicates);
* building with a changed file replaces that file's records.

The records live in the record log beside the database (:mod:`graphkit.store.records`).

The new store is written beside the old one and moved into place when complete
(:func:`graphkit.store.embedded.replace_store`): an interrupted build changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pydantic import Field

from graphkit.core.errors import StoreError
from graphkit.core.models import AnyRecord, FileReport, StrictModel
from graphkit.extract import iter_records
from graphkit.resolve.assemble import assemble, gc_paused
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.resolve.overrides import Overrides, load_overrides
from graphkit.store.embedded import DEFAULT_BATCH_SIZE, replace_store
from graphkit.store.records import read_record_log, record_log_path

__all__ = ["BuildResult", "build", "build_graph", "load_stored_graph"]


class BuildResult(StrictModel):
    """What a build read, decided and wrote."""

    db: str
    files: list[FileReport]
    records_read: int
    records_kept_from_store: int
    written: dict[str, int]
    merges: dict[str, int] = Field(default_factory=dict)
    kept_apart: dict[str, int] = Field(default_factory=dict)
    overrides: str | None = None

    @property
    def skipped(self) -> int:
        """Entries skipped over all files."""
        return sum(len(f.skipped) for f in self.files)


def build_graph(
    sources: Iterable[str | Path],
    *,
    overrides: str | Path | None = None,
    format: str = "auto",
    as_of: dt.date | None = None,
) -> KnowledgeGraph:
    """Extract and resolve ``sources`` into an in-memory graph, without any store.

    Examples
    --------
    >>> graph = build_graph(["examples/"])
    >>> len(graph.papers), len(graph.authors)
    (134, 113)
    """
    return assemble(iter_records(sources, format=format, as_of=as_of), load_overrides(overrides))


def build(
    sources: Iterable[str | Path],
    db: str | Path,
    *,
    overrides: str | Path | None = None,
    format: str = "auto",
    as_of: dt.date | None = None,
    strict: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[str, int], None] | None = None,
) -> BuildResult:
    """Extract ``sources``, merge them with the records already in ``db``, resolve, and rewrite the graph.

    Parameters
    ----------
    sources : iterable of paths
        Files or folders, in any supported format.
    db : path
        The embedded database file (created if missing).
    overrides : path, optional
        A TOML overrides file (see :mod:`graphkit.resolve.overrides`).
    format, as_of, strict
        As for :func:`graphkit.extract.extract`.
    batch_size : int
        Rows per write statement.
    progress : callable, optional
        Called as ``progress(stage, n)`` as work is done (the CLI drives a progress bar with it).

    Returns
    -------
    BuildResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> result = build(["examples/003_6ccdfc8f9d884491.txt"], pathlib.Path(tempfile.mkdtemp()) / "g.lbdb")
    >>> result.written["Paper"], result.written["COAUTHORED_WITH"] > 0
    (50, True)
    """
    with gc_paused():
        return _build(
            sources, Path(db), load_overrides(overrides), format, as_of, strict, batch_size, progress, overrides
        )


def _build(
    sources: Iterable[str | Path],
    db: Path,
    rules: Overrides,
    format: str,
    as_of: dt.date | None,
    strict: bool,
    batch_size: int,
    progress: Callable[[str, int], None] | None,
    overrides: str | Path | None,
) -> BuildResult:
    reports: list[FileReport] = []
    new_records: list[tuple[str, AnyRecord]] = []
    for record in iter_records(sources, format=format, as_of=as_of, strict=strict, reports=reports):
        new_records.append((_source_key(record.provenance.source), record))
        if progress is not None:
            progress("records", 1)
    new_keys = {_source_key(report.source) for report in reports}
    log = record_log_path(db)
    stored = read_record_log(log) if log.exists() else iter(())
    all_records = [(key, record) for key, record in stored if key not in new_keys]
    records_kept = len(all_records)
    all_records.extend(new_records)
    records_read = len(new_records)
    del new_records
    graph = assemble([record for _, record in all_records], rules)
    # Hand the records over one by one so that each is freed once written, before the graph's
    # own tables (and LadybugDB's page cache) grow.
    queue = deque(all_records)
    del all_records
    written = replace_store(db, graph, _drain(queue), batch_size=batch_size, progress=progress)
    merges: dict[str, int] = {}
    kept_apart: dict[str, int] = {}
    for decision in graph.decisions:
        target = merges if decision.outcome == "merged" else kept_apart
        target[decision.entity] = target.get(decision.entity, 0) + 1
    return BuildResult(
        db=str(db),
        files=reports,
        records_read=records_read,
        records_kept_from_store=records_kept,
        written=written,
        merges=merges,
        kept_apart=kept_apart,
        overrides=str(overrides) if overrides else None,
    )


def _drain(
    queue: deque[tuple[str, AnyRecord]],
) -> Iterator[tuple[str, AnyRecord]]:
    """Yield items in order, removing each from the queue as it goes."""
    while queue:
        yield queue.popleft()


def _source_key(source: str) -> str:
    return os.path.abspath(source)


def load_stored_graph(
    db: str | Path, overrides: str | Path | None = None
) -> tuple[KnowledgeGraph, list[tuple[str, AnyRecord]]]:
    """Re-resolve the records a store was built from (its record log) into the same graph.

    Raises
    ------
    StoreError
        If there is no record log beside ``db``.
    """
    log = record_log_path(db)
    if not log.exists():
        raise StoreError(f"{log}: no record log here — build the graph first with `graphkit build SOURCE… --db {db}`")
    records = list(read_record_log(log))
    return assemble([record for _, record in records], load_overrides(overrides)), records
