"""Keywords: Keyword nodes from the real exports, their co-occurrence network and the thematic map, checked
against direct computations from the extracted records; the exports and the figure; incremental builds."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

import graphkit
from graphkit.analysis.keywords import keyword_network, thematic_map
from graphkit.analysis.thesaurus import read_thesaurus
from graphkit.cli.app import main
from graphkit.core.errors import InputFileError
from graphkit.export.networks import keyword_graph, write_network, write_vosviewer
from graphkit.extract import extract
from graphkit.resolve.keywords import keyword_key
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from tests.store.test_embedded import dump


@pytest.fixture(scope="module")
def exports(shared_data: Path) -> Path:
    return shared_data / "wos-scopus-medline"


@pytest.fixture(scope="module")
def keyword_store(exports: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("keywords") / "k.lbdb"
    build([exports / "ManyAuthors.isi", exports / "medline_test.medline", exports / "scopus_testing.csv.scopus"], db)
    return db


def _expected_terms(exports: Path) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Keyword keys and (record, key, kind) triples straight from the records (each record is its own paper here:
    the three files share no DOI or id, which the test checks)."""
    keys: set[str] = set()
    triples: set[tuple[str, str, str]] = set()
    for name in ("ManyAuthors.isi", "medline_test.medline", "scopus_testing.csv.scopus"):
        for number, paper in enumerate(extract(exports / name).papers):
            for kind, terms in (("author", paper.keywords), ("indexed", paper.indexed_terms), ("topic", paper.topics)):
                for term in terms:
                    if keyword_key(term):
                        keys.add(keyword_key(term))
                        triples.add((f"{name}:{number}", keyword_key(term), kind))
    return keys, triples


def test_keyword_nodes_and_edges_from_the_real_exports(exports: Path, keyword_store: Path) -> None:
    keys, triples = _expected_terms(exports)
    with EmbeddedStore(keyword_store, read_only=True) as store:
        nodes = store.execute("MATCH (k:Keyword) RETURN k.id AS id, k.name AS name, k.aliases AS aliases")
        merged = store.execute("MATCH (p:Paper) WHERE size(p.sources) > 1 RETURN count(p) AS n")[0]["n"]
        kinds = Counter(
            r["kind"] for r in store.execute("MATCH (:Paper)-[h:HAS_KEYWORD]->(:Keyword) RETURN h.kind AS kind")
        )
    assert merged == 0  # every record its own paper
    assert {row["id"] for row in nodes} == {f"kw:{key}" for key in keys}
    assert len(nodes) == 5538
    assert dict(kinds) == {kind: sum(1 for t in triples if t[2] == kind) for kind in ("author", "indexed")}
    assert dict(kinds) == {"author": 2144, "indexed": 10720}
    # Spellings folding to one key are one keyword, named by a spelling that is not all capitals where one exists.
    bypass = next(row for row in nodes if row["id"] == "kw:cardiopulmonary bypass")
    assert bypass["name"] == "cardiopulmonary bypass" and "CARDIOPULMONARY BYPASS" in bypass["aliases"]


def test_cooccurrence_equals_a_direct_count(exports: Path, keyword_store: Path) -> None:
    with EmbeddedStore(keyword_store, read_only=True) as store:
        network = keyword_network(store, kind="author", top=100, min_papers=2)
    by_paper: dict[str, set[str]] = {}
    for name in ("ManyAuthors.isi", "medline_test.medline", "scopus_testing.csv.scopus"):
        for number, paper in enumerate(extract(exports / name).papers):
            by_paper[f"{name}:{number}"] = {f"kw:{keyword_key(t)}" for t in paper.keywords if keyword_key(t)}
    occurrences = Counter(key for keys in by_paper.values() for key in keys)
    # The 100 on most papers (those tied at the 100th place are taken by name).
    least = int(network.occurrences.min())
    assert len(network.ids) == 100 and least >= 2
    assert {k for k, n in occurrences.items() if n > least} <= set(network.ids)
    assert [occurrences[k] for k in network.ids] == network.occurrences.tolist()
    pairs = Counter(
        frozenset(pair)
        for keys in by_paper.values()
        for pair in itertools.combinations(sorted(keys & set(network.ids)), 2)
    )
    stored = {
        frozenset((network.ids[a], network.ids[b])): w
        for a, b, w in zip(network.first.tolist(), network.second.tolist(), network.weight.tolist(), strict=True)
    }
    assert stored == dict(pairs)


