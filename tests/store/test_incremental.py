"""Incremental builds: adding, changing and removing source files re-resolves only what they touch, and gives
exactly the graph a full build of the same files gives.

Every step of each sequence is checked against a full build (``--rebuild``) of the files the store then holds:
nodes with every property, relationships with theirs, and the resolution decisions.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic_snapshot import write_snapshot
from graphkit.analysis.writeback import analyze_store
from graphkit.core.errors import BuildStateError
from graphkit.resolve import incremental
from graphkit.store.build import BuildResult, build, read_build_state
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import DAILY_FEED, RANKED_LIST, REPO
from tests.store.test_embedded import copy_store, dump


def _decisions(db: Path) -> Counter[str]:
    with EmbeddedStore(db, read_only=True) as store:
        return Counter(
            repr((d.entity, d.outcome, d.labels, d.rule, d.evidence, d.canonical_id)) for d in store.decisions()
        )


def _same_as_full_build(db: Path, files: list[Path], tmp_path: Path) -> None:
    full = tmp_path / f"full-{len(list(tmp_path.iterdir()))}.lbdb"
    result = build(files, full)
    assert result.mode == "full"
    incremental_dump, full_dump = dump(db), dump(full)
    for name in full_dump:
        assert incremental_dump[name] == full_dump[name], name
    assert _decisions(db) == _decisions(full)
    state, full_state = read_build_state(db), read_build_state(full)
    assert state is not None and full_state is not None
    assert [s.folder for s in state.sources] == [s.folder for s in full_state.sources]


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines(keepends=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A synthetic arXiv snapshot (name collisions, spelling variants, a collaboration paper), as lines."""
    path = tmp_path_factory.mktemp("corpus") / "snapshot.jsonl"
    write_snapshot(1600, path, seed=7)
    return _lines(path)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), "utf-8")
    return path


@pytest.fixture(autouse=True)
def _always_incremental(monkeypatch: pytest.MonkeyPatch) -> None:
    """These corpora are small and dense (a few hundred names), so a change touches much of them: let every
    change go the incremental way, which is what is under test."""
    monkeypatch.setattr("graphkit.store.build.INCREMENTAL_MAX_SHARE", 1.0)


def _incremental(result: BuildResult) -> None:
    assert result.mode == "incremental", result.full_build_reason


def test_adding_changing_and_removing_files_gives_the_full_builds_graph(corpus: list[str], tmp_path: Path) -> None:
    base = _write(tmp_path / "base.jsonl", corpus[:1200])
    new = _write(tmp_path / "new.jsonl", corpus[1200:1400])
    db = tmp_path / "g.lbdb"
    assert build([base], db).mode == "full"

    # Analysis results are stale after any change: a full build leaves none, and neither does this one.
    analyze_store(db)
    analyze_store(db, as_of=dt.date(2030, 12, 31), metrics=["pagerank"])
    analysed = dump(db)
    assert any(row["pagerank"] is not None for row in analysed["Author"]) and analysed["AuthorSnapshot"]
    added = build([new], db)
    _incremental(added)
    _same_as_full_build(db, [base, new], tmp_path)

    # The same file given again: nothing to re-resolve, the same graph.
    again = build([new], db)
    _incremental(again)
    assert again.records_resolved == 0
    _same_as_full_build(db, [base, new], tmp_path)

    # A changed file: some records dropped, others added, one title edited.
    changed_lines = corpus[1210:1400] + corpus[1400:1450]
    record = json.loads(changed_lines[0])
    record["title"] = "A different title for a revised version"
    changed_lines[0] = json.dumps(record) + "\n"
    _write(new, changed_lines)
    changed = build([new], db)
    _incremental(changed)
    _same_as_full_build(db, [base, new], tmp_path)

    removed = build([], db, remove=[new])
    _incremental(removed)
    assert removed.removed == [str(new.resolve())]
    _same_as_full_build(db, [base], tmp_path)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_sequences_of_changes_give_the_full_builds_graph(corpus: list[str], tmp_path: Path, seed: int) -> None:
    """Files cut at random from the corpus (so people and papers span files), then random steps."""
    rng = random.Random(seed)
    lines = corpus[:]
    rng.shuffle(lines)
    # Some records appear in two files (the same paper listed twice), so papers merge across files.
    cuts = sorted(rng.sample(range(100, 900), 3))
    parts = [lines[a:b] for a, b in zip([0, *cuts], [*cuts, 1000], strict=True)]
    parts[1] = parts[1] + rng.sample(parts[0], 20)
    files = [_write(tmp_path / f"part{i}.jsonl", part) for i, part in enumerate(parts)]
    db = tmp_path / "g.lbdb"
    build(files[:2], db)
    held = files[:2]
    for step in range(3):
        action = ("add", "change", "remove")[step] if seed == 1 else rng.choice(["add", "change", "remove"])
        if action == "add" and len(held) < len(files):
            target = next(f for f in files if f not in held)
            result = build([target], db)
            held.append(target)
        elif action == "remove" and len(held) > 1:
            target = rng.choice(held)
            result = build([], db, remove=[target])
            held.remove(target)
        else:
            target = rng.choice(held)
            extra = rng.sample(lines[1000:], 30)
            kept = [line for line in _lines(target) if rng.random() > 0.1]
            _write(target, kept + extra)
            result = build([target], db)
        _incremental(result)
        _same_as_full_build(db, held, tmp_path)


