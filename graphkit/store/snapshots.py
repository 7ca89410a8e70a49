"""Metrics as they stood on a day, kept beside the current ones: the tables and the statements that write them.

``graphkit analyze --as-of DAY`` computes the graph's metrics as it stood on ``DAY`` and keeps them as a
snapshot instead of overwriting the current columns: one ``Snapshot`` node for the day (its graph-level figures:
authors, papers, communities, modularity, how betweenness was computed), an ``AuthorSnapshot`` per author who
had published by then and a ``PaperSnapshot`` per paper (when paper metrics were computed), each keyed
``"<id>@<day>"`` and linked from its author or paper (``AUTHOR_SNAPSHOT`` / ``PAPER_SNAPSHOT``). Writing the
snapshot of a day replaces that day's snapshot whole and touches nothing else: other days, the current metric
columns and every other node and edge stay as they were. A timeline is then one Cypher query::

    MATCH (a:Author {id: $author_id})-[:AUTHOR_SNAPSHOT]->(s:AuthorSnapshot)
    RETURN s.as_of, s.h_index, s.pagerank ORDER BY s.as_of

Labels, property names and relationship types come from the schema's fixed lists; values travel as parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from graphkit.store.rows import ARROW_TYPES
from graphkit.store.schema import SCHEMA, SNAPSHOT_OF

__all__ = [
    "SNAPSHOT_LABELS",
    "SnapshotTables",
    "clear_snapshots_statements",
    "run_snapshot_statements",
    "snapshot_id",
    "snapshot_statements",
]

SNAPSHOT_LABELS = ("Snapshot", *(label for label, _, _ in SNAPSHOT_OF.values()))
"""The node labels that hold snapshots (the relationship types to them go with them)."""
BATCH_ROWS = 20_000

Statement = tuple[str, dict[str, Any], str, int]
"""A statement, its parameters, what it writes (a label or type) and how many rows it writes."""


def snapshot_id(key: str, day: dt.date) -> str:
    """The key of a node's snapshot on ``day``.

    Examples
    --------
    >>> snapshot_id("author:abc", dt.date(2001, 12, 31))
    'author:abc@2001-12-31'
    """
    return f"{key}@{day.isoformat()}"


@dataclass
class SnapshotTables:
    """One day's snapshot: the graph-level ``summary`` and per label (``Author``, ``Paper``) a table of ``id`` and
    the metrics computed (any of :data:`~graphkit.store.schema.SNAPSHOT_OF`'s for the label).

    Examples
    --------
    >>> tables = SnapshotTables(dt.date(2001, 12, 31), {"authors": 1},
    ...                         {"Author": pa.table({"id": ["a"], "h_index": [3]})})
    >>> row = tables.rows("Author").to_pylist()[0]
    >>> row["id"], row["author"], row["year"], row["h_index"], row["pagerank"]
    ('a@2001-12-31', 'a', 2001, 3, None)
    """

    as_of: dt.date
    summary: dict[str, Any]
    tables: dict[str, pa.Table] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = {p.name for p in SCHEMA.node("Snapshot").properties}
        unknown = sorted(set(self.summary) - known)
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not Snapshot properties ({', '.join(sorted(known))})")
        for label, table in self.tables.items():
            if label not in SNAPSHOT_OF:
                raise ValueError(f"{label}: no snapshots of this label (only {', '.join(SNAPSHOT_OF)})")
            names = table.column_names
            if not names or names[0] != "id":
                raise ValueError(f"the {label} snapshot table's first column must be 'id', not {names[:1]}")
            allowed = SNAPSHOT_OF[label][2]
            unknown = [name for name in names[1:] if name not in allowed]
            if unknown:
                raise ValueError(f"{', '.join(unknown)}: not {label} snapshot metrics ({', '.join(allowed)})")

    def rows(self, label: str) -> pa.Table:
        """The snapshot nodes of ``label`` as stored (every column of the schema, in its order; the metrics not
        computed empty): key, the node's id, the day, its year, then the metrics."""
        table = self.tables[label]
        subject = table.column("id").combine_chunks().cast(pa.string())
        day = self.as_of.isoformat()
        columns = {
            "id": pc.binary_join_element_wise(subject, pa.scalar(day), "@"),
            label.lower(): subject,
            "as_of": pa.array([self.as_of] * table.num_rows, pa.date32()),
            "year": pa.array([self.as_of.year] * table.num_rows, pa.int64()),
        }
        for prop in SCHEMA.node(SNAPSHOT_OF[label][0]).properties[3:]:
            kind = ARROW_TYPES[prop.type]
            present = prop.name in table.column_names
            columns[prop.name] = table.column(prop.name).cast(kind) if present else pa.nulls(table.num_rows, kind)
        return pa.table(columns)

    def summary_row(self) -> dict[str, Any]:
        """The ``Snapshot`` node's properties (key ``id``: the day in ISO form)."""
        return {"id": self.as_of.isoformat(), "as_of": self.as_of, "year": self.as_of.year, **self.summary}


def snapshot_statements(snapshot: SnapshotTables, *, bulk: bool = False) -> Iterator[Statement]:
    """The statements that replace the snapshot of ``snapshot.as_of`` with ``snapshot``, in order.

    ``bulk``: ``COPY`` from Arrow tables (LadybugDB); otherwise ``UNWIND $rows`` over batches (Neo4j, any runner).
    Other days' snapshots are left as they are.

    Examples
    --------
    >>> tables = SnapshotTables(dt.date(2001, 12, 31), {}, {"Author": pa.table({"id": ["a"], "h_index": [3]})})
    >>> [(target, rows) for _, _, target, rows in snapshot_statements(tables)][-3:]
    [('Snapshot', 1), ('AuthorSnapshot', 1), ('AUTHOR_SNAPSHOT', 1)]
    """
    day = {"day": snapshot.as_of}
    yield "MATCH (s:Snapshot) WHERE s.as_of = $day DELETE s", day, "Snapshot", 0
    for snapshot_label, _, _ in SNAPSHOT_OF.values():
        yield f"MATCH (s:{snapshot_label}) WHERE s.as_of = $day DETACH DELETE s", day, snapshot_label, 0
    summary = snapshot.summary_row()
    yield (
        "CREATE (s:Snapshot {" + ", ".join(f"{name}: $row.{name}" for name in summary) + "})",
        {"row": summary}, "Snapshot", 1,
    )  # fmt: skip
    for label in snapshot.tables:
        snapshot_label, rel_type, _ = SNAPSHOT_OF[label]
        rows = snapshot.rows(label)
        subject = rows.column_names[1]
        if bulk:
            yield f"COPY {snapshot_label} FROM $rows", {"rows": rows}, snapshot_label, rows.num_rows
            links = pa.table({"from": rows.column(subject), "to": rows.column("id")})
            yield f"COPY {rel_type} FROM $rows", {"rows": links}, rel_type, links.num_rows
            continue
        properties = ", ".join(f"{name}: row.{name}" for name in rows.column_names)
        create = f"UNWIND $rows AS row CREATE (s:{snapshot_label} {{{properties}}})"
        link = (
            f"UNWIND $rows AS row MATCH (n:{label} {{id: row.{subject}}}), (s:{snapshot_label} {{id: row.id}}) "
            f"CREATE (n)-[:{rel_type}]->(s)"
        )
        for batch in rows.to_batches(BATCH_ROWS):
            yield create, {"rows": batch.to_pylist()}, snapshot_label, batch.num_rows
        for batch in rows.select(["id", subject]).to_batches(BATCH_ROWS):
            yield link, {"rows": batch.to_pylist()}, rel_type, batch.num_rows


def clear_snapshots_statements() -> Iterator[str]:
    """The statements that delete every snapshot (what a build does: identities may have changed).

    Examples
    --------
    >>> list(clear_snapshots_statements())[0]
    'MATCH (s:Snapshot) DELETE s'
    """
    yield "MATCH (s:Snapshot) DELETE s"
    for snapshot_label, _, _ in SNAPSHOT_OF.values():
        yield f"MATCH (s:{snapshot_label}) DETACH DELETE s"


def run_snapshot_statements(
    run: Callable[[str, dict[str, Any]], object],
    snapshot: SnapshotTables,
    progress: Callable[[str, int], None] | None = None,
    *,
    bulk: bool = False,
) -> dict[str, int]:
    """Run :func:`snapshot_statements` through ``run(statement, parameters)``; return the rows written per target.

    The caller opens and closes the transaction.
    """
    written: dict[str, int] = {}
    for statement, parameters, target, rows in snapshot_statements(snapshot, bulk=bulk):
        run(statement, parameters)
        written[target] = written.get(target, 0) + rows
        if progress is not None and rows:
            progress(f"{target} rows", rows)
    return written
