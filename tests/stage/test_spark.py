"""Spark staging (``--engine spark``, local[2]) gives the staged tables of the DuckDB engine, row for row.

On the shared OpenAlex page, the arXiv samples (the snapshot's head, OAI-PMH, Atom), a generated 100k-line snapshot
and the awkward-line cases; files neither engine can parse whole go to the per-record extractor on both. Needs
Java 17 (CI has it): without Java the tests fail with a message that says so, rather than pass unseen.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from benchmarks.synthetic_snapshot import write_snapshot
from graphkit.cli import main
from graphkit.core.models import FileReport
from graphkit.stage.area import stage_sources
from graphkit.stage.plan import SPARK, snapshot_scan
from graphkit.stage.spark import SparkTaskError, SparkUnavailableError, spark_session, stage_files_spark
from graphkit.stage.tables import SCHEMAS, TABLES
from graphkit.store.embedded import EmbeddedStore
from tests.stage.test_snapshot import _line


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None and not Path(os.environ.get("JAVA_HOME", "/nonexistent"), "bin", "java").exists():
        pytest.fail("Java is missing: the Spark staging tests need Java 17 (CI has it; set JAVA_HOME)")
    session = spark_session("local[2]")
    yield session


def _tables(folder: Path) -> dict[str, pa.Table]:
    return {name: pq.read_table(folder / f"{name}.parquet").cast(SCHEMAS[name]) for name in TABLES}


def _first_difference(left: pa.Table, right: pa.Table) -> str:
    """Where two tables part (for the failure message only: rows as Python objects are slow)."""
    if left.num_rows != right.num_rows:
        return f"{left.num_rows} rows against {right.num_rows}"
    for number, (a, b) in enumerate(zip(left.to_pylist(), right.to_pylist(), strict=True)):
        if a != b:
            return f"row {number}: {a} against {b}"
    return "equal rows"


def _both(spark: Any, path: Path, format_name: str, tmp: Path, as_of: dt.date | None = None) -> FileReport:
    """Stage ``path`` on DuckDB (the staging area's default path) and on Spark; assert every table equal."""
    on_duckdb = list(stage_sources([path], tmp / "duckdb", {}, format=format_name, as_of=as_of))
    ((_, duck_report, _),) = on_duckdb
    duck_folder = tmp / "duckdb" / on_duckdb[0][0].folder
    ((spark_folder, spark_report),) = stage_files_spark(spark, [(path, format_name, as_of, tmp / "spark")])
    assert spark_report == duck_report
    duck, on_spark = _tables(duck_folder), _tables(spark_folder)
    for name in TABLES:  # row for row, in order
        assert on_spark[name].equals(duck[name]), f"{name}: {_first_difference(on_spark[name], duck[name])}"
    return spark_report


def test_the_arxiv_snapshot_sample(spark: Any, shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl"
    report = _both(spark, path, "arxiv-snapshot", tmp_path)
    assert report.papers == 200 and not report.skipped


def test_a_generated_100k_line_snapshot(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "snapshot.jsonl.gz"
    write_snapshot(100_000, path, seed=5)
    report = _both(spark, path, "arxiv-snapshot", tmp_path)
    assert report.papers == 100_000


def test_awkward_lines_and_files_the_plan_cannot_take(spark: Any, tmp_path: Path) -> None:
    awkward = [
        _line(), _line(id="hep-th/9901001v2", title="Old\n  style  id"), _line(id="not an id"), _line(title="  "),
        _line(title=r"Erd{\H o}s and Bal\'azs: $\alpha$ limits", abstract="Tab\there,\u00a0nbsp  and  runs\n"),
        _line(authors_parsed=[["Bal\\'azs", "C.", ""], ["Yuan", "C. -P.", ""], ["", "", ""], ["Solo"]]),
        _line(doi="https://doi.org/10.1103/PhysRevD.76.013009.", **{"journal-ref": "Phys.\nRev.  D 76"}),
        _line(versions=[{"version": "v1", "created": "Mon, 31 Feb 2021 10:00:00 GMT"}]),
        _line(versions=[{"version": "v1", "created": "2 Jan 2021"}]), _line(categories="LG XX cs.LG"),
        _line(categories=None, abstract=None, authors_parsed=None),
    ]  # fmt: skip
    path = tmp_path / "awkward.jsonl"
    path.write_text("\n".join(awkward) + "\n", encoding="utf-8")
    report = _both(spark, path, "arxiv-snapshot", tmp_path / "a")
    assert [s.line for s in report.skipped] == [3, 4]
    # A blank line and a line that is not an object: the per-record extractor takes the file on both engines.
    blank = tmp_path / "blank.jsonl"
    blank.write_text('{"id": "2101.00001", "title": "A"}\n\n{"id": "2101.00002", "title": "B"}\n', encoding="utf-8")
    assert _both(spark, blank, "arxiv-snapshot", tmp_path / "b").papers == 2
    array = tmp_path / "array.jsonl"
    array.write_text('{"id": "2101.00001", "title": "A"}\n[1, 2]\n', encoding="utf-8")
    assert [s.line for s in _both(spark, array, "arxiv-snapshot", tmp_path / "c").skipped] == [2]


def test_openalex_and_the_other_arxiv_formats(spark: Any, shared_data: Path, tmp_path: Path) -> None:
    cases = [
        (shared_data / "openalex" / "works_page1_per25.json", "openalex"),
        (shared_data / "arxiv-oai-pmh" / "ListRecords_metadataPrefix-arXiv_set-cs_page1.xml", "auto"),
        (shared_data / "arxiv-api-atom" / "xml-2016" / "search_au-del_maestro.xml", "auto"),
    ]
    for number, (path, format_name) in enumerate(cases):
        report = _both(spark, path, format_name, tmp_path / str(number))
        assert report.records > 0
    openalex = _tables(tmp_path / "0" / "spark")
    counts = tuple(openalex[name].num_rows for name in ("papers", "authors", "references"))
    assert counts == (25, 445, 2073)


def test_the_spark_scan_is_the_plan_rendered_for_spark() -> None:
    scan = snapshot_scan(SPARK, "v", extra=("line",))
    assert "RLIKE '^(?:\\\\d{4}\\\\.\\\\d{4,5}|[a-z][a-z\\\\-]*/\\\\d{7})\\\\z'" in scan
    assert "try_element_at(filter(versions, v -> v.version = 'v1'" in scan and "lambda" not in scan


def test_build_with_the_spark_engine_equals_the_default(spark: Any, shared_data: Path, tmp_path: Path) -> None:
    sample = shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl"
    runner = CliRunner()
    for engine in ("duckdb", "spark"):
        result = runner.invoke(main, ["build", str(sample), str(shared_data / "openalex" / "works_page1_per25.json"),
                                      "--db", str(tmp_path / f"{engine}.lbdb"), "--engine", engine])  # fmt: skip
        assert result.exit_code == 0, result.output
    counts = []
    for engine in ("duckdb", "spark"):
        with EmbeddedStore(tmp_path / f"{engine}.lbdb", read_only=True) as store:
            counts.append(store.counts())
    assert counts[0] == counts[1] and counts[0]["Paper"] > 200


def test_graphkits_errors_on_an_executor_come_back_whole(spark: Any, tmp_path: Path) -> None:
    gone = tmp_path / "works.json"  # listed, then gone before the executor reads it
    with pytest.raises(SparkTaskError, match=r"works\.json: no such file") as raised:
        list(stage_files_spark(spark, [(gone, "openalex", None, tmp_path / "out")]))
    assert "on a Spark executor: InputFileError" in str(raised.value)


def test_without_java_the_message_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", "/nonexistent")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SparkUnavailableError, match="needs Java 17"):
        spark_session()
    result = CliRunner().invoke(main, ["build", "x.jsonl", "--engine", "spark", "--db", "/tmp/never.lbdb"])
    assert result.exit_code == 2 and "needs Java 17" in result.output
