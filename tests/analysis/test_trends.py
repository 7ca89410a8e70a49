"""Metrics over time (issue 15): snapshots kept beside the current metrics, author timelines, bursts in the store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from graphkit.analysis.arrays import GraphArrays
from graphkit.analysis.bursts import detect_bursts, strongest_bursts
from graphkit.analysis.metrics import analyze, burst_events, compute_metrics, h_index, restrict_to
from graphkit.analysis.trends import author_timeline, top_bursts
from graphkit.analysis.writeback import analyze_store, snapshot_store, year_ends
from graphkit.cli import main
from graphkit.core.errors import GraphkitError, StoreError
from graphkit.export.neo4j_import import write_import_files
from graphkit.query.library import run_query
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLES
from tests.store.test_embedded import dump


def _most_cited_authors(graph: KnowledgeGraph, count: int) -> list[str]:
    cited: dict[str, int] = {}
    for _, paper in graph.cites:
        cited[paper] = cited.get(paper, 0) + 1
    totals: dict[str, int] = {}
    for author, paper in graph.authored:
        totals[author] = totals.get(author, 0) + cited.get(paper, 0)
    return sorted(totals, key=lambda a: (-totals[a], a))[:count]


def _direct_year(graph: KnowledgeGraph, author: str, year: int) -> tuple[int, int, int]:
    """Papers, citations and h-index of ``author`` at the end of ``year``, straight from the graph's dicts."""
    end = dt.date(year, 12, 31)
    papers = {p for a, p in graph.authored if a == author and (graph.papers[p].date or dt.date.max) <= end}
    counts = dict.fromkeys(papers, 0)
    for citing, cited in graph.cites:
        day = graph.papers[citing].date
        if cited in counts and day is not None and day <= end:
            counts[cited] += 1
    return len(papers), sum(counts.values()), h_index(list(counts.values()))


def test_timelines_equal_a_direct_computation_on_hepth(hepth_graph: KnowledgeGraph, hepth_store: Path) -> None:
    """Every year of the most cited hep-th authors' timelines, and the snapshots' PageRank and h-index."""
    authors = _most_cited_authors(hepth_graph, 4)
    days = year_ends(2000, 2002)
    results = snapshot_store(hepth_store, days, metrics=["pagerank", "h_index"])
    assert [r.as_of for r in results] == days
    with EmbeddedStore(hepth_store, read_only=True) as store:
        timelines = {author: author_timeline(store, author) for author in authors}
        kept = {author: run_query(store, "author_snapshots", {"author_id": author}) for author in authors}
    for author, timeline in timelines.items():
        dated = [hepth_graph.papers[p].date for a, p in hepth_graph.authored if a == author]
        assert timeline.years[0].year == min(day.year for day in dated if day is not None)
        assert timeline.years[-1].year == 2003  # the last year the corpus holds
        for row in timeline.years:
            assert (row.total_papers, row.total_citations, row.h_index) == _direct_year(hepth_graph, author, row.year)
        assert sum(row.papers for row in timeline.years) == timeline.years[-1].total_papers
        assert sum(row.citations for row in timeline.years) == timeline.years[-1].total_citations
        assert timeline.years[-1].h_index >= 5  # the dated citations make them cited authors
        assert [row.snapshot for row in timeline.years if row.snapshot] == days
        # The library query reads the same snapshots.
        assert [(r["as_of"], r["h_index"]) for r in kept[author]] == [
            (row.snapshot, row.h_index) for row in timeline.years if row.snapshot
        ]
    # The snapshots hold what an analysis of the graph restricted to each day computes.
    for day in days:
        analyze(hepth_graph, as_of=day, metrics=["pagerank"])
        for author, timeline in timelines.items():
            (row,) = [row for row in timeline.years if row.year == day.year]
            assert row.pagerank == pytest.approx(hepth_graph.author_metrics[author]["pagerank"], rel=1e-9)


