"""Files for ``neo4j-admin database import full``: one node CSV per label, one relationship CSV per type.

For first loads of millions of papers the offline importer is an order of magnitude faster than any
transactional load. Headers follow the importer's syntax: ``id:ID(Paper)`` with one id space per label,
typed columns (``year:long``, ``pagerank:double``, ``date:date``, ``sources:string[]`` with ``;`` between
items), ``:LABEL``, ``:START_ID(Author)`` / ``:END_ID(Paper)`` and ``:TYPE``. The importer stores a named ``:ID``
column as that property (``id``, ``code``), which graphkit's queries match on.

The files are written from Arrow tables by Arrow's CSV writer, a batch at a time, with no Python loop over rows:
from a store (:func:`write_import_files`: each table read through Arrow, in key order) or straight from the
resolved tables a build writes (:func:`write_import_tables`). Every value becomes text by Arrow's casts — lists
joined with the first of :data:`ARRAY_DELIMITERS` that no item holds (``;``, unless a name or a file
name holds one: the files are then written again with the next, and the command printed names it),
booleans ``true``/``false``, dates ``YYYY-MM-DD`` — and a missing value, an empty string and an empty list are
all an empty field, which the importer leaves unset.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as arrow_csv

from graphkit.core.errors import GraphkitError
from graphkit.resolve.bulk import resolved_tables
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS
from graphkit.resolve.overrides import Overrides
from graphkit.resolve.tables import GraphTables
from graphkit.stage.area import stage_sources
from graphkit.store.base import Runner
from graphkit.store.loader import neo4j_schema_statements, stored_rows
from graphkit.store.rows import ARROW_TYPES, node_batches, rel_batches
from graphkit.store.schema import SCHEMA, NodeType, Property, RelType

__all__ = [
    "ARRAY_DELIMITERS",
    "SCHEMA_FILE",
    "ImportFiles",
    "import_command",
    "import_files_from_sources",
    "node_header",
    "rel_header",
    "write_import_files",
    "write_import_tables",
]

ARRAY_DELIMITERS = (";", "|", "¦")
"""Array delimiters in the order tried: the first that no list item holds is used (printable characters, so that
the command can name them as they are)."""
_TYPES = {"STRING": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean", "DATE": "date"}
_BATCH_ROWS = 100_000


SCHEMA_FILE = "schema.cypher"
"""Written beside the import files: the constraints and indexes to create once the import is done."""


@dataclass(frozen=True)
class ImportFiles:
    """The files written, by label or relationship type, with their row counts."""

    folder: Path
    nodes: dict[str, tuple[Path, int]]
    rels: dict[str, tuple[Path, int]]
    #: The character between list items (the importer's ``--array-delimiter``).
    array_delimiter: str = ARRAY_DELIMITERS[0]


class _HeldInsideError(Exception):
    """A list item holds the array delimiter being tried."""


def _column(prop: Property) -> str:
    if prop.type.endswith("[]"):
        return f"{prop.name}:{_TYPES[prop.type[:-2]]}[]"
    return f"{prop.name}:{_TYPES[prop.type]}"


def node_header(node: NodeType) -> list[str]:
    """``id:ID(Label)`` (stored as the ``id`` property), every typed property, ``:LABEL``."""
    return [f"{node.key}:ID({node.label})", *map(_column, node.properties), ":LABEL"]


def rel_header(rel: RelType) -> list[str]:
    """``:START_ID(Source)``, ``:END_ID(Target)``, typed properties, ``:TYPE``."""
    return [f":START_ID({rel.source})", f":END_ID({rel.target})", *map(_column, rel.properties), ":TYPE"]


def _text(values: pa.Array | pa.ChunkedArray, prop: Property, delimiter: str) -> pa.Array:
    """One column as the importer reads it (see the module notes), lists joined with ``delimiter``."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if pa.types.is_null(values.type):
        return pa.nulls(len(values), pa.string())
    values = values.cast(ARROW_TYPES[prop.type])
    if prop.type.endswith("[]"):
        items = pc.list_flatten(values).cast(pa.string())
        if pc.any(pc.match_substring(items, delimiter)).as_py():
            raise _HeldInsideError(delimiter)
        text = pc.binary_join(values.cast(pa.list_(pa.string())), delimiter)
    else:
        text = values.cast(pa.string())
    empty = pc.equal(text, "")
    return pc.if_else(pc.fill_null(empty, False), pa.scalar(None, pa.string()), text)


