"""Synthetic arXiv metadata snapshots (Kaggle JSON Lines) of any size, for the scale benchmarks.

Every line has the real snapshot's fields and shapes (see ``shared/data/arxiv-kaggle-oai-snapshot``):
``id`` (new-style ``YYMM.NNNNN``), ``submitter``, ``authors`` (the raw byline, TeX accents kept,
"and" before the last name), ``title`` and ``abstract`` wrapped as arXiv wraps them, ``comments``,
``journal-ref``, ``doi``, ``report-no``, ``categories`` (primary first, real codes), ``license``,
``versions`` (RFC 2822 dates), ``update_date`` and ``authors_parsed`` (``[last, first, suffix]``).

The population is shaped like real bibliographic data:

* authors per paper are heavy-tailed (log-normal around 3–4, a long tail into the dozens);
* papers per author are heavy-tailed (authors drawn by a Pareto popularity weight);
* names collide: given names and surnames come from limited pools with Zipf-like frequencies, so
  different people share full names and surname-plus-initial;
* spellings vary: initials instead of given names, middle initials present or not, TeX accents;
* a few large collaborations (1,000–3,000 members, as in particle physics and astronomy) publish
  papers that list every member: one paper in 1,500.

Usage: ``python benchmarks/synthetic_snapshot.py --papers 1000000 --out snapshot.jsonl[.gz]``.
Streamed line by line: memory stays flat whatever the size. The same ``--seed`` gives the same file.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["SnapshotFigures", "snapshot_lines", "write_snapshot"]

_GIVEN = (
    "Aditya Alice Amir Ana Anders Andrea Anna Arjun Ben Bo Carla Carlos Chen Chloe Daniel David Diego Dmitri "
    "Elena Emma Erik Fatima Felix Gabriel Grace Hana Hanlin Hiro Ines Ivan Jakob James Jia Jiajun Jin Jingfeng "
    "Joao Jonas Julia Kai Karim Kenji Lara Lei Leo Li Lin Lucas Luis Maria Marco Maya Mei Min Ming Mohamed "
    "Nadia Nikhil Nina Noah Olga Omar Pablo Paul Pedro Priya Qiang Rafael Ravi Rosa Ruth Sara Sean Sham Simon "
    "Sofia Sun Tariq Tom Tong Uma Victor Wei Xin Yan Yang Yi Yuki Yusuf Zhen Zoe"
).split()
# Surnames with TeX accents as arXiv bylines print them, with their Unicode form for authors_parsed.
_ACCENTED = (("M\\\"uller", "Müller"), ("Bal\\'azs", "Balázs"), ("G\\'omez", "Gómez"), ("Ya\\u{g}mur", "Yağmur"),
             ("Fran\\c{c}ois", "François"), ("Nov\\'ak", "Novák"), ("Sch\\\"on", "Schön"))  # fmt: skip
_SURNAMES = (
    "Adams Ahmed Ali Andersen Bauer Becker Brown Chen Cheng Costa Cruz Das Diaz Dubois Fischer Garcia Gupta "
    "Hall Hansen Huang Ito Jensen Johnson Jones Kakade Kim Kumar Lee Li Lin Liu Lopez Martin Meyer Miller "
    "Moreau Nguyen Park Patel Perez Petrov Rossi Sato Schmidt Shah Silva Singh Smith Suzuki Tanaka Taylor "
    "Wang Weber Williams Wilson Wong Wu Xu Yamamoto Yang Zhang Zhao Zhou Zhu"
).split()
_SYLLABLES = "ka lo mi ren sa to vi ne ha ru chi ban dor el fen gar hol ist jun kel lar mon nor pet qui ros sun tar"
_WORDS = (
    "learning deep neural networks graph attention transformers optimization stochastic gradient descent bounds "
    "convergence robust sparse models language vision representation generalization kernel bayesian inference "
    "quantum field theory gauge symmetry black holes dark matter galaxies spectra superconductivity lattice "
    "topological phases entanglement scattering amplitudes neutrino cosmology inflation turbulence manifolds "
    "algebras operators estimation sampling matrix tensor low rank online bandits scaling"
).split()
# Real category codes with rough weights; a paper is cross-listed in 0-2 more.
_CATEGORIES = (
    ("cs.LG", 9), ("cs.CV", 6), ("cs.CL", 5), ("hep-th", 5), ("hep-ph", 5), ("quant-ph", 6), ("astro-ph.GA", 3),
    ("astro-ph.CO", 3), ("astro-ph.SR", 2), ("cond-mat.mes-hall", 3), ("cond-mat.str-el", 3), ("math.AP", 3),
    ("math.PR", 3), ("math.CO", 3), ("math.OC", 2), ("stat.ML", 4), ("physics.optics", 2), ("gr-qc", 3),
    ("cs.AI", 3), ("cs.IT", 2), ("eess.SP", 2), ("q-bio.NC", 1), ("econ.EM", 1), ("hep-ex", 2),
)  # fmt: skip
_COLLABORATION_CATEGORIES = ("hep-ex", "hep-ph", "astro-ph.CO", "gr-qc", "astro-ph.HE")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_COLLABORATION_EVERY = 1500

Person = tuple[str, str, str, str]  # given, middle initial ("" if none), surname as TeX, surname as Unicode


@dataclass
class SnapshotFigures:
    """What a generated snapshot holds."""

    papers: int = 0
    authorships: int = 0
    people: int = 0
    papers_over_1000_authors: int = 0
    max_authors: int = 0


def _people(rng: random.Random, count: int) -> list[Person]:
    syllables = _SYLLABLES.split()
    generated = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))).capitalize() for _ in range(count // 3)})
    surnames = [*((s, s) for s in _SURNAMES), *_ACCENTED, *((s, s) for s in generated)]
    # Zipf-like surname frequencies: the common surnames (listed first) are shared by many people.
    weights = list(itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(surnames))))
    people = []
    for _ in range(count):
        tex, plain = rng.choices(surnames, cum_weights=weights)[0]
        middle = rng.choice("ABCDEFGHJKLMNPRST") if rng.random() < 0.3 else ""
        people.append((rng.choice(_GIVEN), middle, tex, plain))
    return people


def _spelling(rng: random.Random, person: Person) -> tuple[str, list[str]]:
    """One byline spelling of a person and its ``authors_parsed`` entry."""
    given, middle, tex, plain = person
    roll = rng.random()
    if roll < 0.15:
        first = f"{given[0]}." + (f" {middle}." if middle else "")
    elif middle and roll < 0.55:
        first = f"{given} {middle}."
    else:
        first = given
    return f"{first} {tex}", [plain, first, ""]


def _wrap(text: str, width: int = 78, indent: str = "") -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return indent + ("\n" + indent).join(lines)


def _created(rng: random.Random, year: int, month: int) -> str:
    time = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
    return f"{rng.choice(_DAYS)}, {rng.randint(1, 28)} {_MONTHS[month - 1]} {year} {time} GMT"


def snapshot_lines(
    papers: int, *, seed: int = 0, figures: SnapshotFigures | None = None, first_id: int = 0
) -> Iterator[str]:
    """Yield ``papers`` snapshot lines (JSON, no newline), filling ``figures`` as it goes.

    Ids are numbered from ``first_id`` within each month, so files made with distinct ``first_id`` ranges
    describe distinct papers (an incremental build's new file).
    """
    rng = random.Random(seed)
    figures = figures if figures is not None else SnapshotFigures()
    people = _people(rng, max(6000, int(papers * 0.6)))
    figures.people = len(people)
    popularity = list(itertools.accumulate(rng.paretovariate(1.2) for _ in people))
    collaborations = [rng.sample(people, rng.randint(1000, 3000)) for _ in range(6)]
    codes = [code for code, _ in _CATEGORIES]
    code_weights = list(itertools.accumulate(weight for _, weight in _CATEGORIES))
    per_month: dict[tuple[int, int], int] = {}
    for number in range(papers):
        year, month = 2007 + number * 19 // max(papers, 1), rng.randint(1, 12)
        sequence = per_month[(year, month)] = per_month.get((year, month), first_id) + 1
        if number % _COLLABORATION_EVERY == _COLLABORATION_EVERY // 2:
            members = rng.choice(collaborations)
            primary = rng.choice(_COLLABORATION_CATEGORIES)
        else:
            size = min(200, max(1, round(rng.lognormvariate(1.1, 0.7))))
            members = list({id(p): p for p in rng.choices(people, cum_weights=popularity, k=size)}.values())
            (primary,) = rng.choices(codes, cum_weights=code_weights)
        spelled = [_spelling(rng, person) for person in members]
        names = [name for name, _ in spelled]
        byline = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        cross = {c for c in rng.choices(codes, cum_weights=code_weights, k=rng.choice((0, 0, 1, 2)))} - {primary}
        title = " ".join(rng.choices(_WORDS, k=rng.randint(5, 14))).capitalize()
        versions = [{"version": f"v{v}", "created": _created(rng, year, month)} for v in range(1, rng.randint(2, 4))]
        published = rng.random() < 0.4
        item = {
            "id": f"{year % 100:02d}{month:02d}.{sequence:05d}",
            "submitter": names[0].replace("\\", ""),
            "authors": byline,
            "title": _wrap(title, 70).replace("\n", "\n  "),
            "comments": f"{rng.randint(4, 60)} pages, {rng.randint(0, 20)} figures" if rng.random() < 0.7 else None,
            "journal-ref": f"Phys. Rev. D {rng.randint(50, 110)}, {rng.randint(1, 9999)} ({year})"
            if published
            else None,
            "doi": f"10.{rng.randint(1000, 9999)}/synthetic.{year}.{number}" if published else None,
            "report-no": None,
            "categories": " ".join([primary, *sorted(cross)]),
            "license": rng.choice((None, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/")),
            "abstract": _wrap(" ".join(rng.choices(_WORDS, k=rng.randint(60, 180))).capitalize() + ".", 78, "  ")
            + "\n",
            "versions": versions,
            "update_date": f"{year}-{month:02d}-{rng.randint(1, 28):02d}",
            "authors_parsed": [parsed for _, parsed in spelled],
        }
        figures.papers += 1
        figures.authorships += len(members)
        figures.max_authors = max(figures.max_authors, len(members))
        figures.papers_over_1000_authors += len(members) > 1000
        yield json.dumps(item, ensure_ascii=False)


def write_snapshot(papers: int, path: Path, *, seed: int = 0, first_id: int = 0) -> SnapshotFigures:
    """Write a snapshot of ``papers`` lines to ``path`` (gzip when it ends in ``.gz``); return its figures.

    Examples
    --------
    >>> import tempfile
    >>> figures = write_snapshot(3000, Path(tempfile.mkdtemp()) / "s.jsonl", seed=1)
    >>> figures.papers, figures.papers_over_1000_authors >= 1, figures.max_authors > 1000
    (3000, True, True)
    """
    figures = SnapshotFigures()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle: IO[str]
    with (
        gzip.open(path, "wt", encoding="utf-8", compresslevel=1)
        if path.suffix == ".gz"
        else path.open("w", encoding="utf-8") as handle
    ):
        for line in snapshot_lines(papers, seed=seed, figures=figures, first_id=first_id):
            handle.write(line)
            handle.write("\n")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    figures = write_snapshot(args.papers, args.out, seed=args.seed)
    print(f"{args.out}: {figures}")


if __name__ == "__main__":
    main()
