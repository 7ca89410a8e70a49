"""The growth curve of a full build on arXiv-snapshot-shaped input (issue 12).

For each size in ``--sizes`` (papers): generate a snapshot with ``synthetic_snapshot.py`` (kept in
``--data`` and reused), time a bare ``orjson`` loop over it (the baseline, measured in the same run), then run
``graphkit build`` of the file into a fresh store in a fresh process and record its wall time per stage
(staging, resolution with assembly, store write) and its peak resident memory; then add a 1,000-paper file of
new papers to that store and time the incremental build. Medians of ``--runs`` runs.

Usage::

    python benchmarks/bench_scale.py --sizes 100000 300000 --runs 1 --data /tmp/graphkit-scale [--author-model learned]

Targets (2 cores, 24 GiB): the 2.8M-paper snapshot end to end in under 15 minutes with peak RSS under 6 GiB;
adding a 1,000-paper file to that store in under 60 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic_snapshot import write_snapshot

_BUILD_CHILD = """
import json, sys, time
from benchmarks.memory import peak_mib
from graphkit.store.build import build
start = time.perf_counter()
pool = int(sys.argv[1]) or None
result = build(sys.argv[3:-1], sys.argv[-1], buffer_pool_mib=pool, author_model=sys.argv[2])
print(json.dumps({"wall_s": round(time.perf_counter() - start, 2), "seconds": result.seconds,
                  "peak_rss_mib": round(peak_mib()),
                  "papers": result.written["Paper"], "authors": result.written["Author"],
                  "coauthor_pairs": result.written["COAUTHORED_WITH"], "hyper_authored": result.hyper_authored,
                  "mode": result.mode, "records_resolved": result.records_resolved}))
"""


def _build(
    sources: list[Path], db: Path, buffer_pool_mib: int | None = None, author_model: str = "rules"
) -> dict[str, Any]:
    command = [sys.executable, "-c", _BUILD_CHILD, str(buffer_pool_mib or 0), author_model, *map(str, sources), str(db)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        raise SystemExit(f"the build of {sources} failed:\n{done.stderr[-4000:]}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _generate(papers: int, path: Path, *, seed: int, first_id: int = 0) -> None:
    """Write a snapshot under a temporary name first: an interrupted run must not leave a short file to reuse."""
    partial = path.with_name(path.name + ".partial")
    write_snapshot(papers, partial, seed=seed, first_id=first_id)
    partial.replace(path)


def _orjson_loop(path: Path) -> float:
    start = time.perf_counter()
    with path.open("rb") as handle:
        for line in handle:
            orjson.loads(line)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "graphkit-scale")
    parser.add_argument("--no-addition", action="store_true", help="skip adding the 1,000-paper file")
    parser.add_argument("--buffer-pool-mib", type=int, help="LadybugDB's page cache (default: sized to the machine)")
    parser.add_argument("--author-model", default="rules", help="rules (default), learned, or a model file")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    extra = args.data / "new-1000.jsonl"
    if not extra.exists():
        _generate(1000, extra, seed=99, first_id=90_000)
    curve = []
    for size in args.sizes:
        snapshot = args.data / f"arxiv-{size}.jsonl"
        if not snapshot.exists():
            _generate(size, snapshot, seed=size)
        baseline, builds, additions = [], [], []
        for _ in range(args.runs):
            baseline.append(_orjson_loop(snapshot))
            with tempfile.TemporaryDirectory(prefix="graphkit-scale-") as tmp:
                db = Path(tmp) / "g.lbdb"
                builds.append(_build([snapshot], db, args.buffer_pool_mib, args.author_model))
                if not args.no_addition:
                    additions.append(_build([extra], db, args.buffer_pool_mib, args.author_model))
        median = statistics.median
        curve.append({
            "papers": size,
            "author_model": args.author_model,
            "file_mib": round(snapshot.stat().st_size / 2**20),
            "orjson_loop_s": round(median(baseline), 2),
            "build_wall_s": median(b["wall_s"] for b in builds),
            "build_seconds_by_stage": builds[len(builds) // 2]["seconds"],
            "build_peak_rss_mib": median(b["peak_rss_mib"] for b in builds),
            "graph": {k: builds[0][k] for k in ("papers", "authors", "coauthor_pairs", "hyper_authored")},
            "add_1000_papers_wall_s": median(a["wall_s"] for a in additions) if additions else None,
            "add_1000_papers_peak_rss_mib": median(a["peak_rss_mib"] for a in additions) if additions else None,
            "add_1000_papers_seconds_by_stage": additions[len(additions) // 2]["seconds"] if additions else None,
            "add_1000_papers_mode": additions[0]["mode"] if additions else None,
            "add_1000_papers_records_resolved": additions[0]["records_resolved"] if additions else None,
        })  # fmt: skip
        print(json.dumps(curve[-1]), flush=True)
    print(json.dumps({"runs": args.runs, "curve": curve}, indent=2))


if __name__ == "__main__":
    main()
