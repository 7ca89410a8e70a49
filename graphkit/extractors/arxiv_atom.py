"""arXiv API Atom responses (``export.arxiv.org/api/query``), streamed.

Per ``<entry>``: ``id`` (the abs URL with version), ``title``, ``published`` (first version),
``summary``, ``author``/``name`` with optional ``arxiv:affiliation``, ``category term=…``,
``arxiv:primary_category``, ``arxiv:doi`` and ``arxiv:journal_ref``. The API reports errors as an
entry titled ``Error`` whose id points at ``/api/errors``: such an entry is skipped with the API's
message as the reason. An empty result page yields nothing.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from graphkit.extractors.arxiv_kaggle import arxiv_categories, clean_text
from graphkit.extractors.base import Entry, Extractor
from graphkit.extractors.textio import open_binary
from graphkit.extractors.xmlstream import iter_elements, local
from graphkit.ids import normalise_arxiv, normalise_doi
from graphkit.models import AuthorRef, InstitutionRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.resolve.text import decode_tex

__all__ = ["ArxivAtomExtractor"]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if local(child.tag) == name), None)


def _text(element: ET.Element, name: str) -> str | None:
    child = _child(element, name)
    return clean_text(child.text) if child is not None and child.text else None


class ArxivAtomExtractor(Extractor):
    """arXiv API query results (Atom XML)."""

    name = "arxiv-atom"
    description = "arXiv API query response (Atom XML), plain or .gz"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        return "http://www.w3.org/2005/Atom" in head and "arxiv" in head.lower() and "<feed" in head

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        try:
            with open_binary(path) as stream:
                for number, entry in enumerate(iter_elements(stream, "entry"), start=1):
                    yield self._record(entry, source, number)
        except ET.ParseError as e:
            yield SkippedEntry(source=source, line=e.position[0], reason=f"XML is malformed here ({e})")

    def _record(self, entry: ET.Element, source: str, number: int) -> PaperRecord | SkippedEntry:
        raw_id = _text(entry, "id") or ""
        title = _text(entry, "title")
        if "/api/errors" in raw_id:
            return SkippedEntry(source=source, reason=f"entry {number}: the arXiv API reported an error: "
                                f"{_text(entry, 'summary')}", excerpt=raw_id)  # fmt: skip
        arxiv_id = normalise_arxiv(raw_id)
        if arxiv_id is None or title is None:
            return SkippedEntry(source=source, reason=f"entry {number}: no arXiv id or no title", excerpt=raw_id)
        authors = []
        for author in (child for child in entry if local(child.tag) == "author"):
            name = _text(author, "name")
            affiliations = [
                InstitutionRef(name=decode_tex(text))
                for child in author
                if local(child.tag) == "affiliation" and (text := clean_text(child.text))
            ]
            if name:
                authors.append(AuthorRef(name=decode_tex(name), affiliations=affiliations))
        primary = _child(entry, "primary_category")
        terms = [child.get("term", "") for child in entry if local(child.tag) == "category"]
        if primary is not None:
            terms.insert(0, primary.get("term", ""))
        categories = arxiv_categories(" ".join(terms))
        published = _text(entry, "published")
        date = dt.date.fromisoformat(published[:10]) if published else None
        return PaperRecord(
            title=decode_tex(title),
            authors=authors,
            authors_complete=bool(authors),
            author_count=len(authors) or None,
            date=date,
            date_precision="day" if date else None,
            category=categories[0] if categories else None,
            categories=categories,
            abstract=_text(entry, "summary"),
            ids=PaperIds(arxiv=arxiv_id, doi=normalise_doi(_text(entry, "doi"))),
            journal_ref=_text(entry, "journal_ref"),
            provenance=Provenance(source=source, format=self.name),
        )