def _csv_batch(columns: list[pa.Array], header: list[str], constant: str) -> pa.RecordBatch:
    rows = len(columns[0]) if columns else 0
    tail = pa.array([constant] * rows, pa.string())
    return pa.RecordBatch.from_arrays([*columns, tail], names=[f"c{i}" for i in range(len(header))])


def _write(path: Path, header: list[str], batches: Iterable[pa.RecordBatch]) -> int:
    """The header by the csv module (the importer's grammar needs no quoting), then every batch by Arrow."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow(header)
    count = 0
    options = arrow_csv.WriteOptions(include_header=False, quoting_style="needed")
    with path.open("ab") as sink:
        writer: arrow_csv.CSVWriter | None = None
        for batch in batches:
            if writer is None:
                writer = arrow_csv.CSVWriter(sink, batch.schema, write_options=options)
            writer.write_batch(batch)
            count += batch.num_rows
        if writer is not None:
            writer.close()
    return count


def _node_batches(
    node: NodeType, tables: Iterable[pa.Table | pa.RecordBatch], delimiter: str
) -> Iterator[pa.RecordBatch]:
    for table in tables:
        columns = [_text(table.column(p.name), p, delimiter) for p in node.all_properties]
        yield _csv_batch(columns, node_header(node), node.label)


def _rel_batches(
    rel: RelType, tables: Iterable[pa.Table | pa.RecordBatch], ends: tuple[str, str], delimiter: str
) -> Iterator[pa.RecordBatch]:
    for table in tables:
        key = Property("key", "STRING")
        columns = [_text(table.column(end), key, delimiter) for end in ends]
        columns += [_text(table.column(p.name), p, delimiter) for p in rel.properties]
        yield _csv_batch(columns, rel_header(rel), rel.type)


def _write_all(
    folder: str | Path,
    nodes: Callable[[NodeType], Iterable[pa.Table | pa.RecordBatch]],
    rels: Callable[[RelType], Iterable[pa.Table | pa.RecordBatch]],
    ends: tuple[str, str],
) -> ImportFiles:
    """Every file, with the first array delimiter no list item holds (the tables are read again per try)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for delimiter in ARRAY_DELIMITERS:
        try:
            return _write_with(folder, nodes, rels, ends, delimiter)
        except _HeldInsideError:
            continue
    raise GraphkitError(
        f"every array delimiter graphkit can use ({', '.join(map(repr, ARRAY_DELIMITERS))}) occurs inside a list "
        "value of this graph (a name variant or a source name): the importer would split it; use `graphkit load "
        "--neo4j` instead, which sends lists whole"
    )


def _write_with(
    folder: Path,
    nodes: Callable[[NodeType], Iterable[pa.Table | pa.RecordBatch]],
    rels: Callable[[RelType], Iterable[pa.Table | pa.RecordBatch]],
    ends: tuple[str, str],
    delimiter: str,
) -> ImportFiles:
    written_nodes, written_rels = {}, {}
    for node in SCHEMA.nodes:
        path = folder / f"nodes_{node.label}.csv"
        batches = _node_batches(node, nodes(node), delimiter)
        written_nodes[node.label] = (path, _write(path, node_header(node), batches))
    for rel in SCHEMA.rels:
        path = folder / f"rels_{rel.type}.csv"
        written_rels[rel.type] = (path, _write(path, rel_header(rel), _rel_batches(rel, rels(rel), ends, delimiter)))
    # The importer writes no constraints or indexes: after an import, `cypher-shell -f schema.cypher` adds the
    # ones `graphkit load --neo4j` would (the same statements; each IF NOT EXISTS).
    (folder / SCHEMA_FILE).write_text("".join(f"{s};\n" for s in neo4j_schema_statements()), encoding="utf-8")
    return ImportFiles(folder, written_nodes, written_rels, delimiter)


