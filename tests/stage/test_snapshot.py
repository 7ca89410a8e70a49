"""The bulk path stages exactly what the per-record extractor stages, and falls back where it must."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from benchmarks.synthetic_snapshot import write_snapshot
from graphkit.extract import extract
from graphkit.stage.snapshot import stage_snapshot
from graphkit.stage.tables import TABLES, StagedTables, tables_to_records

_SAMPLE = "arxiv-kaggle-oai-snapshot/arxiv-metadata-oai-snapshot.head200.jsonl"


def _bulk_equals_per_record(path: Path, folder: Path) -> None:
    report = stage_snapshot(path, folder)
    assert report is not None, "the bulk path should have taken this file"
    staged = StagedTables(**{name: pq.read_table(folder / f"{name}.parquet") for name in TABLES})
    expected = extract(path, format="arxiv-snapshot")
    assert list(tables_to_records(staged)) == expected.records
    assert report.skipped == expected.reports[0].skipped
    assert (report.records, report.papers) == (len(expected.records), len(expected.papers))


def test_the_real_sample(shared_data: Path, tmp_path: Path) -> None:
    _bulk_equals_per_record(shared_data / _SAMPLE, tmp_path / "staged")


def test_generated_snapshots_with_collaborations_and_tex(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.jsonl.gz"
    write_snapshot(5000, path, seed=11)
    _bulk_equals_per_record(path, tmp_path / "staged")


def _line(**fields: Any) -> str:
    base = {
        "id": "2101.00001", "title": "A title", "authors": "", "categories": "cs.LG stat.ML", "abstract": "  Text.\n",
        "doi": None, "journal-ref": None,
        "versions": [{"version": "v1", "created": "Fri, 1 Jan 2021 10:00:00 GMT"}],
        "authors_parsed": [["Lee", "Ann", ""]],
    }  # fmt: skip
    return json.dumps({**base, **fields}, ensure_ascii=False)


def test_every_kind_of_awkward_line(tmp_path: Path) -> None:
    lines = [
        _line(),
        _line(id="hep-th/9901001v2", title="Old\n  style  id"),  # old id with version; title wrapped with a run
        _line(id="math.GT/0309136"),  # subject class dropped, as arXiv does
        _line(id="not an id"),  # skipped
        _line(title="   "),  # skipped: no title
        _line(title=r"Erd{\H o}s and Bal\'azs: $\alpha$ limits", abstract="Tab\there,\u00a0nbsp  and  runs\n"),
        _line(authors_parsed=[["Bal\\'azs", "C.", ""], ["Yuan", "C. -P.", ""], ["", "", ""], ["King", "Jr", "III"],
                              ["Solo"], ["Nova\u00a0k", "J.", ""]]),
        _line(doi="https://doi.org/10.1103/PhysRevD.76.013009.", **{"journal-ref": "Phys.\nRev.  D 76"}),
        _line(doi="10.1000/a 10.1000/b"),  # two DOIs: not one id
        _line(versions=[{"version": "v2", "created": "Sat, 2 Jan 2021 10:00:00 GMT"}]),  # no v1: no date
        _line(versions=[{"version": "v1", "created": "2 Jan 2021"}]),  # unusual date text
        _line(versions=[{"version": "v1", "created": "Mon, 31 Feb 2021 10:00:00 GMT"}]),  # no such day
        _line(categories="LG XX cs.LG"),  # a bare code, an unknown one, a duplicate
        _line(categories=None, abstract=None, authors_parsed=None),
    ]  # fmt: skip
    path = tmp_path / "awkward.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _bulk_equals_per_record(path, tmp_path / "staged")
    report = stage_snapshot(path, tmp_path / "again")
    assert report is not None and [(s.line, s.excerpt) for s in report.skipped] == [(4, "not an id"), (5, "2101.00001")]


@pytest.mark.parametrize(
    "content",
    ['{"id": "2101.00001", "title": "A"}\n\n{"id": "2101.00002", "title": "B"}\n', '{"id": "2101.00001"}\n[1, 2]\n'],
    ids=["blank line", "not an object"],
)
def test_files_the_bulk_path_cannot_number_fall_back(tmp_path: Path, content: str) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text(content, encoding="utf-8")
    folder = tmp_path / "staged"
    assert stage_snapshot(path, folder) is None
    assert not any(folder.glob("*.parquet"))


def test_a_gzip_file_without_a_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(_line() + "\n" + _line(id="2101.00002"))
    report = stage_snapshot(path, tmp_path / "staged")
    assert report is not None and report.papers == 2
