"""arXiv metadata snapshot (Kaggle ``arxiv-metadata-oai-snapshot.json``): JSON Lines, streamed.

One JSON object per line with ``id``, ``title``, ``authors`` (raw, TeX accents kept),
``authors_parsed`` (``[last, first, suffix]``), ``categories`` (space-separated, primary first),
``doi``, ``journal-ref``, ``abstract`` and ``versions`` (the first version's ``created`` date is the
paper's date). Plain or ``.gz``; memory stays flat whatever the file size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from graphkit.extractors.base import Entry, Extractor
from graphkit.extractors.textio import open_binary
from graphkit.ids import normalise_arxiv, normalise_doi
from graphkit.models import AuthorRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.resolve.categories import resolve_category
from graphkit.resolve.text import decode_tex

__all__ = ["ArxivSnapshotExtractor", "person_name"]


def person_name(first: str | None, last: str | None, suffix: str | None = None) -> str:
    """Display name from name parts, TeX accents decoded and spacing normalised.

    Examples
    --------
    >>> person_name("C.", "Bal\\\\'azs"), person_name("", "Devvrit"), person_name("Jr", "King", "III")
    ('C. Balázs', 'Devvrit', 'Jr King III')
    """
    parts = [decode_tex(p) for p in (first, last, suffix) if p]
    # authors_parsed splits hyphenated initials apart ("C. -P." for "C.-P.").
    return " ".join(" ".join(parts).split()).replace(". -", ".-")


def clean_text(text: str | None) -> str | None:
    """Collapse whitespace (titles and abstracts wrap lines in arXiv metadata)."""
    if text is None:
        return None
    return " ".join(text.split()) or None


def arxiv_categories(raw: str | None) -> list[str]:
    """Resolved categories from a space-separated list, primary first, duplicates and aliases folded."""
    return list(_categories(raw or ""))


@lru_cache(maxsize=65536)
def _categories(raw: str) -> tuple[str, ...]:
    resolved = (resolve_category(code) for code in raw.split())
    return tuple(dict.fromkeys(code for code in resolved if code))


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
        names = (
            person_name(p[1] if len(p) > 1 else "", p[0], p[2] if len(p) > 2 else "")
            for p in item.get("authors_parsed") or []
        )
        authors = [AuthorRef(name=name) for name in names if name]
        categories = arxiv_categories(item.get("categories"))
        date = _first_version_date(item.get("versions") or [])
        return PaperRecord(
            title=decode_tex(title),
            authors=authors,
            authors_complete=bool(authors),
            author_count=len(authors) or None,
            date=date,
            date_precision="day" if date else None,
            category=categories[0] if categories else None,
            category_raw=(item.get("categories") or "").split(" ")[0] or None,
            categories=categories,
            abstract=clean_text(item.get("abstract")),
            ids=PaperIds(arxiv=arxiv_id, doi=normalise_doi(item.get("doi"))),
            journal_ref=clean_text(item.get("journal-ref")),
            provenance=Provenance(source=source, line=line, format=self.name),
        )


_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}


def _first_version_date(versions: list[dict[str, str]]) -> dt.date | None:
    """The v1 date from ``Mon, 2 Apr 2007 19:18:42 GMT`` (parsed by hand: this runs once per line)."""
    for version in versions:
        if version.get("version") == "v1" and version.get("created"):
            parts = version["created"].split()
            try:
                return dt.date(int(parts[3]), _MONTHS[parts[2]], int(parts[1]))
            except (IndexError, KeyError, ValueError):
                return None
    return None
