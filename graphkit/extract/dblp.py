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

import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from graphkit.core.ids import normalise_arxiv, normalise_doi, normalise_orcid
from graphkit.core.models import AuthorIds, AuthorRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.extract.arxiv_common import clean_text
from graphkit.extract.base import RECORD_DATA_ERRORS, Entry, Extractor, unreadable_record
from graphkit.extract.dates import year_start
from graphkit.extract.textio import open_binary
from graphkit.extract.xmlstream import MAX_XML_DEPTH, BrokenXmlError, count_unread, feed_lines

__all__ = ["DblpExtractor"]

PUBLICATIONS = frozenset(
    {"article", "inproceedings", "proceedings", "book", "incollection", "phdthesis", "mastersthesis"}
)
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
# The declaration (its encoding no longer applies to decoded text) and the whole DOCTYPE, internal subset
# included: no entity a document declares is ever expanded. Matched once, at the start of the file, with no
# quantifier that can backtrack: linear however the rest of the file looks.
_PROLOGUE = re.compile(r"\A\s*(?:<\?xml[^>]*\?>)?\s*(?:<!DOCTYPE[^\[>]*(?:\[[^\]]*\])?\s*>)?")
_PROLOGUE_BYTES = 1 << 16
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_PUBLICATION_TAGS = "|".join(sorted(PUBLICATIONS)).encode()
_HOMONYM = re.compile(r"^(.*\S)\s+(\d{4})$")


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
        depth, start_line, read = 0, 0, 0
        broken: BrokenXmlError | None = None
        with open_binary(path) as stream:
            for line, text in _entity_safe_lines(stream, unknown):
                try:
                    parser.feed(text)
                    events = list(parser.read_events())
                except ET.ParseError as e:
                    rest = text[e.position[1] :].encode("iso-8859-1", "replace") if e.position[0] == line else b""
                    broken = BrokenXmlError(e.position[0], f"XML is malformed here ({e})", rest)
                    break
                for event, element in events:  # type: ignore[misc]
                    if not isinstance(element, ET.Element):
                        continue
                    if event == "start":
                        depth += 1
                        start_line = line if depth == 2 else start_line
                        if depth > MAX_XML_DEPTH:
                            broken = BrokenXmlError(line, f"elements are nested more than {MAX_XML_DEPTH:,} deep")
                            break
                        continue
                    depth -= 1
                    if depth == 1:  # a direct child of <dblp>
                        yield self._guarded(element, source, start_line)
                        read += 1
                        element.clear()
                if broken is not None:
                    break
            else:
                try:
                    parser.close()
                except ET.ParseError as e:
                    broken = BrokenXmlError(e.position[0], f"XML ends before its document does ({e})")
            if broken is not None:
                yield broken.skip(source, count_unread(stream, broken.rest, _PUBLICATION_TAGS), "publication", read)
        if unknown:
            self.warn(f"{source}: unknown entities kept as text: {', '.join(sorted(unknown))}")

    def _guarded(self, element: ET.Element, source: str, line: int) -> PaperRecord | SkippedEntry:
        try:
            return self._record(element, source, line)
        except RECORD_DATA_ERRORS as e:
            return unreadable_record(source, line, f"<{element.tag}>", e, element.get("key") or "")

    def _record(self, element: ET.Element, source: str, line: int) -> PaperRecord | SkippedEntry:
        key = element.get("key")
        if element.tag not in PUBLICATIONS:
            return SkippedEntry(source=source, line=line, reason=f"<{element.tag}> is not a publication (person pages "
                                "and other entries are not papers)", excerpt=key or "")  # fmt: skip
        title = (
            clean_text("".join(next(element.iter("title")).itertext())) if element.find("title") is not None else None
        )
        if not key or not title:
            return SkippedEntry(
                source=source, line=line, reason=f"<{element.tag}> without key or title", excerpt=key or ""
            )
        authors = [self._person(a) for a in element.findall("author")] or [
            self._person(a) for a in element.findall("editor")
        ]
        year_text = element.findtext("year")
        date = year_start(year_text)
        if year_text and date is None:
            self.warn(f"{source}:{line}: <year> {year_text[:20]!r} is not a year; the paper is kept undated")
        links = [(ee.text or "").strip() for ee in element.findall("ee")]
        doi = next((d for d in map(normalise_doi, links) if d), None)
        arxiv = next((normalise_arxiv(link) for link in links if "arxiv.org" in link), None)
        return PaperRecord(
            title=title.rstrip("."),
            authors=authors,
            authors_complete=bool(authors),
            author_count=len(authors) or None,
            date=date,
            date_precision="year" if date else None,
            ids=PaperIds(dblp=key, doi=doi, arxiv=arxiv),
            venue=clean_text(
                element.findtext("journal") or element.findtext("booktitle") or element.findtext("school")
            ),
            provenance=Provenance(source=source, line=line, format=self.name),
        )

    @staticmethod
    def _person(element: ET.Element) -> AuthorRef:
        full = clean_text("".join(element.itertext())) or ""
        match = _HOMONYM.match(full)
        name = match[1] if match else full
        orcid = normalise_orcid(element.get("orcid"))
        ids = AuthorIds(dblp=full if match else None, orcid=orcid)
        return AuthorRef(name=name, ids=ids if ids.dblp or ids.orcid else None)


def _entity_safe_lines(stream: IO[bytes], unknown: set[str]) -> Iterator[tuple[int, str]]:
    """The stream decoded a line at a time, with its line number, HTML entities turned into character references
    and the prologue blanked out (its line breaks kept, so line numbers stay the file's)."""
    pieces = feed_lines(stream)
    head: list[bytes] = []
    for _line, piece in pieces:
        head.append(piece)
        if sum(map(len, head)) >= _PROLOGUE_BYTES:
            break
    text = _PROLOGUE.sub(lambda m: "\n" * m[0].count("\n"), b"".join(head).decode("iso-8859-1"), count=1)

    def decoded() -> Iterator[tuple[int, str]]:
        line = 1
        for part in _LINE.findall(text):
            yield line, part
            line += part.count("\n")
        for number, piece in pieces:
            yield number, piece.decode("iso-8859-1")

    carry = ""
    for line, decoded_piece in decoded():
        part = carry + decoded_piece
        # Hold back a trailing partial entity ("&uu") until the next piece completes it (a line over 1 MiB).
        cut = part.rfind("&")
        if cut != -1 and not part.endswith("\n") and ";" not in part[cut:] and len(part) - cut < 40:
            part, carry = part[:cut], part[cut:]
        else:
            carry = ""
        yield line, _ENTITY.sub(lambda m: _replace(m, unknown), part)
    if carry:
        yield 0, _ENTITY.sub(lambda m: _replace(m, unknown), carry)


def _replace(match: re.Match[str], unknown: set[str]) -> str:
    name = match[1]
    if name in _XML_ENTITIES:
        return match[0]
    codepoint = html.entities.name2codepoint.get(name)
    if codepoint is None:
        unknown.add(name)
        return "&amp;" + name + ";"
    return f"&#{codepoint};"
