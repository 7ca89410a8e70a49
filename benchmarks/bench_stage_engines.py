"""Staging on each engine (issue 16): the same snapshot staged by DuckDB (default) and by Spark in local mode.

Generates an arXiv snapshot of ``--lines`` lines (``benchmarks/synthetic_snapshot.py``: collaborations, TeX,
awkward whitespace), then measures, as medians of ``--runs`` runs in one process, the time to stage it into
the staged tables (the ``papers`` and ``authors`` Parquet files a build reads) by

* DuckDB, the baseline: :func:`graphkit.stage.snapshot.stage_snapshot` in process;
* Spark (``--master``, default ``local[2]``): :func:`graphkit.stage.spark.stage_files_spark` with a session
  already started (its start, a JVM, is timed once, apart);

checks that both staged the same rows, and prints Spark's time as a ratio of DuckDB's.

Usage: ``python benchmarks/bench_stage_engines.py [--lines 100000 1000000] [--runs 3] [--master local[2]]``
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic_snapshot import write_snapshot
from graphkit.stage.snapshot import stage_snapshot
from graphkit.stage.spark import spark_session, stage_files_spark


def _rows(folder: Path) -> tuple[int, int]:
    return pq.read_metadata(folder / "papers.parquet").num_rows, pq.read_metadata(folder / "authors.parquet").num_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    started = time.perf_counter()
    spark = spark_session(args.master)
    spark.range(1).count()
    print(f"Spark session ({args.master}) started in {time.perf_counter() - started:.1f} s")
    print(f"{'lines':>10}  {'duckdb s':>9}  {'spark s':>8}  {'spark/duckdb':>12}  {'papers':>9}  {'authors':>9}")
    with tempfile.TemporaryDirectory() as work:
        for lines in args.lines:
            path = Path(work) / f"snapshot-{lines}.jsonl.gz"
            write_snapshot(lines, path, seed=1)
            times: dict[str, list[float]] = {"duckdb": [], "spark": []}
            counts = {}
            for run in range(args.runs):
                for engine in ("duckdb", "spark"):
                    folder = Path(work) / f"{engine}-{run}"
                    began = time.perf_counter()
                    if engine == "duckdb":
                        stage_snapshot(path, folder)
                    else:
                        list(stage_files_spark(spark, [(path, "arxiv-snapshot", None, folder)]))
                    times[engine].append(time.perf_counter() - began)
                    counts[engine] = _rows(folder)
                    shutil.rmtree(folder)
            assert counts["duckdb"] == counts["spark"], counts
            duck, on_spark = statistics.median(times["duckdb"]), statistics.median(times["spark"])
            papers, authors = counts["duckdb"]
            ratio = on_spark / duck
            print(f"{lines:>10,}  {duck:>9.1f}  {on_spark:>8.1f}  {ratio:>11.2f}x  {papers:>9,}  {authors:>9,}")


if __name__ == "__main__":
    main()
