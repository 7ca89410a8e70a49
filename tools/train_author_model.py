"""Train the author model shipped in ``graphkit/resolve/data/author_model.json`` from the labelled sets.

Run ``python -m tools.train_author_model [--data ../shared/data] [--out PATH]``. The blocks are built by the
same code a build uses (:func:`graphkit.resolve.bulk_authors.author_blocks`) from the records of every labelled
set in ``../shared/data`` (:mod:`benchmarks.labelled`: the AMiner names, the DBLP, OpenAlex and Semantic
Scholar sets with their ids removed, and the hep-th submitters' e-mails as weak labels); training is
deterministic, so a second run writes the same file.
``--check`` trains and compares with the shipped file instead of writing (a test does this).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks import labelled
from graphkit.resolve.author_model import MODEL_FILE, AuthorModel
from graphkit.resolve.author_training import LabelledBlock, train_author_model
from graphkit.resolve.bulk_authors import author_blocks

SHIPPED = Path(__file__).resolve().parents[1] / "graphkit" / "resolve" / "data" / MODEL_FILE


def labelled_blocks(data: labelled.LabelledSet, held_out: frozenset[str] = frozenset()) -> list[LabelledBlock]:
    """The set's blocks as a build makes them, each mention labelled with its true person; the mentions of the
    names in ``held_out`` (and every mention the set does not label) stay unlabelled, as context only."""
    records = data.records
    result = []
    for positions, block in author_blocks(records):
        truth: list[str | None] = []
        for mention, position in zip(block.mentions, positions, strict=True):
            key = (records[mention.record].ids.dblp or "", position) if mention.record >= 0 else None
            person = data.truth.get(key) if key else None
            truth.append(None if person is None or data.block[key] in held_out else person)  # type: ignore[index]
        if sum(t is not None for t in truth) >= 2:
            result.append(LabelledBlock(block, truth, data.name, data.positive_only))
    return result


TRAINING_SETS = ("aminer", "dblp", "openalex", "semantic-scholar", "hepth-submitters")
"""Every labelled set the shipped model learns from (the benchmark leaves out the one it scores)."""

_LOADERS = {"aminer": labelled.aminer, "dblp": labelled.dblp, "openalex": labelled.openalex,
            "semantic-scholar": labelled.semantic_scholar, "hepth-submitters": labelled.hepth_submitters}  # fmt: skip


def train(data_dir: Path, held_out: frozenset[str] = frozenset(), sets: Sequence[str] = TRAINING_SETS) -> AuthorModel:
    """The model trained on the labelled ``sets``, leaving the blocks (AMiner names, hep-th name blocks) in
    ``held_out`` unlabelled.

    The AMiner names are all ambiguous (chosen for it); the other sets are ordinary bylines, where most names
    are one person, and the hep-th submitters' e-mails say which of a whole corpus's mentions are one person
    (positives only). The model needs all of them to know when a name's mentions are probably one person.
    """
    blocks: list[LabelledBlock] = []
    summary: dict[str, object] = {}
    digest = hashlib.sha256()
    for name in sets:
        data = _LOADERS[name](data_dir)
        found = labelled_blocks(data, held_out)
        blocks.extend(found)
        summary[name] = {"blocks": len(found), "mentions": sum(sum(t is not None for t in b.truth) for b in found)}
        for record in data.records:
            digest.update(record.model_dump_json().encode())
    model = train_author_model(blocks)
    model.training.update({"sets": summary, "held_out_names": len(held_out), "records_sha256": digest.hexdigest()[:16]})
    return model


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--out", type=Path, default=SHIPPED)
    parser.add_argument("--check", action="store_true", help="compare with the shipped model instead of writing")
    args = parser.parse_args(argv)
    text = train(args.data).to_json() + "\n"
    if args.check:
        same = args.out.read_text("utf-8") == text
        print(f"{args.out}: {'identical to' if same else 'DIFFERENT from'} a fresh training run")
        return 0 if same else 1
    args.out.write_text(text, "utf-8")
    print(f"wrote {args.out} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
