"""The coauthor and citation networks of a store as NetworkX graphs, GraphML, GEXF (Gephi) and VOSviewer files.

Node attributes are the stored properties, analytics included (``pagerank``, ``community``, ``h_index`` …,
after ``graphkit analyze``); absent values are left out (GraphML and GEXF have no null) and lists are joined
with ``"; "`` (neither format has lists).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.core.errors import GraphkitError
from graphkit.store.base import Runner
from graphkit.store.loader import stored_rows
from graphkit.store.schema import SCHEMA

__all__ = ["NETWORKS", "network", "write_network", "write_vosviewer"]

NETWORKS = ("coauthor", "citation")
# Long text makes the files heavy and no layout tool uses it.
_LEFT_OUT = {"abstract"}


def _attributes(row: dict[str, Any], key: str) -> dict[str, Any]:
    attributes = {}
    for name, value in row.items():
        if name == key or name in _LEFT_OUT or value is None:
            continue
        if isinstance(value, list):
            value = "; ".join(map(str, value))
        elif not isinstance(value, str | int | float | bool):
            value = str(value)  # dates
        attributes[name] = value
    return attributes


def network(runner: Runner, kind: str = "coauthor") -> nx.Graph:
    """The coauthor graph (authors, weighted by shared papers) or the citation graph (papers, directed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     G = network(store)
    >>> G.number_of_nodes(), G.number_of_edges()
    (113, 186)
    """
    if kind not in NETWORKS:
        raise GraphkitError(f"unknown network {kind!r}; choose one of {', '.join(NETWORKS)}")
    nodes, rels = stored_rows(runner)
    label, rel_type = ("Author", "COAUTHORED_WITH") if kind == "coauthor" else ("Paper", "CITES")
    graph: nx.Graph = nx.Graph() if kind == "coauthor" else nx.DiGraph()
    node_type = SCHEMA.node(label)
    for row in nodes(node_type):
        graph.add_node(row[node_type.key], **_attributes(row, node_type.key))
    for row in rels(SCHEMA.rel(rel_type)):
        attributes = {k: v for k, v in row.items() if k not in {"src", "dst"} and v is not None}
        if kind == "coauthor":
            attributes["weight"] = row["papers"]
        graph.add_edge(row["src"], row["dst"], **attributes)
    return graph


def write_network(runner: Runner, path: str | Path, kind: str = "coauthor", file_format: str = "graphml") -> nx.Graph:
    """Write the network as GraphML or GEXF (Gephi's format); return it."""
    graph = network(runner, kind)
    if file_format == "graphml":
        nx.write_graphml(graph, path)
    elif file_format == "gexf":
        nx.write_gexf(graph, path)
    else:
        raise GraphkitError(f"unknown network file format {file_format!r}; choose graphml or gexf")
    return graph


def write_vosviewer(runner: Runner, folder: str | Path, kind: str = "coauthor") -> tuple[Path, Path]:
    """VOSviewer map and network files (tab-separated; ids are 1-based integers as VOSviewer requires).

    The map file has ``id``, ``label``, ``weight<Documents>`` (papers; for the citation network, in-graph
    citations), ``weight<Links>`` (degree) and ``cluster`` (the Louvain community + 1, where analysed);
    the network file lists ``id1 id2 strength`` (shared papers; 1 per citation).
    """
    graph = network(runner, kind)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    numbers = {node: number for number, node in enumerate(sorted(graph), start=1)}
    map_path, network_path = folder / f"{kind}_map.txt", folder / f"{kind}_network.txt"
    documents = "papers" if kind == "coauthor" else "graph_citations"
    with map_path.open("w", encoding="utf-8") as handle:
        handle.write("id\tlabel\tweight<Documents>\tweight<Links>\tcluster\n")
        for node in sorted(graph):
            data = graph.nodes[node]
            label = str(data.get("name") or data.get("title") or node).replace("\t", " ")
            cluster = data.get("community")
            handle.write(
                f"{numbers[node]}\t{label}\t{data.get(documents, 0)}\t{graph.degree(node)}\t"
                f"{'' if cluster is None else cluster + 1}\n"
            )
    with network_path.open("w", encoding="utf-8") as handle:
        for a, b, data in sorted(graph.edges(data=True), key=lambda e: (numbers[e[0]], numbers[e[1]])):
            handle.write(f"{numbers[a]}\t{numbers[b]}\t{data.get('weight', 1)}\n")
    return map_path, network_path
