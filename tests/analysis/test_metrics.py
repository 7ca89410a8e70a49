"""Analytics: hand-worked small graphs, the seed graph, the hep-th citations, SNAP's published figures."""

from __future__ import annotations

import collections
import csv
import datetime as dt
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graphkit.analysis.metrics import analyze, g_index, h_index, restrict_to
from graphkit.analysis.network import network_stats, read_edge_list
from graphkit.analysis.recommend import recommend, score_pairs
from graphkit.analysis.writeback import analyze_store
from graphkit.resolve.graph import Author, KnowledgeGraph, Paper
from graphkit.stage.area import stage_folder
from graphkit.store.build import build, build_graph, read_build_state
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.schema import METRIC_RELS, OWNED_METRICS
from tests.conftest import EXAMPLES
from tests.store.test_embedded import dump


def _small() -> KnowledgeGraph:
    """Four papers: P1 (A,B) 2019, P2 (A,C) 2020, P3 (B,C) 2021, P4 (D) 2022; P2,P3,P4 cite P1; P3 cites P2."""
    g = KnowledgeGraph()
    for i, year in enumerate([2019, 2020, 2021, 2022], start=1):
        g.papers[f"P{i}"] = Paper(f"P{i}", f"Paper {i}", date=dt.date(year, 6, 1), year=year)
    for name in "ABCD":
        g.authors[name] = Author(name, name)
    g.authored = {
        ("A", "P1"): 1,
        ("B", "P1"): 2,
        ("A", "P2"): 1,
        ("C", "P2"): 2,
        ("B", "P3"): 1,
        ("C", "P3"): 2,
        ("D", "P4"): 1,
    }
    g.cites = {("P2", "P1"), ("P3", "P1"), ("P4", "P1"), ("P3", "P2")}
    g.derive_coauthorships()
    return g


def test_hand_worked_metrics() -> None:
    g = _small()
    result = analyze(g)
    a, b, d = g.author_metrics["A"], g.author_metrics["B"], g.author_metrics["D"]
    # A wrote P1 (3 citations) and P2 (1): citations 4, h 1, g 2 (3+1 >= 4).
    assert (a["papers"], a["citations"], a["h_index"], a["g_index"], a["i10_index"]) == (2, 4, 1, 2, 0)
    assert (b["citations"], b["h_index"]) == (3, 1)  # P1 (3) + P3 (0)
    assert (a["coauthors"], a["weighted_degree"], a["clustering"], a["core_number"]) == (2, 2, 1.0, 2)
    assert (d["coauthors"], d["core_number"], d["betweenness"]) == (0, 0, 0.0)
    # PageRank (damping 0.85): by symmetry A = B = C = x and the isolated D = y, whose rank is spread
    # over all four: y = 0.0375 / (1 - 0.2125) and x = (0.0375 + 0.85 y / 4) / 0.15.
    y = 0.0375 / (1 - 0.85 / 4)
    assert a["pagerank"] == pytest.approx((0.0375 + 0.85 * y / 4) / 0.15, rel=1e-4)
    assert d["pagerank"] == pytest.approx(y, rel=1e-4)
    assert {g.author_metrics[x]["community"] for x in "ABC"} == {0} and g.author_metrics["D"]["community_size"] == 1
    assert g.paper_metrics["P1"]["graph_citations"] == 3 and g.paper_metrics["P4"]["graph_citations"] == 0
    assert max(g.paper_metrics, key=lambda p: g.paper_metrics[p]["citation_pagerank"]) == "P1"
    assert result.betweenness_exact and result.communities == 2
    # P1 and P2 are both cited by P3; P3 and P2 both cite P1 (coupling).
    assert g.cocited_with == {("P1", "P2"): 1, ("P2", "P1"): 1}
    assert g.coupled_with[("P2", "P3")] == 1 and g.coupled_with[("P3", "P4")] == 1


def test_as_of_uses_only_the_past() -> None:
    g = _small()
    past = restrict_to(g, dt.date(2020, 12, 31))
    assert set(past.papers) == {"P1", "P2"} and past.cites == {("P2", "P1")} and set(past.authors) == {"A", "B", "C"}
    analyze(g, as_of=dt.date(2020, 12, 31))
    assert "D" not in g.author_metrics and g.author_metrics["A"]["citations"] == 1


@pytest.mark.parametrize(
    ("counts", "h", "g"), [([10, 8, 5, 4, 3], 4, 5), ([0], 0, 0), ([1], 1, 1), ([100], 1, 1), ([3, 3, 3], 3, 3)]
)
def test_indices(counts: list[int], h: int, g: int) -> None:
    assert (h_index(counts), g_index(counts)) == (h, g)


