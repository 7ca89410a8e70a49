"""arXiv OAI-PMH ``ListRecords`` responses in the ``arXiv`` metadata format, streamed.

Each ``<record>`` holds ``<id>``, ``<created>``, ``<authors>`` (``<keyname>``, ``<forenames>``,
``<suffix>`` and any number of ``<affiliation>`` per author), ``<title>``, ``<categories>``,
``<doi>``, ``<journal-ref>`` and ``<abstract>``. Deleted records (``status="deleted"``) are
reported as skipped. Plain or ``.gz``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from graphkit.core.ids import normalise_arxiv
from graphkit.core.models import AuthorRef, InstitutionRef, Provenance, SkippedEntry
from graphkit.core.text import decode_tex
from graphkit.extract.arxiv_common import arxiv_record, person_name
from graphkit.extract.base import Entry
from graphkit.extract.dates import iso_date
from graphkit.extract.xmlstream import XmlRecordExtractor, child, child_text, local

__all__ = ["ArxivOaiExtractor", "affiliations_of"]


def affiliations_of(author: ET.Element) -> list[InstitutionRef]:
    """The ``affiliation`` children of an author element (OAI-PMH and Atom use the same name)."""
    names = (" ".join((c.text or "").split()) for c in author if local(c.tag) == "affiliation")
    return [InstitutionRef(name=decode_tex(name)) for name in names if name]


class ArxivOaiExtractor(XmlRecordExtractor):
    """arXiv OAI-PMH ListRecords, ``metadataPrefix=arXiv``."""

    name = "arxiv-oai"
    description = "arXiv OAI-PMH ListRecords (metadataPrefix=arXiv) XML, plain or .gz"
    record_tag = "record"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        return "<OAI-PMH" in head and "http://arxiv.org/OAI/arXiv/" in head

    def parse_element(self, element: ET.Element, source: str, number: int, line: int) -> Entry:
        header = child(element, "header")
        where = f"record {number}"
        if header is not None and header.get("status") == "deleted":
            return SkippedEntry(
                source=source,
                line=line,
                reason=f"{where}: deleted record",
                excerpt=child_text(header, "identifier") or "",
            )
        arxiv_id = normalise_arxiv(child_text(element, "id", deep=True))
        title = child_text(element, "title", deep=True)
        if arxiv_id is None or title is None:
            return SkippedEntry(source=source, line=line, reason=f"{where}: no arXiv id or no title")
        created = child_text(element, "created", deep=True)
        date = iso_date(created)
        if created and date is None:
            self.warn(f"{source}:{line}: {where}: created {created[:40]!r} is not a date; the paper is kept undated")
        authors = []
        for author in (a for a in element.iter() if local(a.tag) == "author"):
            name = person_name(
                child_text(author, "forenames"), child_text(author, "keyname"), child_text(author, "suffix")
            )
            if name:
                authors.append(AuthorRef(name=name, affiliations=affiliations_of(author)))
        return arxiv_record(
            title=title,
            authors=authors,
            date=date,
            categories_raw=child_text(element, "categories", deep=True),
            abstract=child_text(element, "abstract", deep=True),
            arxiv_id=arxiv_id,
            doi=child_text(element, "doi", deep=True),
            journal_ref=child_text(element, "journal-ref", deep=True),
            provenance=Provenance(source=source, line=line, format=self.name),
        )
