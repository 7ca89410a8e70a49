"""A keyword thesaurus in VOSviewer's format: terms to merge into another, or to leave out of a keyword map.

The file is tab-separated text with a header ``label<TAB>replace by``; each line names a term and what it becomes
(``humans<TAB>human``), or nothing to leave the term out (``article<TAB>``, for Scopus' document-type terms).
Terms are compared as keywords are (:func:`~graphkit.resolve.keywords.keyword_key`: case, accents and punctuation
ignored), so ``HUMANS`` and ``humans`` are one line's business. The same file VOSviewer reads works here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphkit.core.errors import InputFileError
from graphkit.extract.base import read_text_file
from graphkit.resolve.keywords import keyword_key

__all__ = ["Thesaurus", "read_thesaurus"]


@dataclass(frozen=True)
class Thesaurus:
    """Keyword keys and what they become: another keyword (its key and the name the file gives it) or nothing."""

    replacements: dict[str, tuple[str, str] | None]

    def apply(self, key: str) -> tuple[str, str] | bool | None:
        """``(key, name)`` a keyword becomes, ``None`` when it is left out, ``False`` when the file says nothing.

        Examples
        --------
        >>> t = Thesaurus({"humans": ("human", "human"), "article": None})
        >>> t.apply("humans"), t.apply("article"), t.apply("mouse")
        (('human', 'human'), None, False)
        """
        if key not in self.replacements:
            return False
        return self.replacements[key]


def read_thesaurus(path: str | Path) -> Thesaurus:
    """Read a thesaurus file (see the module notes).

    Raises
    ------
    InputFileError
        If the file cannot be read, has no ``label<TAB>replace by`` header, or a line is not ``term<TAB>term``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "thesaurus.txt"
    >>> _ = p.write_text("label\\treplace by\\nHUMANS\\thuman\\nArticle\\t\\n", "utf-8")
    >>> read_thesaurus(p).replacements
    {'humans': ('human', 'human'), 'article': None}
    """
    path = Path(path)
    lines = read_text_file(path).splitlines()
    header = [cell.strip().lower() for cell in lines[0].split("\t")] if lines else []
    if header[:2] != ["label", "replace by"]:
        raise InputFileError(
            path, "line 1 is not the header 'label<TAB>replace by'", "write the thesaurus as VOSviewer reads it"
        )
    replacements: dict[str, tuple[str, str] | None] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 2 or not keyword_key(cells[0]):
            raise InputFileError(
                path, f"line {number} is not 'term<TAB>replacement' ({line[:60]!r})",
                "separate the term and what it becomes by one tab (nothing after the tab leaves the term out)",
            )  # fmt: skip
        target = " ".join(cells[1].split())
        replacements[keyword_key(cells[0])] = (keyword_key(target), target) if keyword_key(target) else None
    return Thesaurus(replacements)
