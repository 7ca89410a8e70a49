"""One writer at a time: an exclusive lock beside the database, naming its holder.

``graph.lbdb.lock`` is locked with ``flock`` for as long as a build or an analysis writes the store.
The operating system releases the lock when the holder exits, however it exits (``kill -9``
included), so a crashed writer never leaves the store locked. While it holds the lock, the writer
keeps its process id, host, command and start time in the file, so that a second writer is told
exactly who is in the way. Readers take no lock: a build switches the whole database file in one
atomic rename, so a reader sees the old graph or the new one, never a mixture.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from graphkit.core.errors import StoreError, StoreLockedError

__all__ = ["WriterLock", "lock_path"]

_POLL_SECONDS = 0.2


def lock_path(db: str | Path) -> Path:
    """The lock file of a database.

    Examples
    --------
    >>> lock_path("data/graph.lbdb").name
    'graph.lbdb.lock'
    """
    db = Path(db)
    return db.with_name(db.name + ".lock")


class WriterLock:
    """Hold the writer lock of ``db`` inside a ``with`` block.

    Parameters
    ----------
    db : path
        The database file whose writers are serialised.
    wait : float
        Seconds to wait for another writer to finish before giving up (0: give up at once).
    command : str
        What this writer is doing, shown to anyone refused the lock.

    Raises
    ------
    StoreLockedError
        If another process still holds the lock after ``wait`` seconds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> with WriterLock(db, command="graphkit build"):
    ...     try:
    ...         WriterLock(db).__enter__()
    ...     except StoreLockedError as e:
    ...         print("refused, held by", e.holder.split(" (")[0].split(" ")[0])
    refused, held by pid
    """

    def __init__(self, db: str | Path, *, wait: float = 0.0, command: str = "") -> None:
        self.db = Path(db)
        self.path = lock_path(db)
        self.wait = wait
        self.command = command or " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])
        self._handle: IO[str] | None = None

    def __enter__(self) -> WriterLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as e:
            raise StoreError(f"{self.path}: cannot create the lock file ({e}); is the folder writable?") from e
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _describe(self.path)
                    handle.close()
                    advice = (
                        f"it did not finish within {self.wait:g} s" if self.wait else "wait for it to finish"
                    ) + ", or pass --wait SECONDS to queue behind it"
                    raise StoreLockedError(
                        f"{self.db} is being written by another process: {holder} — {advice}", holder
                    ) from None
                time.sleep(_POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        description = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": self.command,
            "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        handle.write(json.dumps(description))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._handle is not None:
            # Emptied before unlocking, so a stale description never names a finished writer.
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.flush()
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def _describe(path: Path) -> str:
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        holder = {}
    if not holder:
        return "a process that has only just started"
    return f"pid {holder.get('pid')} on {holder.get('host')} ({holder.get('command')!r}, since {holder.get('since')})"
