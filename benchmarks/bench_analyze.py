"""``graphkit analyze`` at scale: time per step and peak memory, each step against igraph and NetworkiT themselves.

On a store built by ``graphkit build`` (the scaling benchmark's synthetic snapshots, ``bench_scale.py``), each
run is ``analyze_store`` in a fresh process: the figures are every step's median wall time over ``--runs`` and the
largest peak resident memory. In the same run, a second fresh process reads the same graph and times the library
calls alone — igraph's and NetworkiT's own functions for each step, with their default settings (NetworkiT on all
cores), on graphs already built — and the ratio is graphkit's step over the fastest of them. graphkit's
graph building is its own step ("graphs"), so each step is compared with the library call doing the same work.

The synthetic snapshots carry no references (the arXiv metadata snapshot has none), so ``--add-citations N``
first gives the store N citations per paper, each paper citing earlier ones, old papers more often (the
target's rank drawn as ``rank × u³``): hubs cited tens of thousands of times, as real corpora have, which is
what makes co-citation and coupling costly. It is written once; a store that has citations keeps them.

``--years FIRST-LAST`` times ``graphkit analyze --years`` instead: one snapshot per year's end, each day's steps
reported as ``<day> <step>`` (the graph is read once), with no library comparison.

Usage::

    .venv/bin/python benchmarks/bench_analyze.py --db /tmp/s1m/g.lbdb --add-citations 10 --runs 3
    .venv/bin/python benchmarks/bench_analyze.py --db /tmp/s1m/g.lbdb --years 2007-2025 --metrics pagerank,h_index
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_ANALYZE = """
import json, sys
from benchmarks.memory import peak_mib
from graphkit.analysis.writeback import analyze_store, snapshot_store, year_ends
metrics = sys.argv[3].split(",") if sys.argv[3] else None
if sys.argv[4]:  # snapshots: each day's steps named "<day> <step>", the one read first
    first, last = map(int, sys.argv[4].split("-"))
    results = snapshot_store(sys.argv[1], year_ends(first, last), engine=sys.argv[2], metrics=metrics)
    steps = {(s.step if s.as_of is None or s.step == "read" else f"{s.as_of} {s.step}"): s.seconds
             for r in results for s in r.steps}
    result = results[-1]
else:
    result = analyze_store(sys.argv[1], engine=sys.argv[2], metrics=metrics)
    steps = {s.step: s.seconds for s in result.steps}
print(json.dumps({"steps": steps, "peak_mib": peak_mib(),
                  "authors": result.authors, "papers": result.papers,
                  "betweenness": {"samples": result.betweenness_samples, "error": result.betweenness_error,
                                  "method": result.betweenness_method},
                  "modularity": result.modularity, "communities": result.communities}))
"""

_LIBRARIES = """
import json, statistics, sys, time
import igraph as ig, networkit as nk, numpy as np
from scipy import sparse
from graphkit.analysis.arrays import GraphArrays
from graphkit.store.embedded import EmbeddedStore

runs, error, confidence = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
with EmbeddedStore(sys.argv[1], read_only=True) as store:
    arrays = GraphArrays.from_store(store)
n, a, b, w = arrays.authors, arrays.pair_a, arrays.pair_b, arrays.pair_papers.astype(float)
nk.setNumberOfThreads(nk.getMaxNumberOfThreads())  # first thing: the default, every core

def timed(work):
    seconds = []
    for _ in range(runs):
        start = time.perf_counter(); work(); seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)

def run(algorithm):
    algorithm.run()

