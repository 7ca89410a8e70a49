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
import hashlib
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import Field

from graphkit.core.errors import BuildStateError
from graphkit.core.models import FileReport, StrictModel
from graphkit.extract import LeftOut, iter_records
from graphkit.resolve.assemble import assemble, gc_paused
from graphkit.resolve.author_model import author_model_of
from graphkit.resolve.base import MergeDecision
from graphkit.resolve.bulk import resolved_tables
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS, KnowledgeGraph
from graphkit.resolve.incremental import Change, NeedsWiderPlan, plan_change
from graphkit.resolve.index import INDEX_TABLES
from graphkit.resolve.overrides import Overrides, load_overrides
from graphkit.stage.area import StagedSource, stage_folder, stage_sources
from graphkit.store.embedded import DEFAULT_BATCH_SIZE, EmbeddedStore, replace_store, settle, update_store
from graphkit.store.lock import WriterLock
from graphkit.store.state import BuildState, check_sources, clean_leftovers, new_generation, resolve_folder

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
    #: References by how they found the work they cite: an id kind (``doi`` …), ``description`` (first author,
    #: year, source, volume, page), ``stub`` (no paper in the graph: a stub paper), ``none`` (nothing to name it).
    references: dict[str, int] = Field(default_factory=dict)
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS
    generation: str = ""
    merges: dict[str, int] = Field(default_factory=dict)
    kept_apart: dict[str, int] = Field(default_factory=dict)
    overrides: str | None = None
    #: ``full``: every record resolved and the database written anew; ``incremental``: only the records a
    #: change touches re-resolved (``records_resolved``) and the database updated.
    mode: str = "full"
    #: Why a build that was not the first resolved everything (empty for incremental builds).
    full_build_reason: str = ""
    records_resolved: int = 0
    #: Source files removed from the store (``--remove``).
    removed: list[str] = Field(default_factory=list)
    #: Files of the folders given that were not read, each ``path: reason`` (not a recognised format, or
    #: ``--exclude``).
    left_out: list[str] = Field(default_factory=list)

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
    remove: Iterable[str | Path] = (),
    exclude: Iterable[str] = (),
    author_model: str = "rules",
    engine: str = "duckdb",
    spark_master: str | None = None,
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
    author_model : str
        ``"rules"`` (default), ``"learned"`` (the model shipped with graphkit) or a model file's path; a store
        resolved with the model is resolved in full on every build (see the README, "The learned author model").
    coauthor_max_authors : int
        Papers with more authors keep their authorships but add no coauthor pairs.
    remove : iterable of paths
        Source files to take out of the store (their records, and what only they said).
    exclude : iterable of str
        Glob patterns of files to leave out of the folders given (:func:`graphkit.extract.find_inputs`).
    engine, spark_master : str
        Who stages the source files: ``duckdb`` (default) or ``spark`` on ``spark_master``
        (:func:`graphkit.stage.area.stage_sources`).

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
            overrides, buffer_pool_mib, coauthor_max_authors, remove, tuple(exclude), author_model,
            (engine, spark_master),
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
    remove: Iterable[str | Path],
    exclude: tuple[str, ...],
    author_model: str,
    staging: tuple[str, str | None] = ("duckdb", None),
) -> BuildResult:
    started = time.perf_counter()
    model = author_model_of(author_model)  # read (and checked) before anything is staged
    stage = stage_folder(db)
    known = {s.source_key: s for s in previous.sources} if previous else {}
    reports: list[FileReport] = []
    given: list[StagedSource] = []
    unchanged = 0
    left_out: list[LeftOut] = []
    for staged, report, reused in stage_sources(list(sources), stage, known, format=format, as_of=as_of,
                                                strict=strict, exclude=exclude, left_out=left_out,
                                                engine=staging[0], spark_master=staging[1]):  # fmt: skip
        given.append(staged)
        reports.append(report)
        unchanged += reused
        if progress is not None:
            progress("records", report.records)
    all_sources, kept = _build_order(previous, given, remove)
    seconds = {"stage": time.perf_counter() - started}
    started = time.perf_counter()
    generation = new_generation()
    state = BuildState(
        generation=generation,
        sources=all_sources,
        records=sum(source.records for source in all_sources),
        coauthor_max_authors=coauthor_max_authors,
        built_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        index=f"index-{generation}",
        overrides_sha256=hashlib.sha256(rules.model_dump_json().encode()).hexdigest(),
        author_model="rules"
        if model is None
        else "learned:" + hashlib.sha256(model.to_json().encode()).hexdigest()[:16],
    )
    folders = [stage / staged.folder for staged in all_sources]
    # Resolution reads the staged Parquet tables in place (DuckDB), and the write streams its result:
    # no Python object per record, and no whole table in memory.
    working = resolve_folder(db)
    working.mkdir(exist_ok=True)
    mode, reason, records_resolved = "full", "", state.records
    try:
        reason = _full_build_reason(db, previous, state, folders)
        outcome = None if reason else _incremental(db, previous, state, folders, rules, working, batch_size,
                                                   progress, buffer_pool_mib)  # fmt: skip
        if isinstance(outcome, str):
            reason = outcome
        if outcome is None or isinstance(outcome, str):
            with resolved_tables(
                folders, rules, coauthor_max_authors=coauthor_max_authors, temp_directory=working,
                index_to=stage / state.index, author_model=model or "rules",
            ) as graph:  # fmt: skip
                seconds["resolve"] = time.perf_counter() - started
                started = time.perf_counter()
                written, state = replace_store(
                    db, graph, all_sources, coauthor_max_authors=coauthor_max_authors, batch_size=batch_size,
                    progress=progress, buffer_pool_mib=buffer_pool_mib, state=state,
                )  # fmt: skip
            decisions, hyper_authored, references = graph.decisions, graph.hyper_authored, graph.references
        else:
            mode = "incremental"
            written, decisions, hyper_authored, records_resolved, resolve_seconds, references = outcome
            seconds["resolve"] = resolve_seconds
            started += resolve_seconds
    finally:
        shutil.rmtree(working, ignore_errors=True)
    seconds["write"] = time.perf_counter() - started
    merges: dict[str, int] = {}
    kept_apart: dict[str, int] = {}
    for decision in decisions:
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
        hyper_authored=hyper_authored,
        references=references,
        coauthor_max_authors=coauthor_max_authors,
        generation=state.generation,
        merges=merges,
        kept_apart=kept_apart,
        overrides=str(overrides) if overrides else None,
        mode=mode,
        full_build_reason=reason,
        records_resolved=records_resolved,
        removed=sorted({s.source_key for s in previous.sources} - {s.source_key for s in all_sources})
        if previous
        else [],
        left_out=[str(item) for item in left_out],
    )


