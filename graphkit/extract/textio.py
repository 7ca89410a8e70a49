"""Opening inputs: plain or gzip-compressed, and peeking at their start for format detection."""

from __future__ import annotations

import gzip
import io
import tarfile
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


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading bytes, decompressing gzip transparently."""
    try:
        if is_gzip(path):
            return gzip.open(path, "rb")  # type: ignore[return-value]
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
    except (OSError, EOFError, tarfile.TarError) as e:
        raise InputFileError(path, f"cannot be read ({e})", "check that the file is complete") from e
