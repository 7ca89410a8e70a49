"""The ``graphkit`` command group and what its command modules share.

Every command turns a :class:`~graphkit.core.errors.GraphkitError` into one line on standard error
and a non-zero exit status; tracebacks are reserved for bugs.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import click

from graphkit import __version__
from graphkit.core.errors import GraphkitError
from graphkit.core.models import FileReport
from graphkit.core.settings import Settings
from graphkit.query.lookup import NameChoiceWarning
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.loader import DEFAULT_BATCH_SIZE as LOAD_BATCH_SIZE
from graphkit.store.loader import copy_graph, neo4j_schema_statements

__all__ = [
    "EXIT_INPUT_ERROR",
    "ProgressBar",
    "choose_staging_engine",
    "db_option",
    "exclude_option",
    "load_into_neo4j",
    "main",
    "neo4j_connection",
    "neo4j_options",
    "neo4j_settings",
    "parse_day",
    "print_file_reports",
    "print_left_out",
    "read_store",
    "staging_options",
    "store_options",
    "store_runner",
]

EXIT_INPUT_ERROR = 2


class _Group(click.Group):
    """A click group that prints graphkit's own errors as one clear line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", NameChoiceWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except GraphkitError as e:
            click.echo(f"graphkit: error: {e}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    """A name several people match is a note on standard error, not a Python warning with a source line."""
    if issubclass(category, NameChoiceWarning):
        click.echo(f"graphkit: note: {message}", err=True)
    else:
        _python_show_warning(message, category, *args, **kwargs)


_python_show_warning = warnings.showwarning


def parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from e


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkit")
def main() -> None:
    """Turn scholarly metadata into a citation and coauthor knowledge graph."""


_MAX_FILE_LINES = 20


exclude_option = click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Leave out files of the folders given whose name (or path inside the folder) matches GLOB "
    "(repeatable, e.g. --exclude '*.dtd'). Files graphkit cannot read are left out of folders anyway, with a warning.",
)


def print_left_out(left_out: list[str]) -> None:
    """One warning line per file of a folder that was not read."""
    for item in left_out:
        click.echo(f"  left out {item}", err=True)


def print_file_reports(reports: list[FileReport]) -> None:
    """One line per file (or per format when there are many files); every skip and warning in full."""
    total_skipped = sum(len(r.skipped) for r in reports)
    if len(reports) <= _MAX_FILE_LINES:
        for report in reports:
            click.echo(f"  {report.source} [{report.format}]: {_counts(report)}", err=True)
            _print_problems(report)
    else:
        by_format: dict[str, FileReport] = {}
        for report in reports:
            total = by_format.setdefault(report.format, FileReport(source="", format=report.format))
            total.papers += report.papers
            total.profiles += report.profiles
            total.citations += report.citations
            total.records += 1  # counts files here
            total.skipped.extend(report.skipped)
        for fmt, total in by_format.items():
            files, total.records = total.records, 0
            click.echo(f"  {files} file(s) [{fmt}]: {_counts(total)}", err=True)
        for report in reports:
            _print_problems(report)
    if total_skipped:
        click.echo(f"{total_skipped} entries skipped (listed above); --strict makes them errors.", err=True)


def _counts(report: FileReport) -> str:
    parts = [f"{report.papers} papers"]
    if report.profiles:
        parts.append(f"{report.profiles} author profile(s)")
    if report.citations:
        parts.append(f"{report.citations} citations")
    parts.append(f"{len(report.skipped)} skipped")
    return ", ".join(parts)


def _print_problems(report: FileReport) -> None:
    for skipped in report.skipped:
        click.echo(f"    skipped {skipped.location()}: {skipped.reason}", err=True)
    for warning in report.warnings:
        click.echo(f"    warning: {warning}", err=True)


def db_option(function: Any) -> Any:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Embedded graph database file (default: $GRAPHKIT_DB, else ./graphkit.lbdb).",
    )(function)


def store_options(function: Any) -> Any:
    """``--wait`` and ``--buffer-pool-mib``, shared by the commands that write the store."""
    function = click.option(
        "--buffer-pool-mib",
        type=click.IntRange(min=256),
        default=None,
        help="LadybugDB's page cache in MiB (default: $GRAPHKIT_BUFFER_POOL_MIB, else a quarter of this "
        "machine's memory, 1-16 GiB).",
    )(function)
    return click.option(
        "--wait",
        type=click.FloatRange(min=0),
        default=None,
        help="Seconds to wait for another process writing the store (default: $GRAPHKIT_LOCK_WAIT, else 0: "
        "refuse at once, naming it).",
    )(function)


def staging_options(function: Any) -> Any:
    """``--engine`` and ``--spark-master``: who stages the source files (:mod:`graphkit.stage.spark`)."""
    options = [
        click.option(
            "--engine",
            "staging_engine",
            type=click.Choice(["duckdb", "spark"]),
            default="duckdb",
            show_default=True,
            help="Who stages the source files: DuckDB in this process, or Spark (needs Java 17 and graphkit[spark]); "
            "both stage the same tables.",
        ),
        click.option(
            "--spark-master",
            metavar="URL",
            help="With --engine spark: local[N], spark://HOST:7077, yarn … (default: $GRAPHKIT_SPARK_MASTER, else "
            "local[2]). Paths must be readable from every executor.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def choose_staging_engine(engine: str, master: str | None) -> tuple[str, str | None]:
    """The engine and master the flags ask for, Spark's requirements checked before any work starts."""
    if engine == "spark":
        from graphkit.stage.spark import check_spark

        check_spark()
    return engine, master or os.environ.get("GRAPHKIT_SPARK_MASTER") or None


def neo4j_options(function: Any) -> Any:
    """``--neo4j`` and its connection flags; each flag overrides its environment variable."""
    options = [
        click.option("--neo4j", "use_neo4j", is_flag=True, help="Also load the graph into Neo4j (see .env.example)."),
        click.option("--neo4j-uri", help="Default: $NEO4J_URI, else bolt://localhost:7687."),
        click.option("--neo4j-user", help="Default: $NEO4J_USER, else neo4j."),
        click.option("--neo4j-password", help="Default: $NEO4J_PASSWORD (prefer the variable: flags show in `ps`)."),
        click.option("--neo4j-database", help="Default: $NEO4J_DATABASE, else neo4j."),
        click.option(
            "--neo4j-batch-size",
            type=click.IntRange(min=1),
            default=LOAD_BATCH_SIZE,
            show_default=True,
            help="Rows per UNWIND transaction.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def neo4j_settings(connection: dict[str, Any]) -> Settings:
    """The settings from the environment with the ``--neo4j-*`` flags given (:func:`neo4j_connection`) on top."""
    updates = {f"neo4j_{key}": value for key, value in connection.items() if key != "batch_size" and value}
    return Settings.from_env().model_copy(update=updates)


def load_into_neo4j(db: Path, connection: dict[str, Any], show: bool) -> None:
    """Load the embedded store's graph (metrics included) into Neo4j and print what was written."""
    from graphkit.store.neo4j import Neo4jRunner

    runner = Neo4jRunner.from_env(neo4j_settings(connection))
    with runner, EmbeddedStore(db, read_only=True) as store, ProgressBar(enabled=show) as bar:
        summary = copy_graph(store, runner, batch_size=connection["batch_size"],
                             schema_statements=neo4j_schema_statements(), progress=bar.update)  # fmt: skip
    click.echo(f"graphkit: loaded into Neo4j at {runner.uri} (database {runner.database}): {summary.line()}", err=True)


def neo4j_connection(kwargs: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    use = kwargs.pop("use_neo4j")
    connection = {key.removeprefix("neo4j_"): kwargs.pop(key) for key in list(kwargs) if key.startswith("neo4j_")}
    return use, connection


class ProgressBar:
    """A tqdm bar whose description follows the stage being worked on.

    The bar appears with the first rows counted, not before: a command that computes for minutes before it
    writes (``analyze``) shows its step lines meanwhile, not a bar standing at "0 rows".
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None

    def __enter__(self) -> ProgressBar:
        return self

    def update(self, stage: str, n: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(desc=stage, unit=" rows", file=sys.stderr, leave=False)
        self._bar.set_description(stage, refresh=False)
        self._bar.update(n)

    def __exit__(self, *_exc: object) -> None:
        if self._bar is not None:
            self._bar.close()


def read_store(db: Path | None) -> EmbeddedStore:
    """The embedded store named by --db (else $GRAPHKIT_DB, else ./graphkit.lbdb), opened read-only."""
    return EmbeddedStore(db or Settings.from_env().db, read_only=True)


def store_runner(use_neo4j: bool, db: Path | None) -> Any:
    if use_neo4j:
        from graphkit.store.neo4j import Neo4jRunner

        return Neo4jRunner.from_env()
    return read_store(db)
