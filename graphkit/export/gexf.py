"""GEXF 1.3, Gephi's format: attributes typed, labels, and ``viz`` colours and sizes, written as the graph is read.

NetworkX writes GEXF 1.2draft with an empty ``graph name`` and no colours (and its 1.3 writer names the
XML Schema instance namespace wrongly), so graphkit writes the file itself with the standard library's streaming
XML generator: ``meta`` (creator, description, date), the node and edge attribute declarations (``long``,
``double``, ``boolean`` or ``string``, from the values), then every node with its ``label``, ``attvalues``,
``viz:color`` (its community's colour, grey without one) and ``viz:size`` (from its papers or citations), and
every edge with its ``weight``. Text passes through :func:`~graphkit.export.text.xml_text`.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

import networkx as nx

from graphkit import __version__
from graphkit.export.text import label_of, xml_text

__all__ = ["GEXF_NAMESPACE", "PALETTE", "VIZ_NAMESPACE", "community_colour", "write_gexf"]

GEXF_NAMESPACE = "http://gexf.net/1.3"
VIZ_NAMESPACE = "http://gexf.net/1.3/viz"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
PALETTE = (
    (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75),
    (227, 119, 194), (188, 189, 34), (23, 190, 207), (174, 199, 232), (255, 187, 120), (152, 223, 138),
    (255, 152, 150), (197, 176, 213), (196, 156, 148), (247, 182, 210), (219, 219, 141), (158, 218, 229),
)  # fmt: skip
"""Community colours (Tableau's categorical palette without its greys), largest community first."""
_NO_COMMUNITY = (150, 150, 150)


def community_colour(community: object) -> tuple[int, int, int]:
    """The colour of a community number (grey for none); the palette repeats past its last colour.

    Examples
    --------
    >>> community_colour(0), community_colour(None)
    ((31, 119, 180), (150, 150, 150))
    """
    if community is None:
        return _NO_COMMUNITY
    return PALETTE[int(str(community)) % len(PALETTE)]


def _type(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        number = float(value)
        return repr(number) if math.isfinite(number) else ("NaN" if math.isnan(number) else repr(number))
    return xml_text(str(value))


def _declarations(items: list[dict[str, Any]], skip: set[str]) -> dict[str, str]:
    """Each attribute name (in first-seen order) with its GEXF type, from every value it takes."""
    seen: dict[str, list[Any]] = {}
    for data in items:
        for name, value in data.items():
            if name not in skip and value is not None and value != "":
                seen.setdefault(name, []).append(value)
    return {name: _type(values) for name, values in seen.items()}


def write_gexf(graph: nx.Graph, path: str | Path, kind: str = "coauthor") -> None:
    """Write ``graph`` (:func:`~graphkit.export.networks.network`) as GEXF 1.3 to ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.Graph()
    >>> G.add_node("a1", name="Ann Lee", papers=3, community=0)
    >>> G.add_node("a2", name="Bo Chen", papers=1)
    >>> G.add_edge("a1", "a2", weight=2)
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.gexf"
    >>> write_gexf(G, out)
    >>> read = nx.read_gexf(out, version="1.3")
    >>> read.nodes["a1"]["label"], read.nodes["a1"]["viz"]["color"], read.edges["a1", "a2"]["weight"]
    ('Ann Lee', {'r': 31, 'g': 119, 'b': 180, 'a': 1.0}, 2.0)
    """
    node_types = _declarations([data for _, data in graph.nodes(data=True)], {"label"})
    edge_types = _declarations([data for *_, data in graph.edges(data=True)], {"weight"})
    sizes = _sizes(graph)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        xml = XMLGenerator(handle, encoding="utf-8", short_empty_elements=True)
        xml.startDocument()
        _start(xml, "gexf", {
            "xmlns": GEXF_NAMESPACE, "xmlns:viz": VIZ_NAMESPACE, "xmlns:xsi": _XSI,
            "xsi:schemaLocation": f"{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd", "version": "1.3",
        })  # fmt: skip
        _start(xml, "meta", {"lastmodifieddate": dt.date.today().isoformat()})
        _element(xml, "creator", f"graphkit {__version__}")
        _element(xml, "description", f"the {kind} network of a graphkit store")
        xml.endElement("meta")
        edge_kind = "directed" if graph.is_directed() else "undirected"
        _start(xml, "graph", {"defaultedgetype": edge_kind, "mode": "static"})
        for cls, types in (("node", node_types), ("edge", edge_types)):
            _start(xml, "attributes", {"class": cls, "mode": "static"})
            for number, (name, kind_of) in enumerate(types.items()):
                _start(xml, "attribute", {"id": f"{cls[0]}{number}", "title": name, "type": kind_of})
                xml.endElement("attribute")
            xml.endElement("attributes")
        node_ids = {name: f"n{number}" for number, name in enumerate(node_types)}
        _start(xml, "nodes", {"count": str(graph.number_of_nodes())})
        for node, data in graph.nodes(data=True):
            _start(xml, "node", {"id": xml_text(str(node)), "label": xml_text(label_of(node, data))})
            _attvalues(xml, data, node_types, node_ids)
            r, g, b = community_colour(data.get("community"))
            _empty(xml, "viz:color", {"r": str(r), "g": str(g), "b": str(b)})
            _empty(xml, "viz:size", {"value": f"{sizes[node]:.2f}"})
            xml.endElement("node")
        xml.endElement("nodes")
        edge_ids = {name: f"e{number}" for number, name in enumerate(edge_types)}
        _start(xml, "edges", {"count": str(graph.number_of_edges())})
        for number, (a, b, data) in enumerate(graph.edges(data=True)):
            attributes = {"id": str(number), "source": xml_text(str(a)), "target": xml_text(str(b))}
            if data.get("weight") is not None:
                attributes["weight"] = _text(data["weight"], "double")
            _start(xml, "edge", attributes)
            _attvalues(xml, data, edge_types, edge_ids)
            xml.endElement("edge")
        xml.endElement("edges")
        xml.endElement("graph")
        xml.endElement("gexf")
        xml.endDocument()


def _sizes(graph: nx.Graph) -> dict[Any, float]:
    """Node sizes from 5 to 40, by the square root of papers (or in-graph citations), else of degree."""
    weight = {
        node: float(data.get("papers") or data.get("graph_citations") or 0) for node, data in graph.nodes(data=True)
    }
    if not any(weight.values()):
        weight = {node: float(degree) for node, degree in graph.degree()}
    top = math.sqrt(max(weight.values(), default=0.0)) or 1.0
    return {node: 5.0 + 35.0 * math.sqrt(value) / top for node, value in weight.items()}


def _attvalues(xml: XMLGenerator, data: dict[str, Any], types: dict[str, str], ids: dict[str, str]) -> None:
    values = [(name, value) for name, value in data.items() if name in types and value is not None and value != ""]
    if not values:
        return
    _start(xml, "attvalues", {})
    for name, value in values:
        _empty(xml, "attvalue", {"for": ids[name], "value": _text(value, types[name])})
    xml.endElement("attvalues")


def _start(xml: XMLGenerator, name: str, attributes: dict[str, str]) -> None:
    xml.startElement(name, AttributesImpl(attributes))


def _element(xml: XMLGenerator, name: str, text: str) -> None:
    _start(xml, name, {})
    xml.characters(xml_text(text))
    xml.endElement(name)


def _empty(xml: XMLGenerator, name: str, attributes: dict[str, str]) -> None:
    _start(xml, name, attributes)
    xml.endElement(name)