ig_weighted = ig.Graph(n=n, edges=np.column_stack([a, b])); ig_weighted.es["weight"] = w
ig_plain = ig.Graph(n=n, edges=np.column_stack([a, b]))
nk_weighted = nk.graph.GraphFromCsr(sparse.csr_matrix((w, (a, b)), shape=(n, n)), directed=False, weighted=True)
ones = sparse.csr_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
nk_plain = nk.graph.GraphFromCsr(ones, directed=False, weighted=False)
p, s, t = arrays.papers, arrays.cites_source, arrays.cites_target
ig_cites = ig.Graph(n=p, edges=np.column_stack([s, t]), directed=True)
cites = sparse.csr_matrix((np.ones(len(s)), (s, t)), shape=(p, p))
nk_cites = nk.graph.GraphFromCsr(cites, directed=True, weighted=False)
scale = n / (n - 2) / 2
figures = {
    "pagerank": {"igraph": timed(lambda: ig_weighted.pagerank(weights="weight")),
                 "networkit": timed(lambda: run(nk.centrality.PageRank(nk_weighted, 0.85, 1e-9)))},
    "core_number": {"igraph": timed(ig_plain.coreness),
                    "networkit": timed(lambda: run(nk.centrality.CoreDecomposition(nk_plain)))},
    "clustering": {"igraph": timed(lambda: ig_plain.transitivity_local_undirected(mode="zero")),
                   "networkit": timed(lambda: run(nk.centrality.LocalClusteringCoefficient(nk_plain, turbo=True)))},
    "community": {"igraph": timed(lambda: ig_weighted.community_multilevel(weights="weight")),
                  "networkit": timed(lambda: run(nk.community.PLM(nk_weighted, refine=True)))},
    "betweenness": {"networkit": timed(lambda: run(nk.centrality.KadabraBetweenness(nk_plain, error / scale,
                                                                                     1 - confidence)))},
}
if len(s):
    figures["citation_pagerank"] = {"igraph": timed(lambda: ig_cites.pagerank()),
                                    "networkit": timed(lambda: run(nk.centrality.PageRank(nk_cites, 0.85, 1e-9)))}
print(json.dumps(figures))
"""


def _child(code: str, *args: str) -> dict[str, Any]:
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], cwd=root, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"a benchmark process failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def add_citations(db: Path, per_paper: int, *, seed: int = 0) -> int:
    """Give a store without citations ``per_paper`` citations per paper (see the module notes); rows written."""
    from graphkit.store.embedded import EmbeddedStore

    with EmbeddedStore(db) as store:
        if store.execute("MATCH (:Paper)-[c:CITES]->(:Paper) RETURN count(c) AS n")[0]["n"]:
            return 0
        papers = store.arrow("MATCH (p:Paper) RETURN p.id AS id, p.date AS date ORDER BY date, id")
        ids = papers.column("id").combine_chunks()
        rng = np.random.default_rng(seed)
        citing = np.repeat(np.arange(1, len(ids)), per_paper)
        cited = np.floor(citing * rng.random(len(citing)) ** 2).astype(np.int64)
        key = np.unique(citing * len(ids) + cited)
        citing, cited = key // len(ids), key % len(ids)
        table = pa.table({"from": ids.take(pa.array(citing)), "to": ids.take(pa.array(cited))})
        return store.copy_batches("CITES", table.to_batches(1_000_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--add-citations", type=int, default=0, help="citations per paper for a store without any")
    parser.add_argument("--metrics", help="analyze only these steps (comma-separated), as `graphkit analyze --metrics`")
    parser.add_argument("--no-libraries", action="store_true", help="skip the igraph / NetworkiT comparison")
    parser.add_argument(
        "--years", help="keep a snapshot as of each year's end FIRST-LAST instead (`graphkit analyze --years`)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    added = add_citations(args.db, args.add_citations) if args.add_citations else 0
    runs = [_child(_ANALYZE, str(args.db), args.engine, args.metrics or "", args.years or "") for _ in range(args.runs)]
    steps = {name: statistics.median(run["steps"][name] for run in runs) for name in runs[0]["steps"]}
    betweenness = runs[0]["betweenness"]
    libraries = (
        {} if args.no_libraries or args.years
        else _child(_LIBRARIES, str(args.db), str(args.runs), str(betweenness["error"] or 0.01), "0.9")
    )  # fmt: skip
    report: dict[str, Any] = {
        "db": str(args.db), "runs": args.runs, "citations_added": added, "authors": runs[0]["authors"],
        "papers": runs[0]["papers"], "peak_mib": round(max(run["peak_mib"] for run in runs)),
        "total_s": round(sum(steps.values()), 1), "betweenness": betweenness,
        "modularity": round(runs[0]["modularity"], 4), "communities": runs[0]["communities"], "steps": {},
    }  # fmt: skip
    for name, seconds in steps.items():
        row: dict[str, Any] = {"graphkit_s": round(seconds, 2)}
        if name in libraries:
            fastest = min(libraries[name].values())
            row.update({f"{lib}_s": round(s, 2) for lib, s in libraries[name].items()})
            row["ratio_to_fastest"] = round(seconds / fastest, 2) if fastest else None
        report["steps"][name] = row
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
