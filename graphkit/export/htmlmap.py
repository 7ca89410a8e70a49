"""A self-contained interactive collaboration map: one HTML file, Cytoscape.js inside, no network access.

Node size follows influence (PageRank from ``graphkit analyze``, else papers), colour the Louvain community,
edge width the shared papers; a search box finds and centres people, hovering shows their figures. Large
graphs are never drawn whole: the map shows an author's neighbourhood (``author``, ``hops``), one community,
or the most influential authors, up to ``max_nodes``. The page records what it drew in
``#graphkit-status`` (``data-rendered-nodes`` / ``data-rendered-edges``), which the tests read back from a
headless browser.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.core.errors import GraphkitError
from graphkit.export.networks import network
from graphkit.query.paths import find_stored_author
from graphkit.store.base import Runner

__all__ = ["MapSelection", "select_subgraph", "write_map"]

# Colour-blind-safe palette (Okabe–Ito, then Tol's muted); communities beyond it cycle.
_PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#332288",
            "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]  # fmt: skip


@dataclass(frozen=True)
class MapSelection:
    """Which part of the coauthor graph to draw, and a title saying so."""

    graph: nx.Graph
    title: str


def select_subgraph(
    runner: Runner,
    *,
    author: str | None = None,
    hops: int = 1,
    community: int | None = None,
    max_nodes: int = 500,
) -> MapSelection:
    """The authors to draw: a neighbourhood, a community, or the top of the PageRank ranking.

    Within a selection larger than ``max_nodes`` the most influential authors are kept (the centre of a
    neighbourhood always).
    """
    G = network(runner, "coauthor")
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
        centre = None
    else:
        keep, centre, title = set(G), None, "Most influential authors"
    if len(keep) > max_nodes:
        ranked = sorted(keep, key=lambda n: (n != centre, -_influence(G.nodes[n]), n))
        keep = set(ranked[:max_nodes])
        title += f" (the {max_nodes} most influential of {len(ranked):,})"
    return MapSelection(G.subgraph(keep).copy(), title)


def _influence(data: dict[str, Any]) -> float:
    return float(data.get("pagerank") or 0.0) or float(data.get("papers") or 0) / 1e6


def _elements(graph: nx.Graph) -> list[dict[str, Any]]:
    influences = [_influence(d) for _, d in graph.nodes(data=True)] or [0.0]
    low, high = min(influences), max(influences)
    elements: list[dict[str, Any]] = []
    for node, data in sorted(graph.nodes(data=True)):
        scaled = (_influence(data) - low) / (high - low) if high > low else 0.5
        community = data.get("community")
        elements.append({"data": {
            "id": node, "label": data.get("name", node), "size": round(12 + 48 * scaled ** 0.5, 1),
            "color": _PALETTE[community % len(_PALETTE)] if isinstance(community, int) else "#777777",
            "papers": data.get("papers"), "pagerank": data.get("pagerank"), "community": community,
            "h_index": data.get("h_index"),
        }})  # fmt: skip
    for a, b, data in sorted(graph.edges(data=True)):
        weight = int(data.get("weight") or 1)
        elements.append({"data": {"id": f"{a}|{b}", "source": a, "target": b, "weight": weight,
                                  "width": min(12, 1 + 1.5 * (weight - 1))}})  # fmt: skip
    return elements


def write_map(selection: MapSelection, path: str | Path) -> tuple[int, int]:
    """Write the map; return the nodes and edges it holds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.Graph([("a", "b")]); G.nodes["a"]["name"] = "Ada"
    >>> write_map(MapSelection(G, "demo"), pathlib.Path(tempfile.mkdtemp()) / "map.html")
    (2, 1)
    """
    library = resources.files("graphkit.export").joinpath("assets/cytoscape.min.js").read_text("utf-8")
    # JSON inside <script> must not contain "</": it would end the element early.
    data = json.dumps(_elements(selection.graph), ensure_ascii=False).replace("</", "<\\/")
    page = _TEMPLATE.format(
        title=html.escape(selection.title), library=library.replace("</script", "<\\/script"), elements=data
    )
    Path(path).write_text(page, encoding="utf-8")
    return selection.graph.number_of_nodes(), selection.graph.number_of_edges()


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>{title} — graphkit</title>
<style>
  html, body {{ margin: 0; height: 100%; font: 14px system-ui, sans-serif; }}
  #bar {{ position: absolute; top: 0; left: 0; right: 0; padding: 8px 12px; background: #fafafa;
          border-bottom: 1px solid #ddd; z-index: 2; display: flex; gap: 12px; align-items: center; }}
  #map {{ position: absolute; top: 44px; bottom: 0; left: 0; right: 0; }}
  #tip {{ position: absolute; display: none; background: #fff; border: 1px solid #bbb; padding: 6px 8px;
          border-radius: 4px; pointer-events: none; z-index: 3; box-shadow: 0 1px 4px rgba(0,0,0,.2); }}
</style>
</head>
<body>
<div id="bar"><strong>{title}</strong>
  <input id="search" type="search" placeholder="Find a person…" aria-label="Find a person">
  <span id="graphkit-status" data-rendered-nodes="0" data-rendered-edges="0"></span></div>
<div id="map"></div><div id="tip"></div>
<script>{library}</script>
<script type="application/json" id="graphkit-elements">{elements}</script>
<script>
(function () {{
  var elements = JSON.parse(document.getElementById('graphkit-elements').textContent);
  var cy = cytoscape({{
    container: document.getElementById('map'), elements: elements, wheelSensitivity: 0.3,
    style: [
      {{ selector: 'node', style: {{ 'width': 'data(size)', 'height': 'data(size)', 'background-color': 'data(color)',
         'label': 'data(label)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 2 }} }},
      {{ selector: 'edge', style: {{ 'width': 'data(width)', 'line-color': '#b8b8b8', 'opacity': 0.7 }} }},
      {{ selector: '.found', style: {{ 'border-width': 4, 'border-color': '#000' }} }}
    ],
    layout: {{ name: 'cose', animate: false, randomize: false, nodeRepulsion: 8000, idealEdgeLength: 60 }}
  }});
  var status = document.getElementById('graphkit-status');
  function rendered() {{
    var nodes = cy.nodes().filter(function (n) {{ return n.visible() && n.renderedBoundingBox().w > 0; }});
    status.setAttribute('data-rendered-nodes', nodes.length);
    status.setAttribute('data-rendered-edges', cy.edges().filter(function (e) {{ return e.visible(); }}).length);
    status.textContent = nodes.length + ' people, ' + cy.edges().length + ' collaborations';
  }}
  cy.ready(rendered);
  cy.on('layoutstop render', rendered);
  var tip = document.getElementById('tip');
  cy.on('mouseover', 'node', function (event) {{
    var d = event.target.data(), p = event.renderedPosition;
    tip.innerHTML = '<strong></strong><br>papers: ' + (d.papers ?? '–') + ' · PageRank: ' +
      (d.pagerank == null ? '–' : d.pagerank.toFixed(4)) + '<br>community: ' + (d.community ?? '–') +
      ' · coauthors here: ' + event.target.degree();
    tip.querySelector('strong').textContent = d.label;
    tip.style.left = (p.x + 16) + 'px'; tip.style.top = (p.y + 52) + 'px'; tip.style.display = 'block';
  }});
  cy.on('mouseout', 'node', function () {{ tip.style.display = 'none'; }});
  document.getElementById('search').addEventListener('keydown', function (event) {{
    if (event.key !== 'Enter') return;
    var text = event.target.value.trim().toLowerCase();
    cy.nodes().removeClass('found');
    if (!text) return;
    var found = cy.nodes().filter(function (n) {{ return n.data('label').toLowerCase().indexOf(text) >= 0; }});
    found.addClass('found');
    if (found.length) cy.animate({{ fit: {{ eles: found.closedNeighborhood(), padding: 60 }} }}, {{ duration: 300 }});
  }});
}})();
</script>
</body>
</html>
"""
