"""k-core numbers and clustering coefficients that stay fast on graphs with hub nodes.

NetworkX's ``core_number`` removes each processed node from its neighbours' Python lists and its
``clustering`` rebuilds a neighbour's set for every edge, both costing a hub's degree again and again: on a
105k-author coauthor graph with a 21k-coauthor hub, ``core_number`` took 184 s and ``clustering`` over 5
minutes. Here: the Batagelj–Zaversnik bucket algorithm (linear in the edges; arXiv:cs/0310049), and triangles
counted once each along a degree ordering, so that a hub is only ever intersected with small sets.
Results equal NetworkX's (tested).
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

__all__ = ["clustering_coefficients", "core_numbers"]


def core_numbers(G: nx.Graph) -> dict[Hashable, int]:
    """The core number of every node of an undirected graph without self-loops.

    Examples
    --------
    >>> G = nx.complete_graph(4)
    >>> G.add_edge(3, 4)
    >>> core_numbers(G)
    {0: 3, 1: 3, 2: 3, 3: 3, 4: 1}
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    neighbours = [[index[u] for u in G[node] if u != node] for node in nodes]
    degree = [len(n) for n in neighbours]
    n = len(nodes)
    if n == 0:
        return {}
    # Bucket sort the nodes by degree: `start[d]` is where the nodes of degree d begin in `order`.
    counts = [0] * (max(degree) + 1)
    for d in degree:
        counts[d] += 1
    start, total = [0] * len(counts), 0
    for d, count in enumerate(counts):
        start[d], total = total, total + count
    position = [0] * n
    order = [0] * n
    for v in range(n):
        position[v] = start[degree[v]]
        order[position[v]] = v
        start[degree[v]] += 1
    for d in range(len(start) - 1, 0, -1):
        start[d] = start[d - 1]
    start[0] = 0
    for i in range(n):
        v = order[i]
        for u in neighbours[v]:
            if degree[u] > degree[v]:
                # Move u to the front of its bucket, then shrink the bucket past it: u's degree drops by one.
                du, pu = degree[u], position[u]
                pw = start[du]
                w = order[pw]
                if u != w:
                    position[u], position[w] = pw, pu
                    order[pu], order[pw] = w, u
                start[du] += 1
                degree[u] -= 1
    return {node: degree[i] for i, node in enumerate(nodes)}


def clustering_coefficients(G: nx.Graph) -> dict[Hashable, float]:
    """Unweighted local clustering of every node (as ``networkx.clustering``), self-loops ignored.

    Examples
    --------
    >>> G = nx.complete_graph(3)
    >>> G.add_edge(2, 3)
    >>> clustering_coefficients(G)
    {0: 1.0, 1: 1.0, 2: 0.3333333333333333, 3: 0.0}
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    neighbours = [{index[u] for u in G[node] if u != node} for node in nodes]
    degree = [len(n) for n in neighbours]
    # Orient every edge towards the higher (degree, index): each node keeps at most about sqrt(2m) out-edges.
    later = [{u for u in neighbours[v] if (degree[u], u) > (degree[v], v)} for v in range(len(nodes))]
    triangles = [0] * len(nodes)
    for v, out in enumerate(later):
        for u in out:
            common = out & later[u]
            if common:
                triangles[v] += len(common)
                triangles[u] += len(common)
                for w in common:
                    triangles[w] += 1
    return {
        node: (2 * triangles[i] / (degree[i] * (degree[i] - 1)) if degree[i] > 1 else 0.0)
        for i, node in enumerate(nodes)
    }
