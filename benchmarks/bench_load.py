"""Loading speed: graphkit's bulk path against a raw COPY and the UNWIND/MERGE path; Neo4j by batch size.

Embedded store (always): synthetic authorship rows (``--authorships``, default 1M, over authors and papers in
the proportions of the 100k-paper build benchmark) are loaded into a fresh store whose Author and Paper nodes
are already there, three ways, each the median of ``--runs`` runs:

* ``bulk``: :meth:`graphkit.store.embedded.EmbeddedStore.copy_rows` from Python dict rows — the path every
  ``graphkit build`` takes (Arrow chunks of 100k rows, COPY per chunk);
* ``raw_copy``: one ``COPY AUTHORED FROM $authored`` of a prebuilt Arrow table of the same rows (the floor: no
  Python rows, no chunking; building the table is not timed);
* ``unwind``: the loader's ``UNWIND $rows … MERGE`` statements (:mod:`graphkit.store.loader`) in batches of
  10,000, on the first ``--unwind-rows`` rows (it is too slow for all of them), compared by rows per second.

Targets (issue 7): bulk within 1.5x of the raw COPY's time, and at least 10x the UNWIND path's rows per second.

Neo4j (when ``NEO4J_URI`` is set, e.g. after ``docker compose up -d``): the same authorships are loaded by the
UNWIND path with each of ``--batch-sizes`` into the database it points at (which is cleared first), reporting
rows per second per batch size.

Usage: ``python benchmarks/bench_load.py [--authorships 1000000] [--runs 3] [--unwind-rows 50000]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.store.embedded import EmbeddedStore
from graphkit.store.loader import load_rows, neo4j_schema_statements, node_statement, rel_statement
from graphkit.store.schema import SCHEMA

Row = dict[str, Any]


def synthetic(authorships: int, seed: int) -> tuple[list[Row], list[Row], list[Row]]:
    """Author rows, paper rows and authorship rows (about 3.5 authors per paper, Pareto-popular authors)."""
    rng = random.Random(seed)
    papers = max(1, authorships * 2 // 7)
    authors = max(1, authorships * 2 // 11)
    author_rows = [{p.name: None for p in SCHEMA.node("Author").all_properties} | {"id": f"a{i}", "name": f"Author {i}"}
                   for i in range(authors)]  # fmt: skip
    paper_rows = [{p.name: None for p in SCHEMA.node("Paper").all_properties} | {"id": f"p{i}", "title": f"Paper {i}"}
                  for i in range(papers)]  # fmt: skip
    rows: list[Row] = []
    seen: set[tuple[int, int]] = set()
    while len(rows) < authorships:
        # Skewed towards low numbers: a few prolific authors, many with one or two papers.
        paper, author = rng.randrange(papers), min(authors - 1, int(authors * rng.random() ** 3))
        if (author, paper) not in seen:
            seen.add((author, paper))
            rows.append({"src": f"a{author}", "dst": f"p{paper}", "position": len(rows) % 7 + 1})
    return author_rows, paper_rows, rows


def _fresh_store(folder: Path, name: str, authors: list[Row], papers: list[Row]) -> EmbeddedStore:
    store = EmbeddedStore(folder / name).open()
    store.copy_rows(SCHEMA.node("Author"), authors)
    store.copy_rows(SCHEMA.node("Paper"), papers)
    return store


def _timed(store: EmbeddedStore, how: str, rows: list[Row]) -> float:
    rel = SCHEMA.rel("AUTHORED")
    if how == "raw_copy":
        authored = pa.table(
            {
                "from": [r["src"] for r in rows],
                "to": [r["dst"] for r in rows],
                "position": [r["position"] for r in rows],
            },
            schema=pa.schema([("from", pa.string()), ("to", pa.string()), ("position", pa.int64())]),
        )
        start = time.perf_counter()
        store.execute("COPY AUTHORED FROM $authored", {"authored": authored})
        return time.perf_counter() - start
    start = time.perf_counter()
    if how == "bulk":
        store.copy_rows(rel, rows)
    else:
        statement = rel_statement(rel)
        for offset in range(0, len(rows), 10_000):
            store.execute(statement, {"rows": rows[offset : offset + 10_000]})
    return time.perf_counter() - start


def embedded(args: argparse.Namespace) -> dict[str, Any]:
    authors, papers, rows = synthetic(args.authorships, args.seed)
    sample = rows[: args.unwind_rows]
    seconds: dict[str, list[float]] = {"bulk": [], "raw_copy": [], "unwind": []}
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-load-") as tmp:
        for run in range(args.runs):
            for how in seconds:
                store = _fresh_store(Path(tmp), f"{how}-{run}.lbdb", authors, papers)
                try:
                    seconds[how].append(_timed(store, how, sample if how == "unwind" else rows))
                    expected = len(sample) if how == "unwind" else len(rows)
                    assert store.counts()["AUTHORED"] == expected, how
                finally:
                    store.close()
    median = {how: statistics.median(values) for how, values in seconds.items()}
    rate = {how: (len(sample) if how == "unwind" else len(rows)) / median[how] for how in median}
    return {
        "authorships": len(rows),
        "authors": len(authors),
        "papers": len(papers),
        "unwind_rows": len(sample),
        "seconds_median": {how: round(value, 3) for how, value in median.items()},
        "rows_per_second": {how: round(value) for how, value in rate.items()},
        "ratio_bulk_time_to_raw_copy": round(median["bulk"] / median["raw_copy"], 2),
        "ratio_bulk_rate_to_unwind": round(rate["bulk"] / rate["unwind"], 1),
        "targets": {
            "bulk_within_1_5x_raw_copy": median["bulk"] <= 1.5 * median["raw_copy"],
            "bulk_at_least_10x_unwind": rate["bulk"] >= 10 * rate["unwind"],
        },
    }


def neo4j(args: argparse.Namespace) -> dict[str, Any]:
    if not os.environ.get("NEO4J_URI"):
        return {"skipped": "NEO4J_URI is not set (start Neo4j with `docker compose up -d`, see README)"}
    from graphkit.store.neo4j import Neo4jRunner

    authors, papers, rows = synthetic(args.authorships, args.seed)
    results = {}
    with Neo4jRunner.from_env() as runner:
        for batch_size in args.batch_sizes:
            while runner.execute("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")[0]["n"]:
                pass  # cleared in bounded transactions
            for statement in neo4j_schema_statements():
                runner.execute(statement)
            for label, node_rows in (("Author", authors), ("Paper", papers)):
                statement = node_statement(SCHEMA.node(label))
                for offset in range(0, len(node_rows), 10_000):
                    runner.execute(statement, {"rows": node_rows[offset : offset + 10_000]})
            start = time.perf_counter()
            summary = load_rows(runner, lambda node: [], lambda rel: rows if rel.type == "AUTHORED" else [],
                                batch_size=batch_size)  # fmt: skip
            elapsed = time.perf_counter() - start
            results[str(batch_size)] = {"seconds": round(elapsed, 2), "rows_per_second": round(len(rows) / elapsed)}
            assert summary.rows["AUTHORED"] == len(rows)
    return {"authorships": len(rows), "by_batch_size": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authorships", type=int, default=1_000_000)
    parser.add_argument("--unwind-rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1_000, 5_000, 10_000, 20_000, 50_000])
    args = parser.parse_args()
    print(json.dumps({"embedded": embedded(args), "neo4j": neo4j(args)}, indent=2))


if __name__ == "__main__":
    main()
