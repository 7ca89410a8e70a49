"""The embedded store, for real: build, rebuild, incremental build, interrupted build, stats, CLI."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.core.errors import BuildStateError, StoreError
from graphkit.query.stats import graph_stats
from graphkit.stage.area import stage_folder
from graphkit.store.build import build, read_build_state
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.schema import SCHEMA
from tests.conftest import DAILY_FEED, EXAMPLES, PROFILE_PAGE, RANKED_LIST


def dump(db: Path) -> dict[str, list[Any]]:
    """Every node and relationship with all properties, sorted: equal dumps mean equal graphs."""
    with EmbeddedStore(db, read_only=True) as store:
        result: dict[str, list[Any]] = {}
        for node in SCHEMA.nodes:
            props = ", ".join(f"n.{p.name} AS {p.name}" for p in node.all_properties)
            rows = store.execute(f"MATCH (n:{node.label}) RETURN {props}")
            result[node.label] = sorted(rows, key=repr)
        for rel in SCHEMA.rels:
            src, dst = SCHEMA.node(rel.source).key, SCHEMA.node(rel.target).key
            props = "".join(f", r.{p.name} AS {p.name}" for p in rel.properties)
            rows = store.execute(f"MATCH (a)-[r:{rel.type}]->(b) RETURN a.{src} AS src, b.{dst} AS dst{props}")
            result[rel.type] = sorted(rows, key=repr)
    return result


def _without_sources(graph_dump: dict[str, list[Any]]) -> dict[str, list[Any]]:
    # Provenance names files; compare the rest.
    return {k: [{f: v for f, v in row.items() if f != "sources"} for row in rows] for k, rows in graph_dump.items()}


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "graph.lbdb"
    build([EXAMPLES], db)
    return db


def test_seed_graph_in_the_store(seed_db: Path) -> None:
    with EmbeddedStore(seed_db, read_only=True) as store:
        counts = store.counts()
        assert {k: counts[k] for k in ("Paper", "Author", "Institution", "Category")} == {
            "Paper": 134, "Author": 113, "Institution": 10, "Category": 8}  # fmt: skip
        assert (counts["AUTHORED"], counts["COAUTHORED_WITH"]) == (222, 186)
        rows = store.execute(
            "MATCH (a:Author)-[c:COAUTHORED_WITH]-(b:Author) WHERE a.name = $a AND b.name = $b RETURN c.papers AS n",
            {"a": "Depen Morwani", "b": "Nikhil Vyas"},
        )
        assert rows == [{"n": 4}]
        samy = store.execute(
            "MATCH (a:Author {name: $name})-[:AUTHORED]->(p:Paper) RETURN count(p) AS n, a.profile_h_index AS h",
            {"name": "Samy Jelassi"},
        )
        assert samy == [{"n": 29, "h": 96}]  # his ranked-list papers are the same three papers


def test_stats_coverage(seed_db: Path) -> None:
    with EmbeddedStore(seed_db, read_only=True) as store:
        stats = graph_stats(store)
    assert stats.counts["Paper"] == 134
    assert stats.coverage["papers with categories"].count == 57
    assert stats.coverage["papers with dates"].count == 114
    assert stats.coverage["papers with affiliations"].count == 18
    assert stats.coverage["authors with external ids"].count == 0
    assert stats.build is not None and (stats.build.files, stats.build.records) == (3, 140)


def copy_store(source: Path, db: Path) -> None:
    """Copy a store the way a user should: the database and its staging area."""
    shutil.copy(source, db)
    shutil.copytree(stage_folder(source), stage_folder(db))


def test_building_twice_leaves_the_same_graph(seed_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "again.lbdb"
    copy_store(seed_db, db)
    before = dump(db)
    result = build([EXAMPLES], db)
    assert result.records_kept_from_store == 0 and result.records_read == 140
    # Unchanged files are not read again: their staged tables are reused.
    assert result.files_unchanged == 3 and [f.papers for f in result.files] == [29, 60, 50]
    assert dump(db) == before
    state = read_build_state(db)
    assert state is not None and state.records == 140 and len(state.sources) == 3
    assert sorted(p.name for p in stage_folder(db).iterdir()) == sorted(
        [*(s.folder for s in state.sources), state.index]
    )


def test_a_changed_file_is_staged_again(tmp_path: Path) -> None:
    page = tmp_path / "ranked.txt"
    shutil.copy(RANKED_LIST, page)
    db = tmp_path / "g.lbdb"
    build([page], db)
    page.write_text("\n".join(page.read_text(encoding="utf-8").splitlines()[:30]) + "\n", encoding="utf-8")
    result = build([page], db)
    assert result.files_unchanged == 0 and result.records_read < 50
    state = read_build_state(db)
    assert state is not None and len(state.sources) == 1 and len(list(stage_folder(db).iterdir())) == 2
    assert len(dump(db)["Paper"]) == result.records_read


def test_damaged_staged_table_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([RANKED_LIST], db)
    state = read_build_state(db)
    assert state is not None
    table = stage_folder(db) / state.sources[0].folder / "authors.parquet"
    with table.open("ab") as handle:
        handle.write(b"x")
    with pytest.raises(BuildStateError, match=r"authors.parquet is damaged \(its checksum differs"):
        build([PROFILE_PAGE], db)


def test_incremental_build_merges_without_duplicates(seed_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "incremental.lbdb"
    build([PROFILE_PAGE], db)
    assert dump(db)["Paper"].__len__() == 29
    result = build([RANKED_LIST, DAILY_FEED], db)
    assert result.records_kept_from_store == 30
    assert _without_sources(dump(db)) == _without_sources(dump(seed_db))


def test_interrupted_build_keeps_the_previous_graph(
    seed_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "interrupted.lbdb"
    build([PROFILE_PAGE], db)
    before = dump(db)

    copy = EmbeddedStore.copy_batches

    def fail_at_the_last_table(self: EmbeddedStore, name: str, *args: Any) -> int:
        # Everything before the coauthor edges has been written by now.
        if name == "COAUTHORED_WITH":
            raise KeyboardInterrupt
        return copy(self, name, *args)

    monkeypatch.setattr(EmbeddedStore, "copy_batches", fail_at_the_last_table)
    with pytest.raises(KeyboardInterrupt):
        build([EXAMPLES], db)
    monkeypatch.undo()
    assert dump(db) == before
    build([EXAMPLES], db)
    assert _without_sources(dump(db)) == _without_sources(dump(seed_db))


def test_overrides_apply_on_every_build(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    (tmp_path / "graphkit.overrides.toml").write_text(
        '[authors]\nmust_not_merge = [["Sham M. Kakade", "Sham Kakade"]]\n'
    )
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "overrides applied from" in result.output
    with EmbeddedStore(db, read_only=True) as store:
        assert store.counts()["Author"] == 114
        kept = [d for d in store.decisions() if d.outcome == "kept apart"]
    assert kept and "must not be merged" in kept[0].evidence


def test_cli_build_stats_and_merges(tmp_path: Path) -> None:
    db = tmp_path / "cli.lbdb"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(EXAMPLES), "--db", str(db), "--no-progress"])
    assert built.exit_code == 0, built.output
    assert "134 Paper, 113 Author, 10 Institution, 8 Category" in built.output
    assert "merges: 2 author, 5 paper" in built.output
    stats = runner.invoke(main, ["stats", "--db", str(db), "--json"])
    assert stats.exit_code == 0 and '"COAUTHORED_WITH": 186' in stats.output
    listed = runner.invoke(main, ["merges", "--db", str(db), "--entity", "author"])
    assert "author merged" in listed.output and "Sham M. Kakade" in listed.output


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--db", str(tmp_path / "nothing.lbdb")])
    assert result.exit_code == 2
    assert "no graph database here" in result.output and "Traceback" not in result.output
    with pytest.raises(StoreError, match="is a folder"):
        EmbeddedStore(tmp_path).open()
