"""The embedded default store: a LadybugDB database in one file, no server.

Besides the graph (see :mod:`graphkit.store.schema`) the database keeps the resolution decisions
(``GraphkitDecision``); the records it was built from live in the record log beside it
(:mod:`graphkit.store.records`). A build re-resolves all records and writes a new database file
that replaces the old one when complete (:func:`replace_store`): building twice from the same
inputs leaves the same graph, adding a source merges it with what is there, and an interrupted
build leaves the previous graph intact.

Every table is written with ``COPY … FROM $table`` from an Apache Arrow table built in chunks:
the measured speeds of LadybugDB put COPY two orders of magnitude ahead of ``MERGE`` and several
times ahead of ``UNWIND $rows … CREATE`` (see the README), and unlike CSV, Arrow carries lists,
newlines and quotes in text without loss.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import ladybug
import pyarrow as pa

from graphkit.core.errors import StoreError
from graphkit.core.models import AnyRecord
from graphkit.resolve.base import MergeDecision
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.store.projection import CoauthorProjection
from graphkit.store.records import record_log_path, write_record_log
from graphkit.store.rows import node_rows, rel_rows
from graphkit.store.schema import SCHEMA, NodeType, Property, RelType, Schema

__all__ = ["DEFAULT_BATCH_SIZE", "EmbeddedStore"]

DEFAULT_BATCH_SIZE = 20_000
COPY_CHUNK_BYTES = 64 * 1024 * 1024
"""The most Arrow data one COPY carries; bigger tables are copied in several chunks of about this size."""
DEFAULT_BUFFER_POOL_MIB = 1024

_ARROW_TYPES = {
    "STRING": pa.string(),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "STRING[]": pa.list_(pa.string()),
}

_INTERNAL = Schema(
    nodes=(
        NodeType(
            "GraphkitDecision",
            "id",
            (
                Property("entity", "STRING"),
                Property("outcome", "STRING"),
                Property("labels", "STRING[]"),
                Property("rule", "STRING"),
                Property("evidence", "STRING"),
                Property("canonical_id", "STRING"),
            ),
        ),
    ),
    rels=(),
)
Progress = Callable[[str, int], None]


class EmbeddedStore:
    """A LadybugDB database file holding one graphkit graph.

    Parameters
    ----------
    path : str or Path
        The database file (created if missing).
    read_only : bool
        Open without write access (several readers may share a file).
    buffer_pool_mib : int
        Memory LadybugDB may use for its page cache; the rest of the data stays on disk.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
    ...     store.counts()["Paper"]
    0
    """

    def __init__(
        self, path: str | Path, *, read_only: bool = False, buffer_pool_mib: int = DEFAULT_BUFFER_POOL_MIB
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.buffer_pool_mib = buffer_pool_mib
        self._db: Any = None
        self._conn: Any = None
        self._projection: CoauthorProjection | None = None

    # -- lifecycle ---------------------------------------------------------------------------------

    def open(self) -> EmbeddedStore:
        """Open (and on first use create) the database and its tables."""
        if self.read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no graph database here — build one first with `graphkit build SOURCE…`")
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; --db takes a database file path such as graph.lbdb")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = ladybug.Database(
                str(self.path), read_only=self.read_only, buffer_pool_size=self.buffer_pool_mib * 1024 * 1024
            )
            self._conn = ladybug.Connection(self._db)
        except (RuntimeError, OSError) as e:
            raise StoreError(
                f"{self.path}: cannot open the graph database ({e}); is another graphkit process using it?"
            ) from e
        if not self.read_only:
            for statement in [*SCHEMA.ladybug_ddl(), *_INTERNAL.ladybug_ddl()]:
                self.execute(statement)
        return self

    def close(self) -> None:
        """Close the connection and the database."""
        if self._conn is not None:
            self._conn.close()
            self._db.close()
        self._conn = self._db = None
        self._projection = None

    def __enter__(self) -> EmbeddedStore:
        return self.open()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- queries -----------------------------------------------------------------------------------

    def coauthor_projection(self) -> CoauthorProjection:
        """The coauthor graph in memory for path searches, loaded on first use and kept while the store is open.

        A writable store reloads it after every statement it runs, so it never answers from stale data.
        """
        if self._conn is None:
            raise StoreError("the store is not open; use `with EmbeddedStore(path) as store:`")
        if self._projection is None:
            self._projection = CoauthorProjection.from_ladybug(self._conn)
        return self._projection

    def execute(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one Cypher statement with parameters and return its rows as dictionaries.

        Raises
        ------
        StoreError
            If LadybugDB rejects the statement.
        """
        if self._conn is None:
            raise StoreError("the store is not open; use `with EmbeddedStore(path) as store:`")
        if not self.read_only:
            self._projection = None
        try:
            result = self._conn.execute(query, parameters or {})
        except RuntimeError as e:
            raise StoreError(f"LadybugDB rejected a statement: {e}\n  statement: {query.strip()[:300]}") from e
        columns = result.get_column_names()
        rows = [dict(zip(columns, row, strict=True)) for row in result.get_all()]
        result.close()
        return rows

    def counts(self) -> dict[str, int]:
        """Node and relationship counts by label and type."""
        counts = {}
        for node in SCHEMA.nodes:
            counts[node.label] = self.execute(f"MATCH (n:{node.label}) RETURN count(n) AS n")[0]["n"]
        for rel in SCHEMA.rels:
            counts[rel.type] = self.execute(f"MATCH ()-[r:{rel.type}]->() RETURN count(r) AS n")[0]["n"]
        return counts

    # -- writing -----------------------------------------------------------------------------------

    def write(
        self, graph: KnowledgeGraph, *, batch_size: int = DEFAULT_BATCH_SIZE, progress: Progress | None = None
    ) -> dict[str, int]:
        """Write the decisions and the graph into this (empty) store; return the counts written."""
        decision_rows = (
            {"id": f"{index:08d}", **decision.model_dump()} for index, decision in enumerate(graph.decisions)
        )
        self.copy_rows(_INTERNAL.node("GraphkitDecision"), decision_rows, batch_size, progress)
        written = {}
        for node in SCHEMA.nodes:
            written[node.label] = self.copy_rows(node, node_rows(graph, node.label), batch_size, progress)
        for rel in SCHEMA.rels:
            written[rel.type] = self.copy_rows(rel, rel_rows(graph, rel.type), batch_size, progress)
        return written

    def decisions(self) -> list[MergeDecision]:
        """The resolution decisions of the last build."""
        rows = self.execute(
            "MATCH (d:GraphkitDecision) RETURN d.entity AS entity, d.outcome AS outcome, d.labels AS labels, "
            "d.rule AS rule, d.evidence AS evidence, d.canonical_id AS canonical_id ORDER BY d.id"
        )
        return [MergeDecision.model_validate(row) for row in rows]

    def _copy_chunk(self, name: str, chunk: pa.Table) -> None:
        """COPY one Arrow table through a connection of its own.

        LadybugDB 0.22 keeps every Arrow table a connection has scanned alive until that
        connection closes (measured: memory grows by the size of each chunk); a short-lived
        connection per chunk releases it at once.
        """
        connection = ladybug.Connection(self._db)
        try:
            connection.execute(f"COPY {name} FROM $chunk", {"chunk": chunk})
        except RuntimeError as e:
            raise StoreError(f"LadybugDB rejected COPY into {name}: {e}") from e
        finally:
            connection.close()

    def copy_rows(
        self,
        table: NodeType | RelType,
        rows: Iterable[dict[str, Any]],
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> int:
        """COPY rows into a node or relationship table, one Arrow chunk of ``batch_size`` rows at a time.

        This is the bulk path every build takes; relationship rows carry their endpoint keys as ``src`` and ``dst``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from graphkit.store.schema import SCHEMA
        >>> with EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
        ...     store.copy_rows(SCHEMA.node("Category"), [{"code": "cs.LG", "name": None, "archive": None,
        ...                                                 "group_name": None}])
        1
        """
        if isinstance(table, NodeType):
            name, columns = table.label, [(p.name, p.name, p.type) for p in table.all_properties]
        else:
            # Relationship COPY takes the endpoint keys as its first two columns.
            endpoints = [("from", "src", "STRING"), ("to", "dst", "STRING")]
            name, columns = table.type, endpoints + [(p.name, p.name, p.type) for p in table.properties]
        schema = pa.schema([(column, _ARROW_TYPES[type_]) for column, _, type_ in columns])
        total, pending, pending_bytes = 0, [], 0
        for batch in _batches(rows, batch_size):
            arrays = [
                pa.array([row[key] for row in batch], type=schema.field(i).type)
                for i, (_, key, _) in enumerate(columns)
            ]
            pending.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
            pending_bytes += pending[-1].nbytes
            # Each COPY into a table that already holds rows costs time in proportion to what it holds
            # (measured: 1M authorships took 58 s in 10k-row COPYs, 2.8 s in one), so Python rows are
            # converted in small batches but copied in as few COPYs as the memory bound allows.
            if pending_bytes >= COPY_CHUNK_BYTES:
                self._copy_chunk(name, pa.Table.from_batches(pending, schema=schema).combine_chunks())
                pending, pending_bytes = [], 0
            total += len(batch)
            if progress is not None:
                progress(name, len(batch))
        if pending:
            # One contiguous table scans faster in COPY than many small record batches (measured 7%).
            self._copy_chunk(name, pa.Table.from_batches(pending, schema=schema).combine_chunks())
        return total


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def replace_store(
    path: str | Path,
    graph: KnowledgeGraph,
    records: Iterable[tuple[str, AnyRecord]],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    buffer_pool_mib: int = DEFAULT_BUFFER_POOL_MIB,
) -> dict[str, int]:
    """Write a new record log and a whole new store beside ``path``, then move both into place.

    Both are written under ``….building`` names and renamed only once complete and closed, so an
    interrupted build leaves the previous graph untouched and the next build starts afresh. The
    log is moved first: the database is derived from it, so a crash between the two renames is
    mended by the next build. Writing a fresh file also lets every COPY commit on its own, which
    keeps memory bounded where one transaction over the whole graph would hold it all.
    """
    path = Path(path)
    log = record_log_path(path)
    building, log_building = path.with_name(path.name + ".building"), log.with_name(log.name + ".building")
    _remove_database_files(building)
    write_record_log(log_building, records)
    with EmbeddedStore(building, buffer_pool_mib=buffer_pool_mib) as store:
        written = store.write(graph, batch_size=batch_size, progress=progress)
    log_building.replace(log)
    _remove_database_files(path)
    building.replace(path)
    return written


def _remove_database_files(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".shadow")):
        leftover.unlink(missing_ok=True)
