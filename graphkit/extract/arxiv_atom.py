"""arXiv API Atom responses (``export.arxiv.org/api/query``), streamed.

Per ``<entry>``: ``id`` (the abs URL with version), ``title``, ``published`` (first version),
``summary``, ``author``/``name`` with optional ``arxiv:affiliation``, ``category term=…``,
``arxiv:primary_category``, ``arxiv:doi`` and ``arxiv:journal_ref``. The API reports errors as an
entry titled ``Error`` whose id points at ``/api/errors``: such an entry is skipped with the API's
message as the reason. An empty result page yields nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from graphkit.core.ids import normalise_arxiv
from graphkit.core.models import AuthorRef, Provenance, SkippedEntry
from graphkit.core.text import decode_tex
from graphkit.extract.arxiv_common import arxiv_record
from graphkit.extract.arxiv_oai import affiliations_of
from graphkit.extract.base import Entry
from graphkit.extract.dates import iso_date
from graphkit.extract.xmlstream import XmlRecordExtractor, child, child_text, local

__all__ = ["ArxivAtomExtractor"]


class ArxivAtomExtractor(XmlRecordExtractor):
    """arXiv API query results (Atom XML)."""

    name = "arxiv-atom"
    description = "arXiv API query response (Atom XML), plain or .gz"
    record_tag = "entry"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        return "http://www.w3.org/2005/Atom" in head and "arxiv" in head.lower() and "<feed" in head

    def parse_element(self, element: ET.Element, source: str, number: int, line: int) -> Entry:
        raw_id = child_text(element, "id") or ""
        if "/api/errors" in raw_id:
            message = child_text(element, "summary")
            return SkippedEntry(source=source, line=line, excerpt=raw_id,
                                reason=f"entry {number}: the arXiv API reported an error: {message}")  # fmt: skip
        arxiv_id = normalise_arxiv(raw_id)
        title = child_text(element, "title")
        if arxiv_id is None or title is None:
            return SkippedEntry(
                source=source, line=line, reason=f"entry {number}: no arXiv id or no title", excerpt=raw_id
            )
        authors = [
            AuthorRef(name=decode_tex(name), affiliations=affiliations_of(author))
            for author in element
            if local(author.tag) == "author" and (name := child_text(author, "name"))
        ]
        primary = child(element, "primary_category")
        terms = [c.get("term", "") for c in element if local(c.tag) == "category"]
        if primary is not None:
            terms.insert(0, primary.get("term", ""))
        published = child_text(element, "published")
        date = iso_date(published)
        if published and date is None:
            self.warn(f"{source}:{line}: published date {published[:40]!r} is not a date; the paper is kept undated")
        return arxiv_record(
            title=title,
            authors=authors,
            date=date,
            categories_raw=" ".join(terms),
            abstract=child_text(element, "summary"),
            arxiv_id=arxiv_id,
            doi=child_text(element, "doi"),
            journal_ref=child_text(element, "journal_ref"),
            provenance=Provenance(source=source, line=line, format=self.name),
        )
