"""Staging on Spark (``--engine spark``): the staged tables DuckDB gives, from a Spark cluster or local mode.

Two kinds of work, both the same code as the default engine's:

* **The arXiv snapshot** (one large JSON Lines file) runs the staging plan of :mod:`graphkit.stage.plan`: Spark
  reads the lines (plain or ``.gz``), numbers them, parses each with the snapshot's explicit schema, runs the
  plan's scan rendered in Spark SQL, and hands Arrow batches to the same Python as DuckDB's path
  (:func:`graphkit.stage.snapshot.fix_batch`, :func:`~graphkit.stage.snapshot.assemble`) on the executors
  (``mapInArrow``). Records are numbered across partitions from per-partition counts, so no step gathers the
  data in one place. Each task writes its partition's ``papers`` and ``authors`` as part files (named by
  partition, so in line order), which the driver then streams into one Parquet file each, so that a staged
  folder is the same whichever engine wrote it.
* **Every other file** (OpenAlex pages and snapshot parts, Semantic Scholar, DBLP, BibTeX, listings, XML) is one
  task: an executor runs graphkit's extractor on it and writes its six tables. OpenAlex and Semantic Scholar
  ship their snapshots as many part files, which spread over the executors by file.

As on DuckDB's path, a snapshot Spark cannot parse whole (a line that is not a JSON object, a blank line) is
staged by the per-record extractor instead, which names every bad line. Paths must be readable from every
executor (local mode, or a filesystem the cluster shares); graphkit must be installed where the executors run.
Spark needs Java 17 (``JAVA_HOME`` or ``java`` on the path) and ``pip install 'graphkit[spark]'``.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from graphkit.core.errors import GraphkitError
from graphkit.core.models import FileReport, SkippedEntry
from graphkit.stage.plan import SPARK, snapshot_scan
from graphkit.stage.tables import SCHEMAS, TABLES

__all__ = [
    "DEFAULT_MASTER",
    "SparkTaskError",
    "SparkUnavailableError",
    "check_spark",
    "spark_session",
    "stage_files_spark",
]

DEFAULT_MASTER = "local[2]"
"""Spark's master when none is given: local mode on two cores (the machines graphkit is developed on)."""


class SparkUnavailableError(GraphkitError):
    """Spark cannot run here: no Java, or PySpark is not installed."""


class SparkTaskError(GraphkitError):
    """graphkit's own error (a file it cannot read, …) raised in a task on an executor, carried back whole."""


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def check_spark() -> None:
    """Raise :class:`SparkUnavailableError` where Spark cannot start (no Java, no PySpark), naming the fix."""
    if _java() is None:
        raise SparkUnavailableError(
            "--engine spark needs Java 17 (set JAVA_HOME or put java on the PATH); the default engine (duckdb) "
            "needs no Java"
        )
    try:
        import pyspark  # noqa: F401
    except ImportError as e:
        raise SparkUnavailableError(
            "--engine spark needs PySpark: pip install 'graphkit[spark]' (the default engine, duckdb, needs none)"
        ) from e


def spark_session(master: str | None = None) -> Any:
    """A Spark session for staging (``master``: ``local[N]``, ``spark://host:7077``, ``yarn`` …).

    ANSI mode is off (an impossible date is NULL, as DuckDB's ``try`` makes it), times are UTC, and Arrow carries
    batches between the JVM and Python.

    Raises
    ------
    SparkUnavailableError
        Without Java or PySpark, naming what to install; the default engine (DuckDB) needs neither.

    Examples
    --------
    >>> spark = spark_session("local[1]")  # doctest: +SKIP
    >>> spark.range(3).count()  # doctest: +SKIP
    3
    """
    check_spark()
    from pyspark.sql import SparkSession

    # PySpark warns about pandas 3 (installed for the GDS client) on every Arrow call; staging uses no pandas.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
    # Local executors run this interpreter (graphkit and its dependencies), not whichever `python` is first.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master or DEFAULT_MASTER).appName("graphkit-stage")
    for key, value in {
        "spark.sql.ansi.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.sql.shuffle.partitions": "8",
        # Local mode runs the executors in the driver's JVM, whose default 1 GiB a million-line snapshot exceeds.
        "spark.driver.memory": os.environ.get("GRAPHKIT_SPARK_DRIVER_MEMORY", "4g"),
    }.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _spark_schema(schema: pa.Schema) -> Any:
    """The Spark schema of an Arrow schema (the staged tables' types: strings, integers, floats, booleans, dates,
    string lists)."""
    from pyspark.sql import types as T

    def kind(arrow_type: pa.DataType) -> Any:
        if pa.types.is_string(arrow_type):
            return T.StringType()
        if pa.types.is_int64(arrow_type):
            return T.LongType()
        if pa.types.is_floating(arrow_type):
            return T.DoubleType()
        if pa.types.is_boolean(arrow_type):
            return T.BooleanType()
        if pa.types.is_date32(arrow_type):
            return T.DateType()
        if pa.types.is_list(arrow_type):
            return T.ArrayType(kind(arrow_type.value_type))
        raise TypeError(f"no Spark type for {arrow_type}")

    return T.StructType([T.StructField(field.name, kind(field.type)) for field in schema])


