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

from graphkit.core.errors import GraphkitError, InputFileError
from graphkit.core.models import AnyRecord, SkippedEntry
from graphkit.extract.textio import MAX_DOCUMENT_BYTES, decode_document, is_utf16

__all__ = [
    "DETECTION_THRESHOLD",
    "RECORD_DATA_ERRORS",
    "Entry",
    "Extractor",
    "PageExtractor",
    "read_text_file",
    "unreadable_record",
]

Entry = AnyRecord | SkippedEntry
"""What an extractor yields: a record, or the report of an entry it had to skip."""

_SNIFF_BYTES = 65536

DETECTION_THRESHOLD = 0.5
"""Auto-detection takes a format only when at least this share of the file's first entries parse as its."""

RECORD_DATA_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    OverflowError,
    RecursionError,
)
"""What reading one record's fields raises when the record is not the shape its format promises (a list where a
name belongs, a year of 10³⁰): the record is skipped and reported, and the records around it are still read."""


def unreadable_record(source: str, line: int | None, where: str, error: Exception, excerpt: str = "") -> SkippedEntry:
    """The skip for a record whose fields are of the wrong type or shape (see :data:`RECORD_DATA_ERRORS`).

    Examples
    --------
    >>> unreadable_record("works.json", None, "result 3", TypeError("unhashable type: 'list'")).reason
    "result 3: a field has the wrong type or shape (TypeError: unhashable type: 'list'); the record is skipped"
    """
    detail = "nested too deeply" if isinstance(error, RecursionError) else f"{type(error).__name__}: {error}"
    return SkippedEntry(
        source=source,
        line=line,
        reason=f"{where}: a field has the wrong type or shape ({detail[:200]}); the record is skipped",
        excerpt=excerpt[:120],
    )


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

    @classmethod
    def confidence(cls, path: Path, head: str) -> float:
        """How well the start of the file fits this format, from 0 to 1 (auto-detection needs
        :data:`DETECTION_THRESHOLD`). Structured formats are recognised by their markup: 1 when :meth:`sniff`
        claims the file."""
        return 1.0 if cls.sniff(path, head) else 0.0

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

    @classmethod
    def confidence(cls, path: Path, head: str) -> float:
        """The share of the entries on the start of the page that parse as this format's (0 if :meth:`sniff`
        does not claim it): a text page shares words and shapes with many files (a DTD, a dates file), so a few
        lines that look right are not enough."""
        if not cls.sniff(path, head):
            return 0.0
        lines = head.splitlines()
        if not head.endswith("\n") and len(lines) > 1:
            lines = lines[:-1]  # the last line of a cut head is partial
        try:
            entries = list(cls().parse_page(lines, str(path)))
        except GraphkitError:
            return 0.0
        records = sum(1 for entry in entries if not isinstance(entry, SkippedEntry))
        return records / len(entries) if entries else 0.0


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
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise InputFileError(
                path,
                f"holds more than {MAX_DOCUMENT_BYTES >> 20:,} MiB, the most a page read whole may hold",
                "split it, or raise $GRAPHKIT_MAX_DOCUMENT_MIB",
            )
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputFileError(path, "no such file", "check the path") from e
    except IsADirectoryError as e:
        raise InputFileError(path, "is a folder", "pass the files inside it, or the folder to `graphkit`") from e
    except OSError as e:
        raise InputFileError(path, f"cannot be read ({e.strerror})", "check its permissions") from e
    if not data.strip():
        raise InputFileError(path, "the file is empty", "check that the download or export finished")
    if b"\x00" in data[:_SNIFF_BYTES] and not is_utf16(data):
        raise InputFileError(
            path, "the file is binary, not text", "pass the text export of the page (compressed files: unpack first)"
        )
    return decode_document(path, data)
