"""``neo4j-admin`` import files from a store: Arrow's CSV writer against a Python row loop, in the same run.

graphkit writes the importer's files from Arrow tables (``graphkit/export/neo4j_import.py``). The baseline is the
row loop it replaced, kept here to measure against: every row read as a Python dictionary (``stored_rows``) and
written cell by cell by the ``csv`` module. Each is timed ``--runs`` times in this process on the same store;
the figures are medians and their ratio.

Usage::

    .venv/bin/python benchmarks/bench_import_files.py --db /tmp/b100k/g.lbdb --runs 3
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.export.neo4j_import import ARRAY_DELIMITERS, node_header, rel_header, write_import_files
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.loader import stored_rows
from graphkit.store.schema import SCHEMA, Property


def _cell(value: Any, prop: Property) -> str:
    if value is None:
        return ""
    if prop.type.endswith("[]"):
        return ARRAY_DELIMITERS[0].join(str(item) for item in value)
    if prop.type == "BOOLEAN":
        return "true" if value else "false"
    return str(value)


def row_loop(store: EmbeddedStore, folder: Path) -> int:
    """The baseline: Python dictionaries and the csv module, one cell at a time."""
    nodes, rels = stored_rows(store)
    written = 0
    for node in SCHEMA.nodes:
        with (folder / f"nodes_{node.label}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(node_header(node))
            for row in nodes(node):
                writer.writerow([str(row[node.key]), *(_cell(row[p.name], p) for p in node.properties), node.label])
                written += 1
    for rel in SCHEMA.rels:
        with (folder / f"rels_{rel.type}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(rel_header(rel))
            for row in rels(rel):
                cells = [str(row["src"]), str(row["dst"]), *(_cell(row[p.name], p) for p in rel.properties)]
                writer.writerow([*cells, rel.type])
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"arrow": [], "row_loop": []}
    rows = 0
    with EmbeddedStore(args.db):
        pass  # opened for writing once: a store from an older graphkit gains the newest tables and columns
    with EmbeddedStore(args.db, read_only=True) as store:
        for _ in range(args.runs):
            for name in times:
                folder = Path(tempfile.mkdtemp(prefix="gk-import-"))
                started = time.perf_counter()
                if name == "arrow":
                    files = write_import_files(store, folder)
                    rows = sum(n for _, n in [*files.nodes.values(), *files.rels.values()])
                else:
                    row_loop(store, folder)
                times[name].append(time.perf_counter() - started)
                shutil.rmtree(folder)
    arrow, loop = statistics.median(times["arrow"]), statistics.median(times["row_loop"])
    print(json.dumps({"db": str(args.db), "rows": rows, "runs": args.runs, "arrow_s": round(arrow, 2),
                      "row_loop_s": round(loop, 2), "speedup": round(loop / arrow, 2)}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
