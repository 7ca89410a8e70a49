"""The record log: every record a store was built from, kept beside the database.

``graph.lbdb`` is derived data; ``graph.lbdb.records-<generation>.jsonl.gz`` beside it holds the records
it was derived from (one JSON object per line: the source key — the input file the record was read
from — and the record). Each build reads the log, replaces the records of the files it was given,
re-resolves everything and writes a new generation of both (:mod:`graphkit.store.state`).
Keeping the records out of the database keeps them out of its page cache during a build, and a
gzip stream writes and reads them in constant memory.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from graphkit.core.errors import StoreError
from graphkit.core.models import AnyRecord, Record

__all__ = ["StoredRecord", "read_record_log", "write_record_log"]

StoredRecord = tuple[str, AnyRecord]
_ADAPTER: TypeAdapter[AnyRecord] = TypeAdapter(Record)


def read_record_log(path: Path) -> Iterator[StoredRecord]:
    """Yield ``(source key, record)`` pairs from a record log, in the order they were written.

    Raises
    ------
    StoreError
        If a line is not a valid record, naming the line.
    """
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                item = json.loads(line)
                yield item["source_key"], _ADAPTER.validate_python(item["record"])
            except (ValueError, KeyError, ValidationError) as e:
                raise StoreError(
                    f"{path}:{number}: not a graphkit record ({e}); the record log is damaged — rebuild from the "
                    "source files, or delete the log to start afresh"
                ) from e


def write_record_log(path: Path, records: Iterable[StoredRecord]) -> int:
    """Write ``(source key, record)`` pairs to a gzip JSON Lines file; return how many."""
    count = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as handle:
        for source_key, record in records:
            handle.write('{"source_key":')
            handle.write(json.dumps(source_key))
            handle.write(',"record":')
            handle.write(record.model_dump_json(exclude_none=True))
            handle.write("}\n")
            count += 1
    return count
