"""Author disambiguation on every labelled set: B³ and pairwise precision, recall, F1, time and memory (issue 14).

Sets (``benchmarks/labelled.py``): the AMiner benchmark names, the DBLP excerpts with homonym numbers removed, the
OpenAlex page and the Semantic Scholar responses with author ids removed; and, as weak labels on a whole real
corpus, the hep-th abstracts with each submitter's byline name labelled by their e-mail (recall only). Systems,
each run in a fresh process (its peak memory is that process's, loading the set included; ``load-only`` is that
floor):

- ``one-per-block`` — every mention of a name block is one person (the floor of any name-based method);
- ``exact-name`` — mentions printed alike (case, accents and punctuation folded) are one person;
- ``surname-initial`` — mentions with the same surname and first initial are one person;
- ``graphkit-rules`` — graphkit's default resolution (:func:`graphkit.resolve.assemble.assemble`) of the set's
  records: ids, spellings, compatible variants, shared coauthors;
- ``graphkit-learned`` — the same with the learned author model (``author_model="learned"``), trained without
  the set it is scored on (on AMiner: five folds by name; on hep-th two folds by name block), the training time
  included in ``seconds``.

- ``s2and`` and ``s2and-nameless`` — Semantic Scholar's S2AND, its bundled production model as shipped (offline,
  so without the name-frequency tables it downloads) and its name-free pairwise model alone, on the same blocks
  (:mod:`benchmarks.s2and_runner`, run by the interpreter that has ``s2and``: this one, or the one
  ``--s2and-python`` / ``$GRAPHKIT_S2AND_PYTHON`` names). Without one, the run says so and leaves them out.

Scores are over every scored mention of the set (micro); for AMiner also the mean over its name blocks (macro),
the figure the benchmark's literature reports. The shipped model is trained on every set; the
``graphkit-learned`` row of each set is scored with a model trained without it (see :func:`graphkit_learned`).

Usage::

    .venv/bin/python benchmarks/bench_disambiguation.py [--sets aminer dblp] [--systems graphkit-learned exact-name]
        [--s2and-python /tmp/s2/bin/python]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import labelled
from benchmarks.labelled import LabelledSet, Mention
from benchmarks.memory import peak_mib
from graphkit.core.names import parse_name
from graphkit.core.text import fold
from graphkit.resolve.assemble import assemble
from graphkit.resolve.author_model import AuthorResolution
from graphkit.resolve.evaluate import b_cubed, pairwise
from tools.train_author_model import TRAINING_SETS
from tools.train_author_model import train as train_model

SETS: dict[str, Callable[[Path], LabelledSet]] = {
    "aminer": labelled.aminer,
    "dblp": labelled.dblp,
    "openalex": labelled.openalex,
    "semantic-scholar": labelled.semantic_scholar,
    "hepth-submitters": labelled.hepth_submitters,
}

Clustering = dict[Mention, str]


def one_per_block(data: LabelledSet) -> Clustering:
    """Every mention of a block is one person."""
    return {m: data.block[m] for m in data.truth}


def exact_name(data: LabelledSet) -> Clustering:
    """Mentions printed alike (folded) are one person."""
    return {m: fold(data.byline_name(m)) for m in data.truth}


def surname_initial(data: LabelledSet) -> Clustering:
    """Mentions with the same surname and first initial are one person."""
    return {m: labelled.block_key(data.byline_name(m)) for m in data.truth}


def _resolved(data: LabelledSet, model: AuthorResolution) -> Clustering:
    """The author node at each mention after graphkit resolves the set's records."""
    graph = assemble(data.records, author_model=model)
    paper_of = {paper.dblp_key: paper.id for paper in graph.papers.values() if paper.dblp_key}
    at: dict[tuple[str, int], str] = {}
    for (author_id, paper_id), position in graph.authored.items():
        if position is not None:
            at[(paper_id, position)] = author_id
    clustering: Clustering = {}
    for mention in data.truth:
        resolved_paper = paper_of.get(mention[0], "")
        # A mention resolution did not keep (its paper merged under another key) is its own person, never dropped.
        clustering[mention] = at.get((resolved_paper, mention[1]), f"unresolved:{mention}")
    return clustering