def test_recommendation_with_evidence() -> None:
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "d"), ("d", "c"), ("d", "e"), ("c", "f")])
    top = recommend(G, "a", k=5)
    assert [r.author_id for r in top] == ["c", "e"]  # f is three steps away
    assert top[0].shared_coauthors == ["b", "d"] and top[0].score == pytest.approx(1 / 2 + 1 / 3)
    adamic = recommend(G, "a", method="adamic_adar")
    assert adamic[0].score == pytest.approx(1 / __import__("math").log(2) + 1 / __import__("math").log(3))
    assert score_pairs(G, [("a", "c"), ("a", "zz")]) == [pytest.approx(5 / 6), 0.0]


def test_seed_graph_influence() -> None:
    g = build_graph([EXAMPLES])
    analyze(g)
    by_name = {a.name: a.id for a in g.authors.values()}
    samy = g.author_metrics[by_name["Samy Jelassi"]]
    assert samy["coauthors"] == 43 == max(m["coauthors"] for m in g.author_metrics.values())
    assert samy["pagerank"] == max(m["pagerank"] for m in g.author_metrics.values())
    G = g.coauthor_graph()
    shared = {n: G[by_name["Samy Jelassi"]][by_name[n]]["weight"] for n in
              ("Yuanzhi Li", "David Brandfonbrener", "Sham M. Kakade", "Carles Domingo-Enrich")}  # fmt: skip
    assert shared == {"Yuanzhi Li": 4, "David Brandfonbrener": 4, "Sham M. Kakade": 3, "Carles Domingo-Enrich": 3}


def test_grqc_reproduces_snaps_published_figures(shared_data: Path) -> None:
    stats = network_stats(read_edge_list(shared_data / "snap-ca-GrQc" / "CA-GrQc.txt"))
    assert (stats.nodes, stats.edges) == (5242, 14496)
    assert (stats.largest_component_nodes, stats.largest_component_edges) == (4158, 13428)
    assert round(stats.average_clustering, 4) == 0.5296 and stats.triangles == 48260
    assert stats.diameter == 17 and round(stats.effective_diameter, 1) == 7.6 and stats.distances_exact


def test_sampled_distances_say_so() -> None:
    stats = network_stats(nx.path_graph(50), exact_limit=10, samples=20, seed=1)
    assert not stats.distances_exact and stats.sampled_sources == 20 and stats.diameter <= 49


def test_hepth_citation_metrics_match_the_edge_file(shared_data: Path, hepth_graph: KnowledgeGraph) -> None:
    edges = shared_data / "snap-cit-HepTh" / "cit-HepTh-subset-2000-2002_df_formatted.csv"
    g = hepth_graph
    analyze(g, metrics=["h_index", "graph_citations"])  # the steps that write what is checked here
    cited: collections.Counter[str] = collections.Counter()
    with edges.open() as handle:
        for row in csv.DictReader(handle):
            cited[f"arxiv:hep-th/{int(row['to']):07d}"] += 1
    papers_of: dict[str, list[str]] = collections.defaultdict(list)
    for author, paper in g.authored:
        papers_of[author].append(paper)
    for author, papers in papers_of.items():
        counts = sorted((cited[p] for p in papers), reverse=True)
        direct_h = max([i for i, c in enumerate(counts, start=1) if c >= i], default=0)
        assert g.author_metrics[author]["citations"] == sum(counts)
        assert g.author_metrics[author]["h_index"] == direct_h
    assert max(m["h_index"] for m in g.author_metrics.values()) > 5
    assert all(g.paper_metrics[p]["graph_citations"] == cited[p] for p in g.papers)


