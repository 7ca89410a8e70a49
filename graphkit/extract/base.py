"""The extractor base classes.

An extractor turns one input format into :data:`~graphkit.core.models.Record` values and
:class:`~graphkit.core.models.SkippedEntry` reports, and does nothing else. Adding a format means one
module with one subclass:

* :class:`Extractor` leaves :meth:`Extractor.iter_entries` abstract; streaming formats (JSON Lines,
  XML) implement it directly so memory does not grow with the input;
* :class:`PageExtractor` is for small text pages that need the whole page at once (listing pages
  infer missing years from the page); it reads and checks the file and leaves only
  :meth:`PageExtractor.parse_page` abstract.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from graphkit.core.errors import InputFileError
from graphkit.core.models import AnyRecord, SkippedEntry

__all__ = ["Entry", "Extractor", "PageExtractor", "read_text_file"]

Entry = AnyRecord | SkippedEntry
"""What an extractor yields: a record, or the report of an entry it had to skip."""

_SNIFF_BYTES = 65536


class Extractor(ABC):
    """Base class of every input format.

    Parameters
    ----------
    as_of : datetime.date, optional
        The day the input was captured, for formats whose dates omit the year.
    """

    #: Short name used by ``--format`` and in reports.
    name: ClassVar[str]
    #: One line for ``graphkit extract --help`` and the README.
    description: ClassVar[str]

    def __init__(self, *, as_of: dt.date | None = None) -> None:
        self.as_of = as_of
        self.warnings: list[str] = []

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        """Return whether ``head`` (the start of the file, decoded) looks like this format.

        The default never claims a file: such a format is only used when named explicitly.
        """
        return False

    @abstractmethod
    def iter_entries(self, path: Path) -> Iterator[Entry]:
        """Yield every record and skipped entry of ``path`` in file order."""

    def warn(self, message: str) -> None:
        """Record a non-fatal observation about the input (shown in the run summary)."""
        self.warnings.append(message)


class PageExtractor(Extractor):
    """Base class of formats read as one whole text page."""

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        """Read ``path`` as UTF-8 text and hand its lines to :meth:`parse_page`."""
        text = read_text_file(path)
        yield from self.parse_page(text.splitlines(), str(path))

    @abstractmethod
    def parse_page(self, lines: list[str], source: str) -> Iterator[Entry]:
        """Yield the entries of a page given as lines (line ``i`` of the file is ``lines[i - 1]``)."""


def read_text_file(path: Path) -> str:
    """Read a whole file as UTF-8 text, with clear errors for empty, binary and mis-encoded files.

    Raises
    ------
    InputFileError
        If the file is missing, empty, binary or not valid UTF-8.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "empty.txt"; _ = p.write_bytes(b"")
    >>> read_text_file(p)
    Traceback (most recent call last):
    ...
    graphkit.core.errors.InputFileError: ...empty.txt: the file is empty — check that the download or export finished
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputFileError(path, "no such file", "check the path") from e
    except IsADirectoryError as e:
        raise InputFileError(path, "is a folder", "pass the files inside it, or the folder to `graphkit`") from e
    except OSError as e:
        raise InputFileError(path, f"cannot be read ({e.strerror})", "check its permissions") from e
    if not data.strip():
        raise InputFileError(path, "the file is empty", "check that the download or export finished")
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputFileError(
            path, "the file is binary, not text", "pass the text export of the page (compressed files: unpack first)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputFileError(
            path,
            f"not valid UTF-8 at line {line} (byte {e.start})",
            "re-save it as UTF-8, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`",
        ) from e