def _bibtex(entries: list[tuple[str, str]]) -> str:
    return "".join(
        f"@Article{{key{number},\n  title = {{{title}}},\n  author = {{{author}}},\n  year = {{2001}}\n}}\n\n"
        for number, (title, author) in enumerate(entries)
    )


def test_a_candidate_id_shared_with_an_untouched_paper_is_numbered_as_a_full_build_numbers_it(
    tmp_path: Path,
) -> None:
    """Two short titles ("Reply") are never matched, yet share a fallback id: its suffix follows record order."""
    first = tmp_path / "a.bib"
    second = tmp_path / "b.bib"
    first.write_text(_bibtex([("Reply", "Lee, Ann"), ("A study of sparse models", "Chen, Bo"),
                              ("Reply", "Diaz, Carla")]), "utf-8")  # fmt: skip
    second.write_text(_bibtex([("Reply", "Novak, Eva")]), "utf-8")
    db = tmp_path / "g.lbdb"
    build([first, second], db)
    plans = []
    original = incremental.plan_change

    def counting(*args: Any, **kwargs: Any) -> incremental.ChangePlan:
        plans.append(kwargs)
        return original(*args, **kwargs)

    # The first file loses its second "Reply": the other file's "Reply" must move from -3 to -2, although
    # nothing links it to the changed file but its id.
    first.write_text(_bibtex([("Reply", "Lee, Ann"), ("A study of sparse models", "Chen, Bo")]), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("graphkit.store.build.plan_change", counting)
        result = build([first], db)
    _incremental(result)
    assert len(plans) == 2 and plans[1]["extra_papers"]  # planned again, touching the other "Reply"
    _same_as_full_build(db, [first, second], tmp_path)
    ids = sorted(row["id"] for row in dump(db)["Paper"] if row["title"] == "Reply")
    assert len(ids) == 2 and ids[1] == ids[0] + "-2"


def _openalex_page(path: Path, page: dict[str, Any], works: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({**page, "results": works}), "utf-8")
    return path


def test_citations_stubs_and_institutions_change_as_a_full_build_matches_them(
    shared_data: Path, tmp_path: Path
) -> None:
    """OpenAlex works cite each other and carry institutions: split into files, a cited work arrives after the
    works that cite it (its stub becomes the paper), institutions gain and lose mentions, and files go."""
    page = json.loads((shared_data / "openalex" / "works_page1_per25.json").read_text("utf-8"))
    works = page["results"]
    held = {w["id"] for w in works}
    cited_here = [w for w in works if any(r in held for r in w["referenced_works"])]
    # The works that others on the page cite come last, so they are stubs until then.
    cited_ids = {r for w in works for r in w["referenced_works"] if r in held}
    ordered = [w for w in works if w["id"] not in cited_ids] + [w for w in works if w["id"] in cited_ids]
    assert cited_here and cited_ids
    files = [_openalex_page(tmp_path / f"works{i}.json", page, part)
             for i, part in enumerate((ordered[:10], ordered[10:18], ordered[18:]))]  # fmt: skip
    db = tmp_path / "g.lbdb"
    build(files[:1], db)
    first = dump(db)
    assert first["CITES"] and first["Institution"] and first["AFFILIATED_WITH"]
    for step in range(1, 3):
        result = build([files[step]], db)
        _incremental(result)
        _same_as_full_build(db, files[: step + 1], tmp_path)
    # Stubs of the first build are papers now (keyed by their DOI), and no stub of them is left.
    stubs_then = {row["openalex_id"] for row in first["Paper"] if row["title"] is None}
    now = dump(db)["Paper"]
    titled_now = {row["openalex_id"] for row in now if row["title"] is not None}
    assert stubs_then & titled_now
    assert not {row["openalex_id"] for row in now if row["title"] is None} & titled_now

    _openalex_page(files[0], page, ordered[3:10])
    _incremental(build([files[0]], db))
    _same_as_full_build(db, files, tmp_path)
    _incremental(build([], db, remove=[files[2]]))
    _same_as_full_build(db, files[:2], tmp_path)


def test_citation_records_and_organisations_change_as_a_full_build_matches_them(
    shared_data: Path, tmp_path: Path
) -> None:
    """Semantic Scholar citation records (both directions) beside a paper, and pages with organisations."""
    s2 = shared_data / "semantic-scholar"
    db = tmp_path / "g.lbdb"
    build([s2 / "Citation.json"], db)
    for step, files in enumerate(([s2 / "Citation.json", s2 / "Paper.json"],
                                  [s2 / "Citation.json", s2 / "Paper.json", s2 / "Reference.json"])):  # fmt: skip
        _incremental(build([files[-1]], db))
        _same_as_full_build(db, files, tmp_path)
        assert dump(db)["CITES"], step

    seeds = tmp_path / "seeds.lbdb"
    build([RANKED_LIST], seeds)
    result = build([DAILY_FEED], seeds)
    _incremental(result)
    _same_as_full_build(seeds, [RANKED_LIST, DAILY_FEED], tmp_path)
    assert dump(seeds)["FROM_INSTITUTION"]


def test_a_change_that_touches_most_records_is_resolved_in_full(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("graphkit.store.build.INCREMENTAL_MAX_SHARE", 0.2)
    db = tmp_path / "g.lbdb"
    build([_write(tmp_path / "a.jsonl", corpus[:1200])], db)
    result = build([_write(tmp_path / "b.jsonl", corpus[1200:1400])], db)
    assert result.mode == "full" and "the change touches" in result.full_build_reason


def test_removing_a_file_the_store_does_not_hold_is_refused(corpus: list[str], tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([_write(tmp_path / "a.jsonl", corpus[:50])], db)
    before = dump(db)
    with pytest.raises(BuildStateError, match="not built from"):
        build([], db, remove=[tmp_path / "other.jsonl"])
    assert dump(db) == before


def test_a_store_without_an_index_is_resolved_in_full(corpus: list[str], tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([_write(tmp_path / "a.jsonl", corpus[:300])], db)
    state = read_build_state(db)
    assert state is not None
    shutil.rmtree(db.with_name(db.name + ".stage") / state.index)
    result = build([_write(tmp_path / "b.jsonl", corpus[300:400])], db)
    assert result.mode == "full" and "index" in result.full_build_reason
    _same_as_full_build(db, [tmp_path / "a.jsonl", tmp_path / "b.jsonl"], tmp_path)


def test_kill_9_during_an_incremental_build_leaves_the_previous_graph(tmp_path: Path) -> None:
    """Real ``graphkit build`` processes, killed part way: the store is the previous graph or the new one."""
    snapshot = tmp_path / "all.jsonl"
    write_snapshot(3300, snapshot, seed=11)
    lines = _lines(snapshot)
    base, new = _write(tmp_path / "base.jsonl", lines[:3000]), _write(tmp_path / "new.jsonl", lines[3000:])
    reference = tmp_path / "reference.lbdb"
    build([base], reference)
    before = dump(reference)
    timing = tmp_path / "timing.lbdb"
    copy_store(reference, timing)
    start = time.monotonic()
    assert _graphkit_build(new, timing).wait(timeout=300) == 0
    duration = time.monotonic() - start
    after = dump(timing)
    assert after != before
    outcomes = []
    for number, fraction in enumerate((0.5, 0.85)):
        db = tmp_path / f"killed{number}.lbdb"
        copy_store(reference, db)
        writer = _graphkit_build(new, db)
        time.sleep(duration * fraction)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=60)
        killed = dump(db)
        assert killed in (before, after)
        outcomes.append("previous" if killed == before else "new")
        result = build([new], db)
        _incremental(result)
        assert dump(db) == after
    assert "previous" in outcomes, outcomes


def _graphkit_build(source: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", "build", str(source), "--db", str(db), "--no-progress"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
