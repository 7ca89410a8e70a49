"""Author resolution inside one large name block (issue 12): the growth curve in the block's spellings.

Real data has blocks of thousands of spellings that share a surname and first initial ("J. Wang": Jian,
Jun, Jing, … Wang, with and without middle initials, and the initials alone). This builds such a block of
``n`` distinct spellings, each on a few papers with coauthors drawn from a small circle (so that ambiguous
initials find coauthor evidence), and times :class:`graphkit.resolve.authors.AuthorResolver` on it. The
baseline measured in the same run is the pairwise compatibility test of every two spellings that the
resolver used to run (quadratic in the block), so the ratio shows what the candidate grouping saves.

Usage: ``python benchmarks/bench_blocks.py --sizes 675 2000 5258 --runs 3``
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.core.names import compatible, parse_name
from graphkit.resolve.authors import AuthorMention, AuthorResolver
from graphkit.resolve.base import Mention

_SYLLABLES = "jia jian jie jin jing jiong ju jun jue an ang ao ei en eng ong ou u ua uan ui un uo".split()


def block(n: int, seed: int = 0) -> list[AuthorMention]:
    """Mentions of ``n`` distinct spellings in the block (wang, j), three papers each.

    About 6,000 first names times 20 middle-initial forms: room for far more spellings than any size asked.
    """
    rng = random.Random(seed)
    spellings: dict[str, None] = {}
    while len(spellings) < n:
        first = rng.choice(_SYLLABLES[:10]) + rng.choice(["", *_SYLLABLES]) + rng.choice(["", "", *_SYLLABLES[10:]])
        roll = rng.random()
        if roll < 0.1:
            name = f"J. {rng.choice('ABCDEFGHKLMNPQRSTXYZ')}. Wang" if rng.random() < 0.7 else "J. Wang"
        elif roll < 0.4:
            name = f"{first.capitalize()} {rng.choice('ABCDEFGHKLMNPQRSTXYZ')}. Wang"
        else:
            name = f"{first.capitalize()} Wang"
        spellings[name] = None
    mentions = []
    for paper, name in enumerate(list(spellings) * 3):
        mentions.append(AuthorResolver.mention(name, None, paper))
        for coauthor in rng.sample(range(200), 3):
            mentions.append(AuthorResolver.mention(f"Coauthor{coauthor} Li", None, paper))
    return mentions


def all_pairs(mentions: list[AuthorMention]) -> int:
    """The former way: test every two distinct spellings of the block; return the compatible pairs."""
    keys = {m.parsed.key: m.parsed for m in mentions if m.parsed.surname == "wang"}
    parsed = list(keys.values())
    return sum(1 for i, a in enumerate(parsed) for b in parsed[i + 1 :] if compatible(a, b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[675, 2000, 5258])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        mentions = block(n)
        resolver_s, baseline_s = [], []
        for _ in range(args.runs):
            parse_name.cache_clear()
            start = time.perf_counter()
            clustering = AuthorResolver().resolve(list[Mention](mentions))
            resolver_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            all_pairs(mentions)
            baseline_s.append(time.perf_counter() - start)
        resolved, pairwise = statistics.median(resolver_s), statistics.median(baseline_s)
        rows.append({
            "spellings": n, "mentions": len(mentions), "people_after": len(set(clustering.cluster_of)),
            "resolver_s_median": round(resolved, 3), "all_pairs_test_s_median": round(pairwise, 3),
            "resolver_over_all_pairs": round(resolved / pairwise, 3),
        })  # fmt: skip
        print(json.dumps(rows[-1]), flush=True)
    print(json.dumps({"runs": args.runs, "blocks": rows}, indent=2))


if __name__ == "__main__":
    main()
