"""The mention frame: every staged table of every source, in one DuckDB session, numbered in record order.

Resolution works over the staged tables (:mod:`graphkit.stage.tables`) without a Python object per
record. A :class:`MentionFrame` opens one DuckDB connection and puts every source's six tables
behind six views of the same names (``papers``, ``authors``, ``affiliations``, ``references``,
``citations``, ``profiles``), each with two extra columns:

``src``   the source's position in the build (sources are read in the order they are given);
``row``   the row's position in its own table, so that rows of one record keep their order.

A frame over only some records (``keep``: what an incremental build re-resolves) also has ``all_papers`` …
``all_profiles`` over every record, for the links matched over the whole corpus (:mod:`graphkit.resolve.links`);
in other frames those are the same as the six views.

Sources are either staged folders (Parquet files, read in place by DuckDB, which spills to disk
rather than holding a large corpus in memory) or in-memory :class:`~graphkit.stage.tables.StagedTables`
(what :func:`~graphkit.resolve.assemble.assemble` stages its records into).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from graphkit.stage.tables import SCHEMAS, TABLES, StagedTables

__all__ = ["MentionFrame", "TableSource", "sql_path"]

TableSource = StagedTables | Path
"""One source's tables: in memory, or the folder of a staged file (``papers.parquet`` …)."""

BATCH_ROWS = 65_536
"""Rows per streamed record batch."""
DEFAULT_MEMORY_LIMIT_MIB = 2048
"""DuckDB's working memory: beyond it, joins and sorts spill to the temporary folder."""


