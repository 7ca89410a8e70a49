"""Extraction throughput on the arXiv metadata snapshot format (issues 4 and 12).

Writes a JSON Lines file of ``--lines`` records generated from the real sample's shape (the 200
real lines of ``shared/data/arxiv-kaggle-oai-snapshot``, cycled, each with a fresh arXiv id), then
measures, as medians of ``--runs`` runs in one process:

* the baseline: a bare loop of ``orjson.loads`` over the file's lines;
* graphkit's ``arxiv-snapshot`` extractor, streaming typed records (nothing kept);
* the bulk path the build takes, :func:`graphkit.stage.snapshot.stage_snapshot`: the file to its staged
  Parquet tables (DuckDB and Arrow, no Python object per record);

and the peak resident memory of each in fresh subprocesses over the first tenth and over the whole file,
to show that memory stays flat. Target: at least 0.5× the baseline's speed.

Usage: ``python benchmarks/bench_snapshot.py [--lines 1000000] [--runs 3]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.extract.arxiv_kaggle import ArxivSnapshotExtractor
from graphkit.resolve.assemble import gc_paused
from graphkit.stage.snapshot import stage_snapshot

_SAMPLE = "data/arxiv-kaggle-oai-snapshot/arxiv-metadata-oai-snapshot.head200.jsonl"
_PEAK_CHILD = """
import sys, itertools, tempfile
from benchmarks.memory import peak_mib
from pathlib import Path
from graphkit.extract.arxiv_kaggle import ArxivSnapshotExtractor
from graphkit.stage.snapshot import stage_snapshot
if sys.argv[3] == "staged":  # sys.argv[1] holds exactly the lines to read
    n = stage_snapshot(Path(sys.argv[1]), Path(tempfile.mkdtemp()) / "staged").papers
else:
    n = sum(1 for _ in itertools.islice(ArxivSnapshotExtractor().iter_entries(Path(sys.argv[1])), int(sys.argv[2])))
print(n, peak_mib())
"""


def write_file(path: Path, lines: int) -> None:
    shared = Path(os.environ.get("GRAPHKIT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    sample = [json.loads(line) for line in (shared / _SAMPLE).read_text("utf-8").splitlines()]
    with path.open("wb") as handle:
        for number, record in zip(range(lines), itertools.cycle(sample), strict=False):
            record = dict(record, id=f"{7 + number // 99999:02d}{(number // 99999) % 12 + 1:02d}.{number % 99999:05d}")
            handle.write(orjson.dumps(record) + b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as tmp:
        path = Path(tmp) / "snapshot.jsonl"
        write_file(path, args.lines)
        baseline, extractor, staged = [], [], []
        for run in range(args.runs):
            start = time.perf_counter()
            with path.open("rb") as handle:
                for line in handle:
                    orjson.loads(line)
            baseline.append(time.perf_counter() - start)
            start = time.perf_counter()
            with gc_paused():
                records = sum(1 for _ in ArxivSnapshotExtractor().iter_entries(path))
            extractor.append(time.perf_counter() - start)
            start = time.perf_counter()
            report = stage_snapshot(path, Path(tmp) / f"staged{run}")
            staged.append(time.perf_counter() - start)
            assert report is not None and report.papers == records, "the bulk path must stage every record"
            shutil.rmtree(Path(tmp) / f"staged{run}")
        peaks: dict[str, dict[int, int]] = {"extractor": {}, "staged": {}}
        tenth = Path(tmp) / "tenth.jsonl"
        with path.open("rb") as source, tenth.open("wb") as part:
            part.writelines(itertools.islice(source, args.lines // 10))
        files = {args.lines // 10: tenth, args.lines: path}
        for kind, share in itertools.product(peaks, files):
            out = subprocess.run([sys.executable, "-c", _PEAK_CHILD, str(files[share]), str(share), kind],
                                 check=True, capture_output=True, text=True,
                                 cwd=Path(__file__).resolve().parents[1]).stdout.split()  # fmt: skip
            peaks[kind][share] = round(float(out[1]))
    base, ours, bulk = (statistics.median(x) for x in (baseline, extractor, staged))
    print(json.dumps({
        "lines": args.lines, "records": records, "runs": args.runs,
        "orjson_loop_s_median": round(base, 2), "extractor_s_median": round(ours, 2),
        "extractor_lines_per_s": round(args.lines / ours), "speed_ratio_vs_orjson": round(base / ours, 3),
        "staged_s_median": round(bulk, 2), "staged_lines_per_s": round(args.lines / bulk),
        "staged_speed_ratio_vs_orjson": round(base / bulk, 3),
        "peak_rss_mib_by_lines_read": peaks,
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
