"""The in-memory bidirectional path search against NetworkX's all shortest paths."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from graphkit.store.projection import CoauthorProjection


def _projection(G: nx.Graph) -> CoauthorProjection:
    return CoauthorProjection.from_edges(sorted(G), sorted(G.edges()))


@pytest.mark.parametrize("seed", range(6))
def test_every_pair_matches_networkx(seed: int) -> None:
    # Sparse random graphs (several components) and a hub, as coauthor graphs have.
    G = nx.gnm_random_graph(40, 55, seed=seed)
    G.add_edges_from((0, n) for n in range(30, 40))
    G = nx.relabel_nodes(G, {n: f"a{n:02d}" for n in G})
    projection = _projection(G)
    for a, b in itertools.combinations(sorted(G), 2):
        found = projection.shortest_paths(a, b, max_hops=15, limit=10_000)
        if not nx.has_path(G, a, b):
            assert found.hops is None and found.exhausted and found.paths == []
            continue
        expected = sorted(nx.all_shortest_paths(G, a, b))
        assert found.hops == len(expected[0]) - 1
        assert found.paths == expected


def test_hop_bound_limit_and_order() -> None:
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("a", "x"), ("x", "c")])
    projection = _projection(G)
    bounded = projection.shortest_paths("a", "d", max_hops=2, limit=10)
    assert bounded.hops is None and not bounded.exhausted  # connected, only further away
    assert projection.shortest_paths("a", "d", max_hops=3, limit=10).paths == [
        ["a", "b", "c", "d"],
        ["a", "x", "c", "d"],
    ]
    assert projection.shortest_paths("a", "d", max_hops=3, limit=1).paths == [["a", "b", "c", "d"]]
    assert projection.shortest_paths("d", "a", max_hops=3, limit=10).paths == [
        ["d", "c", "b", "a"],
        ["d", "c", "x", "a"],
    ]
