"""Build benchmark: extraction vs resolution + assembly, store writing, and peak memory.

Generates realistic synthetic ranked-list pages (:mod:`benchmarks.synthetic`), then measures, as
the median of ``--runs`` runs in one process:

* extraction (pages to records) — the baseline;
* resolution + assembly (records to the knowledge graph), reported as a ratio to extraction;
* writing the graph to a fresh embedded store;

and the peak resident memory of one full ``graphkit.store.build`` (extract, resolve, assemble, write)
in a fresh subprocess. Targets (issue 3): ratio at most 1.0, and 100k papers under 2 GiB.

Usage: ``python benchmarks/bench_build.py [--papers 100000] [--runs 3]``
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import write_pages
from graphkit.extract import iter_records
from graphkit.resolve.assemble import assemble, gc_paused
from graphkit.store.embedded import replace_store

_PEAK_MEMORY_CHILD = """
import json, sys
from benchmarks.memory import peak_mib
from graphkit.store.build import build
result = build([sys.argv[1]], sys.argv[2], format="ranked-list")
print(json.dumps({"peak_rss_mib": peak_mib(),
                  "papers": result.written["Paper"], "authors": result.written["Author"]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as tmp:
        pages = Path(tmp) / "pages"
        entries = write_pages(args.papers, pages, seed=args.seed)
        extract_s, assemble_s, write_s = [], [], []
        for run in range(args.runs):
            start = time.perf_counter()
            with gc_paused():  # as graphkit.store.build runs it
                records = list(iter_records([pages], format="ranked-list"))
            extract_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            graph = assemble(records)
            assemble_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            # The store write alone: the staged sources it names do not change what is written.
            replace_store(Path(tmp) / f"run{run}.lbdb", graph, [], coauthor_max_authors=100)
            write_s.append(time.perf_counter() - start)
            del records
        child = subprocess.run(
            [sys.executable, "-c", _PEAK_MEMORY_CHILD, str(pages), str(Path(tmp) / "peak.lbdb")],
            check=True, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
        )  # fmt: skip
        peak = json.loads(child.stdout.strip().splitlines()[-1])

    extract_med, assemble_med, write_med = (statistics.median(x) for x in (extract_s, assemble_s, write_s))
    counts = graph.counts()
    report = {
        "papers_generated": args.papers,
        "entries_listed": entries,
        "graph": {k: counts[k] for k in ("Paper", "Author", "AUTHORED", "COAUTHORED_WITH")},
        "runs": args.runs,
        "extract_s_median": round(extract_med, 2),
        "resolve_assemble_s_median": round(assemble_med, 2),
        "ratio_resolve_assemble_to_extract": round(assemble_med / extract_med, 3),
        "store_write_s_median": round(write_med, 2),
        "extract_records_per_s": round(entries / extract_med),
        "assemble_records_per_s": round(entries / assemble_med),
        "full_build_peak_rss_mib": round(peak["peak_rss_mib"]),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
