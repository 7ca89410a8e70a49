"""arXiv OAI-PMH ``ListRecords`` responses in the ``arXiv`` metadata format, streamed.

Each ``<record>`` holds ``<id>``, ``<created>``, ``<authors>`` (``<keyname>``, ``<forenames>``,
``<suffix>`` and any number of ``<affiliation>`` per author), ``<title>``, ``<categories>``,
``<doi>``, ``<journal-ref>`` and ``<abstract>``. Deleted records (``status="deleted"``) are
reported as skipped. Plain or ``.gz``.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from graphkit.extractors.arxiv_kaggle import arxiv_categories, clean_text, person_name
from graphkit.extractors.base import Entry, Extractor
from graphkit.extractors.textio import open_binary
from graphkit.extractors.xmlstream import iter_elements, local
from graphkit.ids import normalise_arxiv, normalise_doi
from graphkit.models import AuthorRef, InstitutionRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.resolve.text import decode_tex

__all__ = ["ArxivOaiExtractor"]


def _find(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element.iter() if local(child.tag) == name), None)


def _text(element: ET.Element, name: str) -> str | None:
    found = _find(element, name)
    return clean_text(found.text) if found is not None and found.text else None


class ArxivOaiExtractor(Extractor):
    """arXiv OAI-PMH ListRecords, ``metadataPrefix=arXiv``."""

    name = "arxiv-oai"
    description = "arXiv OAI-PMH ListRecords (metadataPrefix=arXiv) XML, plain or .gz"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        return "<OAI-PMH" in head and "http://arxiv.org/OAI/arXiv/" in head

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        try:
            with open_binary(path) as stream:
                for number, record in enumerate(iter_elements(stream, "record"), start=1):
                    yield self._record(record, source, number)
        except ET.ParseError as e:
            yield SkippedEntry(source=source, line=e.position[0], reason=f"XML is malformed here ({e}); the rest of "
                               "the file cannot be read")  # fmt: skip

    def _record(self, record: ET.Element, source: str, number: int) -> PaperRecord | SkippedEntry:
        header = _find(record, "header")
        where = f"record {number}"
        if header is not None and header.get("status") == "deleted":
            return SkippedEntry(
                source=source, reason=f"{where}: deleted record", excerpt=_text(header, "identifier") or ""
            )
        arxiv_id = normalise_arxiv(_text(record, "id"))
        title = _text(record, "title")
        if arxiv_id is None or title is None:
            return SkippedEntry(source=source, reason=f"{where}: no arXiv id or no title")
        created = _text(record, "created")
        date = dt.date.fromisoformat(created) if created else None
        authors = []
        for author in (a for a in record.iter() if local(a.tag) == "author"):
            name = person_name(_text(author, "forenames"), _text(author, "keyname"), _text(author, "suffix"))
            affiliations = [
                InstitutionRef(name=decode_tex(text))
                for child in author
                if local(child.tag) == "affiliation" and (text := clean_text(child.text))
            ]
            if name:
                authors.append(AuthorRef(name=name, affiliations=affiliations))
        categories = arxiv_categories(_text(record, "categories"))
        return PaperRecord(
            title=decode_tex(title),
            authors=authors,
            authors_complete=bool(authors),
            author_count=len(authors) or None,
            date=date,
            date_precision="day" if date else None,
            category=categories[0] if categories else None,
            categories=categories,
            abstract=_text(record, "abstract"),
            ids=PaperIds(arxiv=arxiv_id, doi=normalise_doi(_text(record, "doi"))),
            journal_ref=_text(record, "journal-ref"),
            provenance=Provenance(source=source, line=None, format=self.name),
        )
