"""Figures: the data drawn equals the graph's, and the files are real PNG / SVG images."""

from __future__ import annotations

import collections
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.export.plots import write_plot
from graphkit.store.build import build, build_graph
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("plots") / "g.lbdb"
    build([EXAMPLES], db)
    analyze_store(db)
    return db


def test_plotted_data_and_files(seed_db: Path, tmp_path: Path) -> None:
    graph = build_graph([EXAMPLES])
    G = graph.coauthor_graph()
    with EmbeddedStore(seed_db, read_only=True) as store:
        degree = write_plot(store, "degree", tmp_path / "degree.png")
        years = write_plot(store, "years", tmp_path / "years.svg")
        hindex = write_plot(store, "hindex", tmp_path / "h.png")
    assert degree == dict(sorted(collections.Counter(d for _, d in G.degree()).items())) and max(degree) == 43
    assert years == dict(sorted(collections.Counter(p.year for p in graph.papers.values() if p.year).items()))
    assert hindex == {0: 113}  # listing pages carry no citations
    assert (tmp_path / "degree.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ET.parse(tmp_path / "years.svg").getroot().tag.endswith("svg")
    bad = CliRunner().invoke(main, ["plot", "degree", "-o", str(tmp_path / "d.jpg"), "--db", str(seed_db)])
    assert bad.exit_code == 2 and "write the figure to a .png or .svg file" in bad.output