def write_import_files(runner: Runner, folder: str | Path) -> ImportFiles:
    """Write every label and relationship type of a store as importer CSV files into ``folder``.

    Each table is read in key order through Arrow where the store offers it (the embedded store), else as rows.

    Raises
    ------
    GraphkitError
        If list items hold every delimiter of :data:`ARRAY_DELIMITERS`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = build(["examples/"], tmp / "g.lbdb")
    >>> with EmbeddedStore(tmp / "g.lbdb", read_only=True) as store:
    ...     files = write_import_files(store, tmp / "import")
    >>> files.nodes["Author"][1], files.rels["AUTHORED"][1]
    (113, 222)
    """
    arrow: Callable[[str], pa.Table] | None = getattr(runner, "arrow", None)

    def table(query: str, schema: pa.Schema, rows: Callable[[], list[dict[str, Any]]]) -> list[pa.Table]:
        found = arrow(query) if arrow is not None else pa.Table.from_pylist(rows(), schema=schema)
        return [found.slice(start, _BATCH_ROWS) for start in range(0, max(found.num_rows, 1), _BATCH_ROWS)]

    row_nodes, row_rels = stored_rows(runner)

    def nodes(node: NodeType) -> list[pa.Table]:
        columns = ", ".join(f"n.{p.name} AS {p.name}" for p in node.all_properties)
        schema = pa.schema([(p.name, ARROW_TYPES[p.type]) for p in node.all_properties])
        return table(f"MATCH (n:{node.label}) RETURN {columns} ORDER BY {node.key}", schema, lambda: row_nodes(node))

    def rels(rel: RelType) -> list[pa.Table]:
        source, target = SCHEMA.node(rel.source), SCHEMA.node(rel.target)
        columns = "".join(f", r.{p.name} AS {p.name}" for p in rel.properties)
        query = (
            f"MATCH (s:{rel.source})-[r:{rel.type}]->(d:{rel.target}) "
            f"RETURN s.{source.key} AS src, d.{target.key} AS dst{columns} ORDER BY src, dst"
        )
        schema = pa.schema([("src", pa.string()), ("dst", pa.string()),
                            *((p.name, ARROW_TYPES[p.type]) for p in rel.properties)])  # fmt: skip
        return table(query, schema, lambda: row_rels(rel))

    return _write_all(folder, nodes, rels, ("src", "dst"))


def write_import_tables(tables: GraphTables, folder: str | Path) -> ImportFiles:
    """Write the resolved tables of a build (:class:`~graphkit.resolve.tables.GraphTables`) as importer files,
    batch by batch as they stream: the path from a staged snapshot to ``neo4j-admin`` with no store in between.
    The relationship types only ``analyze`` writes get a header and no rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build_graph
    >>> tables = GraphTables.from_graph(build_graph(["examples/"]))
    >>> files = write_import_tables(tables, pathlib.Path(tempfile.mkdtemp()))
    >>> files.nodes["Paper"][1], files.rels["COAUTHORED_WITH"][1] > 0
    (134, True)
    """
    return _write_all(
        folder, lambda node: node_batches(tables, node.label), lambda rel: rel_batches(tables, rel.type), ("from", "to")
    )


def import_files_from_sources(
    sources: Iterable[str | Path],
    folder: str | Path,
    *,
    overrides: Overrides | None = None,
    format: str = "auto",
    as_of: dt.date | None = None,
    strict: bool = False,
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> ImportFiles:
    """Stage and resolve ``sources`` as a build does, and write the importer's files from the resolved tables
    as they stream — no embedded store is written (``graphkit export neo4j-import DIR --from SOURCE…``).
    ``engine="spark"`` stages the files on Spark (:mod:`graphkit.stage.spark`); resolution runs here on DuckDB.

    The staging area and DuckDB's spill files live in a temporary folder beside ``folder`` and are removed after.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> files = import_files_from_sources(["examples/"], pathlib.Path(tempfile.mkdtemp()) / "import")
    >>> files.nodes["Author"][1], files.rels["AUTHORED"][1]
    (113, 222)
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".graphkit-stage-", dir=folder.parent) as work:
        stage = Path(work) / "stage"
        staging = stage_sources(list(sources), stage, {}, format=format, as_of=as_of, strict=strict,
                                engine=engine, spark_master=spark_master)  # fmt: skip
        staged = [stage / source.folder for source, _, _ in staging]
        spill = Path(work) / "resolve"
        spill.mkdir()
        with resolved_tables(
            staged, overrides, coauthor_max_authors=coauthor_max_authors, temp_directory=spill
        ) as tables:  # fmt: skip
            return write_import_tables(tables, folder)


def import_command(files: ImportFiles, database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command for these files (run with the server stopped)."""
    # Abstracts span lines, so multi-line fields must be allowed (quoted, as the csv module writes them).
    parts = ["neo4j-admin database import full", f"--array-delimiter='{files.array_delimiter}'",
             "--multiline-fields=true", "--overwrite-destination"]  # fmt: skip
    parts += [f"--nodes={path.name}" for path, _ in files.nodes.values()]
    parts += [f"--relationships={path.name}" for path, _ in files.rels.values()]
    return " \\\n  ".join([*parts, database])