def _build_order(
    previous: BuildState | None, given: list[StagedSource], remove: Iterable[str | Path]
) -> tuple[list[StagedSource], list[StagedSource]]:
    """The new state's sources in build order, and those kept from the store.

    Sources keep their place: a changed file takes the place of its earlier version, new files come after
    every earlier one, removed files drop out. Order decides which record represents a paper, so keeping it
    keeps what a change does not touch as it was.
    """
    removed = {str(Path(path).resolve()) for path in remove}
    by_key = {staged.source_key: staged for staged in given}
    unknown = removed - {s.source_key for s in previous.sources} if previous else removed
    if unknown:
        raise BuildStateError(
            f"cannot remove {', '.join(sorted(unknown))}: the store was not built from "
            f"{'it' if len(unknown) == 1 else 'them'} (see `graphkit stats` for its sources). Nothing was changed"
        )
    order: list[StagedSource] = []
    kept: list[StagedSource] = []
    for staged in previous.sources if previous else []:
        if staged.source_key in removed:
            continue
        if staged.source_key in by_key:
            order.append(by_key.pop(staged.source_key))
        else:
            order.append(staged)
            kept.append(staged)
    order.extend(staged for staged in given if staged.source_key in by_key)
    return order, kept


INCREMENTAL_MAX_SHARE = 0.3
"""An incremental build that would re-resolve more than this share of the records resolves everything."""


