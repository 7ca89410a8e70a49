"""Streaming XML: yield the elements of one tag as they complete, with the line each starts on, then free them.

The stream is fed to the parser a line at a time (at most 1 MiB at once), so every event is known to come from
the line just fed: records and their skips carry the line they start on, and a file that stops being well-formed
is reported at its line with the number of records after that point that could not be read. Elements nested more
than :data:`MAX_XML_DEPTH` deep end the reading the same way: no metadata format nests a tenth as deep.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from abc import abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import IO, ClassVar

from graphkit.core.errors import GraphkitError, InputFileError
from graphkit.core.models import SkippedEntry
from graphkit.extract.base import RECORD_DATA_ERRORS, Entry, Extractor, unreadable_record
from graphkit.extract.textio import open_binary

__all__ = [
    "MAX_XML_DEPTH",
    "BrokenXmlError",
    "XmlRecordExtractor",
    "child",
    "child_text",
    "children_text",
    "count_unread",
    "feed_lines",
    "iter_elements",
    "local",
]

MAX_XML_DEPTH = 1000
"""Deepest element nesting read; deeper is reported as a broken stream."""
_PIECE = 1 << 20


class BrokenXmlError(GraphkitError):
    """The XML stream cannot be read past ``line``: malformed there, or nested too deep (caught by the readers,
    which report it as a skip with the records it cost)."""

    def __init__(self, line: int, reason: str, rest: bytes = b"") -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason
        #: What the parser was given after the point of failure (records there are lost too).
        self.rest = rest

    def skip(self, source: str, unread: int, what: str, read: int) -> SkippedEntry:
        """The report of the break: where, why, and the ``unread`` ``what`` records after it that are lost."""
        return SkippedEntry(source=source, line=self.line, reason=f"{self.reason}; the rest of the file cannot be "
                            f"read: {unread:,} more {what} record(s) after this point are lost (and any record open "
                            f"here); {read:,} were read before it")  # fmt: skip


def feed_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """The stream in pieces of at most one line (and at most 1 MiB), each with the line it starts on."""
    line = 1
    while piece := stream.readline(_PIECE):
        yield line, piece
        line += piece.count(b"\n")


def count_unread(stream: IO[bytes], rest: bytes, tag_pattern: bytes) -> int:
    """How many start tags matching ``tag_pattern`` remain in ``rest`` and the unread part of ``stream``."""
    pattern = re.compile(rb"<(?:[\w.-]+:)?(?:" + tag_pattern + rb")[\s/>]")
    count = len(pattern.findall(rest))
    carry = b""
    while chunk := stream.read(_PIECE):
        text = carry + chunk
        cut = max(0, len(text) - 256)  # a tag cut between chunks is counted with the next one
        count += len(pattern.findall(text, 0, cut))
        carry = text[cut:]
    return count + len(pattern.findall(carry))


def _unsupported_encoding(path: str, error: Exception) -> InputFileError:
    return InputFileError(
        path,
        f"the XML declares an encoding the reader does not support ({error})",
        "re-save it as UTF-8 (e.g. `iconv -f ENCODING -t utf-8 FILE`) and fix the encoding in its <?xml ?> line",
    )


def local(tag: str) -> str:
    """A tag without its namespace: ``{http://www.w3.org/2005/Atom}entry`` → ``entry``."""
    return tag.rsplit("}", 1)[-1]


def iter_elements(stream: IO[bytes], tag: str, *, source: str = "<stream>") -> Iterator[tuple[ET.Element, int]]:
    """Yield every element named ``tag`` (any namespace) once parsed, with the line its start tag is on, clearing
    it afterwards.

    Python's expat parser expands no external entities and rejects the classic exponential
    entity-expansion attacks, so untrusted downloads are safe to read.

    Raises
    ------
    BrokenXmlError
        Where the XML stops being well-formed or nests deeper than :data:`MAX_XML_DEPTH`.
    InputFileError
        If the XML declares an encoding the parser does not support.
    """
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    depth = 0
    start_line = 0
    for line, piece in feed_lines(stream):
        try:
            parser.feed(piece)
            events = list(parser.read_events())
        except ET.ParseError as e:
            rest = piece[e.position[1] :] if e.position[0] == line else b""
            raise BrokenXmlError(e.position[0], f"XML is malformed here ({e})", rest) from e
        except (LookupError, ValueError) as e:
            raise _unsupported_encoding(source, e) from e
        for event, element in events:  # type: ignore[misc]
            if not isinstance(element, ET.Element):
                continue
            if event == "start":
                depth += 1
                if depth > MAX_XML_DEPTH:
                    raise BrokenXmlError(line, f"elements are nested more than {MAX_XML_DEPTH:,} deep")
                if local(element.tag) == tag:
                    start_line = line
                continue
            depth -= 1
            if local(element.tag) == tag:
                yield element, start_line
                element.clear()
    try:
        parser.close()
    except ET.ParseError as e:
        raise BrokenXmlError(e.position[0], f"XML ends before its document does ({e})") from e


def children_text(element: ET.Element, name: str) -> list[str]:
    """Text of every direct child named ``name`` (any namespace)."""
    return [(child.text or "").strip() for child in element if local(child.tag) == name]


def child(element: ET.Element, name: str, *, deep: bool = False) -> ET.Element | None:
    """The first child (or, with ``deep``, descendant) named ``name``, any namespace."""
    candidates = element.iter() if deep else iter(element)
    return next((c for c in candidates if local(c.tag) == name), None)


def child_text(element: ET.Element, name: str, *, deep: bool = False) -> str | None:
    """Whitespace-collapsed text of :func:`child`, or ``None`` when absent or empty."""
    found = child(element, name, deep=deep)
    text = " ".join((found.text or "").split()) if found is not None else ""
    return text or None


class XmlRecordExtractor(Extractor):
    """Base of XML formats with one record per repeated element: streams them, reports a broken file."""

    #: The element holding one record (namespace-free name).
    record_tag: ClassVar[str]

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        with open_binary(path) as stream:
            number = 0
            try:
                for number, (element, line) in enumerate(iter_elements(stream, self.record_tag, source=source), 1):
                    try:
                        yield self.parse_element(element, source, number, line)
                    except RECORD_DATA_ERRORS as e:
                        yield unreadable_record(source, line, f"<{self.record_tag}> {number}", e)
            except BrokenXmlError as broken:
                unread = count_unread(stream, broken.rest, re.escape(self.record_tag).encode())
                yield broken.skip(source, unread, f"<{self.record_tag}>", number)

    @abstractmethod
    def parse_element(self, element: ET.Element, source: str, number: int, line: int) -> Entry:
        """Turn the ``number``-th record element, starting on ``line``, into a record or a skip."""
