"""Text as file formats can hold it: XML 1.0's characters, and what a node is called."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["label_of", "xml_text"]

_XML_FORBIDDEN = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff\\ud800-\\udfff]")


def label_of(node: object, data: dict[str, Any]) -> str:
    """What a node is called on a map: the person's name, the paper's title, else its id.

    Examples
    --------
    >>> label_of("gk-a-1", {"name": "Ann Lee"}), label_of("gk-p-1", {"title": ""})
    ('Ann Lee', 'gk-p-1')
    """
    return str(data.get("name") or data.get("title") or node)


def xml_text(text: str) -> str:
    """``text`` with each character XML 1.0 cannot hold (control characters but tab and line breaks, U+FFFE,
    U+FFFF, lone surrogates) replaced by U+FFFD; XML libraries escape the rest.

    Examples
    --------
    >>> xml_text("a\\x00b\\tc")
    'a\\ufffdb\\tc'
    """
    return _XML_FORBIDDEN.sub("\ufffd", text)
