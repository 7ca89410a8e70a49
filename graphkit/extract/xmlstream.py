"""Streaming XML: yield the elements of one tag as they complete, then free them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from abc import abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import IO, ClassVar

from graphkit.core.models import SkippedEntry
from graphkit.extract.base import Entry, Extractor
from graphkit.extract.textio import open_binary

__all__ = ["XmlRecordExtractor", "child", "child_text", "children_text", "iter_elements", "local"]


def local(tag: str) -> str:
    """A tag without its namespace: ``{http://www.w3.org/2005/Atom}entry`` → ``entry``."""
    return tag.rsplit("}", 1)[-1]


def iter_elements(stream: IO[bytes], tag: str) -> Iterator[ET.Element]:
    """Yield every element named ``tag`` (any namespace) once parsed, clearing it afterwards.

    Python's expat parser expands no external entities and rejects the classic exponential
    entity-expansion attacks, so untrusted downloads are safe to read.
    """
    for _event, element in ET.iterparse(stream, events=("end",)):
        if local(element.tag) == tag:
            yield element
            element.clear()


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
        try:
            with open_binary(path) as stream:
                for number, element in enumerate(iter_elements(stream, self.record_tag), start=1):
                    yield self.parse_element(element, source, number)
        except ET.ParseError as e:
            yield SkippedEntry(source=source, line=e.position[0], reason=f"XML is malformed here ({e}); the rest of "
                               "the file cannot be read")  # fmt: skip

    @abstractmethod
    def parse_element(self, element: ET.Element, source: str, number: int) -> Entry:
        """Turn the ``number``-th record element into a record or a skip."""
