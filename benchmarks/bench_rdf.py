"""RDF exports of a store: graphkit's streamed Turtle and N-Triples, and JSON-LD, against rdflib's own writer.

graphkit writes Turtle and N-Triples as the store streams its rows (``graphkit/export/rdf_text.py``). The
baseline, in the same run, is what the export did before: the whole graph built in rdflib and serialised by
rdflib — N-Triples (its Turtle serialiser looks up a prefixed name for every term and did not finish the hep-th
graph in 30 minutes, so it is run only with ``--rdflib-turtle``). Each format is timed ``--runs`` times on the
same store; the figures are medians, the triple counts, the file sizes and the ratio to the baseline.

Usage (the hep-th graph: abstracts of 1992-2003 and the citation file)::

    .venv/bin/graphkit build ../shared/data/snap-cit-HepTh --db /tmp/hepth.lbdb
    .venv/bin/python benchmarks/bench_rdf.py --db /tmp/hepth.lbdb --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.export.rdf import to_rdf, write_rdf
from graphkit.store.embedded import EmbeddedStore


def _rdflib(store: EmbeddedStore, path: Path, rdf_format: str) -> int:
    """The baseline: the graph in rdflib's memory, serialised by rdflib."""
    graph = to_rdf(store)
    graph.serialize(destination=str(path), format=rdf_format, encoding="utf-8")
    return len(graph)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rdflib-turtle", action="store_true", help="also time rdflib's Turtle (very slow)")
    args = parser.parse_args()
    jobs: dict[str, Callable[[EmbeddedStore, Path], int]] = {
        "turtle": lambda store, path: write_rdf(store, path, "turtle"),
        "nt": lambda store, path: write_rdf(store, path, "nt"),
        "json-ld": lambda store, path: write_rdf(store, path, "json-ld"),
        "baseline_rdflib_nt": lambda store, path: _rdflib(store, path, "nt"),
    }
    if args.rdflib_turtle:
        jobs["rdflib_turtle"] = lambda store, path: _rdflib(store, path, "turtle")
    times: dict[str, list[float]] = {name: [] for name in jobs}
    report: dict[str, dict[str, float | int]] = {}
    with tempfile.TemporaryDirectory(prefix="gk-rdf-") as tmp, EmbeddedStore(args.db, read_only=True) as store:
        papers = store.counts()["Paper"]
        for _ in range(args.runs):
            for name, job in jobs.items():
                path = Path(tmp) / f"graph.{name}"
                started = time.perf_counter()
                triples = job(store, path)
                times[name].append(time.perf_counter() - started)
                report[name] = {"triples": triples, "mib": round(path.stat().st_size / 2**20, 1)}
    baseline = statistics.median(times["baseline_rdflib_nt"])
    for name, runs in times.items():
        median = statistics.median(runs)
        report[name].update({"median_s": round(median, 2), "ratio_to_baseline": round(median / baseline, 3)})
    print(json.dumps({"db": str(args.db), "papers": papers, "runs": args.runs, "formats": report}, indent=2))


if __name__ == "__main__":
    main()
