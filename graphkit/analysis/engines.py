"""NetworkX's functions with a fast engine behind them, for a NetworkX graph in hand.

Every function takes a NetworkX graph and returns what NetworkX would (dicts keyed by node, lists of node
sets), whichever engine computes it: ``networkx`` calls NetworkX itself; ``igraph`` and ``networkit`` convert the
graph once (:class:`Converted`, shared by every function given it) and run
:mod:`graphkit.analysis.algorithms`, where what each engine computes and how closely they agree is set out;
``auto`` picks NetworkiT from :data:`~graphkit.analysis.algorithms.FAST_FROM_NODES` nodes up. ``graphkit analyze``
uses :mod:`graphkit.analysis.algorithms` directly on arrays read from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx
import numpy as np

from graphkit.analysis import algorithms
from graphkit.analysis.algorithms import ENGINES, FAST_FROM_NODES, BetweennessRun, choose_engine
from graphkit.analysis.arrays import Edges
from graphkit.analysis.cores import clustering_coefficients, core_numbers

__all__ = [
    "ENGINES",
    "FAST_FROM_NODES",
    "Converted",
    "betweenness",
    "choose_engine",
    "clustering",
    "communities",
    "connected_components",
    "core_number",
    "modularity",
    "pagerank",
]


class Converted:
    """A NetworkX graph as an edge list (nodes numbered in ``G``'s order), for the fast engines.

    Examples
    --------
    >>> converted = Converted(nx.karate_club_graph())
    >>> ranks, cores = pagerank(converted, engine="igraph"), core_number(converted, engine="networkit")
    >>> converted.prepared.edges.count, cores[0]
    (78, 4)
    """

    def __init__(self, G: nx.Graph, weight: str | None = "weight") -> None:
        self.G = G
        self.nodes: list[Hashable] = list(G)
        number = {node: index for index, node in enumerate(self.nodes)}
        source = np.fromiter((number[u] for u, _ in G.edges()), np.int64, count=G.number_of_edges())
        target = np.fromiter((number[v] for _, v in G.edges()), np.int64, count=G.number_of_edges())
        weights = None
        if weight is not None:
            weights = np.fromiter((float(d.get(weight, 1.0)) for _, _, d in G.edges(data=True)), np.float64,
                                  count=G.number_of_edges())  # fmt: skip
        self.prepared = algorithms.Prepared(Edges(len(self.nodes), source, target, weights, G.is_directed()))

    def by_node(self, values: np.ndarray) -> dict[Any, Any]:
        """``values`` (one per node number) keyed by node."""
        return dict(zip(self.nodes, values.tolist(), strict=True))

    def groups(self, membership: np.ndarray) -> list[set[Any]]:
        """Node sets from group numbers."""
        found: list[set[Any]] = [set() for _ in range(int(membership.max(initial=-1)) + 1)]
        for node, group in zip(self.nodes, membership.tolist(), strict=True):
            found[group].add(node)
        return found


def _converted(graph: nx.Graph | Converted, weight: str | None = "weight") -> Converted:
    return graph if isinstance(graph, Converted) else Converted(graph, weight)


def _per_node(
    graph: nx.Graph | Converted,
    engine: str,
    reference: Callable[[nx.Graph], dict[Any, Any]],
    fast: Callable[..., np.ndarray],
) -> dict[Any, Any]:
    """``reference(G)`` on the NetworkX engine, else ``fast(prepared, engine=...)`` keyed by node."""
    G = graph.G if isinstance(graph, Converted) else graph
    used = choose_engine(engine, G.number_of_nodes())
    if used == "networkx":
        return reference(G)
    converted = _converted(graph)
    return converted.by_node(fast(converted.prepared, engine=used))


def _by_size(parts: list[set[Any]]) -> list[set[Any]]:
    return sorted(parts, key=lambda part: (-len(part), min(map(str, part))))


def pagerank(
    graph: nx.Graph | Converted, *, weight: str | None = "weight", alpha: float = 0.85, engine: str = "auto"
) -> dict[Any, float]:
    """PageRank of every node (damping ``alpha``; dangling nodes spread their rank evenly, as in NetworkX).

    Examples
    --------
    >>> ranks = pagerank(nx.path_graph(3), engine="igraph")
    >>> round(ranks[1], 4), round(sum(ranks.values()), 6)
    (0.4865, 1.0)
    """
    G = graph.G if isinstance(graph, Converted) else graph
    if not G.number_of_nodes():
        return {}
    used = choose_engine(engine, G.number_of_nodes())
    if used == "networkx":
        return dict(nx.pagerank(G, alpha=alpha, weight=weight))
    converted = _converted(graph, weight)
    return converted.by_node(algorithms.pagerank(converted.prepared, engine=used, alpha=alpha))


def core_number(graph: nx.Graph | Converted, *, engine: str = "auto") -> dict[Any, int]:
    """The k-core number of every node (self-loops ignored).

    Examples
    --------
    >>> core_number(nx.complete_graph(4), engine="networkit")
    {0: 3, 1: 3, 2: 3, 3: 3}
    """
    return _per_node(graph, engine, core_numbers, algorithms.core_number)


def clustering(graph: nx.Graph | Converted, *, engine: str = "auto") -> dict[Any, float]:
    """Unweighted local clustering of every node (self-loops ignored), as ``networkx.clustering``.

    Examples
    --------
    >>> G = nx.complete_graph(3); G.add_edge(2, 3)
    >>> clustering(G, engine="networkit")
    {0: 1.0, 1: 1.0, 2: 0.3333333333333333, 3: 0.0}
    """
    return _per_node(graph, engine, clustering_coefficients, algorithms.clustering)


def betweenness(
    graph: nx.Graph | Converted, *, engine: str = "auto", error: float = 0.01, confidence: float = 0.9, seed: int = 0
) -> tuple[dict[Any, float], BetweennessRun]:
    """Normalised betweenness (unweighted), exact when cheap, else within ``error`` with ``confidence``.

    Examples
    --------
    >>> scores, run = betweenness(nx.path_graph(3), engine="networkit")
    >>> scores, run.exact
    ({0: 0.0, 1: 1.0, 2: 0.0}, True)
    """
    G = graph.G if isinstance(graph, Converted) else graph
    converted = _converted(graph)
    used = choose_engine(engine, G.number_of_nodes())
    scores, run = algorithms.betweenness(converted.prepared, engine=used, error=error, confidence=confidence, seed=seed)
    return converted.by_node(scores), run


def connected_components(graph: nx.Graph | Converted, *, engine: str = "auto") -> list[set[Any]]:
    """The connected components (weakly, for a directed graph), largest first.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (3, 4), (4, 5)])
    >>> connected_components(G, engine="networkit")
    [{3, 4, 5}, {1, 2}]
    """
    G = graph.G if isinstance(graph, Converted) else graph
    if choose_engine(engine, G.number_of_nodes()) == "networkx":
        found = nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
        return _by_size([set(part) for part in found])
    converted = _converted(graph)
    return _by_size(converted.groups(algorithms.components(converted.prepared)))


def communities(
    graph: nx.Graph | Converted,
    *,
    method: str = "louvain",
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 0,
    engine: str = "auto",
) -> list[set[Any]]:
    """Communities of an undirected graph by modularity (``method``: ``louvain`` or ``leiden``), largest first.

    Deterministic for a given ``seed`` and engine.

    Examples
    --------
    >>> G = nx.barbell_graph(5, 0)
    >>> [sorted(c) for c in communities(G, method="leiden", engine="networkit")]
    [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    """
    if method not in ("louvain", "leiden"):
        raise ValueError(f"unknown community method {method!r}: use louvain or leiden")
    G = graph.G if isinstance(graph, Converted) else graph
    if not G.number_of_nodes():
        return []
    used = choose_engine(engine, G.number_of_nodes())
    if method == "louvain" and used == "networkx":
        found = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
        return _by_size([set(c) for c in found])
    converted = _converted(graph, weight)
    membership = algorithms.communities(
        converted.prepared, engine=used, method=method, resolution=resolution, seed=seed
    )
    return _by_size(converted.groups(membership))


def modularity(G: nx.Graph, parts: list[set[Any]], *, weight: str | None = "weight", resolution: float = 1.0) -> float:
    """Newman's modularity of a partition of ``G`` at ``resolution`` (0 for a graph without edges).

    Examples
    --------
    >>> G = nx.barbell_graph(5, 0)
    >>> round(modularity(G, [set(range(5)), set(range(5, 10))]), 4)
    0.4524
    """
    if not G.number_of_edges():
        return 0.0
    return float(nx.community.modularity(G, parts, weight=weight, resolution=resolution))
