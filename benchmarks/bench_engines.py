"""The engines side by side: each function of :mod:`graphkit.analysis.engines` by NetworkX, igraph and NetworkiT.

On one graph (a SNAP edge list, or the coauthor graph of a graphkit store), each metric is computed by each
engine ``--runs`` times in this process (each call converting the NetworkX graph: the Python API's cost); the
figure is the median wall time, and the ratio NetworkX / engine is measured in the same run. PageRank also
reports the largest difference between the engines' scores, and the community methods the modularity each
reaches.

Usage::

    .venv/bin/python benchmarks/bench_engines.py --edge-list ../shared/data/snap-ca-HepTh/CA-HepTh.txt --runs 3
    .venv/bin/python benchmarks/bench_engines.py --db graphkit.lbdb --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.analysis import engines
from graphkit.analysis.network import read_edge_list


def _graph(args: argparse.Namespace) -> nx.Graph:
    if args.edge_list:
        return read_edge_list(args.edge_list)
    from graphkit.analysis.stored import stored_graph
    from graphkit.store.embedded import EmbeddedStore

    with EmbeddedStore(args.db, read_only=True) as store:
        return stored_graph(store).coauthor_graph()


def _timed(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    seconds, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--edge-list", type=Path)
    source.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    G = _graph(args)
    weight = "weight" if args.db else None
    metrics: dict[str, Callable[[str], Any]] = {
        "pagerank": lambda engine: engines.pagerank(G, weight=weight, engine=engine),
        "core_number": lambda engine: engines.core_number(G, engine=engine),
        "connected_components": lambda engine: engines.connected_components(G, engine=engine),
        "louvain": lambda engine: engines.communities(G, method="louvain", weight=weight, engine=engine),
    }
    report: dict[str, Any] = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "runs": args.runs}
    metrics["clustering"] = lambda engine: engines.clustering(G, engine=engine)
    for name, work in metrics.items():
        timings, results = {}, {}
        for engine in ("networkx", "igraph", "networkit"):
            timings[engine], results[engine] = _timed(args.runs, partial(work, engine))
        row: dict[str, Any] = {f"{engine}_s": round(s, 4) for engine, s in timings.items()}
        row.update({f"ratio_{engine}": round(timings["networkx"] / s, 1) for engine, s in timings.items() if s})
        if name == "pagerank":
            row["max_difference"] = {
                engine: max((abs(results["networkx"][n] - found[n]) for n in G), default=0.0)
                for engine, found in results.items()
            }
        if name == "louvain":
            row["modularity"] = {
                engine: round(engines.modularity(G, found, weight=weight), 4) for engine, found in results.items()
            }
        report[name] = row
        print(name, json.dumps(row), flush=True)
    for engine in ("igraph", "networkit"):
        leiden_s, leiden = _timed(
            args.runs, partial(engines.communities, G, method="leiden", weight=weight, engine=engine)
        )
        report[f"leiden_{engine}"] = {"seconds": round(leiden_s, 4),
                                      "modularity": round(engines.modularity(G, leiden, weight=weight), 4)}  # fmt: skip
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
