"""Kleinberg bursts: hand-worked series, and the Viterbi decoding against every state sequence."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from graphkit.analysis.bursts import detect_bursts


def _cost(r: float, d: float, p: float) -> float:
    return -(r * math.log(p) + (d - r) * math.log1p(-p))


def test_a_hand_worked_burst() -> None:
    # 20 of 600 events overall: p0 = 1/30, p1 = 1/15. Periods 2 and 3 (10 of 100 each) are cheaper in the burst
    # state by 3.77 each, more than entering it costs (ln 6 = 1.79); the rest (0 of 100) are cheaper in the base.
    found = detect_bursts(np.array([[0, 0, 10, 10, 0, 0]]), np.array([100] * 6))
    assert (found.start.tolist(), found.end.tolist()) == ([2], [3])
    saved = _cost(10, 100, 1 / 30) - _cost(10, 100, 1 / 15)
    assert saved == pytest.approx(3.7733, abs=1e-4)
    assert found.strength[0] == pytest.approx(2 * saved)
    # One period at 4 of 100 saves less than ln 6: no burst. A higher gamma suppresses the first one too.
    assert len(detect_bursts(np.array([[2, 2, 4, 2, 2, 2]]), np.array([100] * 6))) == 0
    assert len(detect_bursts(np.array([[0, 0, 10, 10, 0, 0]]), np.array([100] * 6), gamma=5)) == 0


def test_two_bursts_in_one_series_and_series_that_never_burst() -> None:
    relevant = np.array([[9, 0, 0, 0, 0, 9, 9, 0], [0] * 8, [1, 1, 1, 1, 1, 1, 1, 1]])
    found = detect_bursts(relevant, np.array([50] * 8))
    assert list(zip(found.series.tolist(), found.start.tolist(), found.end.tolist(), strict=True)) == [
        (0, 0, 0),
        (0, 5, 6),
    ]
    # A period without any events at all is no evidence of a burst.
    found = detect_bursts(np.array([[9, 0, 9, 1, 1, 1]]), np.array([10, 0, 10, 10, 10, 10]))
    assert list(zip(found.start.tolist(), found.end.tolist(), strict=True)) == [(0, 0), (2, 2)]


@pytest.mark.parametrize("seed", range(20))
def test_viterbi_finds_the_cheapest_state_sequence(seed: int) -> None:
    rng = np.random.default_rng(seed)
    periods = 7
    total = rng.integers(20, 60, periods)
    relevant = np.minimum(rng.poisson(rng.uniform(1, 6), periods) * (1 + 3 * (rng.random(periods) < 0.3)), total)
    found = detect_bursts(relevant[None, :], total)
    p0 = relevant.sum() / total.sum()
    p1 = min(2 * p0, 1 - 1e-12)
    enter = math.log(periods)

    def cost(states: tuple[int, ...]) -> float:
        value, previous = 0.0, 0
        for t, state in enumerate(states):
            value += enter if state > previous else 0.0
            value += _cost(relevant[t], total[t], p1 if state else p0)
            previous = state
        return value

    best = min(itertools.product((0, 1), repeat=periods), key=lambda states: (cost(states), states))
    mine = [0] * periods
    for start, end in zip(found.start.tolist(), found.end.tolist(), strict=True):
        mine[start : end + 1] = [1] * (end - start + 1)
    assert cost(tuple(mine)) == pytest.approx(cost(best), abs=1e-9)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and its period's total"):
        detect_bursts(np.array([[5, 1]]), np.array([4, 4]))
    with pytest.raises(ValueError, match="series x periods"):
        detect_bursts(np.array([1, 2]), np.array([4, 4]))
    with pytest.raises(ValueError, match="scale must be above 1"):
        detect_bursts(np.array([[1, 2]]), np.array([4, 4]), scale=1)
