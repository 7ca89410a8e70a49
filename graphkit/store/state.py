"""The build state of a store: which record log it was built from, checked before it is relied on.

A build writes three things beside ``graph.lbdb``: the record log of a new *generation*
(``graph.lbdb.records-<generation>.jsonl.gz``), then a complete new database (``graph.lbdb.building``)
holding a :class:`BuildState` that names that log and its SHA-256, and then it renames the new database
over the old one. That rename is the one commit point: before it the previous graph and its log are
untouched, after it the new graph and its log are complete; leftovers of either side are removed by
the next writer (:func:`clean_leftovers`). A store is therefore never without a database, and never
paired with the wrong log.

Before a build merges new sources into a store it reads the state and verifies the log
(:func:`stored_records`). A log that is missing (a database copied without it) or damaged (its checksum
or contents do not match) stops the build with :class:`~graphkit.core.errors.BuildStateError` and
leaves everything as it was: silently starting afresh would replace the graph with one of only the new
input. ``graphkit build --rebuild`` is the explicit way to start from the given sources alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from graphkit import __version__
from graphkit.core.errors import BuildStateError, StoreError
from graphkit.core.models import StrictModel
from graphkit.store.records import StoredRecord, read_record_log

__all__ = [
    "BuildState",
    "building_path",
    "clean_leftovers",
    "file_sha256",
    "find_record_log",
    "new_generation",
    "record_log_file",
    "store_files",
    "stored_records",
]


class BuildState(StrictModel):
    """What a store was built from; kept inside the database it describes.

    ``generation`` names the record log beside the database (:func:`record_log_file`),
    ``record_log_sha256`` is its checksum and ``records`` its line count; ``coauthor_max_authors`` is
    the author count above which papers added no coauthor pairs (``analyze --as-of`` applies the same
    limit).
    """

    generation: str
    record_log_sha256: str
    records: int
    coauthor_max_authors: int
    graphkit_version: str = __version__
    built_at: str = ""


def new_generation() -> str:
    """A fresh generation name: the UTC time, sortable, plus random digits against collisions.

    Examples
    --------
    >>> len(new_generation()), new_generation() != new_generation()
    (24, True)
    """
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-{os.urandom(4).hex()}"


def record_log_file(db: str | Path, generation: str) -> Path:
    """The record log of one generation of ``db``.

    Examples
    --------
    >>> record_log_file("data/graph.lbdb", "20261123T101500-0a1b2c3d").name
    'graph.lbdb.records-20261123T101500-0a1b2c3d.jsonl.gz'
    """
    db = Path(db)
    return db.with_name(f"{db.name}.records-{generation}.jsonl.gz")


def find_record_log(db: Path, generation: str) -> Path:
    """The record log of ``db``'s generation: under the database's own name, else the one file in the
    folder with that (unique) generation — a store renamed without its log being renamed still works."""
    own = record_log_file(db, generation)
    if own.is_file():
        return own
    others = sorted(db.parent.glob(f"*.records-{generation}.jsonl.gz"))
    return others[0] if len(others) == 1 else own


def building_path(db: str | Path) -> Path:
    """Where a build writes the new database before the switch."""
    db = Path(db)
    return db.with_name(db.name + ".building")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _recovery(db: Path, log: Path) -> str:
    return (
        f"put {log.name} back beside {db.name} (a store is the database and its record log: copy both), or "
        f"rebuild from all your source files with `graphkit build --rebuild SOURCE… --db {db}`. Nothing was changed"
    )


def stored_records(db: Path, state: BuildState) -> Iterator[StoredRecord]:
    """The records ``db`` was built from, after checking that its record log is present and intact.

    Raises
    ------
    BuildStateError
        If the log is missing, its checksum differs from the one the database recorded, or a line
        cannot be read; the message says how to recover.
    """
    log = find_record_log(db, state.generation)
    if not log.is_file():
        raise BuildStateError(f"{db}: its record log {log.name} is missing — {_recovery(db, log)}")
    if file_sha256(log) != state.record_log_sha256:
        raise BuildStateError(
            f"{db}: its record log {log.name} is damaged (its checksum differs from the one recorded at build "
            f"time) — {_recovery(db, log)}"
        )
    try:
        yield from read_record_log(log)
    except (StoreError, OSError, EOFError) as e:
        raise BuildStateError(f"{db}: its record log {log.name} is damaged ({e}) — {_recovery(db, log)}") from e


def clean_leftovers(db: Path, keep: str | None) -> list[Path]:
    """Remove what interrupted writers left beside ``db``: a half-written database and stray record logs.

    Only the record log of generation ``keep`` (the database's own) survives. Call it holding the
    writer lock: another writer's files in progress would look like leftovers. Returns what was removed.
    """
    removed = []
    building = building_path(db)
    candidates = [building, *(building.with_name(building.name + suffix) for suffix in (".wal", ".shadow"))]
    candidates += sorted(db.parent.glob(f"{db.name}.records-*.jsonl.gz*"))
    kept = record_log_file(db, keep).name if keep else None
    for path in candidates:
        if path.exists() and path.name != kept:
            path.unlink()
            removed.append(path)
    return removed


def store_files(db: str | Path, state: BuildState | None) -> list[Path]:
    """The files that make up a store: the database and the record log it names (copy all to move it).

    Examples
    --------
    >>> [p.name for p in store_files("g.lbdb", None)]
    ['g.lbdb']
    """
    db = Path(db)
    return [db] if state is None else [db, find_record_log(db, state.generation)]