def _numbered(frame: Any, column: str) -> Any:
    """``frame`` with ``column``: each row's 0-based index in frame order, from per-partition counts.

    ``monotonically_increasing_id`` holds the partition in its upper bits and the row within it in the lower
    33; adding the rows of the partitions before gives consecutive numbers with no step on one executor.
    """
    from pyspark.sql import functions as F

    # The frame is read twice (counts, then rows): callers pass a file read or a persisted frame, which give the
    # same partitions and order both times.
    marked = frame.withColumn("_mid", F.monotonically_increasing_id())
    part = F.floor(F.col("_mid") / (2**33)).cast("long")
    counts = dict(marked.groupBy(part.alias("part")).count().select("part", "count").collect())
    before, total = {}, 0
    for number in sorted(counts):
        before[number], total = total, total + counts[number]
    offsets = F.create_map(*(F.lit(value) for pair in before.items() for value in pair)) if before else None
    within = F.col("_mid").bitwiseAND((2**33) - 1)
    index = (F.element_at(offsets, part) + within) if offsets is not None else within
    return marked.withColumn(column, index.cast("long")).drop("_mid")


def _snapshot_json_schema() -> Any:
    from pyspark.sql import types as T

    text = T.StringType()
    return T.StructType(
        [
            *(T.StructField(name, text) for name in ("id", "title", "categories", "abstract", "doi", "journal-ref")),
            T.StructField("authors_parsed", T.ArrayType(T.ArrayType(text))),
            T.StructField(
                "versions", T.ArrayType(T.StructType([T.StructField("version", text), T.StructField("created", text)]))
            ),
        ]
    )


