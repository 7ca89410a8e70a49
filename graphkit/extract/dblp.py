"""DBLP XML (``dblp.xml`` or an excerpt): streamed, ISO-8859-1, HTML entities without the DTD.

dblp.xml declares ~250 HTML character entities (``&uuml;``) in its DTD. Loading a DTD is where
entity-expansion attacks live, so graphkit never does: the byte stream is decoded, every named
entity except XML's own five is rewritten to its numeric character reference from Python's HTML
entity table, and the result is fed to a pull parser in chunks (memory stays flat on the 3 GB
full file). An unknown entity is kept as literal text and reported.

Publication elements (``article``, ``inproceedings``, ``proceedings``, ``book``, ``incollection``,
``phdthesis``, ``mastersthesis``) become records; ``www`` person pages are skipped and counted.
Names carrying DBLP's homonym number (``Wei Wang 0001``) keep it as the person's DBLP id.
"""

from __future__ import annotations

import datetime as dt
import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from graphkit.core.ids import normalise_arxiv, normalise_doi, normalise_orcid
from graphkit.core.models import AuthorIds, AuthorRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.extract.arxiv_common import clean_text
from graphkit.extract.base import Entry, Extractor
from graphkit.extract.textio import open_binary

__all__ = ["DblpExtractor"]

PUBLICATIONS = frozenset(
    {"article", "inproceedings", "proceedings", "book", "incollection", "phdthesis", "mastersthesis"}
)
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
# The declaration (its encoding no longer applies to decoded text) and the whole DOCTYPE,
# internal subset included: no entity a document declares is ever expanded.
_PROLOGUE = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.DOTALL)
_HOMONYM = re.compile(r"^(.*\S)\s+(\d{4})$")
_CHUNK = 1 << 20


class DblpExtractor(Extractor):
    """DBLP XML records."""

    name = "dblp"
    description = "DBLP XML (dblp.xml or an excerpt; ISO-8859-1, HTML entities, no DTD needed), plain or .gz"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        return "<!DOCTYPE dblp" in head or "<dblp>" in head

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
        unknown: set[str] = set()
        depth = 0
        with open_binary(path) as stream:
            for text in _entity_safe_text(stream, unknown):
                try:
                    parser.feed(text)
                    events = list(parser.read_events())
                except ET.ParseError as e:
                    yield SkippedEntry(source=source, line=e.position[0], reason=f"XML is malformed here ({e}); "
                                       "the rest of the file cannot be read")  # fmt: skip
                    return
                for event_and_element in events:
                    event, element = event_and_element  # type: ignore[misc]
                    if event == "start":
                        depth += 1
                        continue
                    depth -= 1
                    if depth == 1 and isinstance(element, ET.Element):  # a direct child of <dblp>
                        yield self._record(element, source)
                        element.clear()
        if unknown:
            self.warn(f"{source}: unknown entities kept as text: {', '.join(sorted(unknown))}")

    def _record(self, element: ET.Element, source: str) -> PaperRecord | SkippedEntry:
        key = element.get("key")
        if element.tag not in PUBLICATIONS:
            return SkippedEntry(source=source, reason=f"<{element.tag}> is not a publication (person pages and "
                                "other entries are not papers)", excerpt=key or "")  # fmt: skip
        title = (
            clean_text("".join(next(element.iter("title")).itertext())) if element.find("title") is not None else None
        )
        if not key or not title:
            return SkippedEntry(source=source, reason=f"<{element.tag}> without key or title", excerpt=key or "")
        authors = [self._person(a) for a in element.findall("author")] or [
            self._person(a) for a in element.findall("editor")
        ]
        year_text = element.findtext("year")
        year = int(year_text) if year_text and year_text.strip().isdigit() else None
        links = [(ee.text or "").strip() for ee in element.findall("ee")]
        doi = next((d for d in map(normalise_doi, links) if d), None)
        arxiv = next((normalise_arxiv(link) for link in links if "arxiv.org" in link), None)
        return PaperRecord(
            title=title.rstrip("."),
            authors=authors,
            authors_complete=bool(authors),
            author_count=len(authors) or None,
            date=dt.date(year, 1, 1) if year else None,
            date_precision="year" if year else None,
            ids=PaperIds(dblp=key, doi=doi, arxiv=arxiv),
            venue=clean_text(
                element.findtext("journal") or element.findtext("booktitle") or element.findtext("school")
            ),
            provenance=Provenance(source=source, format=self.name),
        )

    @staticmethod
    def _person(element: ET.Element) -> AuthorRef:
        full = clean_text("".join(element.itertext())) or ""
        match = _HOMONYM.match(full)
        name = match[1] if match else full
        orcid = normalise_orcid(element.get("orcid"))
        ids = AuthorIds(dblp=full if match else None, orcid=orcid)
        return AuthorRef(name=name, ids=ids if ids.dblp or ids.orcid else None)


def _entity_safe_text(stream: object, unknown: set[str]) -> Iterator[str]:
    """Decoded text chunks with HTML entities turned into character references and the prologue removed."""
    carry = ""
    first = True
    while True:
        chunk = stream.read(_CHUNK)  # type: ignore[attr-defined]
        text = carry + chunk.decode("iso-8859-1")
        if chunk:
            # Hold back a trailing partial entity ("&uu") until the next chunk completes it.
            cut = text.rfind("&")
            if cut != -1 and ";" not in text[cut:]:
                text, carry = text[:cut], text[cut:]
            else:
                carry = ""
        if first:
            text = _PROLOGUE.sub("", text, count=2)
            first = False
        yield _ENTITY.sub(lambda m: _replace(m, unknown), text)
        if not chunk:
            return


def _replace(match: re.Match[str], unknown: set[str]) -> str:
    name = match[1]
    if name in _XML_ENTITIES:
        return match[0]
    codepoint = html.entities.name2codepoint.get(name)
    if codepoint is None:
        unknown.add(name)
        return "&amp;" + name + ";"
    return f"&#{codepoint};"
