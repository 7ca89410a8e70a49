"""Each graph algorithm ``analyze`` uses, on an edge list, by NetworkX, igraph or NetworkiT.

NetworkX is the reference and the default below :data:`FAST_FROM_NODES` nodes; NetworkiT (a C++ library
with OpenMP) computes on larger graphs; igraph is the alternative (its graphs take ~1.4 µs per edge to build
from Python, 34 s for a 2.8M-paper store's 24M coauthor pairs, against 5 s for NetworkiT from a sparse
matrix). Results are arrays indexed by node number. What each engine computes, and how close they agree
(tested in ``tests/analysis/test_engines.py``):

- :func:`pagerank`: NetworkX's power iteration (its ``_pagerank_scipy``, the same stopping rule) on a sparse
  matrix built straight from the arrays, for NetworkX and NetworkiT alike — NetworkiT's own PageRank leaves
  isolated nodes without their share (4e-5 off NetworkX's on a random graph), and NetworkX's iteration on
  SciPy is within 2× of it. igraph solves the eigenproblem (ARPACK from a seeded start: the same bits every
  run), equal to the converged iteration within 1e-9.
- :func:`core_number`, :func:`clustering`, :func:`components`: identical on every engine.
- :func:`betweenness`: exact (Brandes 2001) while ``nodes × (nodes + edges)`` is under the engine's
  :data:`EXACT_BETWEENNESS_WORK`; otherwise estimated to a target additive ``error`` with probability
  ``confidence`` — by KADABRA (Borassi & Natale 2016, adaptive sampling of shortest paths) on NetworkiT, by
  uniformly sampled sources on the others, as many as Hoeffding's bound with a union over the nodes asks
  (which is the exact computation on most graphs: sources are a far costlier sample than paths).
- :func:`communities`: Louvain (Blondel et al. 2008) or Leiden (Traag et al. 2019); NetworkX only names
  Leiden, so its engine runs igraph's. Engines find different partitions of close modularity.

Randomised NetworkiT algorithms run from a fixed seed: KADABRA in its deterministic mode on every core, PLM and
Leiden on one thread (on two, their results differ from run to run, and an analysis run twice must write the
same store).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import igraph as ig
import networkit as nk
import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from graphkit.analysis.arrays import Edges
from graphkit.analysis.cores import clustering_coefficients, core_numbers

__all__ = [
    "ENGINES",
    "EXACT_BETWEENNESS_WORK",
    "FAST_FROM_NODES",
    "BetweennessRun",
    "Engine",
    "Prepared",
    "betweenness",
    "choose_engine",
    "clustering",
    "communities",
    "components",
    "core_number",
    "forms_used",
    "modularity",
    "pagerank",
    "ranked_membership",
]

Engine = Literal["networkx", "igraph", "networkit"]
ENGINES: tuple[str, ...] = ("auto", "networkx", "igraph", "networkit")
FAST_FROM_NODES = 20_000
"""``engine="auto"`` uses NetworkiT on graphs with at least this many nodes (NetworkX below: the reference, and
fast enough there)."""
EXACT_BETWEENNESS_WORK: dict[str, float] = {"networkx": 2e8, "igraph": 2e10, "networkit": 2e10}
"""Betweenness is exact while ``nodes × (nodes + edges)`` is at most this (about 30 s on one core; issue 15)."""


def choose_engine(engine: str, nodes: int) -> Engine:
    """The engine that computes on a graph of ``nodes`` nodes.

    Examples
    --------
    >>> choose_engine("auto", 100), choose_engine("auto", 50_000), choose_engine("igraph", 3)
    ('networkx', 'networkit', 'igraph')
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "auto":
        return "networkit" if nodes >= FAST_FROM_NODES else "networkx"
    return engine  # type: ignore[return-value]


CORES = nk.getMaxNumberOfThreads()
"""The threads NetworkiT's parallel algorithms use: OpenMP's default (every core, or ``OMP_NUM_THREADS``), read
once at import. Asked later, ``getMaxNumberOfThreads`` answers whatever was last set, and
``getCurrentNumberOfThreads`` the threads of the current parallel region — 1 outside one; restoring either after a
single-threaded call left every later call on one thread (measured: clustering at 1M papers 8.9 s instead of 5 s)."""


