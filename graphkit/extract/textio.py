"""Opening inputs: plain or gzip-compressed, read whole or line by line within limits, and peeked at.

Three limits keep hostile or damaged input from exhausting memory (each raises
:class:`~graphkit.core.errors.InputFileError` naming the file, or skips the one line, with what to do):

* :data:`MAX_DOCUMENT_BYTES` — a file read whole (a listing page, one JSON document, BibTeX, an ``.abs``)
  may hold at most this much text once decompressed (512 MiB; ``$GRAPHKIT_MAX_DOCUMENT_MIB`` raises it);
* :data:`MAX_LINE_BYTES` — one line of a line-oriented format (JSON Lines, CSV) at most 64 MiB; a longer one is
  skipped and reported;
* :data:`MAX_COMPRESSION_RATIO` — a gzip stream that has expanded past 64 MiB at more than 200 bytes per
  compressed byte is a decompression bomb, not a data file (real metadata compresses 4–15×).
"""

from __future__ import annotations

import gzip
import io
import itertools
import os
import tarfile
import zlib
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from graphkit.core.errors import InputFileError
from graphkit.core.models import SkippedEntry

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_DOCUMENT_BYTES",
    "MAX_LINE_BYTES",
    "BadLine",
    "decode_document",
    "is_gzip",
    "is_tar",
    "is_utf16",
    "iter_text_lines",
    "open_binary",
    "open_text",
    "peek",
    "read_at_most",
    "read_document",
]

_GZIP_MAGIC = b"\x1f\x8b"
_PEEK_BYTES = 65536

MAX_DOCUMENT_BYTES = int(os.environ.get("GRAPHKIT_MAX_DOCUMENT_MIB", "512")) << 20
"""Largest file read whole, decompressed (``$GRAPHKIT_MAX_DOCUMENT_MIB``, default 512 MiB)."""
MAX_LINE_BYTES = 64 << 20
"""Longest line of a line-oriented format; a longer line is skipped and reported."""
MAX_COMPRESSION_RATIO = 200
"""Decompressed bytes per compressed byte beyond which a gzip stream past 64 MiB is refused as a bomb."""
_RATIO_CHECKED_AFTER = 64 << 20


def is_gzip(path: Path) -> bool:
    """Whether the file starts with the gzip magic bytes."""
    with path.open("rb") as handle:
        return handle.read(2) == _GZIP_MAGIC


def is_tar(path: Path) -> bool:
    """Whether the file is a tar archive (compressed or not); a damaged compressed file is not one."""
    try:
        return tarfile.is_tarfile(path)
    except (OSError, EOFError, zlib.error, tarfile.TarError):
        return False


