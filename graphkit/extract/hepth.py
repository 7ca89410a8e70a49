"""Legacy arXiv ``.abs`` files (the KDD Cup 2003 hep-th corpus) and dated citation edge lists.

``.abs`` layout: a rule line, ``\\\\``, header fields (``Paper: hep-th/0002031``, ``From:``,
``Date:``, ``Title:``, ``Authors:``, optional ``Comments:``, ``Journal-ref:``…; fields wrap onto
indented lines), ``\\\\``, the abstract, ``\\\\``. Input is one ``.abs`` file, a folder of them, or
a (gzip-compressed) tar archive of them, read member by member. The author header is spelled ``Authors:`` or
``Author:``; its free text (``C. Itzykson and J.-B. Zuber``, ``S. James Gates, Jr.``, ``Jisuke Kubo, 11 pages``)
is read by :func:`~graphkit.extract.author_lists.split_author_list`, and every part of it that names no one is
reported as a skip with the file and line.

The citation edge list is the SNAP-derived CSV (``,from,to,date_x,date_y,…``): ``from`` cites
``to``, ids are hep-th numbers with leading zeros dropped (``1034`` = ``hep-th/0001034``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import email.utils
import re
import tarfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from graphkit.core.errors import InputFileError
from graphkit.core.ids import normalise_arxiv
from graphkit.core.models import AuthorRef, CitationRecord, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.core.taxonomy import resolve_category
from graphkit.core.text import decode_tex
from graphkit.extract.arxiv_common import clean_abstract, clean_text
from graphkit.extract.author_lists import AuthorList, split_author_list
from graphkit.extract.base import RECORD_DATA_ERRORS, Entry, Extractor, unreadable_record
from graphkit.extract.dates import iso_date
from graphkit.extract.textio import (
    MAX_DOCUMENT_BYTES,
    BadLine,
    is_tar,
    iter_text_lines,
    open_binary,
    read_at_most,
)

__all__ = ["HepThAbsExtractor", "HepThCitationsExtractor", "parse_abs", "parse_abs_lines"]

MAX_AUTHOR_HEADER_CHARS = 100_000
"""Longest author header read (about 5,000 names; the corpus's longest is far shorter): a longer one is reported."""
_FIELD = re.compile(r"^([A-Za-z][A-Za-z\- ()0-9]*):\s?(.*)$")


def parse_abs(text: str) -> dict[str, str]:
    r"""The header fields of an ``.abs`` file (continuation lines joined) plus ``abstract``.

    Examples
    --------
    >>> mark = "\\\\"
    >>> header = f"Paper: hep-th/9205101\nTitle: A {mark} in B\nAuthor: N. Ohta"
    >>> fields = parse_abs(f"{mark}\n{header}\n{mark}\nText.\n{mark}")
    >>> fields["Author"], fields["abstract"]
    ('N. Ohta', 'Text.')
    """
    return parse_abs_lines(text)[0]


def parse_abs_lines(text: str) -> tuple[dict[str, str], dict[str, int]]:
    """The header fields of an ``.abs`` file plus ``abstract``, and the line each field starts on.

    The header and the abstract are each closed by a line holding only ``\\\\`` (a ``\\\\`` inside a title is
    TeX's line break, not the end of the header).
    """
    lines = text.splitlines()
    marks = [number for number, line in enumerate(lines) if line.strip() == "\\\\"]
    fields: dict[str, str] = {}
    starts: dict[str, int] = {}
    if not marks:
        return fields, starts
    end = marks[1] if len(marks) > 1 else len(lines)
    last = None
    for number in range(marks[0] + 1, end):
        line = lines[number]
        if line[:1].isspace() and last:
            fields[last] += " " + line.strip()
            continue
        match = _FIELD.match(line)
        if match:
            last = match[1]
            if last not in fields:
                fields[last], starts[last] = match[2].strip(), number + 1
    if len(marks) > 1:
        closing = marks[2] if len(marks) > 2 else len(lines)
        fields["abstract"], starts["abstract"] = "\n".join(lines[marks[1] + 1 : closing]), marks[1] + 2
    return fields, starts


_AUTHOR_FIELDS = ("Authors", "Author")
"""The author header as the corpus spells it (about one file in seven writes ``Author:``)."""


class HepThAbsExtractor(Extractor):
    """Legacy arXiv ``.abs`` files: one file, or a tar(.gz) archive of them."""

    name = "arxiv-abs"
    description = "legacy arXiv .abs files (hep-th corpus): one file, a folder, or a .tar.gz of them"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        first = head.split("\n", 1)[0]
        return first.endswith(".abs") or ("\\\\" in head[:200] and "\nPaper:" in head[:400])

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        if not is_tar(path):
            with open_binary(path) as handle:
                data = read_at_most(handle, MAX_DOCUMENT_BYTES)
            yield from self._file_entries(data, str(path))
            return
        read = 0
        try:
            with tarfile.open(path) as archive:
                for member in archive:
                    if member.isfile() and member.name.endswith(".abs"):
                        member_file = archive.extractfile(member)
                        if member_file is not None:
                            member_data = read_at_most(member_file, MAX_DOCUMENT_BYTES)
                            yield from self._file_entries(member_data, f"{path}!{member.name}")
                            read += 1
        except (tarfile.TarError, EOFError, zlib.error, OSError) as e:
            raise InputFileError(
                path,
                f"the archive is damaged or cut short after {read:,} .abs file(s) ({e})",
                "download it again; `tar tzf FILE` checks a copy",
            ) from e

    def _file_entries(self, data: bytes, source: str) -> Iterator[Entry]:
        """The entries of one ``.abs`` file's bytes, or one skip when they are not a readable text file."""
        if len(data) > MAX_DOCUMENT_BYTES:
            reason = f"the file holds more than {MAX_DOCUMENT_BYTES >> 20:,} MiB (an .abs file is a few KB)"
            yield SkippedEntry(source=source, line=1, reason=f"{reason}; the paper is skipped")
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            yield SkippedEntry(source=source, line=line, reason=f"not valid UTF-8 (byte {e.start:,}); the paper is "
                               "skipped — re-save the file as UTF-8")  # fmt: skip
            return
        try:
            yield from self._entries(text, source)
        except RECORD_DATA_ERRORS as e:
            yield unreadable_record(source, 1, "the .abs header", e)

    def _entries(self, text: str, source: str) -> Iterator[Entry]:
        """The paper of one ``.abs`` text, and a skip for each part of its author header that names no one."""
        fields, starts = parse_abs_lines(text)
        header = next((name for name in _AUTHOR_FIELDS if name in fields), None)
        line = starts.get(header, 1) if header else 1
        too_long = header is not None and len(fields[header]) > MAX_AUTHOR_HEADER_CHARS
        authors = split_author_list(fields[header]) if header and not too_long else AuthorList()
        for rejected in authors.rejected:
            yield SkippedEntry(source=source, line=line, reason="not a personal name in the author list",
                               excerpt=rejected[:200])  # fmt: skip
        yield self._record(fields, authors.names, source)
        if too_long:
            length = len(fields[header or ""])
            yield SkippedEntry(source=source, line=line, reason=f"the paper is kept without authors: its author "
                               f"header is {length:,} characters long, more than any author list (the limit is "
                               f"{MAX_AUTHOR_HEADER_CHARS:,})")  # fmt: skip
        elif not authors.names and not authors.rejected:
            yield SkippedEntry(source=source, line=line, reason="the paper is kept without authors: "
                               + ("its author header is empty" if header else "it has no Authors: header"))  # fmt: skip

    def _record(self, fields: dict[str, str], names: list[str], source: str) -> PaperRecord | SkippedEntry:
        arxiv_id = normalise_arxiv(fields.get("Paper"))
        title = clean_text(fields.get("Title"))
        if arxiv_id is None or title is None:
            return SkippedEntry(source=source, line=1, reason="no 'Paper:' id or no 'Title:' in the header")
        date, precision = None, None
        if fields.get("Date"):
            with contextlib.suppress(TypeError, ValueError, OverflowError, IndexError):
                date, precision = email.utils.parsedate_to_datetime(fields["Date"].split("(")[0].strip()).date(), "day"
        if date is None:
            # Old submissions wrote dates in many local formats; the id's YYMM gives the month.
            date, precision = _month_from_id(arxiv_id), "month"
            if date is None:
                self.warn(f"{source}: unreadable Date {fields.get('Date')!r}; the paper is kept undated")
                precision = None
        archive = arxiv_id.split("/")[0] if "/" in arxiv_id else None
        category = resolve_category(archive) if archive else None
        return PaperRecord(
            title=decode_tex(title),
            authors=[AuthorRef(name=n) for n in names],
            authors_complete=bool(names),
            author_count=len(names) or None,
            date=date,
            date_precision=precision,
            category=category,
            categories=[category] if category else [],
            abstract=clean_abstract(fields.get("abstract")),
            ids=PaperIds(arxiv=arxiv_id),
            journal_ref=clean_text(fields.get("Journal-ref")),
            provenance=Provenance(source=source, line=1, format=self.name),
        )


class HepThCitationsExtractor(Extractor):
    """Dated hep-th citation edges (``,from,to,date_x,date_y,…`` CSV)."""

    name = "hepth-citations"
    description = "dated hep-th citation edge list (CSV with from,to,date_x columns; from cites to)"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        first = head.split("\n", 1)[0].strip().split(",")
        return "from" in first and "to" in first and "date_x" in first

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        # Line by line, each line its own CSV row (an edge list has no quoted line breaks): a line that is not
        # UTF-8, too long or malformed is one reported skip, and the lines after it are still read.
        source = str(path)
        columns: list[str] | None = None
        for item in iter_text_lines(path):
            if isinstance(item, BadLine):
                yield item.skip(source)
                continue
            number, line = item
            if not line.strip():
                continue
            try:
                cells = next(csv.reader([line]))
            except csv.Error as e:
                yield SkippedEntry(source=source, line=number, reason=f"not a CSV row ({e})", excerpt=line[:120])
                continue
            if columns is None:
                columns = cells
                continue
            row = dict(zip(columns, cells, strict=False))
            citing, cited = _hepth_id(row.get("from")), _hepth_id(row.get("to"))
            if citing is None or cited is None:
                yield SkippedEntry(source=source, line=number, reason="'from' or 'to' is not a hep-th paper number",
                                   excerpt=line[:120])  # fmt: skip
                continue
            raw_date = row.get("date_x")
            date = iso_date(raw_date)
            if raw_date and date is None:
                self.warn(f"{source}:{number}: date_x {raw_date[:40]!r} is not a date; the citation is kept undated")
            yield CitationRecord(
                citing=PaperIds(arxiv=citing),
                cited=PaperIds(arxiv=cited),
                date=date,
                provenance=Provenance(source=source, line=number, format=self.name),
            )


def _month_from_id(arxiv_id: str) -> dt.date | None:
    """The first day of the submission month encoded in an old-style id (``hep-th/9201007`` → 1992-01-01)."""
    number = arxiv_id.rsplit("/", 1)[-1]
    year, month = int(number[:2]), int(number[2:4])
    if not 1 <= month <= 12:
        return None
    return dt.date(1900 + year if year >= 91 else 2000 + year, month, 1)


def _hepth_id(value: str | None) -> str | None:
    """``1034`` → ``hep-th/0001034``; cross-listed ``11<id>`` numbers lose their prefix."""
    if not value or not value.strip().isdigit():
        return None
    digits = value.strip()
    if len(digits) > 7 and digits.startswith("11"):
        digits = digits[2:]
    return normalise_arxiv(f"hep-th/{int(digits):07d}")
