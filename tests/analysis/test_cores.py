"""Linear-time core numbers equal NetworkX's on random graphs, hubs and the real CA-GrQc network."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graphkit.analysis.cores import clustering_coefficients, core_numbers
from graphkit.analysis.network import read_edge_list


@pytest.mark.parametrize("seed", range(5))
def test_equals_networkx_on_random_graphs_with_hubs(seed: int) -> None:
    G = nx.gnm_random_graph(300, 900, seed=seed)
    G.add_edges_from((0, n) for n in range(1, 200))  # a hub
    G.add_nodes_from(["isolated", "also isolated"])
    assert core_numbers(G) == nx.core_number(G)


def test_equals_networkx_on_ca_grqc(shared_data: Path) -> None:
    G = read_edge_list(shared_data / "snap-ca-GrQc" / "CA-GrQc.txt")
    G.remove_edges_from(nx.selfloop_edges(G))
    cores = core_numbers(G)
    assert cores == nx.core_number(G) and max(cores.values()) == 43


@pytest.mark.parametrize("seed", range(5))
def test_clustering_equals_networkx(seed: int) -> None:
    G = nx.gnm_random_graph(200, 1200, seed=seed)
    G.add_edges_from((0, n) for n in range(1, 150))
    G.add_edge(5, 5)  # a self-loop is ignored, as NetworkX ignores it
    G.add_node("isolated")
    assert clustering_coefficients(G) == pytest.approx(nx.clustering(G))
