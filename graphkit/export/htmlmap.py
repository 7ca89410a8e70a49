"""A self-contained interactive collaboration map: one HTML file, Cytoscape.js inside, no network access.

What a reader of VOSviewer or Connected Papers expects, at 40 people or 5,000:

* a layout computed here (:mod:`graphkit.export.maplayout`): communities kept together as discs, packed, small
  unlinked teams around the core instead of a strip of pairs;
* labels only where they fit: the page places them most influential first and leaves out any that would
  overlap one already placed, again after every zoom (labels keep their size on screen, so zooming in shows
  more of them);
* a legend (colour = community, with each one's best-known member; size = PageRank or papers; width = shared
  papers), the focal person of a neighbourhood ringed and always labelled;
* a click on a collaboration lists the papers behind it, a click on a person their figures; a year filter
  keeps the people and collaborations with papers in the years chosen (also ``map.html?years=2001-2003``);
* any text embedded safely: the data travels as JSON in which ``<``, ``>``, ``&`` and the two Unicode line
  separators are escaped, and the page puts names in the document as text, never as markup.

Large graphs are never drawn whole: the map shows an author's neighbourhood (``author``, ``hops``), one
community, or the most influential authors, up to ``max_nodes``. The page records what it drew in
``#graphkit-status`` (``data-rendered-nodes``, ``data-rendered-edges``, ``data-labels``,
``data-label-overlaps``, ``data-legend``, ``data-years``, ``data-selected``), which the tests read back from a
headless browser.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.core.errors import GraphkitError
from graphkit.export.maplayout import cluster_layout
from graphkit.export.networks import network
from graphkit.export.text import label_of
from graphkit.query.paths import find_stored_author
from graphkit.store.base import Runner

__all__ = ["LEGEND_ENTRIES", "MapSelection", "map_data", "safe_json", "select_subgraph", "write_map"]

# Colour-blind-safe palette (Okabe–Ito, then Tol's muted); communities beyond it are grey.
_PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#332288",
            "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]  # fmt: skip
_OTHER = "#9a9a9a"
LEGEND_ENTRIES = 10
"""The communities the legend names (the largest on the map); the rest are listed as one grey entry."""


@dataclass(frozen=True)
class MapSelection:
    """Which part of the coauthor graph to draw, a title saying so, the focal person, and each person's papers
    (``papers``: author id -> paper ids; ``paper_info``: paper id -> (title, year))."""

    graph: nx.Graph
    title: str
    focal: str | None = None
    papers: dict[str, list[str]] = field(default_factory=dict)
    paper_info: dict[str, tuple[str, int | None]] = field(default_factory=dict)


def select_subgraph(
    runner: Runner,
    *,
    author: str | None = None,
    hops: int = 1,
    community: int | None = None,
    max_nodes: int = 500,
) -> MapSelection:
    """The authors to draw: a neighbourhood, a community, or the top of the PageRank ranking, with their papers.

    Within a selection larger than ``max_nodes`` the most influential authors are kept (the centre of a
    neighbourhood always).
    """
    G = network(runner, "coauthor")
    centre: str | None = None
    if author is not None:
        centre = find_stored_author(runner, author).id
        keep = set(nx.single_source_shortest_path_length(G, centre, cutoff=hops))
        title = f"{G.nodes[centre].get('name', centre)} and coauthors within {hops} hop(s)"
    elif community is not None:
        keep = {n for n, d in G.nodes(data=True) if d.get("community") == community}
        if not keep:
            known = sorted({d["community"] for _, d in G.nodes(data=True) if "community" in d})
            hint = " (run `graphkit analyze` first)" if not known else f"; communities run from 0 to {known[-1]}"
            raise GraphkitError(f"no community {community} in the graph{hint}")
        title = f"Community {community}"
    else:
        keep, title = set(G), "Most influential authors"
    if len(keep) > max_nodes:
        ranked = sorted(keep, key=lambda n: (n != centre, -_influence(G.nodes[n]), n))
        keep = set(ranked[:max_nodes])
        title += f" (the {max_nodes} most influential of {len(ranked):,})"
    papers: dict[str, list[str]] = defaultdict(list)
    info: dict[str, tuple[str, int | None]] = {}
    rows = runner.execute(
        "MATCH (a:Author)-[:AUTHORED]->(p:Paper) WHERE a.id IN $ids "
        "RETURN a.id AS author, p.id AS paper, p.title AS title, p.year AS year",
        {"ids": sorted(keep)},
    )
    for row in rows:
        papers[row["author"]].append(row["paper"])
        info[row["paper"]] = (row["title"] or row["paper"], row["year"])
    return MapSelection(G.subgraph(keep).copy(), title, centre, dict(papers), info)


def _influence(data: dict[str, Any]) -> float:
    return float(data.get("pagerank") or 0.0) or float(data.get("papers") or 0) / 1e6


def map_data(selection: MapSelection, *, seed: int = 0) -> dict[str, Any]:
    """What the page draws: positioned nodes, edges with the indices of their shared papers, the papers, the
    legend and the years.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")]); G.nodes["a"]["name"] = "Ada"
    >>> data = map_data(MapSelection(G, "demo", "a", {"a": ["p"], "b": ["p"]}, {"p": ("A paper", 2020)}))
    >>> data["edges"][0]["papers"], data["papers"], data["years"], data["nodes"][0]["label"]
    ([0], [['A paper', 2020]], [2020, 2020], 'Ada')
    """
    graph = selection.graph
    positions = cluster_layout(graph, seed=seed)
    influences = {node: _influence(d) for node, d in graph.nodes(data=True)}
    low, high = min(influences.values(), default=0.0), max(influences.values(), default=0.0)
    ranked = sorted(graph, key=lambda n: (n != selection.focal, -influences[n], str(n)))
    rank = {node: number for number, node in enumerate(ranked)}
    sizes: dict[Any, int] = defaultdict(int)
    for _, d in graph.nodes(data=True):
        sizes[d.get("community")] += 1
    communities = sorted((c for c in sizes if c is not None), key=lambda c: (-sizes[c], c))
    colour = {c: _PALETTE[i] if i < len(_PALETTE) else _OTHER for i, c in enumerate(communities)}
    shared_index: dict[str, int] = {}
    edges: list[dict[str, Any]] = []
    for a, b, d in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        shared = sorted(set(selection.papers.get(a, ())) & set(selection.papers.get(b, ())))
        indices = [shared_index.setdefault(p, len(shared_index)) for p in shared]
        weight = int(d.get("weight") or len(shared) or 1)
        edges.append({"id": f"e{len(edges)}", "source": a, "target": b, "weight": weight,
                      "width": round(min(10.0, 1 + 1.2 * (weight - 1) ** 0.7), 2), "papers": indices})  # fmt: skip
    nodes = []
    for node, d in graph.nodes(data=True):
        scaled = (influences[node] - low) / (high - low) if high > low else 0.5
        years = sorted({year for p in selection.papers.get(node, ()) if (year := selection.paper_info[p][1])})
        x, y = positions[node]
        nodes.append({
            "id": node, "label": label_of(node, d), "x": x, "y": y, "size": round(10 + 40 * scaled**0.5, 1),
            "color": colour.get(d.get("community"), _OTHER), "community": d.get("community"),
            "papers": d.get("papers"), "pagerank": d.get("pagerank"), "h_index": d.get("h_index"),
            "rank": rank[node], "years": years,
        })  # fmt: skip
    papers: list[list[Any]] = [[] for _ in shared_index]
    for paper, index in shared_index.items():
        papers[index] = list(selection.paper_info[paper])
    legend = [
        {"community": c, "color": colour[c], "people": sizes[c],
         "lead": label_of(lead, graph.nodes[lead])}
        for c in communities[:LEGEND_ENTRIES]
        for lead in [min((n for n in graph if graph.nodes[n].get("community") == c), key=rank.__getitem__)]
    ]  # fmt: skip
    others = sum(sizes[c] for c in communities[LEGEND_ENTRIES:]) + sizes.get(None, 0)
    all_years = [year for n in nodes for year in n["years"]]
    return {
        "title": selection.title, "focal": selection.focal,
        "focal_label": label_of(selection.focal, graph.nodes[selection.focal]) if selection.focal else None,
        "size_by": "PageRank" if any(d.get("pagerank") for _, d in graph.nodes(data=True)) else "papers",
        "nodes": nodes, "edges": edges, "papers": papers, "legend": legend, "legend_others": others,
        "years": [min(all_years), max(all_years)] if all_years else None,
    }  # fmt: skip


def safe_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` element whatever the text in it: ``<``, ``>``, ``&`` and the
    Unicode line and paragraph separators written as escapes (JSON.parse reads them back unchanged).

    Examples
    --------
    >>> safe_json({"name": "<!--<script>"})
    '{"name": "\\\\u003c!--\\\\u003cscript\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for character, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                              ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(character, escape)
    return text


def write_map(selection: MapSelection, path: str | Path, data: dict[str, Any] | None = None) -> tuple[int, int]:
    """Write the map (``data``: what :func:`map_data` gave for ``selection``, if already computed); return the
    nodes and edges it holds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.Graph([("a", "b")]); G.nodes["a"]["name"] = "Ada"
    >>> write_map(MapSelection(G, "demo"), pathlib.Path(tempfile.mkdtemp()) / "map.html")
    (2, 1)
    """
    assets = resources.files("graphkit.export").joinpath("assets")
    library = assets.joinpath("cytoscape.min.js").read_text("utf-8")
    page = assets.joinpath("map.html").read_text("utf-8")
    values = {
        "TITLE": html.escape(selection.title),
        "LIBRARY": library.replace("</script", "<\\/script"),
        "DATA": safe_json(data if data is not None else map_data(selection)),
    }
    # One pass over the template: text put in is never searched for placeholders again.
    page = re.sub(r"@@(TITLE|LIBRARY|DATA)@@", lambda found: values[found[1]], page)
    Path(path).write_text(page, encoding="utf-8")
    return selection.graph.number_of_nodes(), selection.graph.number_of_edges()
