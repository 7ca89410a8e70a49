"""Kleinberg burst detection on yearly counts, for many series at once.

Kleinberg's batched two-state automaton (Kleinberg 2003, "Bursty and hierarchical structure in streams",
doi:10.1023/A:1024940629314, §4), the form CiteSpace applies to citations: in period ``t`` a series has ``r[t]``
relevant events out of ``d[t]`` (a paper's citations out of all citations made that year; an author's papers or a
category's papers out of all papers that year). The base state emits relevant events at the overall rate
``p0 = Σr / Σd``, the burst state at ``p1 = s · p0``; being in a state costs ``-ln`` of the binomial likelihood of
that period's counts, and entering the burst state costs ``γ · ln(T)`` for ``T`` periods. The cheapest state
sequence (Viterbi) marks the bursts; a burst's strength is the cost it saves, ``Σ (cost₀ − cost₁)`` over its periods
(the binomial coefficient cancels). Defaults ``s = 2``, ``γ = 1``, as in CiteSpace.

Every series is decoded at once: one pass over the periods with NumPy over the series, so a million papers'
citation histories take seconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["CHUNK_CELLS", "Bursts", "StrongestBursts", "detect_bursts", "strongest_bursts"]

CHUNK_CELLS = 2_000_000
"""Series × periods decoded at once by :func:`strongest_bursts` (about 100 MB of work arrays)."""


@dataclass(frozen=True)
class Bursts:
    """The bursts found: for each, its series, first and last period (inclusive) and strength; in series order."""

    series: np.ndarray
    start: np.ndarray
    end: np.ndarray
    strength: np.ndarray

    def __len__(self) -> int:
        return len(self.series)


def _costs(relevant: np.ndarray, total: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """``-ln(rate^r (1 - rate)^(d - r))`` per series and period (the binomial coefficient left out: it cancels)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = -(relevant * np.log(rate[:, None]) + (total[None, :] - relevant) * np.log1p(-rate[:, None]))
    return np.asarray(np.nan_to_num(cost, nan=0.0), np.float64)


def detect_bursts(
    relevant: np.ndarray, total: np.ndarray, *, scale: float = 2.0, gamma: float = 1.0, min_events: int = 1
) -> Bursts:
    """Bursts of every row of ``relevant`` (series × periods) against the periods' ``total``.

    Rows with fewer than ``min_events`` events, and periods with a total of zero, never burst.

    Examples
    --------
    >>> found = detect_bursts(np.array([[0, 0, 10, 10, 0, 0], [3, 3, 4, 3, 3, 3]]), np.array([100] * 6))
    >>> found.series.tolist(), found.start.tolist(), found.end.tolist()
    ([0], [2], [3])
    >>> round(float(found.strength[0]), 2)
    7.55

    Raises
    ------
    ValueError
        If the shapes disagree, a count is negative or exceeds its period's total, or ``scale`` is not above 1.
    """
    relevant = np.asarray(relevant, np.float64)
    total = np.asarray(total, np.float64)
    if relevant.ndim != 2 or total.shape != (relevant.shape[1],):
        raise ValueError("relevant is series x periods and total has one value per period")
    if (relevant < 0).any() or (relevant > total[None, :]).any():
        raise ValueError("every count lies between 0 and its period's total")
    if scale <= 1:
        raise ValueError("the burst state's rate is scale times the base rate: scale must be above 1")
    series, periods = relevant.shape
    events = relevant.sum(axis=1)
    base = events / total.sum() if total.sum() else np.zeros(series)
    high = np.minimum(base * scale, 1 - 1e-12)
    eligible = (events >= max(min_events, 1)) & (base > 0)
    cost0 = _costs(relevant, total, np.where(eligible, base, 0.5))
    cost1 = _costs(relevant, total, np.where(eligible, high, 0.5))
    cost1[:, total == 0] = np.inf  # an empty period is no evidence of anything
    cost1[~eligible] = np.inf
    enter = gamma * math.log(periods) if periods > 1 else gamma
    # Viterbi with two states: the cheapest cost of ending period t in each, and where each came from.
    best0, best1 = cost0[:, 0].copy(), cost1[:, 0] + enter
    came1_from1 = np.zeros((series, periods), bool)  # state 1 at t reached from state 1 at t - 1
    came0_from1 = np.zeros((series, periods), bool)
    for t in range(1, periods):
        stay1, rise = best1, best0 + enter
        came1_from1[:, t] = stay1 <= rise
        came0_from1[:, t] = best1 < best0  # ties stay in the base state
        best0, best1 = np.minimum(best0, best1) + cost0[:, t], np.minimum(stay1, rise) + cost1[:, t]
    state = np.zeros((series, periods), bool)
    current = best1 < best0
    for t in range(periods - 1, -1, -1):
        state[:, t] = current
        current = np.where(current, came1_from1[:, t], came0_from1[:, t])
    saved = np.where(state, cost0 - np.where(np.isinf(cost1), 0.0, cost1), 0.0)
    padded = np.pad(state, ((0, 0), (1, 1)))
    change = np.diff(padded.astype(np.int8), axis=1)
    rows, starts = np.nonzero(change == 1)
    _, ends = np.nonzero(change == -1)
    running = np.concatenate([np.zeros((series, 1)), np.cumsum(saved, axis=1)], axis=1)
    strength = running[rows, ends] - running[rows, starts]
    return Bursts(rows.astype(np.int64), starts.astype(np.int64), (ends - 1).astype(np.int64), strength)


