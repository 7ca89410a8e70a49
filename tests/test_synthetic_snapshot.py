"""The benchmark generator writes what the real arXiv snapshot holds, and graphkit reads every line of it."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.synthetic_snapshot import write_snapshot
from graphkit.extract import extract


def _shape(item: dict[str, object]) -> dict[str, str]:
    return {key: type(value).__name__ for key, value in item.items() if value is not None}


def test_lines_have_the_real_snapshots_fields_and_shapes(tmp_path: Path, shared_data: Path) -> None:
    sample = shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl"
    real = [json.loads(line) for line in sample.open(encoding="utf-8")]
    path = tmp_path / "snapshot.jsonl"
    figures = write_snapshot(4000, path, seed=3)
    synthetic = [json.loads(line) for line in path.open(encoding="utf-8")]
    assert len(synthetic) == figures.papers == 4000
    assert {key for item in synthetic for key in item} == {key for item in real for key in item}
    real_shapes = {k: v for item in real for k, v in _shape(item).items()}
    assert all(_shape(item).items() <= real_shapes.items() for item in synthetic)
    assert all(len(parsed) == 3 for item in synthetic for parsed in item["authors_parsed"])
    sizes = sorted(len(item["authors_parsed"]) for item in synthetic)
    assert figures.papers_over_1000_authors == 3 == sum(size > 1000 for size in sizes)
    assert sizes[len(sizes) // 2] in range(2, 6) and sizes[-4] >= 15  # heavy tail below the collaborations
    names = [" ".join(p[1::-1]) for item in synthetic for p in item["authors_parsed"]]
    assert len(set(names)) < len(names) / 2  # the popular people write many papers, and names collide
    assert any("\\" in item["authors"] for item in synthetic)  # TeX accents as arXiv prints them


def test_graphkit_reads_every_line(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.jsonl.gz"
    figures = write_snapshot(1600, path, seed=5)
    result = extract(path)
    assert result.reports[0].format == "arxiv-snapshot" and result.skipped == []
    assert len(result.papers) == figures.papers
    assert sum(len(p.authors) for p in result.papers) == figures.authorships
    assert max(len(p.authors) for p in result.papers) == figures.max_authors > 1000
