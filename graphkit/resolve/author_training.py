"""Training the author model from labelled blocks, reproducibly.

1. The **mention model** learns from every labelled pair of every block (each pair weighted by one over the
   square root of its block's pairs, so the largest names do not drown the rest).
2. The **cluster model** learns from the groups the mention stage makes: the blocks are split in two halves,
   each half grouped by a mention model trained on the other half (groups as the model will see them on data
   it was not trained on), and each pair of groups is labelled by the groups' majority person.
3. The **final threshold** is the one with the best mean over the labelled sets of their B³ F1, each block
   clustered with the mention model of the half it was not in.

LightGBM runs deterministically on one thread with a fixed seed, so the same blocks give the same model file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
import numpy.typing as npt

from graphkit.resolve.author_block import FEATURES, AuthorBlock, chunks, many_pair_features, pair_indices
from graphkit.resolve.author_clusters import clusters_at, first_groups, group_features
from graphkit.resolve.author_model import CLUSTER_FEATURES, AuthorModel
from graphkit.resolve.evaluate import b_cubed

__all__ = ["FIRST_MERGE", "ROUNDS", "STRICT_MERGE", "LabelledBlock", "train_author_model"]

FloatArray = npt.NDArray[np.float64]

FIRST_MERGE = 0.8
"""Mentions merge at this average probability in the mention stage (only clear evidence)."""
STRICT_MERGE = 0.7
"""Groups merge at this in the pooling rounds before the last."""
ROUNDS = 2
"""Pooling rounds at :data:`STRICT_MERGE` before the final one."""
THRESHOLDS = tuple(round(0.3 + 0.05 * k, 2) for k in range(13))
"""The final thresholds tried (0.30 … 0.90)."""

PARAMETERS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 200,
    "lambda_l2": 1.0,
    "feature_fraction": 0.9,
    "deterministic": True,
    "force_col_wise": True,
    "num_threads": 1,
    "seed": 7,
    "verbose": -1,
}
TREES = 200
WEIGHT_POWER = 0.5
"""Each labelled pair weighs one over (its block's labelled pairs) to this power: a block of n pairs weighs √n."""


@dataclass
class LabelledBlock:
    """A block and the true person of each of its mentions (``None``: not labelled, context only)."""

    block: AuthorBlock
    truth: list[str | None]
    #: The labelled set the block comes from: the threshold is chosen on the mean of the sets' scores, so that a
    #: set of many mentions (the ambiguous AMiner names) does not decide it alone.
    source: str = ""
    #: Weak labels (hep-th submitters' e-mails): equal truths are one person, different ones say nothing, so only
    #: the pairs with equal truths are learned from, and the block takes no part in choosing the threshold.
    positive_only: bool = False


def _fit(features: FloatArray, labels: FloatArray, weights: FloatArray, names: Sequence[str]) -> lgb.Booster:
    data = lgb.Dataset(features, labels, weight=weights, feature_name=list(names), free_raw_data=True)
    return lgb.train(PARAMETERS, data, TREES)


def _features(blocks: Sequence[LabelledBlock]) -> list[FloatArray]:
    """The mention-pair features of every block, as a build computes them (:func:`many_pair_features`)."""
    result: list[FloatArray] = []
    for run in chunks([len(item.block) for item in blocks]):
        result.extend(many_pair_features([blocks[k].block for k in run]))
    return result


Scored = tuple[LabelledBlock, FloatArray]
"""A labelled block and its mention-pair features."""


def _mention_model(blocks: Sequence[Scored]) -> lgb.Booster:
    rows, labels, weights = [], [], []
    for item, features in blocks:
        truth = np.array([t if t is not None else "" for t in item.truth], dtype=object)
        labelled = np.array([t is not None for t in item.truth])
        i, j = pair_indices(len(item.block))
        keep = labelled[i] & labelled[j]
        if item.positive_only:
            keep &= truth[i] == truth[j]
        if not keep.any():
            continue
        rows.append(features[keep])
        labels.append((truth[i[keep]] == truth[j[keep]]).astype(np.float64))
        weights.append(np.full(int(keep.sum()), 1 / keep.sum() ** WEIGHT_POWER))
    return _fit(np.vstack(rows), np.concatenate(labels), np.concatenate(weights), FEATURES)


def _score(booster: lgb.Booster, features: FloatArray) -> FloatArray:
    return np.asarray(booster.predict(features, num_threads=1)) if len(features) else np.empty(0)


def _majority(item: LabelledBlock, members: list[int]) -> str | None:
    found = Counter(item.truth[i] for i in members if item.truth[i] is not None)
    return found.most_common(1)[0][0] if found else None


def _halves(blocks: Sequence[Scored]) -> list[tuple[list[Scored], list[Scored]]]:
    """Two (train, held out) splits of the blocks, alternating in block order."""
    first = [b for k, b in enumerate(blocks) if k % 2 == 0]
    second = [b for k, b in enumerate(blocks) if k % 2 == 1]
    return [(second, first), (first, second)]


def train_author_model(blocks: Sequence[LabelledBlock]) -> AuthorModel:
    """Train both boosters and choose the final threshold (see the module steps).

    Examples
    --------
    >>> from graphkit.core.names import parse_name
    >>> from graphkit.resolve.author_block import BlockMention
    >>> def block(k):
    ...     people = [("Ann Lee", f"x{k}", "KDD"), ("Ann Lee", f"x{k}", "KDD"), ("Ann Lee", f"y{k}", "ICML")] * 12
    ...     mentions = [BlockMention(n, parse_name(n), record=r, coauthors=[c], venue=v)
    ...                 for r, (n, c, v) in enumerate(people)]
    ...     return LabelledBlock(AuthorBlock(mentions), [c for _, c, _ in people])
    >>> model = train_author_model([block(k) for k in range(6)])
    >>> 0.3 <= model.final_merge <= 0.9
    True
    """
    scored = list(zip(blocks, _features(blocks), strict=True))
    mention = _mention_model(scored)
    inner: list[tuple[LabelledBlock, lgb.Booster, FloatArray]] = []
    rows, labels, weights = [], [], []
    for train, held_out in _halves(scored):
        model = _mention_model(train)
        for item, features in held_out:
            scores = _score(model, features)
            inner.append((item, model, scores))
            groups = first_groups(item.block, scores, FIRST_MERGE)
            if len(groups) < 2:
                continue
            majority = np.array([_majority(item, g) or "" for g in groups], dtype=object)
            i, j = pair_indices(len(groups))
            keep = (majority[i] != "") & (majority[j] != "")
            if item.positive_only:
                keep &= majority[i] == majority[j]
            if keep.any():
                rows.append(group_features(item.block, groups)[keep])
                labels.append((majority[i[keep]] == majority[j[keep]]).astype(np.float64))
                weights.append(np.full(int(keep.sum()), 1 / keep.sum() ** WEIGHT_POWER))
    cluster = _fit(np.vstack(rows), np.concatenate(labels), np.concatenate(weights), CLUSTER_FEATURES)
    inner = [(item, model, scores) for item, model, scores in inner if not item.positive_only]
    sources = sorted({item.source for item, _, _ in inner})
    predicted = {(source, t): {} for source in sources for t in range(len(THRESHOLDS))}  # type: ignore[var-annotated]
    truth: dict[str, dict[tuple[int, int], str]] = {source: {} for source in sources}
    for number, (item, model, mention_scores) in enumerate(inner):
        scorer = AuthorModel(model, cluster, FIRST_MERGE, STRICT_MERGE, THRESHOLDS[0], ROUNDS)
        for t, cluster_of in enumerate(clusters_at(item.block, scorer, THRESHOLDS, mention_scores)):
            for index, person in enumerate(item.truth):
                if person is not None:
                    predicted[(item.source, t)][(number, index)] = (number, cluster_of[index])
                    truth[item.source][(number, index)] = person
    by_threshold = [
        sum(b_cubed(predicted[(source, t)], truth[source]).f1 for source in sources) / len(sources)
        for t in range(len(THRESHOLDS))
    ]
    best = max(by_threshold)
    chosen = THRESHOLDS[by_threshold.index(best)]
    return AuthorModel(
        mention, cluster, FIRST_MERGE, STRICT_MERGE, chosen, ROUNDS,
        training={"blocks": len(blocks), "training_b_cubed_f1": round(best, 4), "trees": TREES,
                  "parameters": {k: v for k, v in PARAMETERS.items() if k != "verbose"}},
    )  # fmt: skip
