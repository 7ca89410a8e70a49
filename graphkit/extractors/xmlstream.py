"""Streaming XML: yield the elements of one tag as they complete, then free them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO

__all__ = ["children_text", "iter_elements", "local"]


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
