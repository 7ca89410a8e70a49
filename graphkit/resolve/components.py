"""Candidate components: which mentions could possibly be linked, found by integer union-find.

Every rule of a resolver links two mentions only when they share some key (an external id, a
normalised title, a name block). Mentions that share no key, directly or through others, can
never end up in one entity, so resolution splits into independent *components*: the connected
components of the graph whose edges join each mention to the first mention with the same key.
Most components are a single mention (a paper with one record) or need no decision at all (one
person always spelled the same way); only the rest go to the per-block Python rules.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["components", "first_of_group"]

IntArray = npt.NDArray[np.int64]


def first_of_group(codes: IntArray) -> IntArray:
    """For each position, the first position holding the same code (``-1`` codes are their own group).

    Examples
    --------
    >>> first_of_group(np.array([5, 3, 5, -1, 3])).tolist()
    [0, 1, 0, 3, 1]
    """
    codes = np.asarray(codes, dtype=np.int64)
    result = np.arange(len(codes), dtype=np.int64)
    keyed = np.flatnonzero(codes >= 0)
    if len(keyed):
        _, first, inverse = np.unique(codes[keyed], return_index=True, return_inverse=True)
        result[keyed] = keyed[first[inverse]]
    return result


def components(count: int, key_columns: Iterable[IntArray]) -> IntArray:
    """Component of each of ``count`` mentions, named by its smallest mention number.

    Each key column gives one integer code per mention (``-1``: no key); mentions with equal codes
    in any column are in one component.

    Examples
    --------
    >>> ids = np.array([7, -1, -1, 7, -1])
    >>> titles = np.array([-1, 2, 2, 4, 4])
    >>> components(5, [ids, titles]).tolist()
    [0, 1, 1, 0, 0]
    """
    heads, tails = [], []
    for codes in key_columns:
        first = first_of_group(codes)
        linked = np.flatnonzero(first != np.arange(count))
        heads.append(linked)
        tails.append(first[linked])
    if not heads or not sum(len(h) for h in heads):
        return np.arange(count, dtype=np.int64)
    rows, cols = np.concatenate(heads), np.concatenate(tails)
    matrix = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(count, count))
    _, labels = connected_components(matrix, directed=False)
    # Name each component by its smallest member, so that names follow mention order.
    smallest = np.full(labels.max() + 1 if count else 0, count, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(count, dtype=np.int64))
    result: IntArray = smallest[labels]
    return result
