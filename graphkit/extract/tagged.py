"""Field-tagged exports read into blocks of tagged values: Web of Science plain text and PubMed MEDLINE.

Both formats put one field per line under a short tag, with continuation lines indented:

* **Web of Science** ("Plain Text"): ``FN``/``VR`` header, then one record per ``PT`` … ``ER`` block; two-letter
  tags in columns 1–2, the value from column 4, continuation lines indented by three spaces; ``EF`` ends the file.
  In multi-valued fields (``AU``, ``AF``, ``CR``, ``C1``) each continuation line is one more value; in text
  fields (``TI``, ``AB``, ``SO``) it continues the same value.
* **MEDLINE**: records separated by blank lines, each starting with ``PMID-``; tags of up to four characters
  padded to four, then ``- ``; continuation lines indented by six spaces continue the value. A repeated tag
  (``AU``, ``FAU``, ``AD``, ``MH``) is one more value.

A :class:`TaggedBlock` keeps, for each tag, its occurrences in order and each occurrence's lines, with the line
number where the block starts, so that extractors decide per tag whether lines are values or one text, and every
problem is reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from graphkit.core.models import SkippedEntry

__all__ = ["TaggedBlock", "TaggedProblem", "read_tagged"]

Style = Literal["wos", "medline"]

_WOS_TAG = re.compile(r"^([A-Z][A-Z0-9]) (.*)$")
_WOS_BARE_TAG = re.compile(r"^([A-Z][A-Z0-9])$")
_MEDLINE_TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$")


@dataclass(frozen=True)
class TaggedProblem:
    """A line the format does not allow where it stands, or a block that never ends."""

    line: int
    reason: str
    excerpt: str = ""

    def skip(self, source: str) -> SkippedEntry:
        """The report of this problem as a skipped entry."""
        return SkippedEntry(source=source, line=self.line, reason=self.reason, excerpt=self.excerpt)


@dataclass
class TaggedBlock:
    """One record: each tag's occurrences, each a list of lines (stripped), and where it starts."""

    line: int
    fields: dict[str, list[list[str]]] = field(default_factory=dict)
    #: The line number of each tag's first line.
    lines: dict[str, int] = field(default_factory=dict)
    #: Every tag occurrence in file order (MEDLINE ties each ``AD`` to the ``FAU`` before it).
    order: list[str] = field(default_factory=list)
    #: Lines inside the block that break the format (the lines after one, up to the next tag, are not read).
    problems: list[TaggedProblem] = field(default_factory=list)

    def values(self, tag: str) -> list[str]:
        """Every line of every occurrence of ``tag``: the values of a multi-valued field.

        Examples
        --------
        >>> block = TaggedBlock(1, {"AU": [["Kim, S", "Lee, J"]]})
        >>> block.values("AU"), block.values("TI")
        (['Kim, S', 'Lee, J'], [])
        """
        return [line for occurrence in self.fields.get(tag, []) for line in occurrence]

    def texts(self, tag: str) -> list[str]:
        """Each occurrence of ``tag`` as one text, its lines joined by spaces.

        Examples
        --------
        >>> TaggedBlock(1, {"TI": [["A LONG", "TITLE"]]}).texts("TI")
        ['A LONG TITLE']
        """
        return [" ".join(occurrence) for occurrence in self.fields.get(tag, [])]

    def text(self, tag: str) -> str | None:
        """The first occurrence of ``tag`` as one text, or ``None``."""
        found = self.texts(tag)
        return found[0] if found else None

    def broken(self, source: str, advice: str) -> SkippedEntry | None:
        """The skip of this record when a line inside it breaks the format (its first such line), else ``None``.

        Examples
        --------
        >>> block = TaggedBlock(3, problems=[TaggedProblem(5, "not a field line", "AUKim")])
        >>> block.broken("a.txt", "fix the line").reason
        "record starting at line 3: line 5 is not a field line ('AUKim'); the record is skipped — fix the line"
        """
        if not self.problems:
            return None
        problem = self.problems[0]
        excerpt = f" ({problem.excerpt!r})" if problem.excerpt else ""
        return SkippedEntry(
            source=source, line=problem.line,
            reason=f"record starting at line {self.line}: line {problem.line} is {problem.reason}{excerpt}; the "
            f"record is skipped — {advice}",
            excerpt=problem.excerpt,
        )  # fmt: skip


