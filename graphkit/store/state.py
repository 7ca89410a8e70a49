"""The build state of a store: which staged source files it was built from, checked before it is relied on.

A build stages every source file it reads (:mod:`graphkit.stage.area`: ``graph.lbdb.stage/``), writes a
complete new database (``graph.lbdb.building``) holding a :class:`BuildState` that names every staged file
with the checksums of its tables, and then renames the new database over the old one. That rename is the
one commit point: before it the previous graph and the staged files it names are untouched, after it the
new graph and its staged files are complete; staged folders that no database names any more, a
half-written database and resolution working files (``graph.lbdb.resolve/``) are removed by the next writer
(:func:`clean_leftovers`). A store is therefore never
without a database, and never paired with the wrong staged files.

Before a build merges new sources into a store it reads the state and verifies every staged file it names
(:func:`stored_records`). A staged file that is missing (a database copied without its staging area) or
damaged (a checksum differs) stops the build with :class:`~graphkit.core.errors.BuildStateError` and leaves
everything as it was: silently starting afresh would replace the graph with one of only the new input.
``graphkit build --rebuild`` is the explicit way to start from the given sources alone.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from graphkit import __version__
from graphkit.core.errors import BuildStateError
from graphkit.core.models import AnyRecord, StrictModel
from graphkit.stage.area import StagedSource, clean_stage, source_records, stage_folder, verify

__all__ = [
    "BuildState",
    "building_path",
    "check_sources",
    "clean_leftovers",
    "database_files",
    "new_generation",
    "resolve_folder",
    "store_files",
    "stored_records",
]


class BuildState(StrictModel):
    """What a store was built from; kept inside the database it describes.

    ``sources`` are the staged source files (each with its content hash and table checksums), ``records``
    their records in all; ``coauthor_max_authors`` is the author count above which papers added no
    coauthor pairs (``analyze --as-of`` applies the same limit).
    """

    generation: str
    sources: list[StagedSource]
    records: int
    coauthor_max_authors: int
    graphkit_version: str = __version__
    built_at: str = ""
    #: The resolution index's folder in the staging area (:mod:`graphkit.resolve.index`); empty where the
    #: store has none (then the next build resolves everything).
    index: str = ""
    #: A digest of the overrides the graph was resolved with (an incremental build needs the same ones).
    overrides_sha256: str = ""
    #: How authors were resolved: "rules", or "learned:" and a digest of the model file.
    author_model: str = "rules"

    def source(self, source_key: str) -> StagedSource | None:
        """The staged file of one source (by its absolute path), if this store holds it."""
        return next((s for s in self.sources if s.source_key == source_key), None)


def new_generation() -> str:
    """A fresh generation name: the UTC time, sortable, plus random digits against collisions.

    Examples
    --------
    >>> len(new_generation()), new_generation() != new_generation()
    (24, True)
    """
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-{os.urandom(4).hex()}"


def resolve_folder(db: str | Path) -> Path:
    """Where a build's resolution keeps its working database and spills (removed when the build ends).

    Examples
    --------
    >>> resolve_folder("g.lbdb").name
    'g.lbdb.resolve'
    """
    db = Path(db)
    return db.with_name(db.name + ".resolve")


DATABASE_FILE_SUFFIXES = ("", ".wal", ".shadow", ".wal.checkpoint")
"""The files LadybugDB keeps for one database: the file itself, its write-ahead log, shadow pages, and the
log being checkpointed (left behind by a kill during a checkpoint, it stops the next open of that name)."""


def database_files(path: str | Path) -> list[Path]:
    """Every file LadybugDB may keep for the database at ``path``.

    Examples
    --------
    >>> [p.name for p in database_files("g.lbdb")]
    ['g.lbdb', 'g.lbdb.wal', 'g.lbdb.shadow', 'g.lbdb.wal.checkpoint']
    """
    path = Path(path)
    return [path.with_name(path.name + suffix) for suffix in DATABASE_FILE_SUFFIXES]


def building_path(db: str | Path) -> Path:
    """Where a build writes the new database before the switch."""
    db = Path(db)
    return db.with_name(db.name + ".building")


def _recovery(db: Path) -> str:
    stage = stage_folder(db)
    return (
        f"put {stage.name} back beside {db.name} as it was (a store is the database and its staging area: copy "
        f"both), or rebuild from all your source files with `graphkit build --rebuild SOURCE… --db {db}`. "
        "Nothing was changed"
    )


def check_sources(db: Path, state: BuildState) -> None:
    """Check that every staged file ``state`` names is present and intact.

    Raises
    ------
    BuildStateError
        If a staged file is missing or damaged; the message says how to recover.
    """
    stage = stage_folder(db)
    for staged in state.sources:
        problem = verify(stage, staged)
        if problem is not None:
            raise BuildStateError(f"{db}: the staged records of {staged.source_key}: {problem} — {_recovery(db)}")


def stored_records(db: Path, state: BuildState) -> Iterator[tuple[str, AnyRecord]]:
    """``(source key, record)`` for every record ``db`` was built from, after :func:`check_sources`."""
    check_sources(db, state)
    stage = stage_folder(db)
    for staged in state.sources:
        for record in source_records(stage, staged):
            yield staged.source_key, record


def clean_leftovers(db: Path, state: BuildState | None) -> list[Path]:
    """Remove what interrupted writers left beside ``db``: a half-written database, resolution working files,
    staged folders no state names.

    Only the staged folders of ``state`` (the database's own) survive. Call it holding the writer lock:
    another writer's files in progress would look like leftovers. Returns what was removed.
    """
    removed = []
    working = resolve_folder(db)
    if working.exists():
        # A build killed during resolution leaves DuckDB's working files (gigabytes for a large corpus).
        shutil.rmtree(working, ignore_errors=True)
        removed.append(working)
    building = building_path(db)
    for path in database_files(building):
        if path.exists():
            path.unlink()
            removed.append(path)
    keep = {staged.folder for staged in state.sources} | ({state.index} - {""}) if state else set()
    return removed + clean_stage(stage_folder(db), keep)


def store_files(db: str | Path) -> list[Path]:
    """The paths that make up a store: the database and its staging area (copy both to move it).

    Examples
    --------
    >>> [p.name for p in store_files("g.lbdb")]
    ['g.lbdb', 'g.lbdb.stage']
    """
    db = Path(db)
    return [db, stage_folder(db)]
