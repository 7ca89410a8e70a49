"""arXiv metadata snapshot (Kaggle ``arxiv-metadata-oai-snapshot.json``): JSON Lines, streamed.

One JSON object per line with ``id``, ``title``, ``authors`` (raw, TeX accents kept),
``authors_parsed`` (``[last, first, suffix]``), ``categories`` (space-separated, primary first),
``doi``, ``journal-ref``, ``abstract`` and ``versions`` (the first version's ``created`` date is the
paper's date). Plain or ``.gz``; memory stays flat whatever the file size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from graphkit.core.ids import normalise_arxiv
from graphkit.core.models import AuthorRef, PaperRecord, Provenance, SkippedEntry
from graphkit.extract.arxiv_common import arxiv_record, clean_text, person_name
from graphkit.extract.base import Entry, Extractor
from graphkit.extract.textio import open_binary

__all__ = ["ArxivSnapshotExtractor", "first_version_date"]


class ArxivSnapshotExtractor(Extractor):
    """The Kaggle arXiv metadata snapshot (JSON Lines)."""

    name = "arxiv-snapshot"
    description = "arXiv metadata snapshot (Kaggle JSON Lines with authors_parsed), plain or .gz"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        first = head.lstrip().split("\n", 1)[0]
        return first.startswith("{") and '"authors_parsed"' in first and '"id"' in first

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        with open_binary(path) as handle:  # orjson reads bytes: no text decoding pass
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    item = orjson.loads(line)
                    yield self._record(item, source, number)
                except (orjson.JSONDecodeError, ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
                    excerpt = line[:120].decode("utf-8", errors="replace")
                    yield SkippedEntry(source=source, line=number, reason=f"not an arXiv metadata object: {e}",
                                       excerpt=excerpt)  # fmt: skip

    def _record(self, item: dict[str, Any], source: str, line: int) -> PaperRecord | SkippedEntry:
        arxiv_id = normalise_arxiv(item.get("id"))
        title = clean_text(item.get("title"))
        if arxiv_id is None or title is None:
            return SkippedEntry(
                source=source, line=line, reason="no valid arXiv id or no title", excerpt=str(item.get("id"))
            )
        parsed = item.get("authors_parsed") or []
        names = (person_name(p[1] if len(p) > 1 else "", p[0], p[2] if len(p) > 2 else "") for p in parsed)
        return arxiv_record(
            title=title,
            authors=[AuthorRef(name=name) for name in names if name],
            date=first_version_date(item.get("versions") or []),
            categories_raw=item.get("categories"),
            abstract=item.get("abstract"),
            arxiv_id=arxiv_id,
            doi=item.get("doi"),
            journal_ref=item.get("journal-ref"),
            provenance=Provenance(source=source, line=line, format=self.name),
        )


_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}


def first_version_date(versions: list[dict[str, str]]) -> dt.date | None:
    """The v1 date from ``Mon, 2 Apr 2007 19:18:42 GMT`` (parsed by hand: this runs once per line)."""
    for version in versions:
        if version.get("version") == "v1" and version.get("created"):
            parts = version["created"].split()
            try:
                return dt.date(int(parts[3]), _MONTHS[parts[2]], int(parts[1]))
            except (IndexError, KeyError, ValueError, OverflowError):
                return None
    return None
