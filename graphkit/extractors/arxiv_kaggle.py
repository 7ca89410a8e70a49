"""arXiv metadata snapshot (Kaggle ``arxiv-metadata-oai-snapshot.json``): JSON Lines, streamed.

One JSON object per line with ``id``, ``title``, ``authors`` (raw, TeX accents kept),
``authors_parsed`` (``[last, first, suffix]``), ``categories`` (space-separated, primary first),
``doi``, ``journal-ref``, ``abstract`` and ``versions`` (the first version's ``created`` date is the
paper's date). Plain or ``.gz``; memory stays flat whatever the file size.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphkit.extractors.base import Entry, Extractor
from graphkit.extractors.textio import open_text
from graphkit.ids import normalise_arxiv, normalise_doi
from graphkit.models import AuthorRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.resolve.categories import resolve_category
from graphkit.resolve.text import decode_tex

__all__ = ["ArxivSnapshotExtractor", "person_name"]

_SPACES = re.compile(r"\s+")


def person_name(first: str | None, last: str | None, suffix: str | None = None) -> str:
    """Display name from name parts, TeX accents decoded and spacing normalised.

    Examples
    --------
    >>> person_name("C.", "Bal\\\\'azs"), person_name("", "Devvrit"), person_name("Jr", "King", "III")
    ('C. Balázs', 'Devvrit', 'Jr King III')
    """
    parts = [decode_tex(p).strip() for p in (first, last, suffix) if p and p.strip()]
    # authors_parsed splits hyphenated initials apart ("C. -P." for "C.-P.").
    return _SPACES.sub(" ", " ".join(parts)).replace(". -", ".-")


def clean_text(text: str | None) -> str | None:
    """Collapse whitespace (titles and abstracts wrap lines in arXiv metadata)."""
    if text is None:
        return None
    cleaned = _SPACES.sub(" ", text).strip()
    return cleaned or None


def arxiv_categories(raw: str | None) -> list[str]:
    """Resolved categories from a space-separated list, primary first, duplicates and aliases folded."""
    resolved = (resolve_category(code) for code in (raw or "").split())
    return list(dict.fromkeys(code for code in resolved if code))


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
        with open_text(path) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    yield self._record(item, source, number)
                except (ValueError, KeyError, TypeError, AttributeError) as e:
                    yield SkippedEntry(source=source, line=number, reason=f"not an arXiv metadata object: {e}",
                                       excerpt=line[:120])  # fmt: skip

    def _record(self, item: dict[str, Any], source: str, line: int) -> PaperRecord | SkippedEntry:
        arxiv_id = normalise_arxiv(item.get("id"))
        title = clean_text(item.get("title"))
        if arxiv_id is None or title is None:
            return SkippedEntry(
                source=source, line=line, reason="no valid arXiv id or no title", excerpt=str(item.get("id"))
            )
        parsed = item.get("authors_parsed") or []
        authors = [
            AuthorRef(name=person_name(p[1] if len(p) > 1 else "", p[0], p[2] if len(p) > 2 else "")) for p in parsed
        ]
        authors = [a for a in authors if a.name]
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


def _first_version_date(versions: list[dict[str, str]]) -> dt.date | None:
    for version in versions:
        if version.get("version") == "v1" and version.get("created"):
            try:
                return email.utils.parsedate_to_datetime(version["created"]).date()
            except (TypeError, ValueError):
                return None
    return None
