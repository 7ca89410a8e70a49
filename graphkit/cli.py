"""The ``graphkit`` command line.

Every command turns a :class:`~graphkit.errors.GraphkitError` into one line on standard error
and a non-zero exit status; tracebacks are reserved for bugs.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import IO, Any

import click

from graphkit import __version__
from graphkit.errors import GraphkitError
from graphkit.extractors import FORMATS, iter_records
from graphkit.models import FileReport

__all__ = ["main"]

EXIT_INPUT_ERROR = 2


class _Group(click.Group):
    """A click group that prints graphkit's own errors as one clear line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphkitError as e:
            click.echo(f"graphkit: error: {e}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)


def _parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
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


_FORMAT_HELP = "Input format, or 'auto' to detect each file's format. " + "; ".join(
    f"{name}: {cls.description}" for name, cls in FORMATS.items()
)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write JSON Lines here (default: stdout)."
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help=_FORMAT_HELP,
)
@click.option(
    "--as-of", callback=_parse_day, help="Day the pages were captured (YYYY-MM-DD), for dates printed without a year."
)
@click.option("--strict", is_flag=True, help="Fail on the first malformed entry instead of skipping and reporting it.")
def extract(
    paths: tuple[Path, ...], output: Path | None, format_name: str, as_of: dt.date | None, strict: bool
) -> None:
    """Extract typed records from PATHS (files or folders) as JSON Lines.

    One JSON object per line: papers ("kind": "paper") and author profiles
    ("kind": "author_profile"). A summary of records per file, and of every skipped entry with
    its file, line and reason, goes to standard error.
    """
    reports: list[FileReport] = []
    stream: IO[str]
    with output.open("w", encoding="utf-8") if output else _stdout() as stream:
        for record in iter_records(paths, format=format_name, as_of=as_of, strict=strict, reports=reports):
            stream.write(record.model_dump_json(exclude_none=True))
            stream.write("\n")
    _print_summary(reports, output)


class _stdout:  # noqa: N801 - used like a file-opening function in a with statement
    def __enter__(self) -> IO[str]:
        return sys.stdout

    def __exit__(self, *_exc: object) -> None:
        sys.stdout.flush()


def _print_summary(reports: list[FileReport], output: Path | None) -> None:
    total_records = sum(r.records for r in reports)
    total_skipped = sum(len(r.skipped) for r in reports)
    click.echo(
        f"graphkit extract: {total_records} records from {len(reports)} file(s)" + (f" -> {output}" if output else ""),
        err=True,
    )
    for report in reports:
        parts = [f"{report.papers} papers"]
        if report.profiles:
            parts.append(f"{report.profiles} author profile(s)")
        parts.append(f"{len(report.skipped)} skipped")
        click.echo(f"  {report.source} [{report.format}]: " + ", ".join(parts), err=True)
        for skipped in report.skipped:
            click.echo(f"    skipped {skipped.location()}: {skipped.reason}", err=True)
        for warning in report.warnings:
            click.echo(f"    warning: {warning}", err=True)
    if total_skipped:
        click.echo(f"{total_skipped} entries skipped (listed above); --strict makes them errors.", err=True)