@contextmanager
def _threads(count: int) -> Iterator[None]:
    """NetworkiT on ``count`` threads for the duration, then on :data:`CORES` again."""
    nk.setNumberOfThreads(count)
    try:
        yield
    finally:
        nk.setNumberOfThreads(CORES)


@contextmanager
def _igraph_seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers from a generator seeded with ``seed``, for the duration (then Python's again)."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


class Prepared:
    """An edge list and its forms for each engine, each built once on first use and shared (do not modify them).

    Examples
    --------
    >>> prepared = Prepared(Edges(3, np.array([0, 1]), np.array([1, 2]), np.array([2, 1])))
    >>> prepared.networkx()[0][1]["weight"], prepared.networkit(weighted=False).numberOfEdges()
    (2.0, 2)
    """

    def __init__(self, edges: Edges) -> None:
        self.edges = edges
        self._forms: dict[tuple[str, bool], Any] = {}

    def form(self, kind: str, weighted: bool) -> Any:
        """The form ``kind`` (``adjacency``, ``networkx``, ``igraph`` or ``networkit``), built now if not yet."""
        key = (kind, weighted)
        if key not in self._forms:
            self._forms[key] = getattr(self, f"_build_{kind}")(weighted)
        return self._forms[key]

    def adjacency(self, *, weighted: bool = True) -> sparse.csr_array:
        """The adjacency matrix (:meth:`Edges.adjacency`)."""
        return self.form("adjacency", weighted)

    def networkx(self, *, weighted: bool = True) -> nx.Graph:
        """A NetworkX graph over nodes ``0 .. n - 1`` with ``weight`` on every edge."""
        return self.form("networkx", weighted)

    def igraph(self, *, weighted: bool = True) -> ig.Graph:
        """An igraph graph; ``weighted``: a ``weight`` edge attribute; otherwise without self-loops."""
        return self.form("igraph", weighted)

    def networkit(self, *, weighted: bool = True) -> nk.Graph:
        """A NetworkiT graph; unweighted ones without self-loops."""
        return self.form("networkit", weighted)

    def _build_adjacency(self, weighted: bool) -> sparse.csr_array:
        return self.edges.adjacency(weighted=weighted)

    def _build_networkx(self, weighted: bool) -> nx.Graph:
        edges = self.edges if weighted else self.edges.simple()
        G = nx.DiGraph() if edges.directed else nx.Graph()
        G.add_nodes_from(range(edges.nodes))
        weights = edges.weights()
        G.add_weighted_edges_from(zip(edges.source.tolist(), edges.target.tolist(), weights.tolist(), strict=True))
        return G

    def _build_igraph(self, weighted: bool) -> ig.Graph:
        edges = self.edges if weighted else self.edges.simple()
        graph = ig.Graph(n=edges.nodes, edges=np.column_stack([edges.source, edges.target]), directed=edges.directed)
        if weighted:
            graph.es["weight"] = edges.weights()
        return graph

    def _build_networkit(self, weighted: bool) -> nk.Graph:
        edges = self.edges if weighted else self.edges.simple()
        source, target = edges.source, edges.target
        if not edges.directed:  # each undirected edge once, as the upper triangle
            source, target = np.minimum(source, target), np.maximum(source, target)
        data = edges.weights() if weighted else np.ones(edges.count)
        matrix = sparse.csr_matrix((data, (source, target)), shape=(edges.nodes, edges.nodes))
        matrix.sum_duplicates()
        graph = nk.graph.GraphFromCsr(matrix, directed=edges.directed, weighted=weighted)
        # Built on several threads, the neighbours come in an order that changes from run to run, and so would
        # Leiden's communities and KADABRA's samples; sorted, every run sees the same graph (1.3 s at 8.7M pairs).
        graph.sortEdges()
        return graph


def forms_used(algorithm: str, engine: Engine, method: str = "louvain") -> list[tuple[str, bool]]:
    """The forms (:meth:`Prepared.form`) an algorithm of this module reads on an engine.

    Examples
    --------
    >>> forms_used("pagerank", "networkit"), forms_used("betweenness", "igraph")
    ([('adjacency', True)], [('igraph', False)])
    """
    if algorithm == "pagerank":
        return [("igraph", True)] if engine == "igraph" else [("adjacency", True)]
    if algorithm in ("core_number", "clustering", "betweenness"):
        return [(engine, False)]
    if algorithm == "communities":
        if engine == "networkit" or (engine == "networkx" and method == "louvain"):
            return [(engine, True)]
        return [("igraph", True)]
    if algorithm == "components":
        return [("adjacency", False)]
    return []


def pagerank(prepared: Prepared, *, engine: Engine, alpha: float = 0.85, tol: float = 1e-6) -> np.ndarray:
    """PageRank of every node (edge weights used; dangling nodes spread their rank evenly, as in NetworkX).

    Examples
    --------
    >>> ranks = pagerank(Prepared(Edges(3, np.array([0, 1]), np.array([1, 2]))), engine="networkit")
    >>> reference = nx.pagerank(nx.path_graph(3))
    >>> bool(max(abs(ranks[node] - reference[node]) for node in range(3)) < 1e-15)
    True
    """
    n = prepared.edges.nodes
    if not n:
        return np.zeros(0)
    if engine == "igraph":
        # ARPACK from a seeded start vector: the same bits every run (igraph's default, PRPACK, differs between
        # runs in the last digits, and a store analysed twice must hold the same numbers).
        with _igraph_seeded(0):
            scores = prepared.igraph().pagerank(
                damping=alpha, directed=prepared.edges.directed, weights="weight", implementation="arpack"
            )
        return np.asarray(scores)
    return _pagerank_power(prepared.adjacency(), alpha=alpha, tol=tol)


def _pagerank_power(adjacency: sparse.csr_array, *, alpha: float, tol: float, max_iter: int = 100) -> np.ndarray:
    """NetworkX's ``_pagerank_scipy``: power iteration until the summed change is under ``n × tol``."""
    n = adjacency.shape[0]
    out = np.asarray(adjacency.sum(axis=1)).ravel()
    scale = np.zeros(n)
    scale[out != 0] = 1.0 / out[out != 0]
    transition = sparse.csr_array(sparse.diags_array(scale) @ adjacency)
    pulled = transition.T.tocsr()  # x @ transition, as a row-major product
    dangling = out == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (pulled @ x + x[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return np.asarray(x, np.float64)
    raise nx.PowerIterationFailedConvergence(max_iter)


def core_number(prepared: Prepared, *, engine: Engine) -> np.ndarray:
    """The k-core number of every node of an undirected graph (self-loops ignored)."""
    if engine == "networkx":
        found = core_numbers(prepared.networkx(weighted=False))
        return np.array([found[node] for node in range(prepared.edges.nodes)], np.int64)
    if engine == "igraph":
        return np.asarray(prepared.igraph(weighted=False).coreness(), np.int64)
    with _threads(CORES):
        decomposition = nk.centrality.CoreDecomposition(prepared.networkit(weighted=False))
        decomposition.run()
    return np.asarray(decomposition.scores(), np.float64).astype(np.int64)


def clustering(prepared: Prepared, *, engine: Engine) -> np.ndarray:
    """Unweighted local clustering of every node of an undirected graph (self-loops ignored)."""
    if engine == "networkx":
        found = clustering_coefficients(prepared.networkx(weighted=False))
        return np.array([found[node] for node in range(prepared.edges.nodes)], np.float64)
    if engine == "igraph":
        return np.asarray(prepared.igraph(weighted=False).transitivity_local_undirected(mode="zero"), np.float64)
    with _threads(CORES):
        coefficients = nk.centrality.LocalClusteringCoefficient(prepared.networkit(weighted=False), turbo=True)
        coefficients.run()
    return np.asarray(coefficients.scores(), np.float64)


def components(prepared: Prepared) -> np.ndarray:
    """The (weakly) connected component of every node, numbered by size (0 the largest, ties by first node).

    Examples
    --------
    >>> components(Prepared(Edges(5, np.array([0, 2, 3]), np.array([1, 3, 4])))).tolist()
    [1, 1, 0, 0, 0]
    """
    _, labels = csgraph.connected_components(prepared.adjacency(weighted=False), directed=True, connection="weak")
    return ranked_membership(labels)


def ranked_membership(labels: np.ndarray) -> np.ndarray:
    """Renumber groups by size, largest first, ties by their first member.

    Examples
    --------
    >>> ranked_membership(np.array([7, 7, 3, 5, 5, 3])).tolist()
    [0, 0, 1, 2, 2, 1]
    """
    if not len(labels):
        return np.zeros(0, np.int64)
    groups, first, inverse, sizes = np.unique(labels, return_index=True, return_inverse=True, return_counts=True)
    order = np.lexsort((first, -sizes))
    rank = np.empty(len(groups), np.int64)
    rank[order] = np.arange(len(groups))
    return rank[inverse.ravel()]


@dataclass(frozen=True)
class BetweennessRun:
    """How betweenness was computed: exactly, or from ``samples`` samples to within ``error`` with ``confidence``."""

    exact: bool
    samples: int | None = None
    error: float = 0.0
    confidence: float = 1.0
    method: str = "brandes"


def betweenness(
    prepared: Prepared, *, engine: Engine, error: float = 0.01, confidence: float = 0.9, seed: int = 0
) -> tuple[np.ndarray, BetweennessRun]:
    """Normalised betweenness of every node of an undirected graph (unweighted shortest paths), as NetworkX's.

    Exact when cheap (:data:`EXACT_BETWEENNESS_WORK`), else within ``error`` of the exact values, for every node
    at once with probability ``confidence`` (see the module notes).

    Examples
    --------
    >>> scores, run = betweenness(Prepared(Edges(3, np.array([0, 1]), np.array([1, 2]))), engine="networkit")
    >>> scores.tolist(), run.exact
    ([0.0, 1.0, 0.0], True)
    """
    if not 0 < error < 1 or not 0 < confidence < 1:
        raise ValueError("betweenness error and confidence lie strictly between 0 and 1")
    edges = prepared.edges.simple()
    n = edges.nodes
    exact = n <= 2 or n * (n + edges.count) <= EXACT_BETWEENNESS_WORK[engine]
    if not exact and engine == "networkit":
        return _kadabra(prepared, error=error, confidence=confidence, seed=seed)
    # Sources sampled uniformly: each contributes at most n / (n - 1) to a normalised score, so Hoeffding's
    # bound with a union over the n nodes asks for this many.
    spread = n / (n - 1) if n > 1 else 1.0
    sources = math.ceil(spread**2 * math.log(2 * n / (1 - confidence)) / (2 * error**2)) if n > 2 else n
    if exact or sources >= n:
        sources, run = n, BetweennessRun(exact=True)
    else:
        run = BetweennessRun(False, sources, error, confidence, "sampled sources")
    if engine == "networkx":
        found = nx.betweenness_centrality(
            prepared.networkx(weighted=False), k=None if run.exact else sources, seed=seed, normalized=True
        )
        return np.array([found[node] for node in range(n)], np.float64), run
    if engine == "igraph":
        graph = prepared.igraph(weighted=False)
        if run.exact:
            raw = np.asarray(graph.betweenness(directed=False), np.float64)
        else:
            chosen = sorted(random.Random(seed).sample(range(n), sources))
            # igraph's sum over the sampled sources equals its exact betweenness when every node is a source.
            raw = np.asarray(graph.betweenness(directed=False, sources=chosen), np.float64) * n / sources
        return raw * 2 / ((n - 1) * (n - 2)), run
    with _threads(1):  # summed per thread: one thread gives the same bits every run
        computed = nk.centrality.Betweenness(prepared.networkit(weighted=False), normalized=True)
        computed.run()
    return np.asarray(computed.scores(), np.float64), run


def _kadabra(prepared: Prepared, *, error: float, confidence: float, seed: int) -> tuple[np.ndarray, BetweennessRun]:
    n = prepared.edges.nodes
    # KADABRA's scores are twice NetworkX's normalised ones, less the pairs with the node itself as an end that
    # NetworkX leaves out: measured on ca-GrQc, its scores sum to 2.03-2.05 times the exact normalised ones, and the
    # scaled scores fall within the scaled error (tests/analysis/test_engines.py). So it is asked for the error
    # that, scaled, is the one wanted.
    scale = n / (n - 2) / 2
    # KADABRA's deterministic mode gives the same samples whatever the threads' timing: all cores, same bits.
    with _threads(CORES):
        nk.engineering.setSeed(seed, True)
        graph = prepared.networkit(weighted=False)
        estimate = nk.centrality.KadabraBetweenness(graph, error / scale, 1 - confidence, True)
        estimate.run()
    scores = np.asarray(estimate.scores(), np.float64) * scale
    return scores, BetweennessRun(False, int(estimate.getNumberOfIterations()), error, confidence, "KADABRA")


def communities(
    prepared: Prepared, *, engine: Engine, method: str = "louvain", resolution: float = 1.0, seed: int = 0
) -> np.ndarray:
    """The community of every node of an undirected weighted graph, numbered by size (0 the largest).

    ``method``: ``louvain`` or ``leiden``, both optimising :func:`modularity` at ``resolution``. Deterministic for
    a given ``seed`` and engine.

    Examples
    --------
    >>> source, target = np.array([0, 0, 1, 3, 3, 4, 2]), np.array([1, 2, 2, 4, 5, 5, 3])
    >>> communities(Prepared(Edges(6, source, target)), engine="networkit", method="leiden").tolist()
    [0, 0, 0, 1, 1, 1]
    """
    if method not in ("louvain", "leiden"):
        raise ValueError(f"unknown community method {method!r}: use louvain or leiden")
    n = prepared.edges.nodes
    if not n:
        return np.zeros(0, np.int64)
    labels = np.empty(n, np.int64)
    if engine == "networkx" and method == "louvain":
        found = nx.community.louvain_communities(prepared.networkx(), weight="weight", resolution=resolution, seed=seed)
        for index, members in enumerate(found):
            labels[list(members)] = index
    elif engine == "networkit":
        graph = prepared.networkit()
        with _threads(1):
            nk.engineering.setSeed(seed, False)
            if method == "louvain":
                algorithm = nk.community.PLM(graph, refine=True, gamma=resolution)
            else:
                algorithm = nk.community.ParallelLeiden(graph, gamma=resolution)
            algorithm.run()
        labels = np.asarray(algorithm.getPartition().getVector(), np.int64)
    else:  # igraph, and Leiden for NetworkX, which only dispatches it to other backends
        graph = prepared.igraph()
        with _igraph_seeded(seed):
            if method == "louvain":
                found_ig = graph.community_multilevel(weights="weight", resolution=resolution)
            else:
                found_ig = graph.community_leiden(
                    objective_function="modularity", weights="weight", resolution=resolution, n_iterations=-1
                )
        labels = np.asarray(found_ig.membership, np.int64)
    return ranked_membership(labels)


def modularity(edges: Edges, membership: np.ndarray, *, resolution: float = 1.0) -> float:
    """Newman's weighted modularity of a partition at ``resolution`` (0 for a graph without edges), as NetworkX's.

    Examples
    --------
    >>> barbell = nx.barbell_graph(5, 0)
    >>> source, target = (np.array(side) for side in zip(*barbell.edges()))
    >>> round(modularity(Edges(10, source, target), np.array([0] * 5 + [1] * 5)), 4)
    0.4524
    """
    if not edges.count:
        return 0.0
    weights = edges.weights()
    total = weights.sum()
    strength = np.bincount(edges.source, weights, edges.nodes) + np.bincount(edges.target, weights, edges.nodes)
    groups = int(membership.max()) + 1
    inside = weights[membership[edges.source] == membership[edges.target]]
    within = np.bincount(membership[edges.source][membership[edges.source] == membership[edges.target]],
                         inside, groups)  # fmt: skip
    degree_sum = np.bincount(membership, strength, groups)
    return float((within / total).sum() - resolution * ((degree_sum / (2 * total)) ** 2).sum())
