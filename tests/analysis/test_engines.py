"""The engines agree: igraph's and NetworkiT's algorithms against NetworkX's, and SNAP's published figures."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from graphkit.analysis import algorithms, engines
from graphkit.analysis.arrays import Edges
from graphkit.analysis.metrics import analyze
from graphkit.analysis.network import read_edge_list
from graphkit.store.build import build_graph
from tests.conftest import EXAMPLES

FAST = ("igraph", "networkit")


def _weighted(seed: int, directed: bool = False, nodes: int = 1500) -> nx.Graph:
    G = nx.gnm_random_graph(nodes, 4 * nodes, seed=seed, directed=directed)
    G.add_edges_from((0, k) for k in range(1, nodes // 5))  # a hub, as real coauthor graphs have
    G.add_nodes_from([5000, 5001])  # isolated: dangling in PageRank, zero everywhere else
    for u, v in G.edges():
        G[u][v]["weight"] = 1 + (u * 7 + v) % 4
    return G


@pytest.fixture(scope="module")
def grqc(shared_data: Path) -> nx.Graph:
    return read_edge_list(shared_data / "snap-ca-GrQc" / "CA-GrQc.txt")


@pytest.fixture(scope="module")
def hepth(shared_data: Path) -> nx.Graph:
    return read_edge_list(shared_data / "snap-ca-HepTh" / "CA-HepTh.txt")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_agrees(seed: int) -> None:
    for G, weight in ((_weighted(seed), "weight"), (_weighted(seed, directed=True), None)):
        reference = engines.pagerank(G, weight=weight, engine="networkx")
        # NetworkiT's engine runs NetworkX's own iteration on a matrix built from arrays: the same numbers.
        sparse_power = engines.pagerank(G, weight=weight, engine="networkit")
        assert max(abs(sparse_power[n] - reference[n]) for n in G) < 1e-12
        # igraph solves PageRank's equations exactly: NetworkX iterated to convergence gives the same scores ...
        fast = engines.pagerank(G, weight=weight, engine="igraph")
        converged = nx.pagerank(G, weight=weight, tol=1e-13, max_iter=10_000)
        assert max(abs(fast[n] - converged[n]) for n in G) < 1e-9
        # ... and NetworkX's default stops once the summed change is under n x 1e-6, which leaves at most
        # alpha / (1 - alpha) times that in all.
        assert sum(abs(fast[n] - reference[n]) for n in G) < 0.85 / 0.15 * len(G) * 1e-6
        assert sum(fast.values()) == pytest.approx(1.0)
        for engine in FAST:  # the same bits every run
            again = engines.pagerank(G, weight=weight, engine=engine)
            assert again == engines.pagerank(G, weight=weight, engine=engine)


def test_cores_clustering_and_components_are_identical(grqc: nx.Graph) -> None:
    G = _weighted(4)
    G.add_edge(5, 5)  # a self-loop: ignored by all
    G.add_edges_from([(6000, 6001), (6002, 6002)])  # two more components
    for graph in (G, grqc):
        cores = engines.core_number(graph, engine="networkx")
        clustering = nx.clustering(graph)  # NetworkX's own (graphkit's "networkx" engine has a faster one)
        parts = engines.connected_components(graph, engine="networkx")
        for engine in ("networkx", *FAST):
            assert engines.core_number(graph, engine=engine) == cores
            found = engines.clustering(graph, engine=engine)
            assert max(abs(found[n] - clustering[n]) for n in graph) < 1e-12
            assert engines.connected_components(graph, engine=engine) == parts


@pytest.mark.parametrize(
    ("name", "nodes", "largest", "average_clustering", "triangles"),
    [("grqc", 5242, 4158, 0.5296, 48260), ("hepth", 9877, 8638, 0.4714, 28339)],
)
def test_snaps_published_figures_on_every_engine(
    name: str, nodes: int, largest: int, average_clustering: float, triangles: int, request: pytest.FixtureRequest
) -> None:
    # SNAP's published statistics of ca-GrQc and ca-HepTh (shared/data/SOURCES.md).
    G: nx.Graph = request.getfixturevalue(name)
    assert G.number_of_nodes() == nodes
    for engine in ("networkx", *FAST):
        assert len(engines.connected_components(G, engine=engine)[0]) == largest
        local = engines.clustering(G, engine=engine)
        assert round(sum(local.values()) / len(local), 4) == average_clustering
        # Each node's triangles are its clustering times the pairs of its neighbours (itself not one of them: a few
        # authors have self-loops); each triangle has 3 corners.
        degree = {n: len(set(G[n]) - {n}) for n in G}
        closed = sum(c * degree[n] * (degree[n] - 1) / 2 for n, c in local.items())
        assert round(closed / 3) == triangles


def test_betweenness_exact_on_every_engine_and_estimated_within_its_error(
    grqc: nx.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    G = _weighted(5, nodes=600)  # exact betweenness is O(nm): a smaller graph checks the same sums
    reference = nx.betweenness_centrality(G, normalized=True)
    for engine in ("networkx", *FAST):
        found, run = engines.betweenness(G, engine=engine)
        assert run.exact and max(abs(found[n] - reference[n]) for n in G) < 1e-12
    # Too costly to be exact (the work limits lowered to make it so): estimated, and within the error it reports.
    exact = engines.betweenness(grqc, engine="igraph")[0]  # equal to NetworkX's, as just shown
    monkeypatch.setattr(algorithms, "EXACT_BETWEENNESS_WORK", {"networkx": 0, "igraph": 0, "networkit": 0})
    methods = {}
    # NetworkX is the slow engine: a looser error (fewer sampled sources) checks the same property.
    for engine, error in (("networkit", 0.01), ("igraph", 0.1), ("networkx", 0.25)):
        found, run = engines.betweenness(grqc, engine=engine, error=error, confidence=0.9, seed=2)
        assert not run.exact and run.samples and run.error == error
        assert max(abs(found[n] - exact[n]) for n in grqc) <= run.error
        if engine != "networkx":
            assert engines.betweenness(grqc, engine=engine, error=error, confidence=0.9, seed=2)[0] == found
        methods[engine] = run.method
    assert methods == {"networkit": "KADABRA", "igraph": "sampled sources", "networkx": "sampled sources"}
    # A tight error asks for more sources than there are nodes: then the sum is exact.
    assert engines.betweenness(grqc, engine="igraph", error=0.01)[1].exact
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        engines.betweenness(G, error=0)


def test_communities_reach_the_same_modularity_and_leiden_communities_are_connected(grqc: nx.Graph) -> None:
    cases = [("louvain", "networkx"), ("louvain", "igraph"), ("leiden", "igraph"), ("louvain", "networkit"),
             ("leiden", "networkit")]  # fmt: skip
    found = {
        (method, engine): engines.communities(grqc, method=method, weight=None, seed=3, engine=engine)
        for method, engine in cases
    }
    quality = {key: engines.modularity(grqc, parts, weight=None) for key, parts in found.items()}
    reference = quality[("louvain", "networkx")]
    assert reference > 0.8  # ca-GrQc is strongly clustered
    for key in cases[1:]:
        assert quality[key] == pytest.approx(reference, abs=0.02), key
    for parts in found.values():
        assert sorted(n for part in parts for n in part) == sorted(grqc)  # a partition of every node
        assert [len(p) for p in parts] == sorted((len(p) for p in parts), reverse=True)
    # Leiden's guarantee: every community is connected.
    for engine in FAST:
        assert all(nx.is_connected(grqc.subgraph(part)) for part in found[("leiden", engine)])
    # The same seed gives the same communities (NetworkiT's run on one thread for that).
    for method, engine in cases[1:]:
        again = engines.communities(grqc, method=method, weight=None, seed=3, engine=engine)
        assert again == found[(method, engine)]
    # graphkit's modularity on arrays equals NetworkX's.
    edges = engines.Converted(grqc, None)
    membership = np.zeros(len(edges.nodes), np.int64)
    number = {node: i for i, node in enumerate(edges.nodes)}
    for index, part in enumerate(found[("leiden", "networkit")]):
        membership[[number[n] for n in part]] = index
    assert algorithms.modularity(edges.prepared.edges, membership) == pytest.approx(
        quality[("leiden", "networkit")], abs=1e-12
    )


def test_a_converted_graph_is_built_once_per_form_and_shared() -> None:
    G = _weighted(5)
    G.add_edge(7, 7)  # cores drop self-loops: from the simple form, never from the shared weighted one
    converted = engines.Converted(G)
    ranks = engines.pagerank(converted, engine="igraph")
    cores = engines.core_number(converted, engine="networkit")
    found = engines.communities(converted, seed=1, engine="networkit")
    assert sorted(converted.prepared._forms) == [("igraph", True), ("networkit", False), ("networkit", True)]
    assert converted.prepared.igraph().ecount() == G.number_of_edges()  # the self-loop is still there
    assert ranks == engines.pagerank(G, engine="igraph") and cores == engines.core_number(G, engine="networkit")
    assert found == engines.communities(G, seed=1, engine="networkit")


def test_engine_choice() -> None:
    assert engines.choose_engine("auto", engines.FAST_FROM_NODES - 1) == "networkx"
    assert engines.choose_engine("auto", engines.FAST_FROM_NODES) == "networkit"
    with pytest.raises(ValueError, match="unknown engine 'gds'"):
        engines.choose_engine("gds", 10)
    with pytest.raises(ValueError, match="unknown community method"):
        engines.communities(nx.path_graph(3), method="infomap")
    assert engines.pagerank(nx.Graph(), engine="igraph") == {} and engines.communities(nx.Graph()) == []
    assert engines.modularity(nx.empty_graph(3), [{0}, {1}, {2}]) == 0.0
    assert algorithms.modularity(Edges(3, np.zeros(0, np.int64), np.zeros(0, np.int64)), np.arange(3)) == 0.0


@pytest.mark.parametrize("engine", FAST)
def test_analyze_on_the_seeds_with_a_fast_engine_matches_networkx(engine: str) -> None:
    reference, fast = build_graph([EXAMPLES]), build_graph([EXAMPLES])
    slow_result = analyze(reference, engine="networkx")
    fast_result = analyze(fast, engine=engine, community_method="leiden")
    assert slow_result.engine == "networkx" and fast_result.engine == engine
    assert fast_result.community_method == "leiden" and fast_result.modularity > 0.5
    assert slow_result.modularity > 0.5
    assert set(fast.author_metrics) == set(reference.author_metrics)
    for author_id, metrics in reference.author_metrics.items():
        other = fast.author_metrics[author_id]
        for name in ("papers", "coauthors", "core_number", "citations", "h_index"):
            assert other[name] == metrics[name], (author_id, name)
        assert other["betweenness"] == pytest.approx(metrics["betweenness"], abs=1e-12)
        assert other["clustering"] == pytest.approx(metrics["clustering"], abs=1e-12)
        assert other["pagerank"] == pytest.approx(metrics["pagerank"], abs=1e-4)
    for paper_id, metrics in reference.paper_metrics.items():
        assert fast.paper_metrics[paper_id]["citation_pagerank"] == pytest.approx(
            metrics["citation_pagerank"], abs=1e-4
        )


def test_a_single_threaded_call_leaves_networkit_on_every_core(grqc: nx.Graph) -> None:
    """Louvain runs NetworkiT on one thread (for the same bits every run); what follows runs on every core again."""
    import networkit as nk

    prepared = engines.Converted(grqc).prepared
    algorithms.communities(prepared, engine="networkit", method="louvain", resolution=1.0, seed=0)
    assert nk.getMaxNumberOfThreads() == algorithms.CORES
    algorithms.clustering(prepared, engine="networkit")
    assert nk.getMaxNumberOfThreads() == algorithms.CORES
