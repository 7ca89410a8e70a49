"""Opening inputs: plain or gzip-compressed, and peeking at their start for format detection."""

from __future__ import annotations

import gzip
import io
import tarfile
import zlib
from pathlib import Path
from typing import IO

from graphkit.core.errors import InputFileError

__all__ = ["is_gzip", "is_tar", "open_binary", "open_text", "peek"]

_GZIP_MAGIC = b"\x1f\x8b"
_PEEK_BYTES = 65536


def is_gzip(path: Path) -> bool:
    """Whether the file starts with the gzip magic bytes."""
    with path.open("rb") as handle:
        return handle.read(2) == _GZIP_MAGIC


def is_tar(path: Path) -> bool:
    """Whether the file is a tar archive (compressed or not)."""
    try:
        return tarfile.is_tarfile(path)
    except OSError:
        return False


class _CheckedGzipFile(gzip.GzipFile):
    """A gzip stream whose damage (a truncated file, a corrupt block) is an :class:`InputFileError` naming the
    file and how far it was read, not a ``zlib.error`` or ``EOFError`` from deep inside a reader."""

    def __init__(self, path: Path) -> None:
        super().__init__(filename=str(path), mode="rb")
        self._path = path

    def _damaged(self, error: Exception) -> InputFileError:
        where = f"after {self.tell():,} bytes of decompressed data"
        what = "ends before its end-of-stream marker" if isinstance(error, EOFError) else f"is damaged ({error})"
        return InputFileError(
            self._path, f"the compressed file {what}, {where}", "download it again; `gzip -t FILE` checks a copy"
        )

    def read(self, size: int | None = -1) -> bytes:
        try:
            return super().read(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as e:
            raise self._damaged(e) from e

    def read1(self, size: int = -1) -> bytes:
        try:
            return super().read1(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as e:
            raise self._damaged(e) from e

    def readline(self, size: int | None = -1) -> bytes:
        try:
            return super().readline(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as e:
            raise self._damaged(e) from e

    def peek(self, n: int = 0) -> bytes:
        try:
            return super().peek(n)
        except (EOFError, zlib.error, gzip.BadGzipFile) as e:
            raise self._damaged(e) from e


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
