"""Incremental build against a full build of the same files (issue 12).

Builds ``--base`` into a fresh store, then adds ``--addition`` (the incremental build), then builds both files
into another fresh store (the baseline, same run). Reports each one's wall time, the mode the addition took
(``incremental`` or ``full``, with the reason), the records it re-resolved, and the ratio full / incremental.
Medians of ``--runs`` runs.

Usage::

    python benchmarks/bench_incremental.py --base /tmp/graphkit-scale/arxiv-100000.jsonl \\
        --addition ../shared/data/arxiv-kaggle-oai-snapshot/arxiv-metadata-oai-snapshot.head200.jsonl --runs 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.store import build as build_module
from graphkit.store.build import build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--addition", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--max-share", type=float, help="take the incremental path up to this share of records re-resolved"
    )
    args = parser.parse_args()
    if args.max_share is not None:
        build_module.INCREMENTAL_MAX_SHARE = args.max_share
    added, full, modes = [], [], []
    for _ in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="graphkit-incremental-"))
        try:
            build([args.base], folder / "g.lbdb")
            start = time.perf_counter()
            result = build([args.addition], folder / "g.lbdb")
            added.append(time.perf_counter() - start)
            modes.append((result.mode, result.full_build_reason, result.records_resolved, result.seconds))
            start = time.perf_counter()
            build([args.base, args.addition], folder / "full.lbdb")
            full.append(time.perf_counter() - start)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    mode, reason, resolved, seconds = modes[0]
    print(json.dumps({
        "runs": args.runs, "addition_mode": mode, "full_build_reason": reason, "records_resolved": resolved,
        "addition_seconds_by_stage": seconds,
        "addition_s_median": round(statistics.median(added), 2),
        "full_build_s_median": round(statistics.median(full), 2),
        "ratio_full_to_addition": round(statistics.median(full) / statistics.median(added), 2),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