def test_thematic_map_measures(keyword_store: Path) -> None:
    """Centrality and density recomputed from the network by their definitions; quadrants by the medians; the
    same seed gives the same map."""
    with EmbeddedStore(keyword_store, read_only=True) as store:
        network = keyword_network(store, kind="author", top=150, min_papers=3)
    themes, theme_of = thematic_map(network, seed=3)
    assert themes == thematic_map(network, seed=3)[0]
    assert sorted(k for t in themes for k in t.ids) == sorted(network.ids)
    c = network.occurrences.astype(float)
    for theme in themes:
        members = {network.ids.index(key) for key in theme.ids}
        inside = outside = 0.0
        for a, b, w in zip(network.first.tolist(), network.second.tolist(), network.weight.tolist(), strict=True):
            e = w * w / (c[a] * c[b])
            if a in members and b in members:
                inside += e
            elif (a in members) != (b in members):
                outside += e
        assert theme.centrality == pytest.approx(10 * outside)
        assert theme.density == pytest.approx(100 * inside / len(members))
    central = float(np.median([t.centrality for t in themes]))
    dense = float(np.median([t.density for t in themes]))
    motor = [t.name for t in themes if t.centrality >= central and t.density >= dense]
    assert motor == [t.name for t in themes if t.quadrant == "motor themes"] and motor
    assert len(themes) >= 5 and [t.occurrences for t in themes] == sorted((t.occurrences for t in themes), reverse=True)
    assert all(0 <= n < len(themes) for n in theme_of)