class MentionFrame:
    """One DuckDB session over the staged tables of all ``sources`` (see the module notes).

    Parameters
    ----------
    sources : sequence of StagedTables or Path
        In build order.
    temp_directory : path, optional
        Where DuckDB spills (default: the system's temporary folder).
    memory_limit_mib : int
        DuckDB's working-memory limit (``GRAPHKIT_RESOLVE_MEMORY_MIB`` overrides the default).
    keep : pyarrow.Table, optional
        Only these records (columns ``src``, the source's position in ``sources``, and ``rec``), in every
        table: what an incremental build re-resolves. Sources keep their positions, so the records keep
        the order they have among all of them.

    Examples
    --------
    >>> from graphkit.core.models import AuthorRef, PaperRecord, Provenance
    >>> from graphkit.stage.tables import records_to_tables
    >>> record = PaperRecord(title="T", authors=[AuthorRef(name="Ann Lee")],
    ...                      provenance=Provenance(source="a", format="ranked-list"))
    >>> with MentionFrame([records_to_tables([record])]) as frame:
    ...     frame.rows("SELECT src, row, name FROM authors")
    [(0, 0, 'Ann Lee')]
    """

    def __init__(
        self,
        sources: Sequence[TableSource],
        *,
        temp_directory: str | Path | None = None,
        memory_limit_mib: int | None = None,
        keep: pa.Table | None = None,
    ) -> None:
        limit = memory_limit_mib or int(os.environ.get("GRAPHKIT_RESOLVE_MEMORY_MIB", DEFAULT_MEMORY_LIMIT_MIB))
        # A staged corpus is resolved in a database file of its own (removed on close), so that DuckDB can move
        # any table to disk under its memory limit; records given in memory (the Python API) stay in memory.
        self._folder = Path(tempfile.mkdtemp(prefix="graphkit-resolve-", dir=temp_directory))
        on_disk = any(isinstance(source, Path) for source in sources)
        self.connection = duckdb.connect(
            str(self._folder / "frame.duckdb") if on_disk else ":memory:",
            config={
                "memory_limit": f"{limit}MB",
                "temp_directory": str(self._folder),
                # Every read that needs an order says so; not keeping insertion order lets large joins and
                # aggregations spill.
                "preserve_insertion_order": False,
            },
        )
        # DuckDB's progress bar would be printed into the output of commands that print JSON.
        self.connection.execute("SET enable_progress_bar = false")
        self._registered: list[pa.Table] = []
        self._filtered = keep is not None
        if keep is not None:
            self.connection.register("_keep_records", keep)
            self.connection.execute(
                "CREATE TABLE keep_records AS "
                "SELECT DISTINCT src::INTEGER AS src, rec::BIGINT AS rec FROM _keep_records"
            )
            self.connection.unregister("_keep_records")
        if not sources:
            sources = [StagedTables(**{name: SCHEMAS[name].empty_table() for name in TABLES})]
        for name in TABLES:
            parts = [self._source_view(name, number, source) for number, source in enumerate(sources)]
            kept = [part + self._kept(number) for number, part in enumerate(parts)]
            self.connection.execute(f'CREATE TEMP VIEW "{name}" AS ' + " UNION ALL ".join(kept))
            self.connection.execute(f"CREATE TEMP VIEW all_{name} AS " + " UNION ALL ".join(parts))

    def _source_view(self, name: str, number: int, source: TableSource) -> str:
        view = f"_{name}_{number}"
        if isinstance(source, Path):
            relation = self.connection.read_parquet(str(source / f"{name}.parquet"), file_row_number=True)
            relation.create_view(view)
            return f"SELECT {number}::INTEGER AS src, file_row_number AS row, * EXCLUDE (file_row_number) FROM {view}"
        table = source.table(name)
        table = table.append_column("row", pa.array(range(table.num_rows), pa.int64()))
        self._registered.append(table)
        self.connection.register(view, table)
        return f"SELECT {number}::INTEGER AS src, row, * EXCLUDE (row) FROM {view}"

    def _kept(self, number: int) -> str:
        if not self._filtered:
            return ""
        return f" WHERE rec IN (SELECT rec FROM keep_records WHERE src = {int(number)})"

    def sql(self, query: str, parameters: object = None) -> None:
        """Run a statement (values as ``parameters``) that returns nothing to fetch."""
        self.connection.execute(query, parameters).fetchall()

    def rows(self, query: str, parameters: object = None) -> list[tuple[Any, ...]]:
        """Run ``query`` and fetch every row as a tuple."""
        return self.connection.execute(query, parameters).fetchall()

    def numpy(self, query: str, parameters: object = None) -> dict[str, Any]:
        """Run ``query`` and fetch its columns as NumPy arrays."""
        return dict(self.connection.execute(query, parameters).fetchnumpy())

    def arrow(self, query: str, parameters: object = None) -> pa.Table:
        """Run ``query`` and fetch the whole result as an Arrow table."""
        return self.connection.sql(query, params=parameters).to_arrow_table()

    def reader(self, query: str, *, written_join_order: bool = False) -> pa.RecordBatchReader:
        """Run ``query`` and stream its result in record batches (read it to the end before the next query).

        With ``written_join_order``, joins run as written, the right side of each held in memory: for a query
        that streams a wide staged table past small lookups, which DuckDB's estimates would otherwise hold
        in memory whole.
        """
        disabled = "join_order,build_side_probe_side" if written_join_order else ""
        self.connection.execute("SET disabled_optimizers = $disabled", {"disabled": disabled})
        return self.connection.sql(query).to_arrow_reader(BATCH_ROWS)

    def register(self, name: str, table: pa.Table) -> None:
        """Copy an Arrow table into the frame as table ``name`` (replacing an earlier one of that name).

        The frame keeps a copy under DuckDB's memory limit (spilled to disk beyond it), so the caller can let
        the Arrow table go.
        """
        self.connection.register("_incoming", table)
        try:
            self.connection.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _incoming")
        finally:
            self.connection.unregister("_incoming")

    def drop(self, *names: str) -> None:
        """Drop tables that later steps no longer need, freeing their memory."""
        for name in names:
            self.connection.execute(f"DROP TABLE IF EXISTS {name}")

    def close(self) -> None:
        """Close the DuckDB session and remove its files."""
        self.connection.close()
        self._registered.clear()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> MentionFrame:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def sql_path(path: Path) -> str:
    """A path as the inside of a SQL string literal (DuckDB's ``COPY … TO`` and ``read_parquet`` in a view take
    no parameter for it).

    Examples
    --------
    >>> sql_path(Path("/tmp/o'brien/records.parquet"))
    "/tmp/o''brien/records.parquet"
    """
    return str(path).replace("'", "''")
