"""The HTML map: self-contained, drawn by headless Chromium with every request blocked, the expected people on it.

Needs Debian's chromium (.ci/run installs it); skips with a message where it is missing.
"""

from __future__ import annotations

import filecmp
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner
from matplotlib import image

from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.export.htmlmap import LEGEND_ENTRIES, map_data, select_subgraph, write_map
from graphkit.export.networks import network
from graphkit.query.library import run_query
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLES
from tests.export.conftest import NAMES

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Every host name resolves to nothing: a page that asked the network for anything could not get it.
_OFFLINE = ["--headless", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=10000", "--window-size=1200,900"]  # fmt: skip


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("map") / "g.lbdb"
    build([EXAMPLES], db)
    analyze_store(db)
    return db


def _render(page: Path, screenshot: Path | None = None, query: str = "") -> dict[str, str]:
    """What the page says it drew (``#graphkit-status``), and the DOM; a screenshot where asked."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does)")
    url = page.as_uri() + query
    # One run of the browser gives both the DOM after the scripts and the screenshot.
    shoot = [f"--screenshot={screenshot}"] if screenshot is not None else []
    run = subprocess.run([CHROMIUM, *_OFFLINE, *shoot, "--dump-dom", url], capture_output=True, text=True,
                         timeout=180, check=True)  # fmt: skip
    dom = run.stdout
    if screenshot is not None:
        assert screenshot.exists(), run.stderr
        pixels = image.imread(screenshot)
        assert len(np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0)) > 50  # a drawing, not a blank page
    found = re.search(r'<span id="graphkit-status"([^>]*)>', dom)
    assert found, "the page did not report what it drew"
    status = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', found[1]))
    status["dom"] = dom
    return status


def _check_readable(status: dict[str, str], nodes: int, edges: int) -> None:
    """Everything drawn, labels placed and none overlapping, a legend."""
    assert (int(status["rendered-nodes"]), int(status["rendered-edges"])) == (nodes, edges)
    assert int(status["label-overlaps"]) == 0
    assert 0 < int(status["labels"]) <= nodes
    assert int(status["legend"]) >= 1 and "Colour: community" in status["dom"]


def test_neighbourhood_map_draws_the_expected_people(seed_db: Path, tmp_path: Path) -> None:
    page = tmp_path / "map.html"
    result = CliRunner().invoke(main, ["map", "--author", "samy jelassi", "-o", str(page), "--db", str(seed_db)])
    assert result.exit_code == 0, result.output
    with EmbeddedStore(seed_db, read_only=True) as store:
        G = network(store)
    samy = next(n for n, d in G.nodes(data=True) if d["name"] == "Samy Jelassi")
    ego = nx.ego_graph(G, samy, radius=1)
    assert f"{ego.number_of_nodes()} people, {ego.number_of_edges()} collaborations" in result.output
    text = page.read_text("utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", text)  # nothing fetched from anywhere
    assert "default-src 'none'" in text
    status = _render(page, tmp_path / "map.png")
    _check_readable(status, 44, 79)
    assert (ego.number_of_nodes(), ego.number_of_edges()) == (44, 79)
    # At about 40 people most names fit; the focal person is ringed in the legend and always labelled.
    assert int(status["labels"]) >= 25
    assert re.search(r'<span class="ring"></span>Samy Jelassi', status["dom"])


def test_a_click_on_a_collaboration_lists_its_papers_and_the_year_filter_keeps_those_years(
    seed_db: Path, tmp_path: Path
) -> None:
    with EmbeddedStore(seed_db, read_only=True) as store:
        selection = select_subgraph(store, author="Samy Jelassi")
        data = map_data(selection)
        edge = max(data["edges"], key=lambda e: e["weight"])
        names = {n["id"]: n["label"] for n in data["nodes"]}
        shared = run_query(store, "shared_papers", {"a": edge["source"], "b": edge["target"]})
    write_map(selection, tmp_path / "map.html", data)
    # The edge's papers are the pair's shared papers in the store.
    assert sorted(data["papers"][i][0] for i in edge["papers"]) == sorted(p["title"] for p in shared)
    status = _render(tmp_path / "map.html", query=f"?edge={edge['id']}")
    assert status["selected"] == f"edge:{edge['id']}"
    heading = f"{names[edge['source']]} – {names[edge['target']]}: {edge['weight']} shared papers"
    assert html.escape(heading) in status["dom"]
    assert all(html.escape(p["title"]) in status["dom"] for p in shared)
    # Years 2024-2025: people with a paper then, collaborations with a shared paper then.
    years = {n["id"] for n in data["nodes"] if any(2024 <= y <= 2025 for y in n["years"])}
    links = [e for e in data["edges"] if e["source"] in years and e["target"] in years
             and any(data["papers"][i][1] in (2024, 2025) for i in e["papers"])]  # fmt: skip
    filtered = _render(tmp_path / "map.html", query="?years=2024-2025")
    assert filtered["years"] == "2024-2025" and 0 < len(years) < len(data["nodes"])
    _check_readable(filtered, len(years), len(links))


def test_any_name_is_text_on_the_map_never_markup(hostile_store: Path, tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    assert CliRunner().invoke(main, ["map", "-o", str(page), "--db", str(hostile_store)]).exit_code == 0
    text = page.read_text("utf-8")
    # The data element ends at its own closing tag: nothing in the names can end it early or open a comment.
    embedded = text.split('<script type="application/json" id="graphkit-data">')[1].split("</script>")[0]
    assert "<" not in embedded and ">" not in embedded and "<!--<script>" not in text
    assert {node["label"] for node in json.loads(embedded)["nodes"]} == set(NAMES)
    marked = next(n["id"] for n in json.loads(embedded)["nodes"] if n["label"].startswith("<!--"))
    status = _render(page, query=f"?person={marked}")
    _check_readable(status, len(NAMES), 6)
    # The script ran to the end and put the name in the page as text (the person's details), escaped.
    assert status["selected"] == f"person:{marked}"
    assert "<h3>" + html.escape('<!--<script>alert("x")</script>', quote=False) + "</h3>" in status["dom"]


@pytest.fixture(scope="module")
def hepth_db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """hep-th's abstracts of 1992-2003: over 5,000 authors, analysed for PageRank and communities."""
    db = tmp_path_factory.mktemp("hepth-map") / "g.lbdb"
    build([shared_data / "snap-cit-HepTh" / "abstracts"], db)
    analyze_store(db, metrics=["pagerank", "community"])
    return db


@pytest.mark.parametrize("people", [500, 5000])
def test_large_maps_stay_readable(hepth_db: Path, tmp_path: Path, people: int) -> None:
    with EmbeddedStore(hepth_db, read_only=True) as store:
        selection = select_subgraph(store, max_nodes=people)
    data = map_data(selection)
    # Compact, not a hairball with a strip of pairs: the layout's bounding box is about as tall as it is wide.
    xs, ys = [n["x"] for n in data["nodes"]], [n["y"] for n in data["nodes"]]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.5 < width / height < 2.0
    page = tmp_path / f"map{people}.html"
    write_map(selection, page, data)
    status = _render(page, tmp_path / f"map{people}.png")
    _check_readable(status, people, selection.graph.number_of_edges())
    # Only the names that fit: far fewer than the people at 5,000, the most influential among them.
    assert int(status["labels"]) < people
    assert int(status["legend"]) == min(LEGEND_ENTRIES, len(data["legend"])) + (1 if data["legend_others"] else 0)


def test_community_and_capped_maps(seed_db: Path, tmp_path: Path) -> None:
    with EmbeddedStore(seed_db, read_only=True) as store:
        G = network(store)
    members = [n for n, d in G.nodes(data=True) if d.get("community") == 0]
    runner = CliRunner()
    community = runner.invoke(main, ["map", "--community", "0", "-o", str(tmp_path / "c.html"), "--db", str(seed_db)])
    assert community.exit_code == 0 and f"Community 0: {len(members)} people" in community.output
    capped = runner.invoke(main, ["map", "--max-nodes", "20", "-o", str(tmp_path / "t.html"), "--db", str(seed_db)])
    assert "the 20 most influential of 113" in capped.output and ": 20 people" in capped.output
    missing = runner.invoke(main, ["map", "--community", "999", "-o", str(tmp_path / "x.html"), "--db", str(seed_db)])
    assert missing.exit_code == 2 and "no community 999" in missing.output


def test_the_bundled_library_is_the_pinned_npm_package() -> None:
    installed = REPO / "node_modules" / "cytoscape" / "dist" / "cytoscape.min.js"
    if not installed.exists():
        pytest.skip("node_modules is not installed: run `npm ci` (CI does)")
    assert filecmp.cmp(installed, REPO / "graphkit" / "export" / "assets" / "cytoscape.min.js", shallow=False)
