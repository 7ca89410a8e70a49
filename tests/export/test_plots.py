"""Figures: the data drawn equals the graph's, and the files are real PNG / SVG images."""

from __future__ import annotations

import collections
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.core.errors import GraphkitError
from graphkit.export.plots import main_span, write_plot
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
        # Listing pages carry no citations: every h-index is 0, and the command says so instead of an empty chart.
        with pytest.raises(GraphkitError, match="every author's h-index is 0: the graph holds no citations"):
            write_plot(store, "hindex", tmp_path / "h.png")
    assert degree == dict(sorted(collections.Counter(d for _, d in G.degree()).items())) and max(degree) == 43
    assert years == dict(sorted(collections.Counter(p.year for p in graph.papers.values() if p.year).items()))
    assert (tmp_path / "degree.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ET.parse(tmp_path / "years.svg").getroot().tag.endswith("svg")
    bad = CliRunner().invoke(main, ["plot", "degree", "-o", str(tmp_path / "d.jpg"), "--db", str(seed_db)])
    assert bad.exit_code == 2 and "write the figure to a .png or .svg file" in bad.output


def test_a_stray_year_is_named_not_drawn_and_years_are_whole(tmp_path: Path) -> None:
    bib = tmp_path / "odd.bib"
    bib.write_text("@article{odd, title={A Reprint Dated Oddly}, author={Doe, Jane}, year={1800}}\n", "utf-8")
    db = tmp_path / "g.lbdb"
    build([EXAMPLES, bib], db)
    with EmbeddedStore(db, read_only=True) as store:
        years = write_plot(store, "years", tmp_path / "years.png")
    shown, left_out = main_span(years)
    assert left_out == {1800: 1} and min(shown) >= 2000 and sum(shown.values()) == sum(years.values()) - 1
    # A run of years with gaps up to ten years is one run; the run with most papers is drawn.
    assert main_span({1990: 1, 2000: 1, 2010: 1, 2030: 5}) == ({2030: 5}, {1990: 1, 2000: 1, 2010: 1})
    assert main_span({}) == ({}, {})