class _CheckedGzipFile(gzip.GzipFile):
    """A gzip stream whose damage (a truncated file, a corrupt block) is an :class:`InputFileError` naming the
    file and how far it was read, not a ``zlib.error`` or ``EOFError`` from deep inside a reader."""

    def __init__(self, path: Path) -> None:
        super().__init__(filename=str(path), mode="rb")
        self._path = path
        self._compressed_size = max(1, path.stat().st_size)
        self._next_ratio_check = _RATIO_CHECKED_AFTER

    def _check_ratio(self) -> None:
        """Refuse a decompression bomb once the stream has expanded past the checked size."""
        expanded = super().tell()
        if expanded < self._next_ratio_check:
            return
        self._next_ratio_check = expanded + _RATIO_CHECKED_AFTER
        ratio = expanded / self._compressed_size
        if ratio > MAX_COMPRESSION_RATIO:
            raise InputFileError(
                self._path,
                f"the compressed file expands to more than {expanded >> 20:,} MiB from {self._compressed_size:,} "
                f"bytes ({ratio:,.0f}× — real metadata compresses 4–15×, the limit is {MAX_COMPRESSION_RATIO}×): "
                "it looks like a decompression bomb",
                "check where the file came from; unpack it yourself if it is genuine",
            )

    def _damaged(self, error: Exception) -> InputFileError:
        where = f"after {self.tell():,} bytes of decompressed data"
        what = "ends before its end-of-stream marker" if isinstance(error, EOFError) else f"is damaged ({error})"
        return InputFileError(
            self._path, f"the compressed file {what}, {where}", "download it again; `gzip -t FILE` checks a copy"
        )

    def _guarded(self, read: Callable[[], bytes]) -> bytes:
        """``read()``, with the stream's damage as one error and a bomb refused."""
        try:
            data = read()
        except (EOFError, zlib.error, gzip.BadGzipFile) as e:
            raise self._damaged(e) from e
        self._check_ratio()
        return data

    def read(self, size: int | None = -1) -> bytes:
        return self._guarded(lambda: super(_CheckedGzipFile, self).read(size))

    def read1(self, size: int = -1) -> bytes:
        return self._guarded(lambda: super(_CheckedGzipFile, self).read1(size))

    def readline(self, size: int | None = -1) -> bytes:
        return self._guarded(lambda: super(_CheckedGzipFile, self).readline(size))

    def peek(self, n: int = 0) -> bytes:
        return self._guarded(lambda: super(_CheckedGzipFile, self).peek(n))


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading bytes, decompressing gzip transparently (a damaged gzip stream raises
    :class:`~graphkit.core.errors.InputFileError` when the damage is reached)."""
    try:
        if is_gzip(path):
            return _CheckedGzipFile(path)  # type: ignore[return-value]
        return path.open("rb")
    except OSError as e:
        raise InputFileError(path, f"cannot be read ({e.strerror or e})", "check the path and its permissions") from e


def open_text(path: Path, encoding: str = "utf-8") -> IO[str]:
    """Open a file for reading text, decompressing gzip transparently."""
    return io.TextIOWrapper(open_binary(path), encoding=encoding, newline=None)


def peek(path: Path) -> bytes:
    """The first bytes of the (decompressed) file, for format detection.

    A tar archive peeks at the name and start of its first member instead.
    """
    try:
        if is_tar(path):
            with tarfile.open(path) as archive:
                for member in archive:
                    if member.isfile():
                        handle = archive.extractfile(member)
                        head = handle.read(_PEEK_BYTES) if handle else b""
                        return member.name.encode() + b"\n" + head
            return b""
        with open_binary(path) as handle:
            return handle.read(_PEEK_BYTES)
    except (OSError, EOFError, zlib.error, tarfile.TarError) as e:
        raise InputFileError(path, f"cannot be read ({e})", "check that the file is complete") from e


def is_utf16(data: bytes) -> bool:
    """Whether ``data`` starts with a UTF-16 byte-order mark (Web of Science's tab-delimited export for Windows).

    Examples
    --------
    >>> is_utf16("PT\tAU".encode("utf-16")), is_utf16(b"PT AU")
    (True, False)
    """
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def decode_document(path: Path, data: bytes) -> str:
    """``data`` (the whole of ``path``) as text: UTF-8, or UTF-16 where a byte-order mark says so; the mark dropped.

    Raises
    ------
    InputFileError
        Naming the line and byte where the text stops being UTF-8.
    """
    if is_utf16(data):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputFileError(
                path, f"starts as UTF-16 but breaks at byte {e.start:,}", "export it again, or re-save it as UTF-8"
            ) from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputFileError(
            path,
            f"not valid UTF-8 at line {line} (byte {e.start:,})",
            "re-save it as UTF-8, e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`",
        ) from e


def read_document(path: Path, *, limit: int | None = None) -> str:
    """The whole file as text (decompressed), within :data:`MAX_DOCUMENT_BYTES`.

    Raises
    ------
    InputFileError
        If the file cannot be read, is damaged, is larger than the limit or is not UTF-8.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "latin1.json"; _ = p.write_bytes(b'{"t": "caf\\xe9"}')
    >>> read_document(p)
    Traceback (most recent call last):
    ...
    graphkit.core.errors.InputFileError: ...latin1.json: not valid UTF-8 at line 1 (byte 10) — re-save it as UTF-8...
    """
    limit = MAX_DOCUMENT_BYTES if limit is None else limit
    with open_binary(path) as handle:
        data = read_at_most(handle, limit)
    if len(data) > limit:
        raise InputFileError(
            path,
            f"holds more than {limit >> 20:,} MiB of text, the most a file read whole may hold",
            "split it (JSON Lines and XML formats are streamed and have no such limit), or raise "
            "$GRAPHKIT_MAX_DOCUMENT_MIB",
        )
    return decode_document(path, data)


def read_at_most(handle: IO[bytes], limit: int) -> bytes:
    """Everything ``handle`` holds, or its first ``limit + 1`` bytes when it holds more (read a mebibyte at a time:
    asking for the limit at once would reserve that much memory for every small file)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit and (chunk := handle.read(min(1 << 20, limit + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class BadLine:
    """A line of a line-oriented file that cannot be read as text: where, and why."""

    number: int
    reason: str
    excerpt: str = ""

    def skip(self, source: str) -> SkippedEntry:
        """The report of this line as a skipped entry."""
        return SkippedEntry(source=source, line=self.number, reason=self.reason, excerpt=self.excerpt)


def iter_text_lines(
    path: Path, *, max_line_bytes: int = MAX_LINE_BYTES
) -> Generator[tuple[int, str] | BadLine, None, None]:
    r"""Every line of ``path`` (decompressed) with its 1-based number, or a :class:`BadLine` for a line that is not
    UTF-8 or is longer than ``max_line_bytes`` — the lines after it are still read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "rows.csv"; _ = p.write_bytes(b"a\ncaf\xe9\nb\n")
    >>> [x if isinstance(x, tuple) else (x.number, x.reason[:22]) for x in iter_text_lines(p)]
    [(1, 'a\n'), (2, 'not valid UTF-8 at byt'), (3, 'b\n')]
    """
    offset = 0
    with open_binary(path) as handle:
        for number in itertools.count(1):
            raw = handle.readline(max_line_bytes + 1)
            if not raw:
                return
            if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
                length = len(raw)
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    length += len(rest)
                length += len(rest)
                offset += length
                yield BadLine(
                    number,
                    f"the line is longer than {max_line_bytes >> 20} MiB ({length:,} bytes); no record is that long",
                    raw[:120].decode("utf-8", errors="replace"),
                )
                continue
            try:
                yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as e:
                yield BadLine(
                    number,
                    f"not valid UTF-8 at byte {offset + e.start:,} of the file; re-save the file as UTF-8",
                    raw[:120].decode("utf-8", errors="replace"),
                )
            offset += len(raw)
