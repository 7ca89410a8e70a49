"""The staging area: each source file's records as Parquet tables, keyed by the file's content.

Beside ``graph.lbdb`` lies ``graph.lbdb.stage/``, one folder per staged source file::

    graph.lbdb.stage/
      3f9a…c1-arxiv-snapshot/      content hash, path hash, format and capture day make the name
        papers.parquet  authors.parquet  affiliations.parquet  references.parquet  citations.parquet
        profiles.parquet  report.json (the file's FileReport: counts, every skipped entry, warnings)

A build stages each file it is given: a file whose content, path and extraction options are unchanged
since it was staged is not read again — its tables are reused — so an incremental build extracts only
what changed. The arXiv snapshot is staged in bulk (:mod:`graphkit.stage.snapshot`); every other format
goes through its extractor and :func:`~graphkit.stage.tables.records_to_tables`. A :class:`StagedSource`
records a staged file with the checksum of every table, so that a store can tell a missing or damaged
staged file from a good one (:func:`verify`). Folders are written under a temporary name and renamed
into place complete; those no store names any more are removed by the next writer (:func:`clean_stage`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from graphkit.core.errors import StrictModeError
from graphkit.core.models import AnyRecord, FileReport, StrictModel
from graphkit.extract import LeftOut, find_inputs, iter_records, provenance_name
from graphkit.stage.snapshot import stage_snapshot
from graphkit.stage.tables import TABLES, StagedTables, records_to_tables, tables_to_records

__all__ = [
    "ENGINES",
    "STAGE_VERSION",
    "StagedSource",
    "clean_stage",
    "read_tables",
    "renamed",
    "source_records",
    "stage_folder",
    "stage_sources",
    "stage_with_extractor",
    "verify",
]

STAGE_VERSION = 2
"""Bumped whenever the staged tables change shape: older staged files are then staged again."""
ENGINES = ("duckdb", "spark")
"""Who stages: DuckDB in process (default), or Spark (local mode or a cluster)."""


class StagedSource(StrictModel):
    """One source file as staged: where from, its content hash, its folder and the checksum of every table."""

    source_key: str
    content_sha256: str
    folder: str
    format: str
    records: int
    tables: dict[str, str]


def stage_folder(db: str | Path) -> Path:
    """The staging area of a database.

    Examples
    --------
    >>> stage_folder("data/graph.lbdb").name
    'graph.lbdb.stage'
    """
    db = Path(db)
    return db.with_name(db.name + ".stage")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _folder_name(content: str, source_key: str, format_name: str, as_of: dt.date | None, name: str) -> str:
    options = f"{source_key}\n{format_name}\n{as_of}\n{STAGE_VERSION}\n{name}"
    return f"{content[:32]}-{hashlib.sha256(options.encode()).hexdigest()[:16]}-{format_name}"


def stage_with_extractor(
    path: Path, format_name: str, as_of: dt.date | None, folder: Path, source: str | None = None
) -> FileReport:
    """Extract one file with its extractor and write its six tables into ``folder`` (which must exist).

    ``source`` is the file's name in the tables (default: its name alone, :func:`~graphkit.extract.provenance_name`);
    the report names it by its path. What both engines do with every file but an arXiv snapshot the
    bulk path takes (on Spark, in a task).
    """
    reports: list[FileReport] = []
    tables = records_to_tables(list(iter_records([path], format=format_name, as_of=as_of, reports=reports)))
    report = reports[0]
    named = provenance_name(path)
    if source is not None and source != named:
        # Named alone, the file's records carry its name; the build names it from the argument it came under.
        tables = renamed(tables, named, source)
    for name in TABLES:
        pq.write_table(tables.table(name), folder / f"{name}.parquet", compression="zstd")
    return report


def renamed(tables: StagedTables, old: str, new: str) -> StagedTables:
    """The tables of one file with its name ``old`` changed to ``new`` where a record's source starts with it
    (``old!member`` of an archive becomes ``new!member``).

    Examples
    --------
    >>> from graphkit.core.models import PaperRecord, Provenance
    >>> record = PaperRecord(title="T", provenance=Provenance(source="x.tar!y.abs", format="arxiv-abs"))
    >>> renamed(records_to_tables([record]), "x.tar", "abstracts/x.tar").papers.column("source").to_pylist()
    ['abstracts/x.tar!y.abs']
    """

    def name(value: str) -> str:
        return new + value[len(old) :] if value.startswith(old) else value

    columns = {}
    for table_name in TABLES:
        table = tables.table(table_name)
        if "source" in table.column_names:
            index = table.column_names.index("source")
            values = pa.array([None if v is None else name(v) for v in table.column(index).to_pylist()], pa.string())
            table = table.set_column(index, table.schema.field(index), values)
        columns[table_name] = table
    return StagedTables(**columns)


def _stage_one(path: Path, format_name: str, as_of: dt.date | None, folder: Path, source: str) -> FileReport:
    """Extract one file into ``folder``: the bulk path where there is one, else its extractor."""
    if format_name == "arxiv-snapshot":
        report = stage_snapshot(path, folder, source=source)
        if report is not None:
            return report
    return stage_with_extractor(path, format_name, as_of, folder, source)


def _partial(stage: Path, name: str) -> Path:
    """Where a staged folder is written before it is renamed into place."""
    return stage / f".{name}.partial"


def stage_sources(
    sources: list[str | Path],
    stage: Path,
    known: dict[str, StagedSource],
    *,
    format: str = "auto",
    as_of: dt.date | None = None,
    strict: bool = False,
    exclude: list[str] | tuple[str, ...] = (),
    left_out: list[LeftOut] | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> Iterator[tuple[StagedSource, FileReport, bool]]:
    """Stage every file of ``sources`` into ``stage``; yield ``(staged, report, reused)`` per file.

    A file already in ``known`` (by folder name: same content, path, format and capture day) is reused
    without being read again. Files of folders that cannot be read, or that match an ``exclude`` glob, are
    appended to ``left_out`` (:func:`~graphkit.extract.find_inputs`). ``engine``: ``duckdb`` (in process, a
    file at a time) or ``spark`` (every file to stage in one Spark application on ``spark_master``, default
    ``local[2]``: :mod:`graphkit.stage.spark`); both stage the same tables.

    Raises
    ------
    StrictModeError
        With ``strict``, when a file has a skipped entry.
    SparkUnavailableError
        With ``engine="spark"`` where Java or PySpark is missing.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown staging engine {engine!r}: use {' or '.join(ENGINES)}")
    stage.mkdir(parents=True, exist_ok=True)
    by_folder = {staged.folder: staged for staged in known.values()}
    files, not_read = find_inputs(sources, format=format, exclude=exclude)
    if left_out is not None:
        left_out.extend(not_read)
    pending = []
    for file in files:
        path, format_name = file.path, file.format
        source_key = os.path.abspath(path)
        content = _sha256(path)
        name = _folder_name(content, source_key, format_name, as_of, file.name)
        reused = name in by_folder and (stage / name).is_dir()
        pending.append((path, format_name, source_key, content, name, reused, file.name))
    on_spark: dict[str, FileReport] = {}
    if engine == "spark" and not all(item[5] for item in pending):
        on_spark = _stage_on_spark(
            [(path, fmt, name, shown) for path, fmt, _, _, name, reused, shown in pending if not reused],
            stage, as_of, spark_master,
        )  # fmt: skip
    for path, format_name, source_key, content, name, reused, shown in pending:
        folder = stage / name
        if reused:
            staged = by_folder[name]
            report = FileReport.model_validate_json((folder / "report.json").read_text(encoding="utf-8"))
        else:
            partial = _partial(stage, name)
            if name in on_spark:
                report = on_spark[name]
            else:
                shutil.rmtree(partial, ignore_errors=True)
                partial.mkdir()
                report = _stage_one(path, format_name, as_of, partial, shown)
            (partial / "report.json").write_text(report.model_dump_json(), encoding="utf-8")
            shutil.rmtree(folder, ignore_errors=True)
            partial.rename(folder)
            staged = StagedSource(
                source_key=source_key, content_sha256=content, folder=name, format=format_name,
                records=report.records, tables={t: _sha256(folder / f"{t}.parquet") for t in TABLES},
            )  # fmt: skip
        if strict and report.skipped:
            first = report.skipped[0]
            raise StrictModeError(
                f"{first.location()}: {first.reason} (--strict turns every skipped entry into an error; "
                "drop --strict to skip it and go on)"
            )
        yield staged, report, reused


