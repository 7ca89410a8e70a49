"""One exception tree for graphkit.

Every error graphkit raises on purpose derives from :class:`GraphkitError`, so a caller can
catch them all with one clause and the command line can print them as one clear line instead
of a traceback. Messages say what went wrong, where, and what to do next.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BuildStateError",
    "ExtractionError",
    "FetchError",
    "GraphkitError",
    "InputFileError",
    "OverridesError",
    "ResolveError",
    "StoreError",
    "StoreLockedError",
    "StrictModeError",
    "UnknownFormatError",
]


class GraphkitError(Exception):
    """Base class of every error graphkit raises on purpose."""


class InputFileError(GraphkitError):
    """An input file cannot be read as text: missing, empty, binary or not UTF-8.

    Examples
    --------
    >>> str(InputFileError("a.txt", "the file is empty", "check the download"))
    'a.txt: the file is empty — check the download'
    """

    def __init__(self, path: str | Path, problem: str, advice: str) -> None:
        self.path = str(path)
        self.problem = problem
        self.advice = advice
        super().__init__(f"{self.path}: {problem} — {advice}")


class UnknownFormatError(GraphkitError):
    """No extractor recognises a file, or a named format does not exist."""

    def __init__(self, path: str | Path, supported: list[str], detail: str = "") -> None:
        self.path = str(path)
        self.supported = supported
        what = detail or "the format of this file was not recognised"
        self.detail = what
        super().__init__(
            f"{self.path}: {what}. Supported formats: {', '.join(supported)}. "
            "Pass --format NAME to choose one explicitly."
        )


class ExtractionError(GraphkitError):
    """An entry could not be turned into a record (raised by extractors, reported as a skip)."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(reason if line is None else f"line {line}: {reason}")


class StrictModeError(GraphkitError):
    """``--strict`` was given and at least one entry was skipped."""


class OverridesError(GraphkitError):
    """The user's resolution overrides file is malformed."""


class ResolveError(GraphkitError):
    """Resolution cannot run as asked (e.g. the author model file is missing or for other features)."""


class StoreError(GraphkitError):
    """A graph store could not be opened, written or queried."""


class StoreLockedError(StoreError):
    """Another process is writing the store; ``holder`` describes it (pid, command, since when)."""

    def __init__(self, message: str, holder: str) -> None:
        self.holder = holder
        super().__init__(message)


class BuildStateError(StoreError):
    """The record of what a store was built from is missing or damaged; the store is left as it is."""


class FetchError(GraphkitError):
    """A remote API could not be read: refused, rate-limited past all retries, or an error reply.

    ``status`` and ``body`` hold the server's reply where there was one.
    """

    def __init__(self, message: str, status: int | None = None, body: str = "") -> None:
        self.status = status
        self.body = body
        super().__init__(message)