def graphkit_rules(data: LabelledSet, data_dir: Path) -> Clustering:
    """graphkit's default, the name rules (``author_model="rules"``): ids, spellings, compatible variants, coauthors."""
    return _resolved(data, "rules")


FOLDS = 5


def graphkit_learned(data: LabelledSet, data_dir: Path) -> Clustering:
    """graphkit with its author model, never scored on what it learned from. On AMiner, cross-validated by name:
    the names are dealt into five folds, and each fold's mentions are resolved by a model trained on the other
    four (and the other sets); on the hep-th submitters likewise in two folds by name block; every other set is
    resolved by a model trained on all the sets but that one."""
    if data.name == "hepth-submitters":
        # Two folds by name block: each resolved by a model trained on the other fold's e-mails (and the other sets).
        return _folds(data, data_dir, sorted(set(data.block.values())), 2)
    if data.name != "aminer":
        return _resolved(data, train_model(data_dir, sets=[name for name in TRAINING_SETS if name != data.name]))
    return _folds(data, data_dir, sorted(set(data.block.values())), FOLDS)


def _folds(data: LabelledSet, data_dir: Path, blocks: list[str], folds: int) -> Clustering:
    """Each fold's blocks resolved by a model trained with them held out (left unlabelled)."""
    clustering: Clustering = {}
    for fold_number in range(folds):
        held_out = frozenset(blocks[fold_number::folds])
        resolved = _resolved(data, train_model(data_dir, held_out))
        clustering.update({m: f"{fold_number}:{p}" for m, p in resolved.items() if data.block[m] in held_out})
    return clustering


RUNNER = Path(__file__).with_name("s2and_runner.py")


def s2and_input(data: LabelledSet) -> tuple[dict[str, object], dict[str, Mention]]:
    """The set in S2AND's input format (every record a paper, every scored mention a signature in its block),
    and the mention of each signature id."""
    papers: dict[str, object] = {}
    number_of: dict[str, int] = {}
    for number, record in enumerate(data.records):
        number_of[record.ids.dblp or ""] = number
        papers[str(number)] = {
            "paper_id": number,
            "title": record.title or "",
            "abstract": record.abstract or "",
            "year": record.date.year if record.date else None,
            "venue": record.venue or record.journal_ref or "",
            "journal_name": record.venue or record.journal_ref or "",
            "authors": [{"position": k, "author_name": a.name} for k, a in enumerate(record.authors)],
            "references": None,
        }
    signatures: dict[str, object] = {}
    mention_of: dict[str, Mention] = {}
    for number, mention in enumerate(sorted(data.truth)):
        author = data.author_at(mention)
        parsed = parse_name(author.name)
        signature_id = str(number)
        mention_of[signature_id] = mention
        signatures[signature_id] = {
            "signature_id": signature_id,
            "paper_id": number_of[mention[0]],
            "author_info": {
                "position": mention[1] - 1,
                "block": data.block[mention],
                "first": parsed.given[0] if parsed.given else "",
                "middle": " ".join(parsed.given[1:]) or None,
                "last": parsed.surname,
                "suffix": None,
                "email": None,
                "affiliations": [a.name for a in author.affiliations],
            },
        }
    return {"papers": papers, "signatures": signatures}, mention_of


def s2and(data: LabelledSet, variant: str, python: str) -> Clustering:
    """S2AND's production model (``variant``: ``full`` or ``nameless``) on the set, run by ``python``."""
    payload, mention_of = s2and_input(data)
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "input.json", Path(folder) / "output.json"
        source.write_text(json.dumps(payload), "utf-8")
        quiet = {**os.environ, "TQDM_DISABLE": "1", "PYTHONWARNINGS": "ignore"}  # its progress bars, per block
        subprocess.run([python, str(RUNNER), str(source), str(target), variant], check=True, env=quiet)
        predicted = json.loads(target.read_text("utf-8"))
    return {mention: f"{data.block[mention]}:{predicted[sid]}" for sid, mention in mention_of.items()}


