"""BibTeX files: every ``@type{key, field = {…} | "…" | number, …}`` entry becomes a record.

A small brace-aware scanner, so that nested braces (``Tensor{F}low``), quoted values, ``#``
concatenation, ``@string`` macros, ``@comment`` and ``@preamble`` blocks are handled and a broken
entry is skipped with its line without losing the rest of the file. Authors are split on ``and``
and turned from ``Last, First`` into ``First Last``; TeX accents become Unicode; ``and others`` and
``et al.`` mark the byline incomplete. ``doi``, ``eprint`` (arXiv) and arXiv URLs become ids.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from graphkit.core.errors import ExtractionError
from graphkit.core.ids import normalise_arxiv, normalise_doi
from graphkit.core.models import AuthorRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.core.text import decode_tex, decode_tex_text
from graphkit.extract.arxiv_common import clean_text
from graphkit.extract.base import RECORD_DATA_ERRORS, Entry, PageExtractor, unreadable_record
from graphkit.extract.dates import year_start

__all__ = ["BibtexExtractor", "bibtex_names"]

_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
_SNIFF = re.compile(r"^\s*@\s*(article|inproceedings|book|misc)\s*[{(]", re.IGNORECASE | re.MULTILINE)
_LINE_ENTRY_START = re.compile(r"^[ \t]*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_FIELD_NAME = re.compile(r"\s*([A-Za-z][\w\-:.]*)\s*=\s*")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_BRACE_RUNS = re.compile(r"\{+|\}+")
_BRACKET_RUNS = re.compile(r"[{(]+|[})]+")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def bibtex_names(text: str) -> tuple[list[str], bool]:
    """Names from a BibTeX author field, and whether the list is complete.

    Examples
    --------
    >>> bibtex_names("Abadi, Mart{\\\\'\\\\i}n and Barham, Paul and et al.")
    (['Martín Abadi', 'Paul Barham'], False)
    >>> bibtex_names("Yann LeCun and L{\\\\'e}on Bottou")
    (['Yann LeCun', 'Léon Bottou'], True)
    """
    names, complete = [], True
    for part in _AND.split(" ".join(text.split())):
        part = part.strip()
        if part.lower() in {"others", "et al.", "et al"}:
            complete = False
            continue
        pieces = [p.strip() for p in _split_top_level(part, ",")]
        if len(pieces) == 3:  # Last, Jr, First
            part = f"{pieces[2]} {pieces[0]} {pieces[1]}"
        elif len(pieces) == 2:
            part = f"{pieces[1]} {pieces[0]}"
        name = " ".join(decode_tex(part).split())
        if name:
            names.append(name)
    return names, complete


def _split_top_level(text: str, separator: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


class BibtexExtractor(PageExtractor):
    """BibTeX bibliography files."""

    name = "bibtex"
    description = "BibTeX (.bib): articles, proceedings papers, books, theses, reports"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        return path.suffix.lower() == ".bib" or bool(_SNIFF.search(head))

    def parse_page(self, lines: list[str], source: str) -> Iterator[Entry]:
        text = "\n".join(lines)
        macros: dict[str, str] = {}
        position = 0
        # Line numbers are counted on from the previous entry, never from the start: linear in the file's size.
        counted_to, line = 0, 1
        next_line_entry: int | None = -1  # where the next entry that starts a line begins (None: there is none)
        while (match := _ENTRY_START.search(text, position)) is not None:
            kind = match[1].lower()
            line += text.count("\n", counted_to, match.start())
            counted_to = match.start()
            if next_line_entry is not None and next_line_entry < match.end():  # searched again only once passed
                next_found = _LINE_ENTRY_START.search(text, match.end())
                next_line_entry = next_found.start() if next_found else None
            limit = next_line_entry if next_line_entry is not None else len(text)
            try:
                body, position = _balanced(text, match.end() - 1, limit)
            except ExtractionError as e:
                # Resume at the next entry that starts a line, so one broken entry costs only itself.
                excerpt = text[match.start() : limit][:120]
                yield SkippedEntry(source=source, line=line, reason=f"@{kind}: {e.reason}", excerpt=excerpt)
                position = limit
                continue
            if kind in {"comment", "preamble"}:
                continue
            try:
                key, fields = _parse_body(body, macros)
            except ExtractionError as e:
                yield SkippedEntry(source=source, line=line, reason=f"@{kind}: {e.reason}", excerpt=body[:120])
                continue
            if kind == "string":
                macros.update({k.lower(): v for k, v in fields.items()})
                continue
            try:
                yield self._record(kind, key, fields, source, line)
            except RECORD_DATA_ERRORS as e:
                yield unreadable_record(source, line, f"@{kind}{{{key}}}", e, body[:120])

    def _record(
        self, kind: str, key: str, fields: dict[str, str], source: str, line: int
    ) -> PaperRecord | SkippedEntry:
        title = clean_text(decode_tex(fields.get("title", "")))
        if not title:
            return SkippedEntry(source=source, line=line, reason=f"@{kind}{{{key}}} has no title", excerpt=key)
        names, complete = bibtex_names(fields.get("author") or fields.get("editor") or "")
        year_text = (fields.get("year") or "").strip()
        year_date = year_start(year_text[:4]) if year_text[:4].isdigit() else None
        if year_text and year_date is None:
            self.warn(f"{source}:{line}: year {year_text[:20]!r} is not a year; the entry is kept undated")
        year = year_date.year if year_date else None
        month = _MONTHS.get((fields.get("month") or "").strip().lower()[:3])
        arxiv = (
            normalise_arxiv(fields.get("eprint"))
            if (fields.get("archiveprefix") or "arxiv").lower() == "arxiv"
            else None
        )
        arxiv = arxiv or normalise_arxiv(fields.get("url"))
        venue = fields.get("journal") or fields.get("booktitle") or fields.get("publisher") or fields.get("school")
        return PaperRecord(
            title=title,
            authors=[AuthorRef(name=n) for n in names],
            authors_complete=complete and bool(names),
            author_count=len(names) if complete and names else None,
            date=dt.date(year, month or 1, 1) if year else None,
            date_precision=("month" if month else "year") if year else None,
            abstract=clean_text(decode_tex_text(fields["abstract"])) if fields.get("abstract") else None,
            ids=PaperIds(doi=normalise_doi(fields.get("doi")), arxiv=arxiv),
            venue=clean_text(decode_tex(venue)) if venue else None,
            provenance=Provenance(source=source, line=line, format=self.name),
        )


def _balanced(text: str, start: int, stop: int | None = None) -> tuple[str, int]:
    """The text inside the brackets opening at ``start``, and the position after them.

    A regex visits runs of brackets, not characters (a run of a thousand ``{`` is one step), and never past
    ``stop``: a broken entry costs the text up to the next entry, not the rest of the file.
    """
    runs = _BRACE_RUNS if text[start] == "{" else _BRACKET_RUNS  # "(…)" entries count braces too
    stop = len(text) if stop is None else stop
    depth = 0
    for match in runs.finditer(text, start, stop):
        length = match.end() - match.start()
        if match[0][0] in "{(":
            depth += length
        elif length >= depth:
            close = match.start() + depth - 1
            return text[start + 1 : close], close + 1
        else:
            depth -= length
    if stop < len(text):
        raise ExtractionError("unbalanced braces: the entry runs into the next one")
    raise ExtractionError("unbalanced braces: the entry never closes")


def _parse_body(body: str, macros: dict[str, str]) -> tuple[str, dict[str, str]]:
    key, _, rest = body.partition(",")
    if "=" in key:  # @string{name = value} has no key
        key, rest = "", body
    fields: dict[str, str] = {}
    position = 0
    while position < len(rest):
        match = _FIELD_NAME.match(rest, position)
        if match is None:
            if rest[position:].strip(" \t\n,"):
                raise ExtractionError(f"cannot read a field at {rest[position : position + 30]!r}")
            break
        value, position = _value(rest, match.end(), macros)
        fields[match[1].lower()] = value
        while position < len(rest) and rest[position] in " \t\n,":
            position += 1
    return key.strip(), fields


def _value(text: str, position: int, macros: dict[str, str]) -> tuple[str, int]:
    parts = []
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            raise ExtractionError("a field has no value")
        char = text[position]
        if char == "{":
            inner, position = _balanced(text, position)
            parts.append(inner)
        elif char == '"':
            end = position + 1
            depth = 0
            while end < len(text) and (text[end] != '"' or depth):
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            parts.append(text[position + 1 : end])
            position = end + 1
        else:
            match = re.match(r"[\w\-:.]+", text[position:])
            if match is None:
                raise ExtractionError(f"cannot read a value at {text[position : position + 30]!r}")
            word = match[0]
            parts.append(macros.get(word.lower(), _MONTH_NAMES.get(word.lower(), word)))
            position += len(word)
        while position < len(text) and text[position].isspace():
            position += 1
        if position < len(text) and text[position] == "#":
            position += 1
            continue
        return "".join(parts), position


_MONTH_NAMES = {m: m for m in _MONTHS}
