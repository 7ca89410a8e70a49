"""Legacy arXiv ``.abs`` files (the KDD Cup 2003 hep-th corpus) and dated citation edge lists.

``.abs`` layout: a rule line, ``\\\\``, header fields (``Paper: hep-th/0002031``, ``From:``,
``Date:``, ``Title:``, ``Authors:``, optional ``Comments:``, ``Journal-ref:``…; fields wrap onto
indented lines), ``\\\\``, the abstract, ``\\\\``. Input is one ``.abs`` file, a folder of them, or
a (gzip-compressed) tar archive of them, read member by member. Authors are free text
(``C. Itzykson and J.-B. Zuber``); parenthesised affiliations are dropped from names.

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
from collections.abc import Iterator
from pathlib import Path

from graphkit.core.ids import normalise_arxiv
from graphkit.core.models import AuthorRef, CitationRecord, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.core.taxonomy import resolve_category
from graphkit.core.text import decode_tex
from graphkit.extract.arxiv_common import clean_text
from graphkit.extract.base import Entry, Extractor
from graphkit.extract.textio import is_tar, open_text

__all__ = ["HepThAbsExtractor", "HepThCitationsExtractor", "split_free_text_authors"]

_FIELD = re.compile(r"^([A-Za-z][A-Za-z\- ()0-9]*):\s?(.*)$")
_PARENTHESES = re.compile(r"\([^()]*\)")
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def split_free_text_authors(text: str) -> list[str]:
    """Split a free-text author line into names.

    Examples
    --------
    >>> split_free_text_authors("Jeffrey A. Harvey, Per Kraus, and Finn Larsen")
    ['Jeffrey A. Harvey', 'Per Kraus', 'Finn Larsen']
    >>> split_free_text_authors("Steven S. Gubser and Indrajit Mitra (Princeton University)")
    ['Steven S. Gubser', 'Indrajit Mitra']
    """
    text = decode_tex(" ".join(text.split()))
    previous = None
    while previous != text:  # nested parentheses, innermost first
        previous, text = text, _PARENTHESES.sub(" ", text)
    names = [" ".join(part.split()) for part in _SEPARATORS.split(text)]
    return [n for n in names if n and n.lower() not in {"et al", "et al."} and any(c.isalpha() for c in n)]


def parse_abs(text: str) -> dict[str, str]:
    """The header fields of an ``.abs`` file (continuation lines joined) plus ``abstract``."""
    parts = text.split("\\\\")
    header = parts[1] if len(parts) > 1 else ""
    fields: dict[str, str] = {}
    last = None
    for line in header.splitlines():
        if line[:1].isspace() and last:
            fields[last] += " " + line.strip()
            continue
        match = _FIELD.match(line)
        if match:
            last = match[1]
            fields.setdefault(last, match[2].strip())
    if len(parts) > 2:
        fields["abstract"] = parts[2]
    return fields


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
            with open_text(path) as text:
                yield self._record(text.read(), str(path))
            return
        with tarfile.open(path) as archive:
            for member in archive:
                if member.isfile() and member.name.endswith(".abs"):
                    handle = archive.extractfile(member)
                    if handle is not None:
                        yield self._record(handle.read().decode("utf-8", errors="replace"), f"{path}!{member.name}")

    def _record(self, text: str, source: str) -> PaperRecord | SkippedEntry:
        fields = parse_abs(text)
        arxiv_id = normalise_arxiv(fields.get("Paper"))
        title = clean_text(fields.get("Title"))
        if arxiv_id is None or title is None:
            return SkippedEntry(source=source, line=1, reason="no 'Paper:' id or no 'Title:' in the header")
        date, precision = None, None
        if fields.get("Date"):
            with contextlib.suppress(TypeError, ValueError):
                date, precision = email.utils.parsedate_to_datetime(fields["Date"].split("(")[0].strip()).date(), "day"
        if date is None:
            # Old submissions wrote dates in many local formats; the id's YYMM gives the month.
            date, precision = _month_from_id(arxiv_id), "month"
            if date is None:
                self.warn(f"{source}: unreadable Date {fields.get('Date')!r}; the paper is kept undated")
                precision = None
        archive = arxiv_id.split("/")[0] if "/" in arxiv_id else None
        category = resolve_category(archive) if archive else None
        names = split_free_text_authors(fields.get("Authors", ""))
        return PaperRecord(
            title=decode_tex(title),
            authors=[AuthorRef(name=n) for n in names],
            authors_complete=bool(names),
            author_count=len(names) or None,
            date=date,
            date_precision=precision,
            category=category,
            categories=[category] if category else [],
            abstract=clean_text(fields.get("abstract")),
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
        source = str(path)
        with open_text(path) as handle:
            reader = csv.DictReader(handle)
            for number, row in enumerate(reader, start=2):
                citing, cited = _hepth_id(row.get("from")), _hepth_id(row.get("to"))
                if citing is None or cited is None:
                    yield SkippedEntry(source=source, line=number, reason="'from' or 'to' is not a hep-th paper number",
                                       excerpt=str(row)[:120])  # fmt: skip
                    continue
                date = row.get("date_x")
                yield CitationRecord(
                    citing=PaperIds(arxiv=citing),
                    cited=PaperIds(arxiv=cited),
                    date=dt.date.fromisoformat(date) if date else None,
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