def test_analyze_writes_back_idempotently(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([EXAMPLES], db)
    analyze_store(db)
    first = dump(db)
    analyze_store(db)
    assert dump(db) == first
    with EmbeddedStore(db, read_only=True) as store:
        top = store.execute(
            "MATCH (a:Author) RETURN a.name AS name, a.coauthors AS degree ORDER BY a.pagerank DESC LIMIT 1"
        )
        assert top == [{"name": "Samy Jelassi", "degree": 43}]
        communities = store.execute("MATCH (a:Author) RETURN count(DISTINCT a.community) AS n")[0]["n"]
    assert communities > 1


def _internal(db: Path) -> list[dict[str, Any]]:
    with EmbeddedStore(db, read_only=True) as store:
        return store.execute(
            "MATCH (d:GraphkitDecision) RETURN d.id AS id, d.rule AS rule, d.labels AS labels ORDER BY d.id"
        ) + store.execute("MATCH (s:GraphkitState) RETURN s.state AS state")


def _without_metrics(graph_dump: dict[str, list[Any]]) -> dict[str, list[Any]]:
    owned = {name for names in OWNED_METRICS.values() for name in names}
    return {
        table: sorted(([{k: v for k, v in row.items() if k not in owned} for row in rows]), key=repr)
        for table, rows in graph_dump.items()
        if table not in METRIC_RELS and "SNAPSHOT" not in table.upper()
    }


def test_analyze_writes_only_metric_columns(tmp_path: Path, shared_data: Path) -> None:
    db = tmp_path / "g.lbdb"
    sources = [EXAMPLES, shared_data / "openalex" / "works_page1_per25.json"]
    build(sources, db)
    state = read_build_state(db)
    assert state is not None
    staged = sorted((p, p.stat().st_mtime_ns) for p in stage_folder(db).rglob("*"))
    before, internal = dump(db), _internal(db)
    analyze_store(db)
    after = dump(db)
    # Every node, every non-metric property and every edge the build wrote is exactly as it was ...
    assert _without_metrics(after) == _without_metrics(before)
    assert _internal(db) == internal and read_build_state(db) == state
    assert sorted((p, p.stat().st_mtime_ns) for p in stage_folder(db).rglob("*")) == staged
    # ... and the metric columns and similarity edges are what the analysis of the same graph computes.
    reference = build_graph(sources)
    analyze(reference)
    stored = {row["id"]: row for row in after["Author"]}
    assert set(stored) == set(reference.author_metrics)
    for author_id, metrics in reference.author_metrics.items():
        for name in ("papers", "coauthors", "core_number", "citations", "h_index"):
            assert stored[author_id][name] == metrics[name], (author_id, name)
        assert stored[author_id]["pagerank"] == pytest.approx(metrics["pagerank"])
    assert len(after["COCITED_WITH"]) == len(reference.cocited_with) > 0
    assert len(after["COUPLED_WITH"]) == len(reference.coupled_with) > 0
    # Bursts: a paper's strongest citation burst, an author's of papers, a category's; some find one.
    for label in ("Paper", "Author", "Category"):
        bursting = [row for row in after[label] if row["burst_start"] is not None]
        assert all(row["burst_start"] <= row["burst_end"] and row["burst_strength"] > 0 for row in bursting)
    assert any(row["burst_start"] is not None for row in after["Author"])
    # An analysis as of an earlier day is kept beside the current figures, which it leaves as they were; people
    # who had not published yet get no snapshot.
    analyze_store(db, as_of=dt.date(2024, 12, 31))
    later = dump(db)
    assert _without_metrics(later) == _without_metrics(before)
    current = {k: v for k, v in later.items() if "SNAPSHOT" not in k.upper()}
    assert current == {k: v for k, v in after.items() if "SNAPSHOT" not in k.upper()}
    snapshots = {row["author"]: row for row in later["AuthorSnapshot"]}
    assert 0 < len(snapshots) < len(after["Author"]) and len(later["AUTHOR_SNAPSHOT"]) == len(snapshots)
    assert [row["id"] for row in later["Snapshot"]] == ["2024-12-31"]
    past = build_graph(sources)
    analyze(past, as_of=dt.date(2024, 12, 31))
    assert set(snapshots) == set(past.author_metrics)
    for author_id, metrics in past.author_metrics.items():
        assert snapshots[author_id]["h_index"] == metrics["h_index"]
        assert snapshots[author_id]["pagerank"] == pytest.approx(metrics["pagerank"])


def test_betweenness_and_cores_on_a_path() -> None:
    """X–Y–Z (papers XY and YZ): every shortest X–Z path runs through Y."""
    g = KnowledgeGraph()
    for name in "XYZ":
        g.authors[name] = Author(name, name)
    for pid, pair in (("XY", "XY"), ("YZ", "YZ")):
        g.papers[pid] = Paper(pid, pid, date=dt.date(2020, 1, 1), year=2020)
        for position, author in enumerate(pair, start=1):
            g.authored[(author, pid)] = position
    g.derive_coauthorships()
    analyze(g)
    m = g.author_metrics
    assert (m["Y"]["betweenness"], m["X"]["betweenness"]) == (1.0, 0.0)  # normalised: 1 of 1 pair
    assert (m["Y"]["coauthors"], m["Y"]["core_number"], m["Y"]["clustering"]) == (2, 1, 0.0)
