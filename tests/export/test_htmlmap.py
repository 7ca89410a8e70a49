"""The HTML map: self-contained, drawn by headless Chromium with every request blocked, the expected people on it.

Needs Debian's chromium (.ci/run installs it); skips with a message where it is missing.
"""

from __future__ import annotations

import filecmp
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
from graphkit.export.networks import network
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLES

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


def _render(page: Path, screenshot: Path) -> tuple[int, int]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does)")
    dom = subprocess.run([CHROMIUM, *_OFFLINE, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout  # fmt: skip
    shot = subprocess.run([CHROMIUM, *_OFFLINE, f"--screenshot={screenshot}", page.as_uri()], capture_output=True,
                          timeout=120, check=False)  # fmt: skip
    assert screenshot.exists(), shot.stderr
    status = re.search(r'id="graphkit-status" data-rendered-nodes="(\d+)" data-rendered-edges="(\d+)"', dom)
    assert status, "the page did not report what it drew"
    return int(status[1]), int(status[2])


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
    nodes, edges = _render(page, tmp_path / "map.png")
    assert (nodes, edges) == (ego.number_of_nodes(), ego.number_of_edges()) == (44, 79)
    pixels = image.imread(tmp_path / "map.png")
    assert len(np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0)) > 50  # a drawing, not a blank page


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
