"""The array form of a graph, and the computations on it, against the dictionary-based reference (issue 15)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from click.testing import CliRunner

from graphkit.analysis import similarity
from graphkit.analysis.arrays import GraphArrays, coauthor_pairs
from graphkit.analysis.metrics import (
    GDS_NAMES,
    STEPS,
    StepReport,
    analyze,
    citation_indices,
    compute_metrics,
    g_index,
    h_index,
    restrict_to,
    select_steps,
)
from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.store.build import build, build_graph
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.metrics import MetricTables
from tests.conftest import EXAMPLES
from tests.store.test_embedded import dump


@pytest.fixture
def hepth(hepth_graph: KnowledgeGraph) -> KnowledgeGraph:
    return hepth_graph


def _pairs(arrays: GraphArrays) -> dict[tuple[str, str], int]:
    ids = arrays.author_ids.to_pylist()
    return {
        (ids[a], ids[b]): n
        for a, b, n in zip(arrays.pair_a.tolist(), arrays.pair_b.tolist(), arrays.pair_papers.tolist(), strict=True)
    }


def test_arrays_from_the_store_equal_arrays_from_the_graph(tmp_path: Path, shared_data: Path) -> None:
    sources = [EXAMPLES, shared_data / "openalex" / "works_page1_per25.json"]
    build(sources, tmp_path / "g.lbdb")
    graph = build_graph(sources)
    with EmbeddedStore(tmp_path / "g.lbdb", read_only=True) as store:
        stored = GraphArrays.from_store(store)
    mine = GraphArrays.from_graph(graph)
    assert stored.author_ids.to_pylist() == mine.author_ids.to_pylist() == sorted(graph.authors)
    assert stored.paper_ids.to_pylist() == mine.paper_ids.to_pylist() == sorted(graph.papers)
    for name in ("paper_day", "paper_year", "authored_author", "authored_paper", "cites_source", "cites_target",
                 "pair_a", "pair_b", "pair_papers"):  # fmt: skip
        assert np.array_equal(getattr(stored, name), getattr(mine, name)), name
    assert len(mine.cites_source) == len(graph.cites) > 0


def test_pairs_and_as_of_equal_the_dictionary_graphs(hepth: KnowledgeGraph) -> None:
    arrays = GraphArrays.from_graph(hepth)
    # Pairs derived from the authorship arrays are the graph's own (the same author limit).
    derived = coauthor_pairs(arrays.authored_author, arrays.authored_paper, arrays.papers)
    assert all(
        np.array_equal(x, y) for x, y in zip(derived, (arrays.pair_a, arrays.pair_b, arrays.pair_papers), strict=True)
    )
    for day in (dt.date(2000, 6, 30), dt.date(2001, 12, 31)):
        past, reference = arrays.as_of(day), restrict_to(hepth, day)
        assert past.author_ids.to_pylist() == sorted(reference.authors)
        assert past.paper_ids.to_pylist() == sorted(reference.papers)
        assert len(past.cites_source) == len(reference.cites)
        assert _pairs(past) == {pair: c.papers for pair, c in reference.coauthored_with.items()}
    small = coauthor_pairs(np.array([0, 1, 2, 0, 1]), np.array([0, 0, 0, 1, 1]), 2, max_authors=2)
    assert [x.tolist() for x in small] == [[0], [1], [1]]  # the three-author paper adds no pairs


def test_citation_indices_equal_the_definitions() -> None:
    rng = random.Random(4)
    owners = [rng.randrange(40) for _ in range(600)]
    counts = [int(rng.paretovariate(1.2)) - 1 for _ in owners]
    found = citation_indices(np.array(owners), np.array(counts), 41)
    for owner in range(41):
        mine = [c for o, c in zip(owners, counts, strict=True) if o == owner]
        assert found["h_index"][owner] == h_index(mine) and found["g_index"][owner] == g_index(mine)
        assert found["citations"][owner] == sum(mine) and found["i10_index"][owner] == sum(c >= 10 for c in mine)


def test_top_k_pairs_in_blocks_equal_the_whole_product(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    nodes = 300
    source = rng.integers(0, nodes, 3000)
    target = np.floor(rng.random(3000) ** 2 * nodes).astype(np.int64)  # hubs: the first papers cited most
    whole = {kind: similarity.top_k_pairs(source, target, nodes, k=4, kind=kind) for kind in ("cocitation", "coupling")}
    monkeypatch.setattr(similarity, "BLOCK_WORK", 500)  # many blocks, a heavy row alone in its own
    for kind, expected in whole.items():
        found = similarity.top_k_pairs(source, target, nodes, k=4, kind=kind)
        assert all(np.array_equal(x, y) for x, y in zip(found, expected, strict=True))
    # Against the definition: the dense product, ties to the lower partner.
    matrix = np.zeros((nodes, nodes), np.int64)
    matrix[source, target] = 1
    product = matrix.T @ matrix
    np.fill_diagonal(product, 0)
    paper, partner, weight = whole["cocitation"]
    for row in range(nodes):
        order = sorted((-w, col) for col, w in enumerate(product[row]) if w)[:4]
        mine = [(-w, c) for p, c, w in zip(paper, partner, weight, strict=True) if p == row]
        assert mine == order


def test_steps_are_chosen_by_name_column_or_gds_name() -> None:
    assert [s.name for s in select_steps(["kcore", "localClusteringCoefficient"])[0]] == ["core_number", "clustering"]
    assert select_steps(["community_size"])[0][0].name == "community"
    assert select_steps(None)[0] == STEPS
    assert all(select_steps([name])[0] for name in GDS_NAMES)
    with pytest.raises(ValueError, match="unknown metric 'pagernk'"):
        select_steps(["pagernk"])
    with pytest.raises(ValueError, match="first column must be 'id'"):
        MetricTables(authors=pa.table({"pagerank": [0.1]}))
    with pytest.raises(ValueError, match="not Author metrics"):
        MetricTables(authors=pa.table({"id": ["a"], "title": ["x"]}))


def test_a_subset_of_metrics_writes_only_its_columns(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([EXAMPLES], db)
    analyze_store(db)
    before = dump(db)
    seen: list[StepReport] = []
    result = analyze_store(db, metrics=["pageRank"], resolution=0.2, progress=seen.append)
    after = dump(db)
    assert [r.step for r in result.steps] == ["read", "graphs", "pagerank", "write"]
    assert [r.step for r in seen] == ["read", "read", "graphs", "graphs", "pagerank", "pagerank", "write", "write"]
    assert seen[0].seconds is None and seen[1].seconds is not None
    # Only PageRank was computed: everything else (communities at the old resolution included) is as it was.
    assert after == before
    # A store whose PageRank column was cleared gets it back, and nothing else changes.
    with EmbeddedStore(db) as store:
        store.execute("MATCH (a:Author) SET a.pagerank = null")
    analyze_store(db, metrics=["pagerank"])
    assert dump(db) == before


def test_the_command_shows_each_step_and_refuses_unknown_metrics(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([EXAMPLES], db)
    done = CliRunner().invoke(
        main, ["analyze", "--db", str(db), "--metrics", "h_index,leiden", "--engine", "networkit"]
    )
    assert done.exit_code == 0, done.output
    assert "community: done in" in done.output and "(leiden)" in done.output
    assert "citation_indices: citations, h, g and i10 on 113 nodes" in done.output
    assert "pagerank" not in done.output.split("graphkit analyze:")[0]
    refused = CliRunner().invoke(main, ["analyze", "--db", str(db), "--metrics", "pagernk"])
    assert refused.exit_code == 2 and "unknown metric 'pagernk'" in refused.output


def test_the_array_analysis_equals_the_reference_metrics_on_hepth(hepth: KnowledgeGraph) -> None:
    tables, result = compute_metrics(GraphArrays.from_graph(hepth), metrics=["degree", "citation_indices"])
    analyze(hepth, metrics=["degree", "citation_indices"])
    rows = dict(zip(tables.authors.column("id").to_pylist(), tables.authors.to_pylist(), strict=True))
    by_author: dict[str, list[str]] = {}
    for author, paper in hepth.authored:
        by_author.setdefault(author, []).append(paper)
    cited = {p: 0 for p in hepth.papers}
    for _, target in hepth.cites:
        cited[target] += 1
    coauthors = {a: 0 for a in hepth.authors}
    for a, b in hepth.coauthored_with:
        coauthors[a] += 1
        coauthors[b] += 1
    for author, papers in by_author.items():
        counts = [cited[p] for p in papers]
        assert rows[author]["papers"] == len(papers) and rows[author]["coauthors"] == coauthors[author]
        assert (rows[author]["h_index"], rows[author]["g_index"]) == (h_index(counts), g_index(counts))
        assert hepth.author_metrics[author]["citations"] == sum(counts)
    assert result.authors == len(hepth.authors)


def test_a_table_of_every_node_is_set_without_clearing_and_a_stray_id_is_not_silent(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([EXAMPLES], db)
    with EmbeddedStore(db) as store:
        ids = [row["id"] for row in store.execute("MATCH (a:Author) RETURN a.id AS id ORDER BY id")]
        store.write_metrics(MetricTables(authors=pa.table({"id": ids, "h_index": list(range(len(ids)))})))
        assert store.execute("MATCH (a:Author) RETURN sum(a.h_index) AS s")[0]["s"] == sum(range(len(ids)))
        # As many rows as authors, one of them naming nobody: the author it misses is cleared, not left stale.
        stray = pa.table({"id": [*ids[1:], "nobody"], "h_index": [7] * len(ids)})
        store.write_metrics(MetricTables(authors=stray))
        rows = store.execute("MATCH (a:Author) RETURN a.id AS id, a.h_index AS h")
    assert {row["id"]: row["h"] for row in rows} == {**dict.fromkeys(ids[1:], 7), ids[0]: None}