def test_keyword_exports_and_figure(keyword_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    figure = tmp_path / "themes.png"
    result = runner.invoke(
        main, ["keywords", "--db", str(keyword_store), "--kind", "author", "--min-papers", "3", "--map", str(figure),
               "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert figure.read_bytes().startswith(b"\x89PNG") and figure.stat().st_size > 20_000
    with EmbeddedStore(keyword_store, read_only=True) as store:
        graph = keyword_graph(store)
        written = write_network(store, tmp_path / "keywords.graphml", "keyword", "graphml")
        map_path, network_path = write_vosviewer(store, tmp_path / "vos", "keyword")
    read = nx.read_graphml(tmp_path / "keywords.graphml")
    assert read.number_of_nodes() == graph.number_of_nodes() == written.number_of_nodes() == 250
    assert read.number_of_edges() == graph.number_of_edges()
    labels = {data["label"] for _, data in read.nodes(data=True)}
    assert labels == {data["name"] for _, data in graph.nodes(data=True)}
    vos_rows = map_path.read_text("utf-8").splitlines()
    assert vos_rows[0] == "id\tlabel\tweight<Documents>\tweight<Links>\tcluster" and len(vos_rows) == 251
    clusters = {row.split("\t")[-1] for row in vos_rows[1:]}
    assert clusters == {str(graph.nodes[n]["community"] + 1) for n in graph}
    assert len(network_path.read_text("utf-8").splitlines()) == graph.number_of_edges()


def test_incremental_build_keeps_the_keywords_of_a_full_build(
    exports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("graphkit.store.build.INCREMENTAL_MAX_SHARE", 1.0)
    db = tmp_path / "inc.lbdb"
    build([exports / "testFile.isi"], db)
    result = build([exports / "testFile.isi", exports / "medline_test.medline"], db)
    assert result.mode == "incremental", result.full_build_reason
    full = tmp_path / "full.lbdb"
    build([exports / "testFile.isi", exports / "medline_test.medline"], full)
    incremental_dump, full_dump = dump(db), dump(full)
    for name in ("Keyword", "HAS_KEYWORD", "Paper", "CITES"):
        assert incremental_dump[name] == full_dump[name], name
    assert len(full_dump["Keyword"]) > 600


def test_a_thesaurus_merges_and_leaves_out_keywords(exports: Path, keyword_store: Path, tmp_path: Path) -> None:
    """VOSviewer's thesaurus format: ``humans`` merged into ``human`` (papers carrying either count once),
    ``article`` left out; the same file through the command, the export and the Python API."""
    thesaurus = tmp_path / "thesaurus.txt"
    thesaurus.write_text("label\treplace by\nHUMANS\thuman\narticle\t\n", "utf-8")
    carriers: dict[str, set[str]] = {}
    for name in ("ManyAuthors.isi", "medline_test.medline", "scopus_testing.csv.scopus"):
        for number, paper in enumerate(extract(exports / name).papers):
            for term in paper.indexed_terms:
                carriers.setdefault(keyword_key(term), set()).add(f"{name}:{number}")
    with EmbeddedStore(keyword_store, read_only=True) as store:
        plain = keyword_network(store, kind="indexed", top=5000)
        merged = keyword_network(store, kind="indexed", top=5000, thesaurus=read_thesaurus(thesaurus))
        vos_map, _ = write_vosviewer(store, tmp_path / "vos", "keyword", thesaurus=read_thesaurus(thesaurus))
    before = dict(zip(plain.ids, plain.occurrences.tolist(), strict=True))
    after = dict(zip(merged.ids, merged.occurrences.tolist(), strict=True))
    assert before["kw:human"] == len(carriers["human"]) and before["kw:humans"] == len(carriers["humans"])
    assert after["kw:human"] == len(carriers["human"] | carriers["humans"]) < before["kw:human"] + before["kw:humans"]
    assert "kw:humans" not in after and "kw:article" not in after and "kw:article" in before
    assert merged.names[merged.ids.index("kw:human")] == "human"
    assert not any(
        row.split("\t")[1] in {"article", "Humans", "humans"} for row in vos_map.read_text("utf-8").splitlines()
    )
    result = CliRunner().invoke(main, ["keywords", "--db", str(keyword_store), "--thesaurus", str(thesaurus)])
    assert result.exit_code == 0, result.output
    refused = CliRunner().invoke(main, ["export", "graphml", "-o", str(tmp_path / "g.graphml"), "--db",
                                        str(keyword_store), "--thesaurus", str(thesaurus)])  # fmt: skip
    assert refused.exit_code == 2 and "--network keyword" in refused.output
    broken = tmp_path / "broken.txt"
    broken.write_text("term\tnew\nhumans\thuman\n", "utf-8")
    with pytest.raises(InputFileError, match="line 1 is not the header"):
        read_thesaurus(broken)
    broken.write_text("label\treplace by\nhumans human\n", "utf-8")
    with pytest.raises(InputFileError, match="line 2 is not 'term<TAB>replacement'"):
        read_thesaurus(broken)
    with graphkit.open(keyword_store) as graph:
        themes = graph.themes(kind="indexed", thesaurus=thesaurus)
        network = graph.to_networkx("keyword")
    assert themes and "article" not in {k for t in themes for k in t.keywords}
    assert "human" in {k for t in themes for k in t.keywords} and "Humans" not in {
        k for t in themes for k in t.keywords
    }
    assert network.number_of_nodes() == 250


class _RowsOnly:
    """A runner that answers only in rows, as a Neo4j session does (no Arrow)."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store

    def execute(self, query: str, parameters: dict[str, object] | None = None) -> list[dict[str, object]]:
        return self.store.execute(query, parameters)


def test_the_network_and_its_themes_do_not_depend_on_the_runner(keyword_store: Path) -> None:
    with EmbeddedStore(keyword_store, read_only=True) as store:
        columns = keyword_network(store, kind="indexed")
        rows = keyword_network(_RowsOnly(store), kind="indexed")
    assert columns.ids == rows.ids and columns.papers == rows.papers
    for name in ("occurrences", "first", "second", "weight"):
        assert np.array_equal(getattr(columns, name), getattr(rows, name)), name
    assert np.all(np.diff(columns.first * len(columns.ids) + columns.second) > 0)  # pairs in one order
    assert thematic_map(columns, seed=1)[0] == thematic_map(rows, seed=1)[0]
