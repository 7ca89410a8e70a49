"""Citations matched over a whole corpus: the step every build, full or incremental, runs (issue 12).

Writes one staged source of ``--papers`` OpenAlex-shaped papers with ``--references`` references each (half of
them to works in the corpus, the rest to outside works, a few of which two references name by two ids), then
times :func:`graphkit.resolve.links.link_corpus` over it against a bare DuckDB join of the references to the
papers by id (the baseline, same run): what a hand-written loader would do, with no stubs and no id order.

Usage::

    .venv/bin/python benchmarks/bench_links.py --papers 100000 1000000 --references 20 --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from graphkit.resolve.bulk_papers import PAPER_ID_KINDS
from graphkit.resolve.frame import MentionFrame
from graphkit.resolve.links import link_corpus
from graphkit.stage.tables import SCHEMAS, TABLES


def write_source(folder: Path, papers: int, references: int, seed: int = 0) -> int:
    """A staged folder of ``papers`` papers citing ``references`` works each; returns the reference count."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rec = np.arange(papers, dtype=np.int64)
    columns: dict[str, pa.Array] = {"rec": pa.array(rec), "openalex": pa.array([f"W{i}" for i in range(papers)])}
    _write(folder, "papers", papers, columns)
    citing = np.repeat(rec, references)
    inside = rng.random(len(citing)) < 0.5
    target = np.where(inside, rng.integers(0, papers, len(citing)), papers + rng.zipf(1.5, len(citing)) % papers)
    doi = np.where(rng.random(len(citing)) < 0.02, target, -1)  # a few outside works also named by DOI
    _write(folder, "references", len(citing), {
        "rec": pa.array(citing),
        "openalex": pa.array([f"W{t}" for t in target]),
        "doi": pa.array([f"10.1/{d}" if d >= 0 else None for d in doi], pa.string()),
    })  # fmt: skip
    for name in TABLES:
        if not (folder / f"{name}.parquet").exists():
            _write(folder, name, 0, {})
    return len(citing)


def _write(folder: Path, name: str, rows: int, given: dict[str, pa.Array]) -> None:
    schema = SCHEMAS[name]
    arrays = [given[f.name] if f.name in given else pa.nulls(rows, f.type) for f in schema]
    pq.write_table(pa.Table.from_arrays([a.cast(f.type) for a, f in zip(arrays, schema, strict=True)], schema=schema),
                   folder / f"{name}.parquet")  # fmt: skip


def _corpus(frame: MentionFrame) -> None:
    frame.sql(
        "CREATE OR REPLACE TEMP VIEW corpus_records AS SELECT src, rec, 'openalex:' || openalex AS paper_id, "
        f"2020 AS year, {', '.join(PAPER_ID_KINDS)} FROM all_papers"
    )
    frame.sql(
        "CREATE OR REPLACE TEMP VIEW corpus_bylines AS "
        "SELECT src, rec, position, NULL::VARCHAR AS author_id FROM all_authors"
    )


def measure(folder: Path, runs: int) -> dict[str, object]:
    links_seconds, join_seconds = [], []
    cites = stubs = 0
    for _ in range(runs):
        started = time.perf_counter()
        with MentionFrame([folder]) as frame:
            _corpus(frame)
            link_corpus(frame)
            cites, stubs = (frame.rows(f"SELECT count(*) FROM {name}")[0][0] for name in ("cites", "stubs"))
        links_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        connection = duckdb.connect()
        connection.sql(
            "SELECT DISTINCT p.openalex, r.openalex FROM read_parquet($refs) r JOIN read_parquet($papers) c "
            "ON c.rec = r.rec JOIN read_parquet($papers) p ON p.openalex = r.openalex",
            params={"refs": str(folder / "references.parquet"), "papers": str(folder / "papers.parquet")},
        ).to_arrow_table()
        connection.close()
        join_seconds.append(time.perf_counter() - started)
    links_median, join_median = statistics.median(links_seconds), statistics.median(join_seconds)
    return {
        "link_corpus_s_median": round(links_median, 2),
        "bare_join_s_median": round(join_median, 2),
        "ratio_link_corpus_to_join": round(links_median / join_median, 2),
        "cites": cites,
        "stubs": stubs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[100_000])
    parser.add_argument("--references", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-links-") as tmp:
        for papers in args.papers:
            folder = Path(tmp) / f"p{papers}"
            count = write_source(folder, papers, args.references)
            print(json.dumps({"papers": papers, "references": count, **measure(folder, args.runs)}), flush=True)


if __name__ == "__main__":
    main()
