"""Collaborator recommendation, evaluated on a temporal split of the hep-th corpus (issue 5).

Train on the coauthor graph of papers dated before 2000; the positives are pairs of authors who
both appear in the training graph, had not written together, and do write together in 2000–2003.
Reports, for resource allocation and Adamic–Adar and against a random baseline:

* AUC: the probability that a random positive outscores a random non-edge (ties count half),
  estimated on ``--samples`` positive/negative pairs drawn with ``--seed``;
* precision@k: the share of positives among the k highest-scored candidate pairs (all pairs two
  steps apart in the training graph); the random baseline is positives / all non-edges.

Usage: ``python benchmarks/bench_linkpred.py [--k 100 1000] [--samples 20000] [--seed 0]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.analysis.metrics import restrict_to
from graphkit.analysis.recommend import METHODS, score_pairs
from graphkit.store.build import build_graph


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    shared = Path(os.environ.get("GRAPHKIT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    graph = build_graph(sorted((shared / "data" / "snap-cit-HepTh" / "abstracts").glob("*.tar.gz")))
    train = restrict_to(graph, dt.date(1999, 12, 31)).coauthor_graph()
    later = {
        pid for pid, p in graph.papers.items() if p.date and dt.date(2000, 1, 1) <= p.date <= dt.date(2003, 12, 31)
    }
    authors_of: dict[str, list[str]] = {}
    for author, paper in graph.authored:
        if paper in later:
            authors_of.setdefault(paper, []).append(author)
    positives: set[tuple[str, str]] = {
        _pair(a, b)
        for members in authors_of.values()
        for i, a in enumerate(members)
        for b in members[i + 1 :]
        if a != b and a in train and b in train and not train.has_edge(a, b)
    }
    nodes = list(train)
    rng = random.Random(args.seed)
    non_edges_total = len(nodes) * (len(nodes) - 1) // 2 - train.number_of_edges()
    negatives: list[tuple[str, str]] = []
    while len(negatives) < args.samples:
        a, b = rng.sample(nodes, 2)
        pair = _pair(a, b)
        if not train.has_edge(a, b) and pair not in positives:
            negatives.append(pair)
    sampled_positives = rng.sample(sorted(positives), min(args.samples, len(positives)))
    candidates = sorted({_pair(u, w) for z in train for u in train[z] for w in train[z]
                         if u < w and not train.has_edge(u, w)})  # fmt: skip
    report: dict[str, object] = {
        "train_authors": len(nodes), "train_edges": train.number_of_edges(), "positives": len(positives),
        "candidate_pairs_two_steps_apart": len(candidates),
        "random_baseline": {"auc": 0.5, "precision": round(len(positives) / non_edges_total, 6)},
    }  # fmt: skip
    for method in METHODS:
        pos = score_pairs(train, sampled_positives, method)
        neg = score_pairs(train, negatives, method)
        pairs = list(zip(pos, rng.sample(neg, len(neg)) * (len(pos) // len(neg) + 1), strict=False))
        auc = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in pairs) / len(pairs)
        scores = score_pairs(train, candidates, method)
        ranked = [pair for _, pair in sorted(zip(scores, candidates, strict=True), key=lambda t: (-t[0], t[1]))]
        precision = {f"p@{k}": round(sum(1 for pair in ranked[:k] if pair in positives) / k, 4) for k in args.k}
        report[method] = {"auc": round(auc, 4), **precision}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
