"""GraphML / GEXF load back with NetworkX unchanged; VOSviewer and CSV files are consistent with the store."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import igraph
import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree

from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.export.gexf import community_colour
from graphkit.export.networks import network
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLES
from tests.export.conftest import NAMES


@pytest.fixture(scope="module")
def store_path(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("networks") / "g.lbdb"
    build([EXAMPLES, shared_data / "openalex" / "works_page1_per25.json"], db)
    analyze_store(db)
    return db


SCHEMAS = Path(__file__).parent / "schemas"


def _validate(path: Path, file_format: str) -> None:
    """Validate a written file against its format's schema (libxml2, through lxml), naming the first error."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / f"{file_format}.xsd")))
    document = etree.parse(str(path))
    assert schema.validate(document), f"{path.name}: {schema.error_log.last_error}"


def _load(path: Path, file_format: str) -> nx.Graph:
    """A written file read back by NetworkX, keyed by graphkit id (GraphML's ids are escaped NMTOKENs)."""
    if file_format == "gexf":
        return nx.read_gexf(path, version="1.3")
    loaded = nx.read_graphml(path)
    return nx.relabel_nodes(loaded, {node: data["graphkit_id"] for node, data in loaded.nodes(data=True)})


@pytest.mark.parametrize("file_format", ["graphml", "gexf"])
@pytest.mark.parametrize("kind", ["coauthor", "citation"])
def test_files_are_valid_and_load_back_with_the_same_nodes_edges_and_attributes(
    store_path: Path, tmp_path: Path, file_format: str, kind: str
) -> None:
    out = tmp_path / f"g.{file_format}"
    args = ["export", file_format, "-o", str(out), "--network", kind, "--db", str(store_path)]
    assert CliRunner().invoke(main, args).exit_code == 0
    _validate(out, file_format)
    with EmbeddedStore(store_path, read_only=True) as store:
        expected = network(store, kind)
    loaded = _load(out, file_format)
    assert loaded.is_directed() == (kind == "citation")
    assert set(loaded.nodes) == set(expected.nodes)
    assert {frozenset(e) if kind == "coauthor" else e for e in loaded.edges} == {
        frozenset(e) if kind == "coauthor" else e for e in expected.edges
    }
    for node, data in expected.nodes(data=True):
        got = {k: v for k, v in loaded.nodes[node].items() if k not in {"label", "id", "graphkit_id", "viz"}}
        assert got == {k: v for k, v in data.items() if v != ""}, node
        assert loaded.nodes[node]["label"] == (data.get("name") or data.get("title") or node)
    if kind == "coauthor":
        samy = next(n for n, d in loaded.nodes(data=True) if d.get("name") == "Samy Jelassi")
        assert loaded.degree(samy) == 43 and loaded.nodes[samy]["coauthors"] == 43
        assert loaded.nodes[samy]["pagerank"] > 0 and "community" in loaded.nodes[samy]
        if file_format == "gexf":  # coloured by community, sized by papers
            viz = loaded.nodes[samy]["viz"]
            assert tuple(viz["color"][c] for c in "rgb") == community_colour(loaded.nodes[samy]["community"])
            assert viz["size"] == max(d["viz"]["size"] for _, d in loaded.nodes(data=True))
    else:
        assert loaded.number_of_edges() == 2073
    if file_format == "graphml":  # igraph's reader (libxml2) takes the file too, with the labels Gephi and yEd show
        read = igraph.Graph.Read_GraphML(str(out))
        assert read.vcount() == expected.number_of_nodes() and read.ecount() == expected.number_of_edges()
        assert set(read.vs["label"]) == {loaded.nodes[n]["label"] for n in loaded}
    assert not re.search(r"<data [^>]*/>|<data [^>]*></data>|<attvalue [^>]*value=\"\"", out.read_text("utf-8"))


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


@pytest.mark.parametrize("file_format", ["graphml", "gexf"])
def test_any_text_gives_a_valid_file(hostile_store: Path, tmp_path: Path, file_format: str) -> None:
    out = tmp_path / f"hostile.{file_format}"
    args = ["export", file_format, "-o", str(out), "--db", str(hostile_store)]
    assert CliRunner().invoke(main, args).exit_code == 0
    _validate(out, file_format)
    labels = {data["label"] for _, data in _load(out, file_format).nodes(data=True)}
    # Every name whole, but the one control character XML 1.0 cannot hold (U+0007), which becomes U+FFFD.
    assert labels == {name.replace("\x07", "\ufffd") for name in NAMES}


