"""The build pipeline: extract, resolve, assemble, and write to the embedded store.

:func:`build` is what ``graphkit build`` runs. The store keeps every record it was built from,
keyed by the input file it was read from (an archive is one input, whatever its members), so that

* building again from the same files replaces their records with identical ones and leaves the
  same graph (idempotent; an archive rebuilt three times gives the store it gave once);
* building with a new file adds its records and re-resolves everything, merging the new papers
  and people into the existing ones (incremental, no duplicates);
* building with a changed file replaces that file's records.

One writer at a time holds the store's lock (:mod:`graphkit.store.lock`); the records live in a
record log of the store's generation, checked before use (:mod:`graphkit.store.state`); the new
database is written beside the old one and switched into place by one atomic rename
(:func:`graphkit.store.embedded.replace_store`): an interrupted build — even ``kill -9`` — changes
nothing, and the next build cleans up after it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pydantic import Field

from graphkit.core.errors import BuildStateError
from graphkit.core.models import AnyRecord, FileReport, StrictModel
from graphkit.extract import iter_records
from graphkit.resolve.assemble import assemble, gc_paused
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS, KnowledgeGraph
from graphkit.resolve.overrides import Overrides, load_overrides
from graphkit.store.embedded import DEFAULT_BATCH_SIZE, EmbeddedStore, replace_store, settle
from graphkit.store.lock import WriterLock
from graphkit.store.state import BuildState, clean_leftovers, stored_records

__all__ = ["BuildResult", "build", "build_graph", "read_build_state"]


class BuildResult(StrictModel):
    """What a build read, decided and wrote."""

    db: str
    files: list[FileReport]
    records_read: int
    records_kept_from_store: int
    written: dict[str, int]
    hyper_authored: int = 0
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS
    generation: str = ""
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
    rebuild: bool = False,
    wait: float = 0.0,
    buffer_pool_mib: int | None = None,
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
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
    rebuild : bool
        Start from ``sources`` alone, replacing whatever ``db`` holds (also the way out when its record
        log is lost or damaged).
    wait : float
        Seconds to wait for another writer of ``db`` before giving up.
    buffer_pool_mib : int, optional
        LadybugDB's page cache for the write (default: sized to the machine).
    coauthor_max_authors : int
        Papers with more authors keep their authorships but add no coauthor pairs.

    Returns
    -------
    BuildResult

    Raises
    ------
    StoreLockedError
        If another process is writing ``db`` for longer than ``wait``.
    BuildStateError
        If ``db`` exists but its record log is missing or damaged (and ``rebuild`` is not set).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> result = build(["examples/003_6ccdfc8f9d884491.txt"], pathlib.Path(tempfile.mkdtemp()) / "g.lbdb")
    >>> result.written["Paper"], result.written["COAUTHORED_WITH"] > 0
    (50, True)
    """
    db = Path(db)
    with WriterLock(db, wait=wait, command="graphkit build"), gc_paused():
        settle(db, buffer_pool_mib=buffer_pool_mib)
        named = _named_state(db)
        # The current generation's log stays until the switch, even on --rebuild: if this build is
        # interrupted, the database that names it is still the store.
        clean_leftovers(db, keep=named.generation if named else None)
        if not rebuild and db.exists() and named is None:
            raise BuildStateError(
                f"{db} holds a graph but no record of what it was built from (written by an earlier graphkit, or "
                f"loaded directly) — rebuild it from all your source files with `graphkit build --rebuild SOURCE… "
                f"--db {db}`. Nothing was changed"
            )
        stored = stored_records(db, named) if named and not rebuild else iter(())
        return _build(
            sources, db, stored, load_overrides(overrides), format, as_of, strict, batch_size, progress, overrides,
            buffer_pool_mib, coauthor_max_authors,
        )  # fmt: skip


def read_build_state(db: str | Path) -> BuildState | None:
    """The build state recorded in ``db``; ``None`` if there is no database or it records none.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> read_build_state(pathlib.Path(tempfile.mkdtemp()) / "none.lbdb") is None
    True
    """
    return _named_state(Path(db))


def _named_state(db: Path) -> BuildState | None:
    if not db.is_file():
        return None
    with EmbeddedStore(db, read_only=True) as store:
        return store.build_state()


def _build(
    sources: Iterable[str | Path],
    db: Path,
    stored: Iterator[tuple[str, AnyRecord]],
    rules: Overrides,
    format: str,
    as_of: dt.date | None,
    strict: bool,
    batch_size: int,
    progress: Callable[[str, int], None] | None,
    overrides: str | Path | None,
    buffer_pool_mib: int | None,
    coauthor_max_authors: int,
) -> BuildResult:
    reports: list[FileReport] = []
    new_records: list[tuple[str, AnyRecord]] = []
    for record in iter_records(sources, format=format, as_of=as_of, strict=strict, reports=reports):
        # Keyed by the input file (the report being filled), not the record's provenance: a member of
        # an archive names the member, and must be replaced when the archive is built again.
        new_records.append((_source_key(reports[-1].source), record))
        if progress is not None:
            progress("records", 1)
    new_keys = {_source_key(report.source) for report in reports}
    all_records = [(key, record) for key, record in stored if key not in new_keys]
    records_kept = len(all_records)
    all_records.extend(new_records)
    records_read = len(new_records)
    del new_records
    graph = assemble([record for _, record in all_records], rules, coauthor_max_authors=coauthor_max_authors)
    # Hand the records over one by one so that each is freed once written, before the graph's
    # own tables (and LadybugDB's page cache) grow.
    queue = deque(all_records)
    del all_records
    written, state = replace_store(
        db, graph, _drain(queue), coauthor_max_authors=coauthor_max_authors, batch_size=batch_size,
        progress=progress, buffer_pool_mib=buffer_pool_mib,
    )  # fmt: skip
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
        hyper_authored=graph.hyper_authored,
        coauthor_max_authors=coauthor_max_authors,
        generation=state.generation,
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