def s2and_python(named: str | None) -> str | None:
    """The interpreter that runs S2AND: ``named``, else this one if it has ``s2and``, else None."""
    if named:
        return named
    return sys.executable if importlib.util.find_spec("s2and") is not None else None


SYSTEMS: dict[str, Callable[[LabelledSet, Path], Clustering]] = {
    "one-per-block": lambda data, _: one_per_block(data),
    "exact-name": lambda data, _: exact_name(data),
    "surname-initial": lambda data, _: surname_initial(data),
    "graphkit-rules": graphkit_rules,
    "graphkit-learned": graphkit_learned,
    "s2and": lambda data, _: s2and(data, "full", os.environ["GRAPHKIT_S2AND_PYTHON"]),
    "s2and-nameless": lambda data, _: s2and(data, "nameless", os.environ["GRAPHKIT_S2AND_PYTHON"]),
}
S2AND_SYSTEMS = ("s2and", "s2and-nameless")


def _scores(predicted: Clustering, data: LabelledSet) -> dict[str, float]:
    b3, pw = b_cubed(predicted, data.truth), pairwise(predicted, data.truth)
    if data.positive_only:  # weak labels: different truths may be one person, so precision means nothing
        return {"b3_recall": round(b3.recall, 4), "pairwise_recall": round(pw.recall, 4)}
    row = {
        "b3_precision": b3.precision,
        "b3_recall": b3.recall,
        "b3_f1": b3.f1,
        "pairwise_precision": pw.precision,
        "pairwise_recall": pw.recall,
        "pairwise_f1": pw.f1,
    }
    if data.name == "aminer":
        by_block: dict[str, list[Mention]] = defaultdict(list)
        for mention in data.truth:
            by_block[data.block[mention]].append(mention)
        per_block = [
            b_cubed({m: predicted[m] for m in ms}, {m: data.truth[m] for m in ms}).f1 for ms in by_block.values()
        ]
        row["b3_f1_mean_over_names"] = statistics.fmean(per_block)
    return {key: round(value, 4) for key, value in row.items()}


def _run(set_name: str, system: str, data_dir: str) -> dict[str, object]:
    """One system on one set, in this (fresh) process: scores, seconds and peak memory."""
    data = SETS[set_name](Path(data_dir))
    if system == "load-only":
        return {"peak_mib": round(peak_mib(), 1)}
    started = time.perf_counter()
    predicted = SYSTEMS[system](data, Path(data_dir))
    seconds = time.perf_counter() - started
    peak = peak_mib()
    if system in S2AND_SYSTEMS:  # S2AND ran in a child process: its peak is that process's
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return {**_scores(predicted, data), "seconds": round(seconds, 3), "peak_mib": round(peak, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("GRAPHKIT_SHARED", "../shared")) / "data")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--systems", nargs="*", default=["load-only", *SYSTEMS])
    parser.add_argument("--s2and-python", default=os.environ.get("GRAPHKIT_S2AND_PYTHON"),
                        help="an interpreter with s2and installed (default: this one, if it has it)")  # fmt: skip
    args = parser.parse_args()
    python = s2and_python(args.s2and_python)
    if python is None:
        print("s2and: not installed (pip install s2and, or --s2and-python); its rows are left out", flush=True)
        args.systems = [system for system in args.systems if system not in S2AND_SYSTEMS]
    else:
        os.environ["GRAPHKIT_S2AND_PYTHON"] = python  # the spawned workers inherit it
        print(f"s2and: run by {python}", flush=True)
    context = multiprocessing.get_context("spawn")
    report: dict[str, dict[str, object]] = {}
    for set_name in args.sets:
        data = SETS[set_name](args.data)
        report[set_name] = {
            "mentions": len(data.truth),
            "people": len(set(data.truth.values())),
            "blocks": len(set(data.block.values())),
            "records": len(data.records),
            "unlocated": len(data.unlocated),
        }
        for system in args.systems:
            with context.Pool(1) as pool:
                row = pool.apply(_run, (set_name, system, str(args.data)))
            report[set_name][system] = row
            print(f"{set_name:<17} {system:<16} {json.dumps(row)}", flush=True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