def _stage_snapshot(spark: Any, path: Path, folder: Path, source: str) -> FileReport | None:
    """The arXiv snapshot through the staging plan; ``None`` where the per-record extractor must take it."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from graphkit.stage.snapshot import FIXED_SCHEMA, fix_frames

    disk = StorageLevel.DISK_ONLY
    lines = _numbered(spark.read.text(str(path)), "line").withColumn("line", F.col("line") + 1)
    wanted = spark.sparkContext.defaultParallelism
    if lines.rdd.getNumPartitions() < wanted:  # a .gz file is one partition: spread it, in line order
        lines = lines.repartitionByRange(wanted, "line").sortWithinPartitions("line")
    # Where DuckDB refuses the file — a line that is not a JSON object (blank, an array), or a value of the wrong
    # type — the per-record extractor takes it and reports each bad line: so here too.
    object_ = F.col("value").rlike(r"^\s*\{").alias("object")
    json = F.from_json("value", _snapshot_json_schema(), {"mode": "FAILFAST"}).alias("j")
    parsed = lines.select("line", object_, json).persist(disk)
    try:
        refused = parsed.where(~F.col("object") | F.col("j").isNull()).limit(1).count() > 0
    except Exception as e:  # Spark's own error types, raised from the JVM: only a malformed line is ours to take
        if "malformed" not in str(e).lower():
            raise
        refused = True
    if refused:
        parsed.unpersist()
        return None
    view = f"graphkit_snapshot_{secrets.token_hex(8)}"
    parsed.select("line", "j.*").createOrReplaceTempView(view)
    scanned = spark.sql(snapshot_scan(SPARK, view, extra=("line",)))
    fixed = scanned.mapInArrow(fix_frames, _spark_schema(FIXED_SCHEMA)).persist(disk)
    report = FileReport(source=str(path), format="arxiv-snapshot")
    for row in fixed.where(~F.col("keep")).select("line", "raw_id").orderBy("line").collect():
        report.skipped.append(SkippedEntry(source=str(path), line=row["line"], reason="no valid arXiv id or no title",
                                           excerpt=str(row["raw_id"])))  # fmt: skip
    parsed.unpersist()
    kept = _numbered(fixed.where(F.col("keep")), "rec")
    report.records = report.papers = kept.count()
    folder.mkdir(parents=True, exist_ok=True)
    # One pass: each task assembles its partition's papers and authors and writes both as its own part files.
    parts = folder / "_spark_parts"
    for name in ("papers", "authors"):
        (parts / name).mkdir(parents=True, exist_ok=True)
    kept.mapInArrow(_part_writer(source, str(parts)), "part long, papers long, authors long").collect()
    for name in ("papers", "authors"):
        _consolidate(parts / name, folder / f"{name}.parquet", SCHEMAS[name])
    shutil.rmtree(parts)
    for name in TABLES:
        if name not in ("papers", "authors"):
            pq.write_table(SCHEMAS[name].empty_table(), folder / f"{name}.parquet", compression="zstd")
    fixed.unpersist()
    return report


def _part_writer(source: str, parts: str) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """An executor's work on one partition of kept rows: the papers and authors tables, written as
    ``part-NNNNN.parquet`` (the partition's number, so that the names sort in record order) under ``parts``;
    a retried task rewrites the same names (each written under a temporary name, then renamed)."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from pyspark import TaskContext

        from graphkit.stage.snapshot import assemble_batches

        context = TaskContext.get()
        number, attempt = (context.partitionId(), context.attemptNumber()) if context else (0, 0)
        writers: dict[str, tuple[Path, pq.ParquetWriter]] = {}
        written = {"papers": 0, "authors": 0}
        try:
            for tables in assemble_batches(batches, source):
                for name, table in zip(("papers", "authors"), tables, strict=True):
                    if not table.num_rows:
                        continue
                    if name not in writers:
                        temporary = Path(parts) / name / f".part-{number:05d}.{attempt}.tmp"
                        writers[name] = (temporary, pq.ParquetWriter(temporary, SCHEMAS[name], compression="zstd"))
                    writers[name][1].write_table(table)
                    written[name] += table.num_rows
        finally:
            for _, writer in writers.values():
                writer.close()
        for name, (temporary, _) in writers.items():
            temporary.replace(Path(parts) / name / f"part-{number:05d}.parquet")
        yield pa.RecordBatch.from_pydict({"part": [number], **{name: [count] for name, count in written.items()}})

    return run


def _consolidate(parts: Path, target: Path, schema: pa.Schema) -> None:
    """Spark's part files (one per partition, named in partition order) as one Parquet file of the staged schema,
    a batch at a time, so that a staged folder reads the same whichever engine wrote it."""
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        for part in sorted(parts.glob("part-*.parquet")):
            for batch in pq.ParquetFile(part).iter_batches():
                writer.write_table(pa.Table.from_batches([batch]).cast(schema))


def _stage_one_file(job: tuple[str, str, str | None, str, str]) -> tuple[str, str]:
    """An executor's task: one file through its extractor into its folder. Gives ``("report", JSON)``, or
    ``("error", message)`` for graphkit's own error, to be raised on the driver as on DuckDB's path."""
    from graphkit.stage.area import stage_with_extractor

    path, format_name, as_of, folder, source = job
    Path(folder).mkdir(parents=True, exist_ok=True)
    day = dt.date.fromisoformat(as_of) if as_of else None
    try:
        return "report", stage_with_extractor(Path(path), format_name, day, Path(folder), source).model_dump_json()
    except GraphkitError as e:
        return "error", f"{e} (raised by graphkit on a Spark executor: {type(e).__name__})"


def stage_files_spark(
    spark: Any, jobs: list[tuple[Path, str, dt.date | None, Path]], *, sources: list[str] | None = None
) -> Iterator[tuple[Path, FileReport]]:
    """Stage files on Spark: ``(path, format, as_of, folder)`` each; yields ``(folder, report)`` in job order.

    ``sources`` names each file in its tables (:func:`~graphkit.extract.provenance_name`; default: the file's
    name); the reports name it by its path.

    arXiv snapshots go through the staging plan (those it cannot take, through their extractor); every other
    file is one task of a single Spark job.

    Examples
    --------
    >>> spark = spark_session()  # doctest: +SKIP
    >>> [r.papers for _, r in stage_files_spark(spark, [(Path("s.jsonl"), "arxiv-snapshot", None, Path("out"))])]
    ... # doctest: +SKIP
    [200]
    """
    reports: dict[int, FileReport] = {}
    by_extractor: list[tuple[int, tuple[str, str, str | None, str, str]]] = []
    names = sources or [path.name for path, *_ in jobs]
    for number, ((path, format_name, as_of, folder), source) in enumerate(zip(jobs, names, strict=True)):
        report = _stage_snapshot(spark, path, folder, source) if format_name == "arxiv-snapshot" else None
        if report is None:
            if folder.exists():
                shutil.rmtree(folder)
            day = as_of.isoformat() if as_of else None
            by_extractor.append((number, (str(path), format_name, day, str(folder), source)))
        else:
            reports[number] = report
    if by_extractor:
        tasks = spark.sparkContext.parallelize([job for _, job in by_extractor], len(by_extractor))
        for (number, _), (outcome, found) in zip(by_extractor, tasks.map(_stage_one_file).collect(), strict=True):
            if outcome == "error":
                raise SparkTaskError(found)
            reports[number] = FileReport.model_validate_json(found)
    for number, (_, _, _, folder) in enumerate(jobs):
        yield folder, reports[number]