def test_vosviewer_files_follow_its_manual(
    hostile_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CliRunner().invoke(main, ["export", "vosviewer", str(tmp_path), "--db", str(hostile_store)]).exit_code == 0
    lines = (tmp_path / "coauthor_map.txt").read_text("utf-8").split("\n")
    assert lines[0] == "id\tlabel\tweight<Documents>\tweight<Links>\tcluster" and lines[-1] == ""
    rows = [line.split("\t") for line in lines[1:-1]]
    assert all(len(row) == 5 for row in rows) and len(rows) == len(NAMES)
    labels = {row[1] for row in rows}
    # Quoted where a comma or a quote is inside (quotes doubled); one line each; no control characters.
    assert labels == {'"Ann ""The Hammer"" O\'Neil; Jr."', '"<!--<script>alert(""x"")</script>"', '"Zoë Bell, PhD"',
                      '"=HYPERLINK(""http://x"") Smith"'}  # fmt: skip
    with (tmp_path / "coauthor_map.txt").open(encoding="utf-8", newline="") as handle:
        parsed = {row["label"] for row in csv.DictReader(handle, delimiter="\t")}
    assert parsed == {name.replace("\x07", "") for name in NAMES}
    # Clusters: VOSviewer takes 1 to 1000; communities are numbered by size, the smallest past the 999th share 1000.
    many = nx.Graph()
    many.add_nodes_from((f"a{i}", {"name": f"P{i}", "community": i, "papers": 1}) for i in range(1353))
    monkeypatch.setattr("graphkit.export.networks.network", lambda runner, kind, thesaurus=None: many)
    from graphkit.export.networks import VOSVIEWER_MAX_CLUSTERS, write_vosviewer

    map_path, _ = write_vosviewer(None, tmp_path / "many")  # type: ignore[arg-type]
    with map_path.open(encoding="utf-8", newline="") as handle:
        clusters = [int(row["cluster"]) for row in csv.DictReader(handle, delimiter="\t")]
    assert min(clusters) == 1 and max(clusters) == VOSVIEWER_MAX_CLUSTERS == 1000
    assert clusters.count(1000) == 1353 - 999


def test_no_export_holds_a_path_of_the_users_machine(store_path: Path, shared_data: Path, tmp_path: Path) -> None:
    """The store was built from absolute paths; what it records and every export name files from the arguments."""
    runner = CliRunner()
    exports = [
        ["csv", str(tmp_path / "csv")], ["vosviewer", str(tmp_path / "vos")],
        ["graphml", "-o", str(tmp_path / "g.graphml")], ["gexf", "-o", str(tmp_path / "g.gexf")],
        ["rdf", "-o", str(tmp_path / "g.nt"), "--format", "nt"], ["neo4j-import", str(tmp_path / "import")],
    ]  # fmt: skip
    for args in exports:
        result = runner.invoke(main, ["export", *args, "--db", str(store_path)])
        assert result.exit_code == 0, result.output
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(files) >= 10
    for path in files:
        text = path.read_text("utf-8")
        assert str(shared_data) not in text and str(EXAMPLES.resolve()) not in text, path
    with EmbeddedStore(store_path, read_only=True) as store:
        sources = {s for row in store.execute("MATCH (p:Paper) RETURN p.sources AS s") for s in row["s"]}
    assert {source.split(":")[0] for source in sources} == {
        "works_page1_per25.json",
        *(f"examples/{p.name}" for p in EXAMPLES.iterdir() if p.suffix == ".txt"),
    }


def test_the_schemas_catch_what_the_tools_would_refuse(store_path: Path, tmp_path: Path) -> None:
    """The structure schemas are no formality: a colour channel past 255, an edge to no node, data under an
    undeclared key and a node id that is no NMTOKEN are each refused."""
    for file_format in ("gexf", "graphml"):
        out = tmp_path / f"g.{file_format}"
        assert CliRunner().invoke(main, ["export", file_format, "-o", str(out), "--db", str(store_path)]).exit_code == 0
        _validate(out, file_format)
        text = out.read_text("utf-8")
        if file_format == "gexf":
            broken = [re.sub(r'r="\d+"', 'r="300"', text, count=1), re.sub(r'target="[^"]+"', 'target="nobody"', text,
                                                                          count=1)]  # fmt: skip
        else:
            broken = [re.sub(r'<data key="d\d+"', '<data key="undeclared"', text, count=1),
                      re.sub(r'<node id="[^"]+"', '<node id="doi:10.1/a b"', text, count=1)]  # fmt: skip
        for number, bad in enumerate(broken):
            path = tmp_path / f"bad{number}.{file_format}"
            path.write_text(bad, "utf-8")
            with pytest.raises(AssertionError):
                _validate(path, file_format)
