"""Positions for a collaboration map that keep each community together and the whole compact.

A force layout of a few thousand people is a hairball, and its disconnected pairs drift into a strip along the
edge. Here each community (the ``community`` ``graphkit analyze`` wrote, else each connected component) is laid
out on its own — Fruchterman–Reingold in igraph, scaled into a disc whose area grows with its members — and
the discs are then packed: largest first, each as close as it fits to the communities it shares coauthors with
(or to the centre), and the communities linked to no other (pairs, small teams) on a sunflower spiral around
that core. The result is deterministic for a seed.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Hashable

import igraph
import networkx as nx
import numpy as np

__all__ = ["NODE_SPACING", "cluster_layout", "groups_of"]

NODE_SPACING = 40.0
"""About how far apart two people of one community are drawn (map units: pixels at zoom 1)."""
_GAP = 0.6 * NODE_SPACING
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def groups_of(graph: nx.Graph) -> dict[Hashable, Hashable]:
    """Each node's group: its community where it has one, else its connected component (named by its least id).

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> G.nodes["a"]["community"] = G.nodes["b"]["community"] = 3
    >>> groups_of(G)
    {'a': ('community', 3), 'b': ('community', 3), 'c': ('component', 'c'), 'd': ('component', 'c')}
    """
    group: dict[Hashable, Hashable] = {}
    for component in nx.connected_components(graph):
        first = min(component, key=str)
        for node in component:
            community = graph.nodes[node].get("community")
            group[node] = ("community", community) if community is not None else ("component", first)
    return {node: group[node] for node in graph}


def _inner(graph: nx.Graph, members: list[Hashable], seed: int) -> np.ndarray:
    """Positions of one group's members, centred, within a disc of radius 1."""
    if len(members) == 1:
        return np.zeros((1, 2))
    index = {node: i for i, node in enumerate(members)}
    edges = [(index[a], index[b]) for a, b in graph.subgraph(members).edges()]
    weights = [float(graph.edges[members[a], members[b]].get("weight") or 1) for a, b in edges]
    small = igraph.Graph(n=len(members), edges=edges)
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(members), 2)).tolist()
    # igraph draws its random numbers from Python's `random` module: a generator of our own, given back after.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = small.layout_fruchterman_reingold(weights=weights or None, seed=start, niter=500)
    finally:
        igraph.set_random_number_generator(random)
    coords = np.asarray(layout.coords)
    coords -= coords.mean(axis=0)
    reach = np.sqrt((coords**2).sum(axis=1)).max()
    return coords / reach if reach > 0 else coords


def _radius(size: int) -> float:
    return NODE_SPACING * (0.5 + 0.62 * math.sqrt(size))


def cluster_layout(graph: nx.Graph, *, seed: int = 0) -> dict[Hashable, tuple[float, float]]:
    """Each node's ``(x, y)``: communities as discs, packed (see the module).

    Examples
    --------
    >>> G = nx.karate_club_graph()
    >>> for number, part in enumerate(nx.community.louvain_communities(G, seed=1)):
    ...     for node in part:
    ...         G.nodes[node]["community"] = number
    >>> positions = cluster_layout(G)
    >>> len(positions) == G.number_of_nodes() and len(set(positions.values())) == G.number_of_nodes()
    True
    """
    group = groups_of(graph)
    members: dict[Hashable, list[Hashable]] = defaultdict(list)
    for node in sorted(graph, key=str):
        members[group[node]].append(node)
    links: dict[Hashable, dict[Hashable, float]] = defaultdict(lambda: defaultdict(float))
    for a, b, data in graph.edges(data=True):
        if group[a] != group[b]:
            weight = float(data.get("weight") or 1)
            links[group[a]][group[b]] += weight
            links[group[b]][group[a]] += weight
    order = sorted(members, key=lambda g: (-len(members[g]), str(g)))
    linked = [g for g in order if links[g] or g == order[0]]
    alone = [g for g in order if g not in set(linked)]
    centres: dict[Hashable, np.ndarray] = {}
    placed_xy = np.zeros((0, 2))
    placed_r = np.zeros(0)
    for g in linked:
        radius = _radius(len(members[g]))
        neighbours = [(centres[o], w) for o, w in links[g].items() if o in centres]
        if neighbours:
            weights = np.array([w for _, w in neighbours])
            target = (np.array([c for c, _ in neighbours]) * weights[:, None]).sum(axis=0) / weights.sum()
        else:
            target = np.zeros(2)
        centre = _free_spot(target, radius, placed_xy, placed_r)
        centres[g] = centre
        placed_xy = np.vstack([placed_xy, centre])
        placed_r = np.append(placed_r, radius)
    # Groups linked to no other: a sunflower spiral around the core, largest nearest.
    core = float((np.sqrt((placed_xy**2).sum(axis=1)) + placed_r).max()) if len(placed_r) else 0.0
    typical = float(np.median([len(members[g]) for g in alone])) if alone else 1.0
    # A sunflower spiral r = c·sqrt(k) gives each point an area of π·c²: about one typical disc with its gap.
    spread = (2 * _radius(round(typical)) + _GAP) / math.sqrt(math.pi)
    skipped = (core + _GAP) ** 2 / spread**2 if core else 0.0  # the spiral's points inside the core, not used
    for k, g in enumerate(alone, start=1):
        distance = spread * math.sqrt(skipped + k)
        angle = k * _GOLDEN_ANGLE
        target = np.array([distance * math.cos(angle), distance * math.sin(angle)])
        radius = _radius(len(members[g]))
        centre = _free_spot(target, radius, placed_xy, placed_r)
        centres[g] = centre
        placed_xy = np.vstack([placed_xy, centre])
        placed_r = np.append(placed_r, radius)
    positions: dict[Hashable, tuple[float, float]] = {}
    for number, g in enumerate(order):
        spot = _inner(graph, members[g], seed + number) * (_radius(len(members[g])) - NODE_SPACING / 2)
        for node, (x, y) in zip(members[g], spot + centres[g], strict=True):
            positions[node] = (round(float(x), 1), round(float(y), 1))
    return positions


def _free_spot(target: np.ndarray, radius: float, placed: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """The point nearest ``target`` (on rings around it) where a disc of ``radius`` overlaps no placed disc."""
    if len(radii) == 0 or (np.sqrt(((placed - target) ** 2).sum(axis=1)) >= radii + radius + _GAP).all():
        return target
    step = max(radius, NODE_SPACING) * 0.5
    for first_ring in range(0, 4000, 8):
        rings = np.arange(first_ring, first_ring + 8)
        candidates = [target] if first_ring == 0 else []
        for ring in rings[rings > 0]:
            count = 6 * int(ring)
            angles = np.arange(count) * (2 * math.pi / count)
            candidates.extend(target + ring * step * np.column_stack([np.cos(angles), np.sin(angles)]))
        points = np.asarray(candidates)
        distances = np.sqrt(((points[:, None, :] - placed[None, :, :]) ** 2).sum(axis=2))
        free = (distances >= radii[None, :] + radius + _GAP).all(axis=1)
        if free.any():
            fits = points[free]
            best: np.ndarray = fits[np.argmin(((fits - target) ** 2).sum(axis=1))]
            return best
    raise RuntimeError("no free spot found for a community disc")  # pragma: no cover - rings reach any distance
