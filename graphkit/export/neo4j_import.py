"""Files for ``neo4j-admin database import full``: one node CSV per label, one relationship CSV per type.

For first loads of millions of papers the offline importer is an order of magnitude faster than any
transactional load. Headers follow the importer's syntax: ``id:ID(Paper)`` with one id space per label,
typed columns (``year:long``, ``pagerank:double``, ``date:date``, ``sources:string[]`` with ``;`` between
items), ``:LABEL``, ``:START_ID(Author)`` / ``:END_ID(Paper)`` and ``:TYPE``. The importer stores a named
``:ID`` column as that property (``id``, ``code``), which graphkit's queries match on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.core.errors import GraphkitError
from graphkit.store.base import Runner
from graphkit.store.loader import stored_rows
from graphkit.store.schema import SCHEMA, NodeType, Property, RelType

__all__ = ["ARRAY_DELIMITER", "ImportFiles", "import_command", "node_header", "rel_header", "write_import_files"]

ARRAY_DELIMITER = ";"
_TYPES = {"STRING": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean", "DATE": "date"}


@dataclass(frozen=True)
class ImportFiles:
    """The files written, by label or relationship type, with their row counts."""

    folder: Path
    nodes: dict[str, tuple[Path, int]]
    rels: dict[str, tuple[Path, int]]


def _column(prop: Property) -> str:
    if prop.type.endswith("[]"):
        return f"{prop.name}:{_TYPES[prop.type[:-2]]}[]"
    return f"{prop.name}:{_TYPES[prop.type]}"


def _cell(value: Any, prop: Property) -> str:
    if value is None:
        return ""
    if prop.type.endswith("[]"):
        items = [str(item) for item in value]
        bad = [item for item in items if ARRAY_DELIMITER in item]
        if bad:
            raise GraphkitError(f"{prop.name}: value {bad[0]!r} contains the array delimiter {ARRAY_DELIMITER!r}")
        return ARRAY_DELIMITER.join(items)
    if prop.type == "BOOLEAN":
        return "true" if value else "false"
    return str(value)


def node_header(node: NodeType) -> list[str]:
    """``id:ID(Label)`` (stored as the ``id`` property), every typed property, ``:LABEL``."""
    return [f"{node.key}:ID({node.label})", *map(_column, node.properties), ":LABEL"]


def rel_header(rel: RelType) -> list[str]:
    """``:START_ID(Source)``, ``:END_ID(Target)``, typed properties, ``:TYPE``."""
    return [f":START_ID({rel.source})", f":END_ID({rel.target})", *map(_column, rel.properties), ":TYPE"]


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_import_files(runner: Runner, folder: str | Path) -> ImportFiles:
    """Write every label and relationship type of a store as importer CSV files into ``folder``.

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
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nodes, rels = stored_rows(runner)
    written_nodes, written_rels = {}, {}
    for node in SCHEMA.nodes:
        path = folder / f"nodes_{node.label}.csv"
        rows = (
            [str(row[node.key]), *(_cell(row[p.name], p) for p in node.properties), node.label] for row in nodes(node)
        )
        written_nodes[node.label] = (path, _write(path, node_header(node), rows))
    for rel in SCHEMA.rels:
        path = folder / f"rels_{rel.type}.csv"
        rows = (
            [str(row["src"]), str(row["dst"]), *(_cell(row[p.name], p) for p in rel.properties), rel.type]
            for row in rels(rel)
        )
        written_rels[rel.type] = (path, _write(path, rel_header(rel), rows))
    return ImportFiles(folder, written_nodes, written_rels)


def import_command(files: ImportFiles, database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command for these files (run with the server stopped)."""
    # Abstracts span lines, so multi-line fields must be allowed (quoted, as the csv module writes them).
    parts = ["neo4j-admin database import full", f"--array-delimiter='{ARRAY_DELIMITER}'",
             "--multiline-fields=true", "--overwrite-destination"]  # fmt: skip
    parts += [f"--nodes={path.name}" for path, _ in files.nodes.values()]
    parts += [f"--relationships={path.name}" for path, _ in files.rels.values()]
    return " \\\n  ".join([*parts, database])