def _stage_on_spark(
    jobs: list[tuple[Path, str, str, str]], stage: Path, as_of: dt.date | None, master: str | None
) -> dict[str, FileReport]:
    """Stage ``(path, format, folder name, provenance name)`` jobs on Spark into their partial folders; reports
    by folder name."""
    from graphkit.stage.spark import spark_session, stage_files_spark

    spark = spark_session(master)
    for _, _, name, _ in jobs:
        shutil.rmtree(_partial(stage, name), ignore_errors=True)
    work = [(path, fmt, as_of, _partial(stage, name)) for path, fmt, name, _ in jobs]
    staged = stage_files_spark(spark, work, sources=[shown for *_, shown in jobs])
    return {name: report for (_, _, name, _), (_, report) in zip(jobs, staged, strict=True)}


def verify(stage: Path, staged: StagedSource) -> str | None:
    """What is wrong with a staged file (``None`` if it is whole): a missing folder or table, or a checksum."""
    folder = stage / staged.folder
    if not folder.is_dir():
        return f"its staged tables {folder} are missing"
    for name, checksum in staged.tables.items():
        table = folder / f"{name}.parquet"
        if not table.is_file():
            return f"{table} is missing"
        if _sha256(table) != checksum:
            return f"{table} is damaged (its checksum differs from the one recorded when it was staged)"
    return None


def read_tables(stage: Path, staged: StagedSource) -> StagedTables:
    """The staged tables of one source file."""
    folder = stage / staged.folder
    return StagedTables(**{name: pq.read_table(folder / f"{name}.parquet") for name in TABLES})


def source_records(stage: Path, staged: StagedSource) -> Iterator[AnyRecord]:
    """The records of one staged source file, as its extractor gave them."""
    yield from tables_to_records(read_tables(stage, staged))


def clean_stage(stage: Path, keep: set[str]) -> list[Path]:
    """Remove staged folders no store names (``keep``: the folder names to keep) and half-written ones.

    Call it holding the writer lock. Returns what was removed.
    """
    removed = []
    if stage.is_dir():
        for folder in sorted(stage.iterdir()):
            if folder.name not in keep:
                shutil.rmtree(folder) if folder.is_dir() else folder.unlink()
                removed.append(folder)
    return removed
