"""How well a clustering of mentions matches the truth: B³ and pairwise precision, recall and F1.

Author disambiguation is scored as a clustering: every mention (an author's place in a byline) gets a predicted
person and a true person. **B³** (Bagga and Baldwin, 1998) averages, over mentions, the share of the mention's
predicted cluster that is truly the same person (precision) and the share of its true cluster that was predicted
together (recall): each mention counts once, so one wrongly merged prolific name costs in proportion to its
mentions. **Pairwise** scores count pairs of mentions: precision is the share of predicted same-person pairs that
are true, recall the share of true pairs that were predicted; large clusters dominate, so it is the harsher score
for hubs. F1 is the harmonic mean of precision and recall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["ClusterScores", "b_cubed", "pairwise"]

M = TypeVar("M", bound=Hashable)
"""A mention."""


@dataclass(frozen=True)
class ClusterScores:
    """Precision, recall and F1 of a clustering against the truth."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0 when both are 0)."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _checked(predicted: Mapping[M, Hashable], truth: Mapping[M, Hashable]) -> None:
    if predicted.keys() != truth.keys():
        missing = len(truth.keys() - predicted.keys())
        extra = len(predicted.keys() - truth.keys())
        raise ValueError(f"predicted and true clusterings cover different mentions ({missing} missing, {extra} extra)")


def b_cubed(predicted: Mapping[M, Hashable], truth: Mapping[M, Hashable]) -> ClusterScores:
    """B³ precision and recall of ``predicted`` (mention → predicted cluster) against ``truth`` (mention → person).

    Raises
    ------
    ValueError
        If the two cover different mentions.

    Examples
    --------
    >>> truth = {"m1": "A", "m2": "A", "m3": "B"}
    >>> scores = b_cubed({"m1": 1, "m2": 1, "m3": 1}, truth)  # everyone merged
    >>> round(scores.precision, 3), scores.recall, round(scores.f1, 3)
    (0.556, 1.0, 0.714)
    """
    _checked(predicted, truth)
    if not truth:
        return ClusterScores(1.0, 1.0)
    both = Counter((predicted[m], truth[m]) for m in truth)
    predicted_size = Counter(predicted.values())
    true_size = Counter(truth.values())
    precision = sum(n * n / predicted_size[p] for (p, _), n in both.items()) / len(truth)
    recall = sum(n * n / true_size[t] for (_, t), n in both.items()) / len(truth)
    return ClusterScores(precision, recall)


def pairwise(predicted: Mapping[M, Hashable], truth: Mapping[M, Hashable]) -> ClusterScores:
    """Pairwise precision and recall: over pairs of mentions predicted (and truly) the same person.

    A clustering with no predicted pairs has precision 1; a truth with no pairs gives recall 1.

    Examples
    --------
    >>> truth = {"m1": "A", "m2": "A", "m3": "B"}
    >>> scores = pairwise({"m1": 1, "m2": 1, "m3": 1}, truth)  # 3 pairs predicted, 1 true
    >>> round(scores.precision, 3), scores.recall
    (0.333, 1.0)
    """
    _checked(predicted, truth)

    def pairs(counts: Counter[Hashable]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    together = pairs(Counter((predicted[m], truth[m]) for m in truth))
    predicted_pairs = pairs(Counter(predicted.values()))
    true_pairs = pairs(Counter(truth.values()))
    return ClusterScores(
        together / predicted_pairs if predicted_pairs else 1.0,
        together / true_pairs if true_pairs else 1.0,
    )
