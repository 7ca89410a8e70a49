"""Realistic synthetic paper listings for benchmarks, written as ranked-list pages.

Shape, chosen to match real bibliographic data:

* authors per paper are heavy-tailed (a log-normal around 3-4, capped at 40);
* papers per author are heavy-tailed (authors are drawn by a Pareto popularity weight, so a few
  write hundreds of papers and most write one or two);
* names collide: people are drawn from a limited pool of given names and surnames, so distinct
  people share names and surname-plus-initial, as in real data;
* spelling varies: some bylines print a middle initial or only the first initial;
* a share of papers is listed twice on different pages (to be merged).

Usage: ``python benchmarks/synthetic.py --papers 100000 --out DIR`` writes ``DIR/ranked-NNN.txt``.
"""

from __future__ import annotations

import argparse
import itertools
import random
from pathlib import Path

__all__ = ["write_pages"]

_GIVEN = (
    "Aditya Alice Amir Ana Anders Andrea Anna Arjun Ben Bo Carla Carlos Chen Chloe Daniel David Diego "
    "Dmitri Elena Emma Erik Fatima Felix Gabriel Grace Hana Hanlin Hiro Ines Ivan Jakob James Jia Jiajun "
    "Jin Jingfeng Joao Jonas Julia Kai Karim Kenji Lara Lei Leo Li Lin Lucas Luis Maria Marco Maya Mei "
    "Min Ming Mohamed Nadia Nikhil Nina Noah Olga Omar Pablo Paul Pedro Priya Qiang Rafael Ravi Rosa "
    "Ruth Sara Sean Sham Simon Sofia Sun Tariq Tom Tong Uma Victor Wei Xin Yan Yang Yi Yuki Yusuf Zhen "
    "Zoe"
).split()
_SURNAMES = (
    "Adams Ahmed Ali Andersen Bauer Becker Brown Chen Cheng Costa Cruz Das Diaz Dubois Fischer Garcia "
    "Gupta Hall Hansen Huang Ito Jensen Johnson Jones Kakade Kim Kumar Lee Li Lin Liu Lopez Martin Meyer "
    "Miller Moreau Muller Nguyen Novak Park Patel Perez Petrov Rossi Sato Schmidt Shah Silva Singh Smith "
    "Suzuki Tanaka Taylor Wang Weber Williams Wilson Wong Wu Xu Yamamoto Yang Zhang Zhao Zhou Zhu"
).split()
_WORDS = (
    "learning deep neural networks graph attention transformers optimization stochastic gradient descent "
    "bounds convergence robust sparse models language vision representation generalization kernel "
    "bayesian inference reinforcement policy adaptive scalable efficient analysis theory regression "
    "classification clustering embedding retrieval generative diffusion contrastive federated private "
    "causal structure estimation sampling matrix tensor low rank online bandits games equilibrium "
    "scaling laws pretraining fine tuning alignment"
).split()
_CATEGORIES = ("LG", "LG", "LG", "CL", "CV", "ML", "OC", "DS", "AI", "IR")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_SYLLABLES = "ka lo mi ren sa to vi ne ha ru chi ban dor el fen gar hol ist jun kel lar mon nor pet qui ros sun tar"


def _surname_pool(rng: random.Random, count: int) -> list[str]:
    """Common real surnames plus generated ones: a long tail of rare names, as in real bylines."""
    syllables = _SYLLABLES.split()
    generated = {"".join(rng.choices(syllables, k=rng.randint(2, 4))).capitalize() for _ in range(count)}
    return [*_SURNAMES, *sorted(generated)]


def _people(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    surnames = _surname_pool(rng, count // 3)
    # Zipf-like surname frequencies: the common surnames (listed first) are shared by many people.
    surname_weights = list(itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(surnames))))
    people = []
    for _ in range(count):
        middle = rng.choice("ABCDEFGHJKLMNPRST") if rng.random() < 0.3 else ""
        (surname,) = rng.choices(surnames, cum_weights=surname_weights)
        people.append((rng.choice(_GIVEN), middle, surname))
    return people


def _spelling(rng: random.Random, person: tuple[str, str, str]) -> str:
    given, middle, surname = person
    roll = rng.random()
    if roll < 0.05:
        return f"{given[0]}. {surname}"
    if middle and roll < 0.5:
        return f"{given} {middle}. {surname}"
    return f"{given} {surname}"


def write_pages(papers: int, out: Path, *, seed: int = 0, per_page: int = 5000, duplicate_share: float = 0.05) -> int:
    """Write ``papers`` synthetic entries (plus duplicates) as ranked-list pages; return the entries written."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    people = _people(rng, max(1000, int(papers * 1.2)))
    cumulative = list(itertools.accumulate(rng.paretovariate(1.2) for _ in people))
    entries: list[str] = []
    for number in range(papers):
        size = min(40, max(1, round(rng.lognormvariate(1.1, 0.6))))
        authors = {id(p): p for p in rng.choices(people, cum_weights=cumulative, k=size)}.values()
        words = rng.choices(_WORDS, k=rng.randint(5, 11))
        title = " ".join([words[0].capitalize(), *words[1:], f"n{number}"])
        byline = ", ".join(_spelling(rng, p) for p in authors)
        date = f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(1995, 2025)}"
        meta = f"{rng.uniform(0, 99):.1f}{rng.choice(_CATEGORIES)}{date}"
        entry = f"{meta}\n\n{title}{byline}\n\nWe study {' '.join(rng.choices(_WORDS, k=40))}.\n"
        entries.append(entry)
        if rng.random() < duplicate_share:
            entries.append(entry)
    rng.shuffle(entries)
    for page, start in enumerate(range(0, len(entries), per_page)):
        (out / f"ranked-{page:03d}.txt").write_text("\n".join(entries[start : start + per_page]), "utf-8")
    return len(entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(write_pages(args.papers, args.out, seed=args.seed), "entries written to", args.out)


if __name__ == "__main__":
    main()
