"""Plain CSV tables: one file per node label and per relationship type, headed by the property names.

For spreadsheets, pandas and R. Lists are joined with ``"; "``; absent values are empty cells.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from graphkit.store.base import Runner
from graphkit.store.loader import stored_rows
from graphkit.store.schema import SCHEMA

__all__ = ["write_tables"]


def write_tables(runner: Runner, folder: str | Path) -> dict[str, tuple[Path, int]]:
    """Write ``nodes_<Label>.csv`` and ``edges_<TYPE>.csv`` into ``folder``; return each file with its row count.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = build(["examples/"], tmp / "g.lbdb")
    >>> with EmbeddedStore(tmp / "g.lbdb", read_only=True) as store:
    ...     write_tables(store, tmp / "csv")["AUTHORED"][1]
    222
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nodes, rels = stored_rows(runner)
    written = {}
    tables: list[tuple[str, str, list[str], list[dict[str, Any]]]] = []
    for node in SCHEMA.nodes:
        tables.append((node.label, f"nodes_{node.label}.csv", [p.name for p in node.all_properties], nodes(node)))
    for rel in SCHEMA.rels:
        header = ["source", "target", *(p.name for p in rel.properties)]
        rows = [{"source": row.pop("src"), "target": row.pop("dst"), **row} for row in rels(rel)]
        tables.append((rel.type, f"edges_{rel.type}.csv", header, rows))
    for name, filename, header, rows in tables:
        path = folder / filename
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows([_cell(row[column]) for column in header] for row in rows)
        written[name] = (path, len(rows))
    return written


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return "" if value is None else value
