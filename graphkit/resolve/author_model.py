"""The learned scorer of author-mention pairs: two gradient-boosted models and the thresholds they merge at.

The model ships in the package as one JSON file (``data/author_model.json``): LightGBM's own text format for
each booster (no pickle), the feature names they were trained on, the merge thresholds chosen on the training
data, and how it was trained. ``python -m tools.train_author_model`` rebuilds it, byte for byte, from
``../shared/data/aminer-and`` (see :mod:`graphkit.resolve.author_training`).

- the **mention model** scores two single mentions (the features of :func:`~graphkit.resolve.author_block.
  pair_features`);
- the **cluster model** scores two groups of mentions (the same features over each group's pooled context,
  plus the sizes of the two groups): pooled coauthors, venues and titles carry evidence no single pair has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Union

import lightgbm as lgb
import numpy as np
import numpy.typing as npt

from graphkit.core.errors import ResolveError
from graphkit.resolve.author_block import FEATURES

__all__ = ["CLUSTER_FEATURES", "AuthorModel", "AuthorResolution", "author_model_of", "default_model"]

CLUSTER_FEATURES = (*FEATURES, "group_sizes", "smaller_group")
"""The cluster model's features: the pair features over pooled context, then ``log(size_a × size_b)`` and
``min(size_a, size_b)``."""

FloatArray = npt.NDArray[np.float64]
MODEL_FILE = "author_model.json"
PARALLEL_ROWS = 20_000
"""Predictions over at least this many pairs use every core."""


@dataclass
class AuthorModel:
    """Two boosters and the probabilities at which mentions and groups merge.

    ``first_merge``: two mentions (average-linked) merge at this probability or above, before any pooling;
    ``strict_merge``: groups merge at this in each of ``rounds`` pooling rounds; ``final_merge``: the last round's
    threshold, chosen on the training names.
    """

    mention: lgb.Booster
    cluster: lgb.Booster
    first_merge: float
    strict_merge: float
    final_merge: float
    rounds: int
    training: dict[str, Any] = field(default_factory=dict)

    def score_mentions(self, features: FloatArray) -> FloatArray:
        """Probability that each pair of mentions (rows of :data:`FEATURES`) is one person."""
        return self._predict(self.mention, features, len(FEATURES))

    def score_groups(self, features: FloatArray) -> FloatArray:
        """Probability that each pair of groups (rows of :data:`CLUSTER_FEATURES`) is one person."""
        return self._predict(self.cluster, features, len(CLUSTER_FEATURES))

    @staticmethod
    def _predict(booster: lgb.Booster, features: FloatArray, width: int) -> FloatArray:
        if not len(features):
            return np.empty(0)
        if features.shape[1] != width:
            raise ValueError(f"expected {width} features per pair, got {features.shape[1]}")
        # Every row is scored on its own, so threads change the speed, never the numbers; below a few thousand
        # rows starting them costs more than it saves.
        return np.asarray(booster.predict(features, num_threads=0 if len(features) >= PARALLEL_ROWS else 1))

    def to_json(self) -> str:
        """The model file's text (stable: the same model always writes the same text)."""
        return json.dumps(
            {
                "format": "graphkit-author-model/1",
                "features": list(FEATURES),
                "cluster_features": list(CLUSTER_FEATURES),
                "first_merge": self.first_merge,
                "strict_merge": self.strict_merge,
                "final_merge": self.final_merge,
                "rounds": self.rounds,
                "training": self.training,
                "mention_model": self.mention.model_to_string(),
                "cluster_model": self.cluster.model_to_string(),
            },
            indent=1,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str, where: str = "the author model") -> AuthorModel:
        """Read a model file's text (see :meth:`to_json`).

        Raises
        ------
        ResolveError
            When the text is not a graphkit author model for these features (retrain it).
        """
        try:
            data = json.loads(text)
            if data.get("format") != "graphkit-author-model/1":
                raise ValueError(f"unknown format {data.get('format')!r}")
            if tuple(data["features"]) != FEATURES or tuple(data["cluster_features"]) != CLUSTER_FEATURES:
                raise ValueError("it was trained on other features than this graphkit computes")
            return cls(
                mention=lgb.Booster(model_str=data["mention_model"]),
                cluster=lgb.Booster(model_str=data["cluster_model"]),
                first_merge=float(data["first_merge"]),
                strict_merge=float(data["strict_merge"]),
                final_merge=float(data["final_merge"]),
                rounds=int(data["rounds"]),
                training=dict(data.get("training", {})),
            )
        except (ValueError, KeyError, TypeError, lgb.basic.LightGBMError) as e:
            raise ResolveError(
                f"{where}: not a usable graphkit author model ({e}); retrain it with python -m tools.train_author_model"
            ) from e

    @classmethod
    def load(cls, path: str | Path) -> AuthorModel:
        """Read a model file."""
        path = Path(path)
        try:
            text = path.read_text("utf-8")
        except OSError as e:
            raise ResolveError(f"{path}: cannot read the author model ({e.strerror})") from e
        return cls.from_json(text, str(path))


AuthorResolution = Union[Literal["rules", "learned"], "AuthorModel"]
"""How a build resolves authors: ``"rules"`` (the name rules), ``"learned"`` (the shipped model), or a model."""


def author_model_of(resolution: AuthorResolution | str) -> AuthorModel | None:
    """The model a resolution setting means (None: the name rules); a string other than ``rules`` and ``learned``
    is a model file's path.

    Examples
    --------
    >>> author_model_of("rules") is None, author_model_of("learned") is default_model()
    (True, True)
    """
    if isinstance(resolution, AuthorModel):
        return resolution
    if resolution == "rules":
        return None
    if resolution == "learned":
        return default_model()
    return AuthorModel.load(resolution)


@cache
def default_model() -> AuthorModel:
    """The model shipped with graphkit (read once per process).

    Examples
    --------
    >>> model = default_model()
    >>> 0 < model.strict_merge <= 1 and model.training["sets"]["aminer"]["mentions"] > 1000
    True
    """
    text = resources.files("graphkit.resolve").joinpath("data", MODEL_FILE).read_text("utf-8")
    return AuthorModel.from_json(text, f"graphkit/resolve/data/{MODEL_FILE}")
