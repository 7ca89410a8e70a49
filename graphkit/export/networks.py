"""The coauthor, citation and keyword networks of a store as NetworkX graphs, GraphML, GEXF (Gephi) and VOSviewer
files.

The keyword network is the co-occurrence of the most frequent keywords (:mod:`graphkit.analysis.keywords`, with
its defaults: the 250 keywords on most papers, of every kind, on at least 2 papers), each keyword's
``community`` its theme on the thematic map and ``theme`` that theme's name.

Node attributes are the stored properties, analytics included (``pagerank``, ``community``, ``h_index`` …,
after ``graphkit analyze``); absent values are left out (GraphML and GEXF have no null) and lists are joined
with ``"; "`` (neither format has lists).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.analysis.keywords import keyword_network, thematic_map
from graphkit.analysis.thesaurus import Thesaurus
from graphkit.core.errors import GraphkitError
from graphkit.export.gexf import write_gexf
from graphkit.export.text import label_of, xml_text
from graphkit.store.base import Runner
from graphkit.store.loader import stored_rows
from graphkit.store.schema import SCHEMA

__all__ = [
    "NETWORKS",
    "VOSVIEWER_MAX_CLUSTERS",
    "graphml_id",
    "keyword_graph",
    "network",
    "vosviewer_label",
    "write_network",
    "write_vosviewer",
    "xml_ready",
]

NETWORKS = ("coauthor", "citation", "keyword")
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


def network(runner: Runner, kind: str = "coauthor", *, thesaurus: Thesaurus | None = None) -> nx.Graph:
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
    if kind == "keyword":
        return keyword_graph(runner, thesaurus=thesaurus)
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


def keyword_graph(
    runner: Runner,
    *,
    kind: str = "",
    top: int = 250,
    min_papers: int = 2,
    seed: int = 0,
    thesaurus: Thesaurus | None = None,
) -> nx.Graph:
    """The keyword co-occurrence network with each keyword's theme (``community``: its number, ``theme``: its name).

    Raises
    ------
    GraphkitError
        If the store holds no keyword on ``min_papers`` papers.
    """
    keywords = keyword_network(runner, kind=kind, top=top, min_papers=min_papers, thesaurus=thesaurus)
    if not keywords.ids:
        raise GraphkitError(
            f"no keyword is on {min_papers} or more papers in this store: build it from sources with keywords (Web "
            "of Science, Scopus, PubMed, OpenAlex topics)"
        )
    themes, theme_of = thematic_map(keywords, seed=seed)
    graph = keywords.graph()
    for key, number in zip(keywords.ids, theme_of, strict=True):
        graph.nodes[key]["community"] = number
        graph.nodes[key]["theme"] = themes[number].name
    return graph


def write_network(
    runner: Runner,
    path: str | Path,
    kind: str = "coauthor",
    file_format: str = "graphml",
    *,
    thesaurus: Thesaurus | None = None,
) -> nx.Graph:
    """Write the network as GraphML or GEXF 1.3 (Gephi's format); return it.

    Both carry a ``label`` (the person's name, the paper's title) that Gephi and yEd show, no empty values, and
    only characters XML 1.0 can hold (:func:`xml_text`); GEXF adds ``viz`` colours by community and sizes by
    papers (:mod:`graphkit.export.gexf`).
    """
    graph = network(runner, kind, thesaurus=thesaurus)
    if file_format == "graphml":
        nx.write_graphml(xml_ready(graph), path)
    elif file_format == "gexf":
        write_gexf(graph, path, kind)
    else:
        raise GraphkitError(f"unknown network file format {file_format!r}; choose graphml or gexf")
    return graph


def xml_ready(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` for GraphML: a ``label`` on every node, its graphkit id as ``graphkit_id`` and, as the
    node id, that id where GraphML's NMTOKEN allows it, else escaped (:func:`graphml_id`); empty strings left out;
    text made XML-safe.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("doi:10.1/a b", name="Ann\\x07 Lee", note="")
    >>> ready = xml_ready(G)
    >>> list(ready.nodes), ready.nodes["doi:10.1_2Fa_20b"] == {"name": "Ann\\ufffd Lee", "label": "Ann\\ufffd Lee",
    ...                                                       "graphkit_id": "doi:10.1/a b"}
    (['doi:10.1_2Fa_20b'], True)
    """
    ready = graph.__class__()
    for node, data in graph.nodes(data=True):
        values = {key: xml_text(v) if isinstance(v, str) else v for key, v in data.items() if v != ""}
        values["label"] = label_of(node, values)
        values["graphkit_id"] = xml_text(str(node))
        ready.add_node(graphml_id(str(node)), **values)
    for a, b, data in graph.edges(data=True):
        values = {key: xml_text(v) if isinstance(v, str) else v for key, v in data.items() if v != ""}
        ready.add_edge(graphml_id(str(a)), graphml_id(str(b)), **values)
    return ready


_NOT_NMTOKEN = re.compile(r"[^A-Za-z0-9.:-]")


def graphml_id(key: str) -> str:
    """A graphkit id as a GraphML id (an XML NMTOKEN): letters, digits, ``.``, ``:`` and ``-`` kept, every other
    character (``_`` included, so that the escape is reversible) written ``_XX`` in UTF-8 hex.

    Examples
    --------
    >>> graphml_id("gk-a-4ee7300b8bca"), graphml_id("doi:10.1002/job.248"), graphml_id("dblp:x_y")
    ('gk-a-4ee7300b8bca', 'doi:10.1002_2Fjob.248', 'dblp:x_5Fy')
    """
    return _NOT_NMTOKEN.sub(lambda m: "".join(f"_{byte:02X}" for byte in m[0].encode("utf-8")), key)


def write_vosviewer(
    runner: Runner, folder: str | Path, kind: str = "coauthor", *, thesaurus: Thesaurus | None = None
) -> tuple[Path, Path]:
    """VOSviewer map and network files, as its manual describes them; return their paths.

    The map file (tab-separated) has ``id`` (1-based integers), ``label``, ``weight<Documents>`` (papers; for
    the citation network, in-graph citations), ``weight<Links>`` (degree) and ``cluster``: the community of
    ``graphkit analyze`` + 1 — communities are numbered by size, and VOSviewer takes clusters 1 to
    :data:`VOSVIEWER_MAX_CLUSTERS`, so every community past the 999th (the smallest) shares the last cluster.
    Labels are one line (line breaks and tabs become spaces, other control characters go) and quoted where they
    hold a comma or a quote (quotes doubled). The network file lists ``id1 id2 strength``
    (shared papers; 1 per citation).
    """
    graph = network(runner, kind, thesaurus=thesaurus)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    numbers = {node: number for number, node in enumerate(sorted(graph), start=1)}
    map_path, network_path = folder / f"{kind}_map.txt", folder / f"{kind}_network.txt"
    documents = "graph_citations" if kind == "citation" else "papers"
    with map_path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("id\tlabel\tweight<Documents>\tweight<Links>\tcluster\n")
        for node in sorted(graph):
            data = graph.nodes[node]
            community = data.get("community")
            cluster = "" if community is None else str(min(int(community) + 1, VOSVIEWER_MAX_CLUSTERS))
            handle.write(
                f"{numbers[node]}\t{vosviewer_label(label_of(node, data))}\t{data.get(documents, 0)}\t"
                f"{graph.degree(node)}\t{cluster}\n"
            )
    with network_path.open("w", encoding="utf-8", newline="\n") as handle:
        for a, b, data in sorted(graph.edges(data=True), key=lambda e: (numbers[e[0]], numbers[e[1]])):
            handle.write(f"{numbers[a]}\t{numbers[b]}\t{data.get('weight', 1)}\n")
    return map_path, network_path


VOSVIEWER_MAX_CLUSTERS = 1000
"""The highest cluster number VOSviewer accepts."""
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def vosviewer_label(text: str) -> str:
    """A label as VOSviewer reads it: one line, quoted (quotes doubled) where it holds a comma or a quote.

    Examples
    --------
    >>> for name in ("Zoë Bell, PhD", 'Ann "The Hammer"\\nLee', "Ann Lee"):
    ...     print(vosviewer_label(name))
    "Zoë Bell, PhD"
    "Ann ""The Hammer"" Lee"
    Ann Lee
    """
    text = _CONTROL.sub("", _LINE_BREAKS.sub(" ", text)).strip()
    if any(c in text for c in ',"'):
        return '"' + text.replace('"', '""') + '"'
    return text
