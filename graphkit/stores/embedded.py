"""The embedded default store: a LadybugDB database in one file, no server.

Besides the graph (see :mod:`graphkit.stores.schema`) the database keeps the records every build
was made from (``GraphkitRecord``) and the resolution decisions (``GraphkitDecision``). A build
re-resolves all records and rewrites the graph tables inside one transaction: building twice from
the same inputs leaves the same graph, adding a source merges it with what is there, and an
interrupted build leaves the previous graph intact.

Write paths follow the measured speeds of LadybugDB (see the README): relationships, the bulk of
any graph, go in with ``COPY FROM`` a temporary CSV file; nodes, whose list and free-text
properties do not survive CSV quoting, with ``UNWIND $rows … CREATE`` in batches.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import ladybug
from pydantic import TypeAdapter

from graphkit.errors import StoreError
from graphkit.graph import KnowledgeGraph
from graphkit.models import AuthorProfileRecord, PaperRecord, Record
from graphkit.resolve.base import MergeDecision
from graphkit.stores.rows import node_rows, rel_rows
from graphkit.stores.schema import SCHEMA, NodeType, Property, Schema

__all__ = ["DEFAULT_BATCH_SIZE", "EmbeddedStore"]

DEFAULT_BATCH_SIZE = 10_000

_INTERNAL = Schema(
    nodes=(
        NodeType("GraphkitRecord", "id", (Property("source_key", "STRING"), Property("json", "STRING"))),
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
_RECORD_ADAPTER: TypeAdapter[PaperRecord | AuthorProfileRecord] = TypeAdapter(Record)
Progress = Callable[[str, int], None]


class EmbeddedStore:
    """A LadybugDB database file holding one graphkit graph.

    Parameters
    ----------
    path : str or Path
        The database file (created if missing).
    read_only : bool
        Open without write access (several readers may share a file).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
    ...     store.counts()["Paper"]
    0
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._db: Any = None
        self._conn: Any = None

    # -- lifecycle ---------------------------------------------------------------------------------

    def open(self) -> EmbeddedStore:
        """Open (and on first use create) the database and its tables."""
        if self.read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no graph database here — build one first with `graphkit build SOURCE…`")
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; --db takes a database file path such as graph.lbdb")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = ladybug.Database(str(self.path), read_only=self.read_only)
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

    def __enter__(self) -> EmbeddedStore:
        return self.open()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- queries -----------------------------------------------------------------------------------

    def execute(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one Cypher statement with parameters and return its rows as dictionaries.

        Raises
        ------
        StoreError
            If LadybugDB rejects the statement.
        """
        if self._conn is None:
            raise StoreError("the store is not open; use `with EmbeddedStore(path) as store:`")
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

    # -- records -----------------------------------------------------------------------------------

    def load_records(self) -> list[tuple[str, PaperRecord | AuthorProfileRecord]]:
        """Every stored record with its source key, in the order they were stored."""
        rows = self.execute("MATCH (r:GraphkitRecord) RETURN r.source_key AS source_key, r.json AS json ORDER BY r.id")
        return [(row["source_key"], _RECORD_ADAPTER.validate_json(row["json"])) for row in rows]

    # -- writing -----------------------------------------------------------------------------------

    def replace(
        self,
        graph: KnowledgeGraph,
        records: Sequence[tuple[str, PaperRecord | AuthorProfileRecord]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> dict[str, int]:
        """Replace the stored records and the whole graph in one transaction; return the counts written."""
        self.execute("BEGIN TRANSACTION")
        try:
            self._reset_tables()
            record_rows = (
                {"id": f"{index:012d}", "source_key": key, "json": record.model_dump_json(exclude_none=True)}
                for index, (key, record) in enumerate(records)
            )
            self._create_nodes("GraphkitRecord", record_rows, batch_size, progress)
            decision_rows = (
                {"id": f"{index:08d}", **decision.model_dump()} for index, decision in enumerate(graph.decisions)
            )
            self._create_nodes("GraphkitDecision", decision_rows, batch_size, progress)
            written = {}
            for node in SCHEMA.nodes:
                written[node.label] = self._create_nodes(node.label, node_rows(graph, node.label), batch_size, progress)
            with tempfile.TemporaryDirectory(prefix="graphkit-copy-") as folder:
                for rel in SCHEMA.rels:
                    written[rel.type] = self._copy_rels(rel.type, rel_rows(graph, rel.type), Path(folder), progress)
            self.execute("COMMIT")
        except BaseException:
            self.execute("ROLLBACK")
            raise
        return written

    def decisions(self) -> list[MergeDecision]:
        """The resolution decisions of the last build."""
        rows = self.execute(
            "MATCH (d:GraphkitDecision) RETURN d.entity AS entity, d.outcome AS outcome, d.labels AS labels, "
            "d.rule AS rule, d.evidence AS evidence, d.canonical_id AS canonical_id ORDER BY d.id"
        )
        return [MergeDecision.model_validate(row) for row in rows]

    def _reset_tables(self) -> None:
        # Dropping and recreating is far quicker than deleting every row, and leaves no stale nodes.
        for rel in SCHEMA.rels:
            self.execute(f"DROP TABLE IF EXISTS {rel.type}")
        for node in (*SCHEMA.nodes, *_INTERNAL.nodes):
            self.execute(f"DROP TABLE IF EXISTS {node.label}")
        for statement in [*SCHEMA.ladybug_ddl(), *_INTERNAL.ladybug_ddl()]:
            self.execute(statement)

    def _create_nodes(
        self, label: str, rows: Iterable[dict[str, Any]], batch_size: int, progress: Progress | None
    ) -> int:
        node = SCHEMA.node(label) if label in {n.label for n in SCHEMA.nodes} else _INTERNAL.node(label)
        assignments = ", ".join(f"{p.name}: row.{p.name}" for p in node.all_properties)
        statement = f"UNWIND $rows AS row CREATE (:{label} {{{assignments}}})"
        total = 0
        for batch in _batches(rows, batch_size):
            self.execute(statement, {"rows": batch})
            total += len(batch)
            if progress is not None:
                progress(label, len(batch))
        return total

    def _copy_rels(self, type_: str, rows: Iterable[dict[str, Any]], folder: Path, progress: Progress | None) -> int:
        rel = SCHEMA.rel(type_)
        columns = ["src", "dst", *(p.name for p in rel.properties)]
        path = folder / f"{type_}.csv"
        total = 0
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row[c] is None else _csv_value(row[c]) for c in columns])
                total += 1
        if total:
            # The path is a temporary file graphkit created; COPY takes no parameter for it.
            self.execute(f"COPY {type_} FROM '{path.as_posix()}' (HEADER=true)")
        if progress is not None:
            progress(type_, total)
        return total


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
