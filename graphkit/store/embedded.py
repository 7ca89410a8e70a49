"""The embedded default store: a LadybugDB database in one file, no server.

Besides the graph (see :mod:`graphkit.store.schema`) the database keeps the resolution decisions
(``GraphkitDecision``) and its build state (``GraphkitState``: the staged source files it was built from,
:mod:`graphkit.store.state`). A build re-resolves all records and writes a new database file
that replaces the old one when complete (:func:`replace_store`): building twice from the same
inputs leaves the same graph, adding a source merges it with what is there, and an interrupted
build leaves the previous graph intact.

Every table is written with ``COPY … FROM $table`` from an Apache Arrow table built in chunks:
the measured speeds of LadybugDB put COPY two orders of magnitude ahead of ``MERGE`` and several
times ahead of ``UNWIND $rows … CREATE`` (see the README), and unlike CSV, Arrow carries lists,
newlines and quotes in text without loss.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import ladybug
import pyarrow as pa

from graphkit.core.errors import StoreError
from graphkit.resolve.base import MergeDecision
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.resolve.tables import GraphTables
from graphkit.stage.area import StagedSource
from graphkit.store.base import Capability
from graphkit.store.delta import write_delta
from graphkit.store.loader import graph_counts, load_graph, load_tables
from graphkit.store.metrics import IncompleteTableError, MetricTables, complete_labels, run_metric_statements
from graphkit.store.projection import CoauthorProjection
from graphkit.store.rows import ARROW_TYPES, node_batches, node_rows, rel_batches, rel_rows
from graphkit.store.schema import (
    BURST_METRICS,
    METRIC_RELS,
    OWNED_METRICS,
    SCHEMA,
    NodeType,
    Property,
    RelType,
    Schema,
)
from graphkit.store.snapshots import SnapshotTables, clear_snapshots_statements, run_snapshot_statements
from graphkit.store.state import BuildState, building_path, clean_leftovers, database_files, new_generation

__all__ = ["DEFAULT_BATCH_SIZE", "EmbeddedStore", "default_buffer_pool_mib", "replace_store", "settle", "update_store"]

DEFAULT_BATCH_SIZE = 20_000
COPY_CHUNK_BYTES = 64 * 1024 * 1024
"""The most Arrow data one COPY carries; bigger tables are copied in several chunks of about this size."""
MIN_BUFFER_POOL_MIB = 1024
"""Below about this, LadybugDB's post-commit checkpoint fails (measured: 256 MiB failed)."""
MAX_DEFAULT_BUFFER_POOL_MIB = 16 * 1024


_DELETABLE = frozenset({"Paper", "Author", "Institution", "Keyword"})
"""Labels an incremental build replaces node by node."""


def default_buffer_pool_mib() -> int:
    """The page cache LadybugDB may use unless told otherwise: a quarter of this machine's memory,
    at least 1 GiB and at most 16 GiB.

    LadybugDB reserves the pool lazily, so a small store uses little of it; a fixed 1 GiB made a
    400k-paper build fail with "buffer pool is full". ``GRAPHKIT_BUFFER_POOL_MIB`` or
    ``--buffer-pool-mib`` override it.

    Examples
    --------
    >>> MIN_BUFFER_POOL_MIB <= default_buffer_pool_mib() <= MAX_DEFAULT_BUFFER_POOL_MIB
    True
    """
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):  # pragma: no cover - platforms without these sysconf names
        return MIN_BUFFER_POOL_MIB * 4
    return max(MIN_BUFFER_POOL_MIB, min(MAX_DEFAULT_BUFFER_POOL_MIB, physical // 4))


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
                Property("confidence", "DOUBLE"),
            ),
        ),
        # One row (key "build"): the BuildState as JSON, naming the staged source files this database was built from.
        NodeType("GraphkitState", "key", (Property("state", "STRING"),)),
    ),
    rels=(),
)
Progress = Callable[[str, int], None]
_REL_TYPES = frozenset(rel.type for rel in SCHEMA.rels)