@dataclass(frozen=True)
class StrongestBursts:
    """Per owner, its strongest burst: first and last period (``-1`` for none) and strength (``nan`` for none)."""

    start: np.ndarray
    end: np.ndarray
    strength: np.ndarray

    @property
    def found(self) -> int:
        """How many owners have a burst."""
        return int((self.start >= 0).sum())


def strongest_bursts(
    owner: np.ndarray,
    period: np.ndarray,
    owners: int,
    total: np.ndarray,
    *,
    scale: float = 2.0,
    gamma: float = 1.0,
    chunk_cells: int = CHUNK_CELLS,
) -> StrongestBursts:
    """The strongest burst of each owner, from its events: one ``(owner, period)`` row per event.

    Only owners with events are decoded, a chunk of them at a time (at most ``chunk_cells`` series × periods),
    so a citation graph of millions of papers needs no dense matrix of them all. Ties between an owner's bursts
    go to the earlier one.

    Examples
    --------
    >>> found = strongest_bursts(np.array([1] * 20), np.array([2] * 10 + [3] * 10), 3, np.array([100] * 6))
    >>> found.start.tolist(), found.end.tolist(), found.found
    ([-1, 2, -1], [-1, 3, -1], 1)
    """
    total = np.asarray(total, np.int64)
    periods = len(total)
    start = np.full(owners, -1, np.int64)
    end = np.full(owners, -1, np.int64)
    strength = np.full(owners, np.nan)
    active, local = np.unique(np.asarray(owner, np.int64), return_inverse=True)
    if not len(active) or not periods:
        return StrongestBursts(start, end, strength)
    cell = np.sort(local * periods + np.asarray(period, np.int64))
    rows_per_chunk = max(1, chunk_cells // periods)
    for first in range(0, len(active), rows_per_chunk):
        last = min(first + rows_per_chunk, len(active))
        low, high = np.searchsorted(cell, [first * periods, last * periods])
        counts = np.bincount(cell[low:high] - first * periods, minlength=(last - first) * periods)
        found = detect_bursts(counts.reshape(last - first, periods), total, scale=scale, gamma=gamma)
        if not len(found):
            continue
        # Strongest first within each series; the earliest of equal strengths first.
        best = np.lexsort((found.start, -found.strength, found.series))
        series = found.series[best]
        first_of_series = best[np.r_[True, series[1:] != series[:-1]]]
        rows = active[first + found.series[first_of_series]]
        start[rows] = found.start[first_of_series]
        end[rows] = found.end[first_of_series]
        strength[rows] = found.strength[first_of_series]
    return StrongestBursts(start, end, strength)