def test_snapshots_are_kept_per_day_and_replaced_whole(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([EXAMPLES], db)
    analyze_store(db)
    current = dump(db)
    snapshot_store(db, [dt.date(2024, 12, 31), dt.date(2025, 6, 30)], metrics=["pagerank", "graph_citations"])
    first = dump(db)
    assert {k: v for k, v in first.items() if "napshot" not in k and "SNAPSHOT" not in k} == {
        k: v for k, v in current.items() if "napshot" not in k and "SNAPSHOT" not in k
    }
    assert sorted(row["id"] for row in first["Snapshot"]) == ["2024-12-31", "2025-06-30"]
    assert {row["metrics"] for row in map(lambda r: {**r, "metrics": tuple(r["metrics"])}, first["Snapshot"])} == {
        ("pagerank", "graph_citations")
    }
    by_day = {row["id"]: row for row in first["Snapshot"]}
    assert by_day["2024-12-31"]["authors"] < by_day["2025-06-30"]["authors"] <= 113
    assert len(first["PaperSnapshot"]) == by_day["2024-12-31"]["papers"] + by_day["2025-06-30"]["papers"]
    assert all(row["h_index"] is None and row["pagerank"] is not None for row in first["AuthorSnapshot"])
    # The same day again replaces that day's snapshot alone; running it twice leaves the same store.
    snapshot_store(db, [dt.date(2024, 12, 31)], metrics=["pagerank", "graph_citations"])
    assert dump(db) == first
    snapshot_store(db, [dt.date(2024, 12, 31)], metrics=["h_index"])
    again = dump(db)
    assert sorted(row["id"] for row in again["Snapshot"]) == ["2024-12-31", "2025-06-30"]
    assert not again["PaperSnapshot"] or all(row["as_of"] == dt.date(2025, 6, 30) for row in again["PaperSnapshot"])
    day = [row for row in again["AuthorSnapshot"] if row["as_of"] == dt.date(2024, 12, 31)]
    assert day and all(row["pagerank"] is None and row["h_index"] is not None for row in day)
    # Snapshots keep node metrics; the similarity edges and bursts are refused with the reason.
    with pytest.raises(ValueError, match="not kept in snapshots"):
        snapshot_store(db, [dt.date(2024, 12, 31)], metrics=["coupling"])


def test_strongest_bursts_decoded_in_chunks_equal_the_whole_matrix(hepth_graph: KnowledgeGraph) -> None:
    arrays = GraphArrays.from_graph(hepth_graph)
    owner, period, owners, total, first = burst_events("citation_bursts", arrays)
    years = [p.year for p in hepth_graph.papers.values() if p.year]
    assert (first, len(total)) == (min(years), max(years) - min(years) + 1)
    assert int(total.sum()) == len(owner) == len(hepth_graph.cites) > 30_000
    chunked = strongest_bursts(owner, period, owners, total, chunk_cells=5_000)
    dense = np.zeros((owners, len(total)), np.int64)
    np.add.at(dense, (owner, period), 1)
    found = detect_bursts(dense, total)
    assert chunked.found == len(set(found.series.tolist())) > 100
    for series in np.unique(found.series)[:500]:
        mine = found.series == series
        best = np.flatnonzero(mine)[np.argmax(found.strength[mine])]
        assert (chunked.start[series], chunked.end[series]) == (found.start[best], found.end[best])
        assert chunked.strength[series] == pytest.approx(found.strength[best])
    # Citations of 2000-2002 only are dated: every citation burst lies within them.
    bursting = chunked.start >= 0
    assert chunked.start[bursting].min() >= 2000 - first and chunked.end[bursting].max() <= 2002 - first


def test_bursts_are_stored_and_listed_strongest_first(
    hepth_graph: KnowledgeGraph, hepth_store: Path, tmp_path: Path
) -> None:
    arrays = GraphArrays.from_graph(restrict_to(hepth_graph, dt.date(2003, 12, 31)))
    tables, result = compute_metrics(arrays, metrics=["citation_bursts", "activity_bursts", "category_bursts"])
    assert result.bursts["Paper"] == len(tables.papers.column("burst_start").drop_null()) > 100
    assert tables.authors.column("burst_strength").null_count < arrays.authors
    with EmbeddedStore(hepth_store) as store:
        store.write_metrics(tables)
        rows = run_query(store, "strongest_bursts", {"limit": 10})
    strength = tables.papers.column("burst_strength").to_numpy(zero_copy_only=False)
    best = np.argsort(-np.nan_to_num(strength, nan=-1), kind="stable")[:10]
    assert [row["strength"] for row in rows] == pytest.approx(strength[best].tolist())
    db = tmp_path / "g.lbdb"
    build([EXAMPLES], db)
    with EmbeddedStore(db, read_only=True) as store, pytest.raises(GraphkitError, match="run `graphkit analyze`"):
        top_bursts(store, "papers")
    analyze_store(db, metrics=["activity_bursts", "category_bursts"])
    with EmbeddedStore(db, read_only=True) as store:
        listed = top_bursts(store, "authors", limit=50)
        stored = store.execute("MATCH (a:Author) WHERE a.burst_start IS NOT NULL RETURN count(a) AS n")[0]["n"]
    assert len(listed) == stored > 0
    assert [b.strength for b in listed] == sorted((b.strength for b in listed), reverse=True)
    assert all(b.start <= b.end for b in listed)


def test_the_commands_keep_snapshots_and_show_timelines_and_bursts(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([EXAMPLES], db)
    runner = CliRunner()
    done = runner.invoke(main, ["analyze", "--db", str(db)])
    assert done.exit_code == 0, done.output
    kept = runner.invoke(main, ["analyze", "--db", str(db), "--years", "2023-2025", "--metrics", "pagerank,h_index"])
    assert kept.exit_code == 0, kept.output
    assert "[as of 2024-12-31] pagerank: done" in kept.output
    assert kept.output.count("snapshot as of") == 3
    shown = runner.invoke(main, ["timeline", "Sham Kakade", "--db", str(db), "--format", "csv",
                                 "--plot", str(tmp_path / "t.png")])  # fmt: skip
    assert shown.exit_code == 0, shown.output
    lines = [line for line in shown.output.splitlines() if line[:4].isdigit()]
    with EmbeddedStore(db, read_only=True) as store:
        (author,) = store.execute("MATCH (a:Author) WHERE a.name = 'Sham M. Kakade' RETURN a.id AS id")
        timeline = author_timeline(store, author["id"])
    assert len(lines) == len(timeline.years) and (tmp_path / "t.png").stat().st_size > 0
    assert [line.split(",")[7] for line in lines if line.startswith("2024")] == ["2024-12-31"]
    listed = runner.invoke(main, ["bursts", "--of", "categories", "--db", str(db), "--plot", str(tmp_path / "b.svg")])
    assert listed.exit_code == 0, listed.output
    assert "cs.LG" in listed.output and (tmp_path / "b.svg").stat().st_size > 0
    refused = runner.invoke(main, ["analyze", "--db", str(db), "--as-of", "2024-12-31", "--metrics", "coupling"])
    assert refused.exit_code == 2 and "not kept in snapshots" in refused.output
    refused = runner.invoke(main, ["analyze", "--db", str(db), "--years", "2025-2023"])
    assert refused.exit_code == 2 and "FIRST-LAST" in refused.output


def test_a_store_from_before_bursts_gains_their_columns(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([EXAMPLES], db)
    with EmbeddedStore(db) as store:
        for label in ("Paper", "Author", "Category"):
            for column in ("burst_start", "burst_end", "burst_strength"):
                store.execute(f"ALTER TABLE {label} DROP {column}")
    # Read-only, the missing columns are named with the way to add them.
    with EmbeddedStore(db, read_only=True) as store:
        with pytest.raises(StoreError, match="predates this graphkit"):
            top_bursts(store, "authors")
        with pytest.raises(StoreError, match="predates this graphkit"):
            write_import_files(store, tmp_path / "import")
    analyze_store(db, metrics=["activity_bursts"])
    with EmbeddedStore(db, read_only=True) as store:
        assert store.execute("MATCH (a:Author) WHERE a.burst_start IS NOT NULL RETURN count(a) AS n")[0]["n"] > 0