def _older_store_hint(error: str, read_only: bool) -> str:
    """What to do when a statement names a table or column of the schema a store written before it lacks.

    Examples
    --------
    >>> _older_store_hint("Binder exception: Table Snapshot does not exist.", True)[:40]
    ' — the store predates this graphkit (no '
    """
    missing = re.search(r"Table (\w+) does not exist|Cannot find property (\w+)", error)
    if not read_only or missing is None:
        return ""
    name = missing.group(1) or missing.group(2)
    known = {n.label for n in SCHEMA.nodes} | {p.name for n in SCHEMA.nodes for p in n.properties}
    if name not in known:
        return ""
    return (
        f" — the store predates this graphkit (no {name}): run `graphkit analyze` on it once, which adds the newer "
        "tables and columns, or build it again"
    )


class EmbeddedStore:
    """A LadybugDB database file holding one graphkit graph.

    Parameters
    ----------
    path : str or Path
        The database file (created if missing).
    read_only : bool
        Open without write access (several readers may share a file).
    buffer_pool_mib : int, optional
        Memory LadybugDB may use for its page cache; the rest of the data stays on disk
        (default: :func:`default_buffer_pool_mib`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
    ...     store.counts()["Paper"]
    0
    """

    #: What this store offers beyond the :class:`~graphkit.store.base.GraphStore` interface.
    capabilities = frozenset({Capability.BULK_COPY, Capability.BUILD_STATE})

    def __init__(self, path: str | Path, *, read_only: bool = False, buffer_pool_mib: int | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.buffer_pool_mib = buffer_pool_mib or default_buffer_pool_mib()
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
            # Stores built before decisions carried a confidence gain the column (empty for their decisions).
            self.execute("ALTER TABLE GraphkitDecision ADD IF NOT EXISTS confidence DOUBLE")
            # Stores analysed before bursts were found gain their columns (empty until `analyze`).
            for label in OWNED_METRICS:
                for burst in SCHEMA.node(label).properties:
                    if burst.name in BURST_METRICS:
                        self.execute(f"ALTER TABLE {label} ADD IF NOT EXISTS {burst.name} {burst.type}")
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

    def arrow(self, query: str, parameters: dict[str, Any] | None = None) -> pa.Table:
        """Run one Cypher statement and return its rows as an Arrow table (for bulk reads)."""
        if self._conn is None:
            raise StoreError("the store is not open; use `with EmbeddedStore(path) as store:`")
        try:
            result = self._conn.execute(query, parameters or {})
        except RuntimeError as e:
            raise StoreError(
                f"LadybugDB rejected a statement: {e}{_older_store_hint(str(e), self.read_only)}\n"
                f"  statement: {query.strip()[:300]}"
            ) from e
        try:
            return result.get_as_arrow()
        finally:
            result.close()

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
            raise StoreError(
                f"LadybugDB rejected a statement: {e}{_older_store_hint(str(e), self.read_only)}\n"
                f"  statement: {query.strip()[:300]}"
            ) from e
        columns = result.get_column_names()
        rows = [dict(zip(columns, row, strict=True)) for row in result.get_all()]
        result.close()
        return rows

    def counts(self) -> dict[str, int]:
        """Node and relationship counts by label and type."""
        return graph_counts(self)

    # -- writing -----------------------------------------------------------------------------------

    def write(
        self,
        graph: KnowledgeGraph | GraphTables,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> dict[str, int]:
        """Write a graph with its decisions; return the rows written per label and type.

        Into an empty store, every table is copied in whole (``COPY``): a
        :class:`~graphkit.resolve.tables.GraphTables` (what a build produces) as it streams, an in-memory
        :class:`~graphkit.resolve.graph.KnowledgeGraph` converted row by row (with its analysis results, where
        it has any). Into a store that holds a graph already, the graph is a delta: nodes merge on their keys
        and relationships on their endpoints (``MERGE``), so writing it again changes nothing.
        """
        counts = self.counts()
        self._add_decisions(graph.decisions, batch_size, progress)
        if any(counts.values()):
            return self._merge(graph, batch_size, progress)
        if isinstance(graph, GraphTables):
            return self._write_tables(graph, progress)
        written = {}
        for node in SCHEMA.nodes:
            written[node.label] = self.copy_rows(node, node_rows(graph, node.label), batch_size, progress)
        for rel in SCHEMA.rels:
            written[rel.type] = self.copy_rows(rel, rel_rows(graph, rel.type), batch_size, progress)
        return written

    def _merge(self, graph: KnowledgeGraph | GraphTables, batch_size: int, progress: Progress | None) -> dict[str, int]:
        if isinstance(graph, KnowledgeGraph):
            summary = load_graph(self, graph, batch_size=batch_size, progress=progress)
        else:
            summary = load_tables(self, graph, batch_size=batch_size, progress=progress)
        return {**{n.label: 0 for n in SCHEMA.nodes}, **{r.type: 0 for r in SCHEMA.rels}, **summary.rows}

    def apply_delta(
        self,
        delta: GraphTables,
        deleted: dict[str, list[str]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> dict[str, int]:
        """Replace nodes by an incremental build's delta; return the rows written per label and type.

        ``deleted`` names (per label) the nodes the delta replaces; only what differs between them (with their
        edges) and the delta is written (:mod:`graphkit.store.delta`). The decisions are replaced by the
        delta's (the whole new list); categories no paper is in any more go; and every analysis result is
        cleared, as a full build leaves none (``analyze`` again).
        """
        # Stub papers, institutions and keywords the delta changes replace their stored rows too.
        deleted = {
            label: sorted(set(deleted.get(label, [])) | set(delta.replaced.get(label, [])))
            for label in set(deleted) | set(delta.replaced)
        }
        for label in deleted:
            if label not in _DELETABLE:
                raise ValueError(f"an incremental build does not replace {label} nodes")
        self.execute("MATCH (d:GraphkitDecision) DELETE d")
        self._add_decisions(delta.decisions, batch_size, progress)
        written = write_delta(self, delta, deleted, batch_size=batch_size, progress=progress)
        self.execute(
            "MATCH (c:Category) OPTIONAL MATCH (p:Paper)-[:IN_CATEGORY]->(c) WITH c, count(p) AS papers "
            "WHERE papers = 0 DELETE c"
        )
        if self._has_metrics():
            run_metric_statements(self.execute, MetricTables.cleared())
            for statement in clear_snapshots_statements():
                self.execute(statement)
        return written

    def _add_decisions(self, decisions: list[MergeDecision], batch_size: int, progress: Progress | None) -> None:
        """Append ``decisions`` to the stored ones, numbered after them (their ids keep their order)."""
        start = self.execute("MATCH (d:GraphkitDecision) RETURN count(d) AS n")[0]["n"]
        rows = ({"id": f"{start + index:08d}", **decision.model_dump()} for index, decision in enumerate(decisions))
        self.copy_rows(_INTERNAL.node("GraphkitDecision"), rows, batch_size, progress)

    def _has_metrics(self) -> bool:
        """Whether any analysis result is stored (``analyze`` writes every metric of every node it covers)."""
        checks = [
            *(f"MATCH (n:{label}) WHERE n.{name} IS NOT NULL RETURN 1 AS found LIMIT 1"
              for label, names in OWNED_METRICS.items() for name in names[:1] + BURST_METRICS[:1]),
            *(f"MATCH (:Paper)-[r:{rel}]->(:Paper) RETURN r.weight AS found LIMIT 1" for rel in METRIC_RELS),
            "MATCH (s:Snapshot) RETURN 1 AS found LIMIT 1",
        ]  # fmt: skip
        return any(self.execute(check) for check in checks)

    def write_metrics(self, tables: MetricTables, *, progress: Progress | None = None) -> dict[str, int]:
        """Replace the analysis-owned columns and edges ``tables`` names (nothing else changes).

        The node columns are written in one transaction (each table read whole by ``LOAD FROM``), and each
        similarity relationship type in one of its own: a single transaction holding a 2.8M-paper store's metric
        columns and 56M similarity edges crashed LadybugDB 0.22 (a segfault, measured once). Returns the rows
        written per label and type.
        """
        written: dict[str, int] = {}
        parts = [MetricTables(authors=tables.authors, papers=tables.papers, categories=tables.categories)]
        parts += [MetricTables(relationships={name: edges}) for name, edges in tables.relationships.items()]
        counts = {
            label: self.execute(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"]
            for label in ("Author", "Paper", "Category")
        }
        for part in parts:
            # A table with a row for every node needs no clearing pass first (at 1M papers the pass took 2 s a
            # column); should some of its rows match no node, the part is written again, cleared first.
            complete = complete_labels(part, counts)
            with self._transaction():
                try:
                    done = run_metric_statements(self.execute, part, progress, bulk=True, complete=complete)
                except IncompleteTableError:
                    done = run_metric_statements(self.execute, part, progress, bulk=True)
            written.update(done)
        return written

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """``BEGIN TRANSACTION`` … ``COMMIT``, rolled back if the block raises."""
        self.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            with contextlib.suppress(StoreError):  # a statement that fails has already ended the transaction
                self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    def write_snapshot(self, snapshot: SnapshotTables, *, progress: Progress | None = None) -> dict[str, int]:
        """Replace the snapshot of ``snapshot.as_of`` (its nodes and their links) in one transaction.

        Nothing else changes: other days' snapshots, the current metric columns, every other node and edge.
        Returns the rows written per label and type.
        """
        with self._transaction():
            return run_snapshot_statements(self.execute, snapshot, progress, bulk=True)

    def _write_tables(self, tables: GraphTables, progress: Progress | None) -> dict[str, int]:
        written = {}
        for node in SCHEMA.nodes:
            written[node.label] = self.copy_batches(node.label, node_batches(tables, node.label), progress)
        for rel in SCHEMA.rels:
            written[rel.type] = self.copy_batches(rel.type, rel_batches(tables, rel.type), progress)
        return written

    def copy_batches(self, name: str, batches: Iterable[pa.RecordBatch], progress: Progress | None = None) -> int:
        """COPY Arrow batches, in the store's column order, into node or relationship table ``name``.

        Batches are gathered into as few COPYs of about :data:`COPY_CHUNK_BYTES` as it takes (each COPY into a
        table that already holds rows costs time in proportion to what it holds), and never more than that is
        held at once. A node table larger than one chunk is written to a Parquet file beside the database and
        copied from it in one COPY: LadybugDB 0.22 fills a node table from several COPYs so that a later
        relationship COPY fails to find some of its keys ("Unable to find primary key value", measured on a
        1M-paper build in 3 of 3 runs, never with one COPY).
        """
        total, pending, pending_bytes = 0, [], 0
        spill: _ParquetSpill | None = None
        for batch in batches:
            total += batch.num_rows
            if spill is not None:
                spill.write(batch)
            else:
                pending.append(batch)
                pending_bytes += batch.nbytes
                if pending_bytes >= COPY_CHUNK_BYTES:
                    if name in _REL_TYPES:
                        self._copy_chunk(name, pa.Table.from_batches(pending).combine_chunks())
                    else:
                        spill = _ParquetSpill(self.path, name, batch.schema)
                        for held in pending:
                            spill.write(held)
                    pending, pending_bytes = [], 0
            if progress is not None:
                progress(name, batch.num_rows)
        if spill is not None:
            with spill:
                self._copy_file(name, spill.close())
        elif pending:
            self._copy_chunk(name, pa.Table.from_batches(pending).combine_chunks())
        return total

    def _copy_file(self, name: str, path: Path) -> None:
        """COPY a Parquet file we wrote into table ``name``.

        LadybugDB takes a file only as a literal in the statement (a parameter must be a data frame or an Arrow
        table), so the path is one graphkit chose itself and checked to hold nothing but safe characters.
        """
        connection = ladybug.Connection(self._db)
        try:
            connection.execute(f"COPY {name} FROM '{_literal_path(path)}'")
        except RuntimeError as e:
            raise StoreError(f"LadybugDB rejected COPY into {name}: {e}") from e
        finally:
            connection.close()

    def write_state(self, state: BuildState) -> None:
        """Record what this database was built from (replacing any earlier record)."""
        self.execute("MATCH (s:GraphkitState) DELETE s")
        self.execute("CREATE (:GraphkitState {key: 'build', state: $state})", {"state": state.model_dump_json()})

    def build_state(self) -> BuildState | None:
        """What this database was built from, or ``None`` where it holds no such record.

        A database written by an older graphkit, or by loading rows into it directly, has none.
        """
        try:
            rows = self.execute("MATCH (s:GraphkitState) RETURN s.state AS state")
        except StoreError:
            return None  # no GraphkitState table: not written by a build of this graphkit
        return BuildState.model_validate_json(rows[0]["state"]) if rows else None

    def decisions(self) -> list[MergeDecision]:
        """The resolution decisions of the last build."""
        columns = (
            "d.entity AS entity, d.outcome AS outcome, d.labels AS labels, d.rule AS rule, d.evidence AS evidence, "
            "d.canonical_id AS canonical_id"
        )
        try:
            rows = self.execute(
                f"MATCH (d:GraphkitDecision) RETURN {columns}, d.confidence AS confidence ORDER BY d.id"
            )
        except StoreError:  # a store built before decisions carried a confidence, opened read-only
            rows = self.execute(f"MATCH (d:GraphkitDecision) RETURN {columns} ORDER BY d.id")
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
        ...     store.copy_rows(SCHEMA.node("Institution"), [{"id": "ror:1", "name": "MIT", "ror": None,
        ...                                                    "country": "US", "aliases": []}])
        1
        """
        if isinstance(table, NodeType):
            name, columns = table.label, [(p.name, p.name, p.type) for p in table.all_properties]
        else:
            # Relationship COPY takes the endpoint keys as its first two columns.
            endpoints = [("from", "src", "STRING"), ("to", "dst", "STRING")]
            name, columns = table.type, endpoints + [(p.name, p.name, p.type) for p in table.properties]
        schema = pa.schema([(column, ARROW_TYPES[type_]) for column, _, type_ in columns])
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


def settle(path: str | Path, *, buffer_pool_mib: int | None = None) -> None:
    """Replay and checkpoint a write-ahead log that a crashed writer left beside ``path``.

    Committed transactions in the log belong to the database; a build that switches a new database
    into place must not leave the old log behind to be replayed onto it. Call it holding the writer lock.
    """
    path = Path(path)
    if path.is_file() and path.with_name(path.name + ".wal").exists():
        with EmbeddedStore(path, buffer_pool_mib=buffer_pool_mib):
            pass


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def replace_store(
    path: str | Path,
    graph: KnowledgeGraph | GraphTables,
    sources: list[StagedSource],
    *,
    coauthor_max_authors: int,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    buffer_pool_mib: int | None = None,
    state: BuildState | None = None,
) -> tuple[dict[str, int], BuildState]:
    """Write a whole new database naming the staged ``sources`` it was built from, and switch it into place.

    The database is written under a ``.building`` name with a :class:`~graphkit.store.state.BuildState`
    naming every staged source file; one ``os.replace`` then switches it in. The staged files must be
    complete before the call. An interruption at any point leaves the previous database and the staged
    files it names as they were (the next writer removes the leftovers), so there is no moment without a
    complete store. Writing a fresh file also lets every COPY commit on its own, which keeps memory bounded
    where one transaction over the whole graph would hold it all. Call it holding the writer lock
    (:class:`~graphkit.store.lock.WriterLock`).

    ``state`` is the build state to record (by default one naming ``sources``, with a fresh generation).
    Returns the counts written and the new build state.
    """
    path = Path(path)
    building = building_path(path)
    state = state or BuildState(
        generation=new_generation(),
        sources=sources,
        records=sum(source.records for source in sources),
        coauthor_max_authors=coauthor_max_authors,
        built_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    )

    def write() -> dict[str, int]:
        return _write_database(building, graph, state, batch_size, progress, buffer_pool_mib)

    written = _switch(path, building, write)
    clean_leftovers(path, state)
    return written, state


def update_store(
    path: str | Path,
    delta: GraphTables,
    deleted: dict[str, list[str]],
    state: BuildState,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    buffer_pool_mib: int | None = None,
) -> tuple[dict[str, int], BuildState]:
    """Apply an incremental build's delta to a copy of the database and switch the copy into place.

    ``deleted`` names, per label, the nodes the delta replaces; what differs between them (with their edges)
    and the delta is written (:meth:`EmbeddedStore.apply_delta`). The copy and the atomic
    switch keep the guarantees of :func:`replace_store`: an interruption leaves the previous database as it
    was. Call it holding the writer lock, after :func:`settle` (the database is then one file).

    Returns the node and relationship counts of the new database, and ``state``.
    """
    path = Path(path)
    building = building_path(path)

    def write() -> dict[str, int]:
        _remove_database_files(building)
        shutil.copyfile(path, building)
        with EmbeddedStore(building, buffer_pool_mib=buffer_pool_mib) as store:
            store.apply_delta(delta, deleted, batch_size=batch_size, progress=progress)
            store.write_state(state)
            return store.counts()

    counts = _switch(path, building, write)
    clean_leftovers(path, state)
    return counts, state


def _switch(path: Path, building: Path, write: Callable[[], dict[str, int]]) -> dict[str, int]:
    """Run ``write`` (which fills ``building``), then rename ``building`` over ``path``: the commit point."""
    try:
        written = write()
        _fsync(building)
        building.replace(path)
        _fsync(path.parent)
    except BaseException:
        _remove_database_files(building)
        raise
    return written


def _write_database(
    building: Path,
    graph: KnowledgeGraph | GraphTables,
    state: BuildState,
    batch_size: int,
    progress: Progress | None,
    buffer_pool_mib: int | None,
) -> dict[str, int]:
    """Write the graph into a fresh database file; with the default pool, retry once with a larger one if it fills."""
    pool = buffer_pool_mib or default_buffer_pool_mib()
    while True:
        _remove_database_files(building)
        try:
            with EmbeddedStore(building, buffer_pool_mib=pool) as store:
                written = store.write(graph, batch_size=batch_size, progress=progress)
                store.write_state(state)
            return written
        except StoreError as e:
            larger = min(pool * 2, max(pool, default_buffer_pool_mib() * 2))
            if "buffer pool" not in str(e).lower() or buffer_pool_mib is not None or larger == pool:
                raise StoreError(
                    f"{e}\n  LadybugDB's page cache ({pool:,} MiB) was too small for this graph: set "
                    "GRAPHKIT_BUFFER_POOL_MIB or --buffer-pool-mib higher"
                    if "buffer pool" in str(e).lower()
                    else str(e)
                ) from e
            pool = larger


def _remove_database_files(path: Path) -> None:
    for leftover in database_files(path):
        leftover.unlink(missing_ok=True)


_SAFE_PATH_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+")


def _literal_path(path: Path) -> str:
    text = str(path.resolve())
    if not set(text) <= _SAFE_PATH_CHARACTERS:
        raise StoreError(
            f"{text}: graphkit writes its temporary COPY files only under paths of letters, digits and ./_-+"
        )
    return text


class _ParquetSpill:
    """A node table written to a temporary Parquet file, for one COPY; removed however the COPY ends."""

    def __init__(self, database: Path, name: str, schema: pa.Schema) -> None:
        import tempfile

        import pyarrow.parquet as pq

        # Beside the database (its disk has room for the graph) unless that path needs quoting.
        folder = database.parent.resolve()
        if not set(str(folder)) <= _SAFE_PATH_CHARACTERS:
            folder = Path(tempfile.gettempdir())
        self.path = Path(tempfile.mkdtemp(prefix="graphkit-copy-", dir=folder)) / f"{name}.parquet"
        self._writer = pq.ParquetWriter(self.path, schema)

    def write(self, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch)

    def close(self) -> Path:
        self._writer.close()
        return self.path

    def __enter__(self) -> _ParquetSpill:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._writer.close()
        self.path.unlink(missing_ok=True)
        self.path.parent.rmdir()
