"""The ``graphkit`` command line: one module per command group, each calling library functions only.

Every command turns a :class:`~graphkit.core.errors.GraphkitError` into one line on standard error
and a non-zero exit status; tracebacks are reserved for bugs.
"""

from __future__ import annotations

# Importing the command modules registers their commands on the group.
from graphkit.cli import build, export, extract, fetch, query  # noqa: F401
from graphkit.cli.app import main

__all__ = ["main"]
