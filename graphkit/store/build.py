"""The build pipeline: extract, resolve, assemble, and write to the embedded store.

:func:`build` is what ``graphkit build`` runs. The store keeps every record it was built from,
keyed by the input file it was read from (an archive is one input, whatever its members), so that

* building again from the same files replaces their records with identical ones and leaves the
  same graph (idempotent; an archive rebuilt three times gives the store it gave once);
* building with a new file adds its records and re-resolves everything, merging the new papers
  and people into the existing ones (incremental, no duplicates);
* building with a changed file replaces that file's records.

One writer at a time holds the store's lock (:mod:`graphkit.store.lock`); the records live in the
staging area, one set of Parquet tables per source file keyed by its content, so that a file given again
unchanged is not read again (:mod:`graphkit.stage.area`), and every staged file the store names is checked
before use (:mod:`graphkit.store.state`); the new
database is written beside the old one and switched into place by one atomic rename
(:func:`graphkit.store.embedded.replace_store`): an interrupted build — even ``kill -9`` — changes
nothing, and the next build cleans up after it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import Field

from graphkit.core.errors import BuildStateError
from graphkit.core.models import FileReport, StrictModel
from graphkit.extract import iter_records
from graphkit.resolve.assemble import assemble, gc_paused
from graphkit.resolve.bulk import resolved_tables
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS, KnowledgeGraph
from graphkit.resolve.overrides import Overrides, load_overrides
from graphkit.stage.area import StagedSource, stage_folder, stage_sources
from graphkit.store.embedded import DEFAULT_BATCH_SIZE, EmbeddedStore, replace_store, settle
from graphkit.store.lock import WriterLock
from graphkit.store.state import BuildState, check_sources, clean_leftovers, resolve_folder

__all__ = ["BuildResult", "build", "build_graph", "read_build_state"]


class BuildResult(StrictModel):
    """What a build read, decided and wrote."""

    db: str
    files: list[FileReport]
    records_read: int
    records_kept_from_store: int
    written: dict[str, int]
    files_unchanged: int = 0
    #: Wall-clock seconds per stage: ``stage`` (extraction into the staging area), ``resolve`` (reading the
    #: staged records back and resolving them into the graph) and ``write`` (the new database).
    seconds: dict[str, float] = Field(default_factory=dict)
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
        If ``db`` exists but a staged file it names is missing or damaged (and ``rebuild`` is not set).

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
        # The current state's staged files stay until the switch, even on --rebuild: if this build is
        # interrupted, the database that names them is still the store.
        clean_leftovers(db, named)
        if not rebuild and db.exists() and named is None:
            raise BuildStateError(
                f"{db} holds a graph but no record of what it was built from (written by an earlier graphkit, or "
                f"loaded directly) — rebuild it from all your source files with `graphkit build --rebuild SOURCE… "
                f"--db {db}`. Nothing was changed"
            )
        previous = None if rebuild else named
        if previous is not None:
            # Every staged file the store names is checked before anything is merged into it.
            check_sources(db, previous)
        return _build(
            sources, db, previous, load_overrides(overrides), format, as_of, strict, batch_size, progress,
            overrides, buffer_pool_mib, coauthor_max_authors,
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
    previous: BuildState | None,
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
    started = time.perf_counter()
    stage = stage_folder(db)
    known = {s.source_key: s for s in previous.sources} if previous else {}
    reports: list[FileReport] = []
    given: list[StagedSource] = []
    unchanged = 0
    for staged, report, reused in stage_sources(list(sources), stage, known, format=format, as_of=as_of,
                                                strict=strict):  # fmt: skip
        given.append(staged)
        reports.append(report)
        unchanged += reused
        if progress is not None:
            progress("records", report.records)
    given_keys = {staged.source_key for staged in given}
    kept = [s for s in previous.sources if s.source_key not in given_keys] if previous else []
    all_sources = kept + given
    seconds = {"stage": time.perf_counter() - started}
    started = time.perf_counter()
    # Resolution reads the staged Parquet tables in place (DuckDB), and the write streams its result:
    # no Python object per record, and no whole table in memory.
    working = resolve_folder(db)
    working.mkdir(exist_ok=True)
    try:
        with resolved_tables(
            [stage / staged.folder for staged in all_sources],
            rules,
            coauthor_max_authors=coauthor_max_authors,
            temp_directory=working,
        ) as graph:
            seconds["resolve"] = time.perf_counter() - started
            started = time.perf_counter()
            written, state = replace_store(
                db, graph, all_sources, coauthor_max_authors=coauthor_max_authors, batch_size=batch_size,
                progress=progress, buffer_pool_mib=buffer_pool_mib,
            )  # fmt: skip
    finally:
        shutil.rmtree(working, ignore_errors=True)
    seconds["write"] = time.perf_counter() - started
    merges: dict[str, int] = {}
    kept_apart: dict[str, int] = {}
    for decision in graph.decisions:
        target = merges if decision.outcome == "merged" else kept_apart
        target[decision.entity] = target.get(decision.entity, 0) + 1
    return BuildResult(
        db=str(db),
        files=reports,
        files_unchanged=unchanged,
        seconds={name: round(value, 2) for name, value in seconds.items()},
        records_read=sum(staged.records for staged in given),
        records_kept_from_store=sum(staged.records for staged in kept),
        written=written,
        hyper_authored=graph.hyper_authored,
        coauthor_max_authors=coauthor_max_authors,
        generation=state.generation,
        merges=merges,
        kept_apart=kept_apart,
        overrides=str(overrides) if overrides else None,
    )
