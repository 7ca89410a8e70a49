"""``graphkit extract``: input files to typed records as JSON Lines."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import IO

import click

from graphkit.cli.app import (
    exclude_option,
    main,
    parse_day,
    print_file_reports,
    print_left_out,
)
from graphkit.core.models import FileReport
from graphkit.extract import FORMATS, LeftOut, iter_records

__all__ = ["extract"]

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
    "--as-of", callback=parse_day, help="Day the pages were captured (YYYY-MM-DD), for dates printed without a year."
)
@click.option("--strict", is_flag=True, help="Fail on the first malformed entry instead of skipping and reporting it.")
@exclude_option
def extract(
    paths: tuple[Path, ...],
    output: Path | None,
    format_name: str,
    as_of: dt.date | None,
    strict: bool,
    exclude: tuple[str, ...],
) -> None:
    """Extract typed records from PATHS (files or folders) as JSON Lines.

    One JSON object per line: papers ("kind": "paper") and author profiles
    ("kind": "author_profile"). A summary of records per file, and of every skipped entry with
    its file, line and reason, goes to standard error. Files of a folder that graphkit cannot read
    are left out with a warning; a file named on its own must be readable.
    """
    reports: list[FileReport] = []
    left_out: list[LeftOut] = []
    stream: IO[str]
    with output.open("w", encoding="utf-8") if output else _stdout() as stream:
        for record in iter_records(
            paths, format=format_name, as_of=as_of, strict=strict, reports=reports, exclude=exclude, left_out=left_out
        ):
            stream.write(record.model_dump_json(exclude_none=True))
            stream.write("\n")
    _print_summary(reports, output)
    print_left_out([str(item) for item in left_out])


class _stdout:  # noqa: N801 - used like a file-opening function in a with statement
    def __enter__(self) -> IO[str]:
        return sys.stdout

    def __exit__(self, *_exc: object) -> None:
        sys.stdout.flush()


def _print_summary(reports: list[FileReport], output: Path | None) -> None:
    total_records = sum(r.records for r in reports)
    click.echo(
        f"graphkit extract: {total_records} records from {len(reports)} file(s)" + (f" -> {output}" if output else ""),
        err=True,
    )
    print_file_reports(reports)
