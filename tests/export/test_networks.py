"""GraphML / GEXF load back with NetworkX unchanged; VOSviewer and CSV files are consistent with the store."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.export.networks import network
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def store_path(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("networks") / "g.lbdb"
    build([EXAMPLES, shared_data / "openalex" / "works_page1_per25.json"], db)
    analyze_store(db)
    return db


@pytest.mark.parametrize("file_format", ["graphml", "gexf"])
@pytest.mark.parametrize("kind", ["coauthor", "citation"])
def test_files_load_back_with_the_same_nodes_edges_and_attributes(
    store_path: Path, tmp_path: Path, file_format: str, kind: str
) -> None:
    out = tmp_path / f"g.{file_format}"
    args = ["export", file_format, "-o", str(out), "--network", kind, "--db", str(store_path)]
    assert CliRunner().invoke(main, args).exit_code == 0
    with EmbeddedStore(store_path, read_only=True) as store:
        expected = network(store, kind)
    loaded = nx.read_graphml(out) if file_format == "graphml" else nx.read_gexf(out)
    assert loaded.is_directed() == (kind == "citation")
    assert set(loaded.nodes) == set(expected.nodes)
    assert {frozenset(e) if kind == "coauthor" else e for e in loaded.edges} == {
        frozenset(e) if kind == "coauthor" else e for e in expected.edges
    }
    for node, data in expected.nodes(data=True):
        got = {k: v for k, v in loaded.nodes[node].items() if k not in {"label", "id"}}
        want = {k: v for k, v in data.items() if file_format == "graphml" or k != "label"}
        assert got == want, node
    if kind == "coauthor":
        samy = next(n for n, d in loaded.nodes(data=True) if d.get("name") == "Samy Jelassi")
        assert loaded.degree(samy) == 43 and loaded.nodes[samy]["coauthors"] == 43
        assert loaded.nodes[samy]["pagerank"] > 0 and "community" in loaded.nodes[samy]
    else:
        assert loaded.number_of_edges() == 2073


def test_vosviewer_and_csv_files(store_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["export", "vosviewer", str(tmp_path / "vos"), "--db", str(store_path)]).exit_code == 0
    assert runner.invoke(main, ["export", "csv", str(tmp_path / "csv"), "--db", str(store_path)]).exit_code == 0
    with EmbeddedStore(store_path, read_only=True) as store:
        counts = store.counts()
    with (tmp_path / "vos" / "coauthor_map.txt").open(encoding="utf-8") as handle:
        items = list(csv.DictReader(handle, delimiter="\t"))
    links = [line.split("\t") for line in (tmp_path / "vos" / "coauthor_network.txt").read_text("utf-8").splitlines()]
    assert len(items) == counts["Author"] and len(links) == counts["COAUTHORED_WITH"]
    ids = {int(item["id"]) for item in items}
    assert ids == set(range(1, len(items) + 1)) and all(int(a) in ids and int(b) in ids for a, b, _ in links)
    samy = next(item for item in items if item["label"] == "Samy Jelassi")
    assert samy["weight<Links>"] == "43" and samy["weight<Documents>"] == "29" and int(samy["cluster"]) >= 1
    for name, prefix in [("Paper", "nodes_"), ("Author", "nodes_"), ("AUTHORED", "edges_"), ("CITES", "edges_")]:
        with (tmp_path / "csv" / f"{prefix}{name}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == counts[name], name
    with (tmp_path / "csv" / "edges_AUTHORED.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == ["source", "target", "position"]
