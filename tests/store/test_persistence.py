"""A store loses nothing: one writer at a time, kill -9 at any point, missing or damaged build state, archives.

The concurrency and crash tests run real ``graphkit build`` processes against one database file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.core.errors import BuildStateError, StoreError, StoreLockedError
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.stage.area import stage_folder
from graphkit.store import embedded
from graphkit.store.build import build, build_graph, read_build_state
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.loader import load_graph
from graphkit.store.lock import WriterLock
from tests.conftest import DAILY_FEED, EXAMPLES, PROFILE_PAGE, RANKED_LIST, REPO
from tests.store.test_embedded import copy_store, dump


def _graphkit(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _leftovers(db: Path) -> list[str]:
    """Files beside ``db`` but the database, its lock and staging area; staged folders its state does not name."""
    state = read_build_state(db)
    expected = {db.name, f"{db.name}.lock", stage_folder(db).name}
    named = {s.folder for s in state.sources} | {state.index} if state else set()
    beside = [p.name for p in db.parent.iterdir() if p.name.startswith(db.name) and p.name not in expected]
    staged = [p.name for p in stage_folder(db).iterdir() if p.name not in named] if stage_folder(db).is_dir() else []
    return sorted(beside + staged)


@pytest.fixture(scope="module")
def profile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("profile") / "profile.lbdb"
    build([PROFILE_PAGE], db)
    return db


@pytest.fixture(scope="module")
def seeds_after_profile(tmp_path_factory: pytest.TempPathFactory, profile_db: Path) -> dict[str, list[Any]]:
    """The graph a clean build of the profile page, then all seed pages, leaves."""
    db = tmp_path_factory.mktemp("reference") / "reference.lbdb"
    build([EXAMPLES], db)
    return dump(db)


def test_a_second_writer_is_refused_with_the_holder_named(tmp_path: Path, profile_db: Path) -> None:
    db = tmp_path / "g.lbdb"
    copy_store(profile_db, db)
    before = dump(db)
    with WriterLock(db, command="graphkit build big-snapshot.json"):
        with pytest.raises(StoreLockedError, match=r"being written by another process: pid \d+ on .*big-snapshot"):
            build([DAILY_FEED], db)
        refused = _graphkit("build", str(DAILY_FEED), "--db", str(db), "--no-progress")
        _, err = refused.communicate(timeout=120)
        assert refused.returncode == 2
        assert f"pid {os.getpid()}" in err and "--wait SECONDS" in err and "Traceback" not in err
        analyzed = CliRunner().invoke(main, ["analyze", "--db", str(db)])
        assert analyzed.exit_code == 2 and "being written by another process" in analyzed.output
    assert dump(db) == before
    # Once the holder is gone the lock is free, and a waiting writer goes ahead.
    build([DAILY_FEED], db, wait=5)
    assert len(dump(db)["Paper"]) > len(before["Paper"])


def test_concurrent_writers_lose_no_update(tmp_path: Path) -> None:
    reference = tmp_path / "reference.lbdb"
    build([PROFILE_PAGE, DAILY_FEED, RANKED_LIST], reference)
    for trial in range(2):
        db = tmp_path / f"concurrent{trial}.lbdb"
        build([PROFILE_PAGE], db)
        writers = [_graphkit("build", str(page), "--db", str(db), "--wait", "120", "--no-progress")
                   for page in (DAILY_FEED, RANKED_LIST)]  # fmt: skip
        for writer in writers:
            _, err = writer.communicate(timeout=300)
            assert writer.returncode == 0, err
        assert dump(db) == dump(reference)
        assert _leftovers(db) == []


def test_kill_9_at_any_point_leaves_the_previous_graph_and_a_rerun_completes(
    tmp_path: Path, profile_db: Path, seeds_after_profile: dict[str, list[Any]]
) -> None:
    before = dump(profile_db)
    timing = tmp_path / "timing.lbdb"
    copy_store(profile_db, timing)
    start = time.monotonic()
    finished = _graphkit("build", str(EXAMPLES), "--db", str(timing), "--no-progress")
    assert finished.wait(timeout=300) == 0
    duration = time.monotonic() - start
    outcomes = []
    for number, fraction in enumerate((0.3, 0.7, 0.95)):
        db = tmp_path / f"killed{number}.lbdb"
        copy_store(profile_db, db)
        writer = _graphkit("build", str(EXAMPLES), "--db", str(db), "--no-progress")
        time.sleep(duration * fraction)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
        after_kill = dump(db)  # readable at once: never a moment without a complete database
        assert after_kill in (before, seeds_after_profile)
        outcomes.append("previous" if after_kill == before else "new")
        build([EXAMPLES], db)
        assert dump(db) == seeds_after_profile
        assert _leftovers(db) == []
    assert "previous" in outcomes, outcomes


def test_a_database_copied_without_its_staging_area_is_never_replaced(tmp_path: Path, profile_db: Path) -> None:
    db = tmp_path / "copied.lbdb"
    shutil.copy(profile_db, db)
    before = dump(db)
    with pytest.raises(BuildStateError, match=r"staged tables .* are missing — put copied.lbdb.stage back beside"):
        build([DAILY_FEED], db)
    result = CliRunner().invoke(main, ["build", str(DAILY_FEED), "--db", str(db), "--no-progress"])
    assert result.exit_code == 2 and "--rebuild" in result.output and "Nothing was changed" in result.output
    assert dump(db) == before
    # --rebuild is the explicit way to start afresh from the given sources.
    assert build([DAILY_FEED], db, rebuild=True).records_kept_from_store == 0
    assert len(dump(db)["Paper"]) == 60 and _leftovers(db) == []


def test_a_damaged_staged_file_is_detected_and_reported(tmp_path: Path, profile_db: Path) -> None:
    db = tmp_path / "damaged.lbdb"
    copy_store(profile_db, db)
    state = read_build_state(db)
    assert state is not None
    table = stage_folder(db) / state.sources[0].folder / "papers.parquet"
    data = bytearray(table.read_bytes())
    data[len(data) // 2] ^= 0xFF
    table.write_bytes(bytes(data))
    before = dump(db)
    with pytest.raises(BuildStateError, match=r"papers\.parquet is damaged"):
        build([DAILY_FEED], db)
    assert dump(db) == before and table.read_bytes() == bytes(data)
    missing = tmp_path / "missing.lbdb"
    copy_store(profile_db, missing)
    (stage_folder(missing) / state.sources[0].folder / "authors.parquet").unlink()
    with pytest.raises(BuildStateError, match=r"authors\.parquet is missing"):
        build([DAILY_FEED], missing)


def test_a_database_without_build_state_is_not_overwritten(tmp_path: Path) -> None:
    db = tmp_path / "loaded.lbdb"
    with EmbeddedStore(db) as store:
        load_graph(store, build_graph([RANKED_LIST]))
    with pytest.raises(BuildStateError, match="no record of what it was built from"):
        build([DAILY_FEED], db)
    assert len(dump(db)["Paper"]) == 50
    build([DAILY_FEED], db, rebuild=True)
    assert len(dump(db)["Paper"]) == 60


def test_an_archive_rebuilt_three_times_gives_the_store_of_one_build(tmp_path: Path, shared_data: Path) -> None:
    archive = shared_data / "snap-cit-HepTh" / "abstracts" / "cit-HepTh-abstracts-1992.tar.gz"
    db = tmp_path / "hepth.lbdb"
    first = build([archive], db)
    once, records_once = dump(db), first.records_read
    assert records_once > 1000
    for _ in range(2):
        again = build([archive], db)
        assert again.records_kept_from_store == 0 and again.records_read == records_once
    assert dump(db) == once
    state = read_build_state(db)
    assert state is not None and state.records == records_once and len(state.sources) == 1
    assert sorted(p.name for p in stage_folder(db).iterdir()) == sorted([state.sources[0].folder, state.index])


def test_hyper_authored_papers_keep_authorships_but_add_no_pairs(tmp_path: Path) -> None:
    members = " and ".join(f"Collab, Member{i}" for i in range(150))
    page = tmp_path / "refs.bib"
    page.write_text(
        f"@article{{big, title = {{A Very Large Collaboration Paper}}, author = {{{members}}}, year = {{2022}}}}\n"
        "@article{small, title = {A Small Paper About Things}, author = {Collab, Member0 and Other, Ann}, "
        "year = {2022}}\n",
        encoding="utf-8",
    )
    result = build([page], tmp_path / "capped.lbdb")
    assert result.hyper_authored == 1 and result.written["AUTHORED"] == 152
    assert result.written["COAUTHORED_WITH"] == 1  # only the small paper's pair
    uncapped = build([page], tmp_path / "uncapped.lbdb", coauthor_max_authors=200)
    assert uncapped.hyper_authored == 0 and uncapped.written["COAUTHORED_WITH"] == 150 * 149 // 2 + 1
    cli = CliRunner().invoke(main, ["build", str(page), "--db", str(tmp_path / "cli.lbdb"), "--no-progress"])
    assert "1 paper(s) with over 100 authors keep their authorships but add no coauthor pairs" in cli.output


def test_buffer_pool_follows_the_setting_and_grows_when_the_default_fills(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert EmbeddedStore(tmp_path / "a.lbdb", buffer_pool_mib=2048).buffer_pool_mib == 2048
    assert EmbeddedStore(tmp_path / "a.lbdb").buffer_pool_mib == embedded.default_buffer_pool_mib()
    pools: list[int] = []
    write = EmbeddedStore.write

    def fill_once(self: EmbeddedStore, graph: KnowledgeGraph, **kwargs: Any) -> dict[str, int]:
        pools.append(self.buffer_pool_mib)
        if len(pools) == 1:
            raise StoreError("LadybugDB rejected COPY into AUTHORED: Buffer manager exception: buffer pool is full")
        return write(self, graph, **kwargs)

    monkeypatch.setattr(EmbeddedStore, "write", fill_once)
    build([RANKED_LIST], tmp_path / "grown.lbdb")
    assert pools == [embedded.default_buffer_pool_mib(), 2 * embedded.default_buffer_pool_mib()]
    pools.clear()
    with pytest.raises(StoreError, match="GRAPHKIT_BUFFER_POOL_MIB or --buffer-pool-mib higher"):
        build([RANKED_LIST], tmp_path / "fixed.lbdb", buffer_pool_mib=512)
    assert pools == [512] and not (tmp_path / "fixed.lbdb").exists()
    result = CliRunner().invoke(
        main, ["build", str(RANKED_LIST), "--db", str(tmp_path / "env.lbdb")], env={"GRAPHKIT_BUFFER_POOL_MIB": "768"}
    )
    assert result.exit_code == 0, result.output
    assert pools[-1] == 768