def _full_build_reason(db: Path, previous: BuildState | None, state: BuildState, folders: list[Path]) -> str:
    """Why this build resolves every record (empty: it can re-resolve only what the change touches)."""
    if previous is None:
        return "a new store (or --rebuild)"
    index = stage_folder(db) / previous.index if previous.index else None
    if index is None or not all((index / f"{table}.parquet").is_file() for table in INDEX_TABLES):
        return "the store has no resolution index (built by an earlier graphkit)"
    if previous.overrides_sha256 != state.overrides_sha256:
        return "the overrides differ from the last build's"
    if previous.coauthor_max_authors != state.coauthor_max_authors:
        return "--coauthor-max-authors differs from the last build's"
    if previous.author_model != state.author_model:
        return "the author resolution (--author-model) differs from the last build's"
    if state.author_model != "rules":
        # The model reads how common each name is in the whole corpus, which a re-resolution of the touched
        # records alone would not see: it would decide otherwise than a full build.
        return "the learned author model resolves the whole corpus"
    return "" if folders else "no sources"


def reference_summary(references: dict[str, int]) -> str:
    """One line on how a build's references found their works.

    Examples
    --------
    >>> reference_summary({"doi": 120, "openalex": 0, "description": 7, "stub": 900, "none": 0})
    '1,027: 120 matched by doi, 7 by description (first author, year, source, volume, page), 900 to stub papers'
    """
    matched = [(rule, count) for rule, count in references.items() if count and rule not in ("stub", "none")]
    parts = [
        f"{count:,} {'matched ' if index == 0 else ''}by {rule}"
        + (" (first author, year, source, volume, page)" if rule == "description" else "")
        for index, (rule, count) in enumerate(matched)
    ]
    if references.get("stub"):
        parts.append(f"{references['stub']:,} to stub papers")
    if references.get("none"):
        parts.append(f"{references['none']:,} naming no work (no id, no description): no citation")
    return f"{sum(references.values()):,}: " + ", ".join(parts)


_IncrementalOutcome = tuple[dict[str, int], list[MergeDecision], int, int, float, dict[str, int]]


def _incremental(
    db: Path,
    previous: BuildState | None,
    state: BuildState,
    folders: list[Path],
    rules: Overrides,
    working: Path,
    batch_size: int,
    progress: Callable[[str, int], None] | None,
    buffer_pool_mib: int | None,
) -> _IncrementalOutcome | str:
    """Re-resolve what the change touches and apply the delta; or say why a full build is better."""
    assert previous is not None
    started = time.perf_counter()
    stage = stage_folder(db)
    index = stage / previous.index
    added = {s.folder for s in state.sources} - {s.folder for s in previous.sources}
    removed = {s.folder for s in previous.sources} - {s.folder for s in state.sources}
    extra_papers: set[int] = set()
    extra_authors: set[int] = set()
    while True:
        plan = plan_change(index, folders, added, removed, extra_papers=extra_papers, extra_authors=extra_authors)
        if plan.records_read > INCREMENTAL_MAX_SHARE * max(plan.records_total, 1):
            return f"the change touches {plan.records_read:,} of {plan.records_total:,} records"
        change = Change(plan, index, stage / state.index, folders)
        try:
            with resolved_tables(
                folders, rules, coauthor_max_authors=state.coauthor_max_authors, temp_directory=working, change=change
            ) as delta:
                resolve_seconds = time.perf_counter() - started
                counts, _ = update_store(
                    db, delta, {"Paper": change.deleted_papers, "Author": change.deleted_authors}, state,
                    batch_size=batch_size, progress=progress, buffer_pool_mib=buffer_pool_mib,
                )  # fmt: skip
            return counts, delta.decisions, delta.hyper_authored, plan.records_read, resolve_seconds, delta.references
        except NeedsWiderPlan as wider:
            shutil.rmtree(stage / state.index, ignore_errors=True)
            extra_papers |= wider.papers
            extra_authors |= wider.authors