def read_tagged(lines: Iterable[str], style: Style) -> Iterator[TaggedBlock | TaggedProblem]:
    """The blocks of a field-tagged export, and a :class:`TaggedProblem` for each line outside a block that breaks
    the format (those inside a block are in its ``problems``).

    ``lines`` are the file's lines (a byte-order mark on the first is ignored).

    Examples
    --------
    >>> wos = ["FN Clarivate", "VR 1.0", "PT J", "AU Kim, S", "   Lee, J", "TI A", "   B", "ER", "", "EF"]
    >>> [(b.line, b.values("AU"), b.text("TI")) for b in read_tagged(wos, "wos")]
    [(3, ['Kim, S', 'Lee, J'], 'A B')]
    >>> medline = ["PMID- 1", "AU  - Kim S", "AU  - Lee J", "TI  - A", "      B", "", "PMID- 2", "TI  - C"]
    >>> [(b.line, b.values("AU"), b.text("TI")) for b in read_tagged(medline, "medline")]
    [(1, ['Kim S', 'Lee J'], 'A B'), (7, [], 'C')]
    """
    reader = _read_wos if style == "wos" else _read_medline
    yield from reader(enumerate(lines, start=1))


def _report(problem: TaggedProblem, block: TaggedBlock | None) -> Iterator[TaggedProblem]:
    """A broken line inside a record is that record's problem; outside one, a problem of its own (yielded)."""
    if block is None:
        yield problem
    else:
        block.problems.append(problem)


def _read_wos(numbered: Iterable[tuple[int, str]]) -> Iterator[TaggedBlock | TaggedProblem]:
    block: TaggedBlock | None = None
    current: list[str] | None = None
    for number, raw in numbered:
        line = raw.lstrip("\ufeff").rstrip("\r\n")
        if not line.strip():
            continue
        if line.startswith("   ") and line.strip():
            if current is not None:
                current.append(line.strip())
            elif block is None:
                yield TaggedProblem(number, "a continuation line outside any record", line.strip()[:80])
            continue  # else the continuation of a broken line, already reported
        tagged = _WOS_TAG.match(line) or _WOS_BARE_TAG.match(line)
        if tagged is None:
            yield from _report(TaggedProblem(number, "not a field line (a two-letter tag, a space, the value)",
                                             line[:80]), block)  # fmt: skip
            current = None
            continue
        tag, value = tagged[1], (tagged[2] if tagged.lastindex and tagged.lastindex > 1 else "").strip()
        if tag in {"FN", "VR", "EF"} and block is None:
            current = None
            continue
        if tag == "PT":
            if block is not None:
                yield TaggedProblem(block.line, "the record has no ER line before the next PT: its end is unknown")
            block = TaggedBlock(number)
        elif block is None:
            yield TaggedProblem(number, f"field {tag} outside any record (no PT line before it)", line[:80])
            current = None
            continue
        if tag == "ER":
            yield block
            block, current = None, None
            continue
        current = [value] if value else []
        block.fields.setdefault(tag, []).append(current)
        block.lines.setdefault(tag, number)
        block.order.append(tag)
    if block is not None:
        yield TaggedProblem(block.line, "the file ends inside a record (no ER line): it is incomplete")


def _read_medline(numbered: Iterable[tuple[int, str]]) -> Iterator[TaggedBlock | TaggedProblem]:
    block: TaggedBlock | None = None
    current: list[str] | None = None
    for number, raw in numbered:
        line = raw.lstrip("\ufeff").rstrip("\r\n")
        if not line.strip():
            if block is not None:
                yield block
            block, current = None, None
            continue
        if line.startswith("      "):
            if current is not None:
                current.append(line.strip())
            elif block is None:
                yield TaggedProblem(number, "a continuation line outside any record", line.strip()[:80])
            continue
        tagged = _MEDLINE_TAG.match(line)
        if tagged is None or len(line) < 5 or line[4] != "-":
            yield from _report(
                TaggedProblem(number, "not a field line (a tag padded to four characters, then '- ')", line[:80]), block
            )
            current = None
            continue
        tag, value = tagged[1], tagged[2].strip()
        if block is None:
            if tag != "PMID":
                yield TaggedProblem(number, f"a record starts with {tag}, not PMID", line[:80])
            block = TaggedBlock(number)
        current = [value] if value else []
        block.fields.setdefault(tag, []).append(current)
        block.lines.setdefault(tag, number)
        block.order.append(tag)
    if block is not None:
        yield block
