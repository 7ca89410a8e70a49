"""Whole-network statistics of a coauthor graph, as SNAP publishes them.

* nodes and edges (self-loops counted, as SNAP counts them), self-loops, connected components, the
  largest component's nodes and edges;
* average clustering, triangles and transitivity (self-loops removed first);
* diameter and 90th-percentile effective diameter of the largest component. Both come from the
  distribution of shortest-path lengths over all connected pairs; the effective diameter is the
  distance at which that distribution's cumulative share reaches 0.9, interpolated linearly between
  whole distances (Leskovec, Kleinberg & Faloutsos, "Graph Evolution", ACM TKDD 1(1), 2007,
  doi:10.1145/1217299.1217301). The distribution is exact (a breadth-first search from every node,
  in SciPy) up to ``exact_limit`` nodes in the largest component; above that it is estimated from
  ``samples`` source nodes drawn with ``seed``, and the result says so.
"""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import numpy as np
from scipy.sparse.csgraph import shortest_path

from graphkit.core.errors import InputFileError
from graphkit.core.models import StrictModel
from graphkit.extract.textio import open_text

__all__ = ["EXACT_LIMIT", "NetworkStats", "distance_histogram", "network_stats", "read_edge_list"]

EXACT_LIMIT = 20_000
_CHUNK = 512


class NetworkStats(StrictModel):
    """The figures of :func:`network_stats`."""

    nodes: int
    edges: int
    self_loops: int
    components: int
    largest_component_nodes: int
    largest_component_edges: int
    average_clustering: float
    triangles: int
    transitivity: float
    diameter: int
    effective_diameter: float
    distances_exact: bool
    sampled_sources: int | None = None


def read_edge_list(path: str | Path) -> nx.Graph:
    """Read a SNAP-style edge list (``#`` comments, two node ids per line, any whitespace, CRLF or LF).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.txt"; _ = p.write_text("# x\\n1\\t2\\r\\n2 3\\n")
    >>> sorted(read_edge_list(p).edges())
    [('1', '2'), ('2', '3')]
    """
    path = Path(path)
    G = nx.Graph()
    with open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith(("#", "%")):
                continue
            parts = line.split()
            if len(parts) < 2:
                raise InputFileError(
                    path, f"line {number} is not an edge ({line.strip()!r})", "give two node ids per line"
                )
            G.add_edge(parts[0], parts[1])
    return G


def distance_histogram(
    G: nx.Graph, *, exact_limit: int = EXACT_LIMIT, samples: int = 1000, seed: int = 0
) -> tuple[np.ndarray, int | None]:
    """Counts of shortest-path lengths (index = distance) over ordered pairs, and the sample size if sampled."""
    nodes = list(G)
    if not nodes:
        return np.zeros(1, dtype=np.int64), None
    matrix = nx.to_scipy_sparse_array(G, nodelist=nodes, format="csr")
    sources = np.arange(len(nodes))
    sampled = None
    if len(nodes) > exact_limit:
        sources = np.array(sorted(random.Random(seed).sample(range(len(nodes)), min(samples, len(nodes)))))
        sampled = len(sources)
    histogram = np.zeros(1, dtype=np.int64)
    for start in range(0, len(sources), _CHUNK):
        distances = shortest_path(
            matrix, method="D", unweighted=True, directed=False, indices=sources[start : start + _CHUNK]
        )
        finite = distances[np.isfinite(distances)].astype(np.int64)
        counts = np.bincount(finite)
        if len(counts) > len(histogram):
            histogram = np.pad(histogram, (0, len(counts) - len(histogram)))
        histogram[: len(counts)] += counts
    histogram[0] = 0  # a node's distance to itself is no path
    return histogram, sampled


def effective_diameter(histogram: np.ndarray, quantile: float = 0.9) -> float:
    """The interpolated distance at which the cumulative share of pairs reaches ``quantile``.

    Examples
    --------
    >>> effective_diameter(np.array([0, 50, 40, 10]))  # 50% at 1, 90% at 2
    2.0
    >>> round(effective_diameter(np.array([0, 80, 20])), 3)  # 80% at 1, 100% at 2: 0.9 lies half-way
    1.5
    """
    total = histogram.sum()
    if total == 0:
        return 0.0
    previous = 0.0
    cumulative = 0
    for distance, count in enumerate(histogram):
        cumulative += int(count)
        share = cumulative / total
        if share >= quantile and count:
            return float(distance - 1 + (quantile - previous) / (share - previous))
        previous = share
    return float(len(histogram) - 1)  # pragma: no cover - the loop always reaches the quantile


def network_stats(G: nx.Graph, *, exact_limit: int = EXACT_LIMIT, samples: int = 1000, seed: int = 0) -> NetworkStats:
    """SNAP-style statistics of an undirected graph (see the module notes).

    Examples
    --------
    >>> s = network_stats(nx.path_graph(4))
    >>> s.diameter, s.triangles, s.components
    (3, 0, 1)
    """
    simple = nx.Graph(G)
    simple.remove_edges_from(list(nx.selfloop_edges(simple)))
    components = list(nx.connected_components(G)) if len(G) else []
    largest = max(components, key=len) if components else set()
    largest_graph = G.subgraph(largest)
    histogram, sampled = distance_histogram(
        simple.subgraph(largest), exact_limit=exact_limit, samples=samples, seed=seed
    )
    nonzero = np.nonzero(histogram)[0]
    return NetworkStats(
        nodes=G.number_of_nodes(),
        edges=G.number_of_edges(),
        self_loops=nx.number_of_selfloops(G),
        components=len(components),
        largest_component_nodes=len(largest),
        largest_component_edges=largest_graph.number_of_edges(),
        average_clustering=nx.average_clustering(simple) if len(simple) else 0.0,
        triangles=sum(nx.triangles(simple).values()) // 3,
        transitivity=nx.transitivity(simple),
        diameter=int(nonzero.max()) if len(nonzero) else 0,
        effective_diameter=effective_diameter(histogram),
        distances_exact=sampled is None,
        sampled_sources=sampled,
    )
