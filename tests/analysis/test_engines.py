"""The engines agree: igraph's PageRank, cores, components and communities against NetworkX's (issue 15)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graphkit.analysis import engines
from graphkit.analysis.metrics import analyze
from graphkit.analysis.network import read_edge_list
from graphkit.store.build import build_graph
from tests.conftest import EXAMPLES


def _weighted(seed: int, directed: bool = False) -> nx.Graph:
    G = nx.gnm_random_graph(1500, 6000, seed=seed, directed=directed)
    G.add_edges_from((0, k) for k in range(1, 300))  # a hub, as real coauthor graphs have
    for u, v in G.edges():
        G[u][v]["weight"] = 1 + (u * 7 + v) % 4
    return G


@pytest.fixture(scope="module")
def grqc(shared_data: Path) -> nx.Graph:
    return read_edge_list(shared_data / "snap-ca-GrQc" / "CA-GrQc.txt")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_agrees(seed: int) -> None:
    for G, weight in ((_weighted(seed), "weight"), (_weighted(seed, directed=True), None)):
        fast = engines.pagerank(G, weight=weight, engine="igraph")
        # igraph solves PageRank's equations exactly: NetworkX iterated to convergence gives the same scores ...
        converged = nx.pagerank(G, weight=weight, tol=1e-13, max_iter=10_000)
        assert max(abs(fast[n] - converged[n]) for n in G) < 1e-9
        # ... and NetworkX's default stops once the summed change is under n x 1e-6, which leaves at most
        # alpha / (1 - alpha) times that in all.
        reference = engines.pagerank(G, weight=weight, engine="networkx")
        assert sum(abs(fast[n] - reference[n]) for n in G) < 0.85 / 0.15 * len(G) * 1e-6
        assert sum(fast.values()) == pytest.approx(1.0)
        assert engines.pagerank(G, weight=weight, engine="igraph") == fast  # the same bits every run


def test_core_numbers_and_components_are_identical(grqc: nx.Graph) -> None:
    G = _weighted(4)
    G.add_edge(5, 5)  # a self-loop: ignored by both
    G.add_edges_from([(5000, 5001), (5002, 5002)])  # two more components
    for graph in (G, grqc):
        assert engines.core_number(graph, engine="igraph") == engines.core_number(graph, engine="networkx")
        assert engines.connected_components(graph, engine="igraph") == engines.connected_components(
            graph, engine="networkx"
        )


def test_snaps_published_ca_grqc_figures_on_both_engines(grqc: nx.Graph) -> None:
    # SNAP: 5,242 nodes, largest WCC 4,158 nodes (shared/data/SOURCES.md).
    assert grqc.number_of_nodes() == 5242
    for engine in ("networkx", "igraph"):
        assert len(engines.connected_components(grqc, engine=engine)[0]) == 4158


def test_communities_reach_the_same_modularity_and_leiden_communities_are_connected(grqc: nx.Graph) -> None:
    found = {
        (method, engine): engines.communities(grqc, method=method, weight=None, seed=3, engine=engine)
        for method, engine in (("louvain", "networkx"), ("louvain", "igraph"), ("leiden", "igraph"))
    }
    quality = {key: engines.modularity(grqc, parts, weight=None) for key, parts in found.items()}
    reference = quality[("louvain", "networkx")]
    assert reference > 0.8  # ca-GrQc is strongly clustered
    assert quality[("louvain", "igraph")] == pytest.approx(reference, abs=0.02)
    assert quality[("leiden", "igraph")] >= reference - 0.02
    for parts in found.values():
        assert sorted(n for part in parts for n in part) == sorted(grqc)  # a partition of every node
        assert [len(p) for p in parts] == sorted((len(p) for p in parts), reverse=True)
    # Leiden's guarantee: every community is connected.
    assert all(nx.is_connected(grqc.subgraph(part)) for part in found[("leiden", "igraph")])
    # The same seed gives the same communities; the global random state is left as it was.
    again = engines.communities(grqc, method="leiden", weight=None, seed=3, engine="igraph")
    assert again == found[("leiden", "igraph")]


def test_a_prepared_graph_is_converted_once_and_never_changed() -> None:
    G = _weighted(5)
    G.add_edge(7, 7)  # core_number drops self-loops: from a copy, never from the shared conversion
    prepared = engines.Prepared(G)
    ranks = engines.pagerank(prepared, engine="igraph")
    cores = engines.core_number(prepared, engine="igraph")
    parts = engines.connected_components(prepared, engine="igraph")
    found = engines.communities(prepared, seed=1, engine="igraph")
    assert sorted(prepared.converted, key=str) == [None, "weight"]  # one unweighted, one weighted form
    assert prepared.igraph(None)[0].ecount() == G.number_of_edges()  # the self-loop is still there
    assert ranks == engines.pagerank(G, engine="igraph") and cores == engines.core_number(G, engine="igraph")
    assert parts == engines.connected_components(G, engine="igraph")
    assert found == engines.communities(G, seed=1, engine="igraph")


def test_engine_choice() -> None:
    assert engines.choose_engine("auto", engines.IGRAPH_FROM_NODES - 1) == "networkx"
    assert engines.choose_engine("auto", engines.IGRAPH_FROM_NODES) == "igraph"
    with pytest.raises(ValueError, match="unknown engine 'gds'"):
        engines.choose_engine("gds", 10)
    with pytest.raises(ValueError, match="unknown community method"):
        engines.communities(nx.path_graph(3), method="infomap")
    assert engines.pagerank(nx.Graph(), engine="igraph") == {} and engines.communities(nx.Graph()) == []
    assert engines.modularity(nx.empty_graph(3), [{0}, {1}, {2}]) == 0.0


def test_analyze_on_the_seeds_with_igraph_matches_networkx() -> None:
    reference, fast = build_graph([EXAMPLES]), build_graph([EXAMPLES])
    slow_result = analyze(reference, engine="networkx")
    fast_result = analyze(fast, engine="igraph", community_method="leiden")
    assert slow_result.engine == "networkx" and fast_result.engine == "igraph"
    assert fast_result.community_method == "leiden" and fast_result.modularity > 0.5
    assert slow_result.modularity > 0.5
    assert set(fast.author_metrics) == set(reference.author_metrics)
    for author_id, metrics in reference.author_metrics.items():
        other = fast.author_metrics[author_id]
        for name in ("papers", "coauthors", "core_number", "citations", "h_index", "betweenness"):
            assert other[name] == metrics[name], (author_id, name)
        assert other["pagerank"] == pytest.approx(metrics["pagerank"], abs=1e-4)
    for paper_id, metrics in reference.paper_metrics.items():
        assert fast.paper_metrics[paper_id]["citation_pagerank"] == pytest.approx(
            metrics["citation_pagerank"], abs=1e-4
        )
