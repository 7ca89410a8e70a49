"""Scopus CSV exports: one row per document, the columns named in the header.

Per row: ``Authors`` ("Surname I." — older exports separate them with commas, newer with semicolons; "Author full
names", where the export has it, gives the full forms and Scopus author ids), ``Authors with affiliations`` (each
entry begins with its author, so affiliations are tied to the byline by name and order), ``Title``, ``Year``,
``Source title`` and ``Abbreviated Source Title``, ``Volume``, ``Issue``, ``Page start``–``Page end`` (else ``Art.
No.``), ``DOI``, ``EID`` (else the EID in ``Link``), ``PubMed ID``, ``Author Keywords``, ``Index Keywords``,
``Abstract``, ``Cited by`` (times cited as reported) and ``References`` (``; ``-separated, parsed by
:func:`~graphkit.extract.cited.parse_scopus_reference`).

Fields of a Scopus export exceed Python's default CSV field limit (128 KiB): the reader allows up to
:data:`~graphkit.extract.textio.MAX_LINE_BYTES`. A row with more cells than the header names (a stray quote) is
skipped with its line and the reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphkit.core.ids import normalise_doi
from graphkit.core.models import AuthorIds, AuthorRef, InstitutionRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.extract.base import RECORD_DATA_ERRORS, Entry, Extractor, read_text_file, unreadable_record
from graphkit.extract.biblio import institution_of, keyword_list, page_range, publication_date, scopus_eid
from graphkit.extract.cited import parse_scopus_reference
from graphkit.extract.textio import MAX_LINE_BYTES

__all__ = ["ScopusExtractor", "scopus_record"]

_REQUIRED = ("Authors", "Title", "Year")
_SHORT_NAME = re.compile(r"^(?P<surname>.+?),?\s+(?P<initials>(?:[A-Z][a-z]?\.\s?-?)+)$")
_FULL_NAME = re.compile(r"^(?P<name>.+?)\s*\((?P<id>\d+)\)$")
_NO_ABSTRACT = "[No abstract available]"


def _catalogue_name(short: str) -> str:
    """``Yagai T.`` → ``Yagai, T.`` (a form every name parser reads the right way round).

    Examples
    --------
    >>> _catalogue_name("Yagai T."), _catalogue_name("Van der Berg J.-P."), _catalogue_name("Yagai, T.")
    ('Yagai, T.', 'Van der Berg, J.-P.', 'Yagai, T.')
    """
    match = _SHORT_NAME.match(short.strip()) if len(short) < 200 else None
    return f"{match['surname'].rstrip(',')}, {match['initials'].strip()}" if match else short.strip()


def _split_authors(value: str) -> list[str]:
    """The byline of the ``Authors`` column: ``;``-separated (newer exports) or ``,``-separated "Surname I." names."""
    if ";" in value:
        return [
            name.strip() for name in value.split(";") if name.strip() and name.strip() != "[No author name available]"
        ]
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if parts == ["[No author name available]"]:
        return []
    # Older exports: "Yagai T., Kimura Y." — but "Yagai, T., Kimura, Y." pairs a surname with its initials.
    if len(parts) > 1 and all(re.fullmatch(r"(?:[A-Z][a-z]?\.\s?-?)+", part) for part in parts[1::2]):
        return [f"{surname}, {initials}" for surname, initials in zip(parts[::2], parts[1::2], strict=False)]
    return parts


def _affiliations(value: str, bylines: list[str]) -> dict[int, list[InstitutionRef]]:
    """Each author's institutions (by byline index) from ``Authors with affiliations``.

    Entries are ``; ``-separated and each begins with its author's name; an entry that begins with no byline name
    (a second affiliation printed apart) belongs to the author before it.
    """
    tied: dict[int, list[InstitutionRef]] = {}
    current = -1
    forms = [{_catalogue_name(name), name} for name in bylines]
    for entry in (part.strip() for part in value.split(";")):
        if not entry:
            continue
        rest = None
        for index in range(current + 1, len(bylines)):
            form = next((f for f in forms[index] if entry == f or entry.startswith(f + ",")), None)
            if form is not None:
                current, rest = index, entry[len(form) :].lstrip(", ")
                break
        if rest is None:
            if current < 0:
                continue
            rest = entry
        found = institution_of(rest) if rest else None
        if found:
            institution = InstitutionRef(name=found[0], country=found[1])
            if institution not in tied.setdefault(current, []):
                tied[current].append(institution)
    return tied


def scopus_record(
    row: dict[str, str], source: str, line: int, format_name: str = "scopus"
) -> PaperRecord | SkippedEntry:
    """The paper record of one Scopus CSV row.

    Examples
    --------
    >>> row = {"Authors": "Yagai T., Kimura Y.", "Title": "Strain", "Year": "2016", "Volume": "26",
    ...        "Authors with affiliations": "Yagai, T., Sophia University, Tokyo, Japan; Kimura, Y.",
    ...        "EID": "2-s2.0-84963944162", "References": "Barth, C., Title (2015) Supercond. Sci. Technol., 28"}
    >>> r = scopus_record(row, "s.csv", 2)
    >>> [(a.name, [i.name for i in a.affiliations]) for a in r.authors], r.ids.scopus, r.references[0].year
    ([('Yagai, T.', ['Sophia University']), ('Kimura, Y.', [])], '2-s2.0-84963944162', 2015)
    """

    def cell(name: str) -> str | None:
        value = (row.get(name) or "").strip()
        return value or None

    ids = PaperIds(
        doi=normalise_doi(cell("DOI")),
        scopus=scopus_eid(cell("EID")) or scopus_eid(cell("Link")),
        pmid=cell("PubMed ID") if (cell("PubMed ID") or "").isdigit() else None,
    )
    if not cell("Title") and ids == PaperIds():
        return SkippedEntry(
            source=source, line=line, reason=f"row at line {line}: no title and no id (EID, DOI, PubMed ID) to name "
            "the paper by; the row is skipped",
        )  # fmt: skip
    shorts = _split_authors(cell("Authors") or "")
    fulls = [part.strip() for part in (cell("Author full names") or "").split(";") if part.strip()]
    author_ids = [part.strip() for part in (cell("Author(s) ID") or "").split(";") if part.strip()]
    tied = _affiliations(cell("Authors with affiliations") or "", shorts)
    authors = []
    for index, short in enumerate(shorts):
        full = _FULL_NAME.match(fulls[index]) if index < len(fulls) and len(fulls) == len(shorts) else None
        scopus_id = full["id"] if full else (author_ids[index] if len(author_ids) == len(shorts) else None)
        name = full["name"] if full else _catalogue_name(short)
        authors.append(
            AuthorRef(
                name=name,
                short_name=short if short != name else None,
                ids=AuthorIds(scopus=scopus_id) if scopus_id and scopus_id.isdigit() else None,
                affiliations=tied.get(index, []),
            )
        )
    date, precision = publication_date(cell("Year"))
    abstract = cell("Abstract")
    references = [parse_scopus_reference(text) for text in (cell("References") or "").split("; ") if text.strip()]
    cited_by = cell("Cited by")
    return PaperRecord(
        title=cell("Title"),
        authors=authors,
        authors_complete=bool(authors),
        author_count=len(authors) or None,
        date=date,
        date_raw=cell("Year"),
        date_precision=precision,
        abstract=None if abstract == _NO_ABSTRACT else abstract,
        ids=ids,
        venue=cell("Source title"),
        venue_abbrev=cell("Abbreviated Source Title"),
        volume=cell("Volume"),
        issue=cell("Issue"),
        pages=page_range(cell("Page start"), cell("Page end"), cell("Art. No.")),
        keywords=keyword_list(cell("Author Keywords")),
        indexed_terms=keyword_list(cell("Index Keywords")),
        references=references,
        cited_by_count=int(cited_by) if cited_by and cited_by.isdigit() else None,
        provenance=Provenance(source=source, line=line, format=format_name),
    )


class ScopusExtractor(Extractor):
    """Scopus CSV exports."""

    name = "scopus"
    description = "Scopus CSV export (Authors, Title, Year, Source title, … References, EID)"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        first = head.lstrip("\ufeff").split("\n", 1)[0]
        return (
            first.startswith(('"Authors"', "Authors,", '"Author'))
            and "Source title" in first
            and ("EID" in first or "Link" in first)
        )

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        text = read_text_file(path)
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        # The limit is the csv module's, for the whole process: raised while this file is read, then put back.
        limit = csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
        try:
            yield from self._rows(reader, source)
        finally:
            csv.field_size_limit(limit)

    def _rows(self, reader: Any, source: str) -> Iterator[Entry]:  # a csv reader (its line_num is read)
        try:
            header = next(reader)
        except (StopIteration, csv.Error) as e:
            yield SkippedEntry(source=source, line=1, reason=f"no CSV header row ({e}); nothing can be read")
            return
        missing = [name for name in _REQUIRED if name not in header]
        if missing:
            yield SkippedEntry(
                source=source, line=1,
                reason=f"the header lacks {', '.join(missing)}: not a Scopus CSV export; export again as CSV with "
                "the citation and bibliographical information",
            )  # fmt: skip
            return
        line = 2
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield SkippedEntry(source=source, line=line, reason=f"the row cannot be read as CSV ({e})")
                line = reader.line_num + 1
                continue
            start, line = line, reader.line_num + 1
            if not any(value.strip() for value in cells):
                continue
            if len(cells) != len(header):
                yield SkippedEntry(
                    source=source, line=start,
                    reason=f"the row has {len(cells)} cells but the header names {len(header)} (a stray quote or "
                    "separator); the row is skipped",
                    excerpt=",".join(cells)[:120],
                )  # fmt: skip
                continue
            try:
                yield scopus_record(dict(zip(header, cells, strict=True)), source, start, self.name)
            except RECORD_DATA_ERRORS as e:
                yield unreadable_record(source, start, f"row at line {start}", e, ",".join(cells)[:120])
