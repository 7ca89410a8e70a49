"""Web of Science exports: "Plain Text" (field-tagged) and "Tab-delimited", the same tags either way.

Per record: authors in full (``AF``) and short form (``AU``), addresses tied to their authors (``C1``: ``[Author;
Author] Institution, …, Country``; an untied address belongs to the paper), ``TI``, the source in full (``SO``) and
abbreviated (``J9``, else ``JI``), ``PY``/``PD``, ``VL``, ``IS``, ``BP``–``EP`` (else ``AR``), ``DI``, the accession
number ``UT`` and ``PM``, author keywords (``DE``) and Keywords Plus (``ID``), the abstract, times cited as
reported (``TC``, kept apart from the graph's citations) and the cited references (``CR``, parsed by
:mod:`graphkit.extract.cited`).

A record is skipped, with the file, the line and the reason, when a line inside it breaks the format (its fields
from that line on are lost: ``AUGilles, H`` has no space after its tag) or when its cited references are not
where the export puts them: it says ``NR n`` references but its ``CR`` field holds fewer, and reference-shaped
lines sit under another tag (a damaged export; reading them as addresses would invent institutions).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from graphkit.core.ids import normalise_doi
from graphkit.core.models import AuthorRef, InstitutionRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.extract.addresses import parse_wos_address
from graphkit.extract.base import RECORD_DATA_ERRORS, Entry, Extractor, read_text_file, unreadable_record
from graphkit.extract.biblio import keyword_list, page_range, publication_date, wos_accession
from graphkit.extract.cited import parse_wos_reference
from graphkit.extract.tagged import TaggedBlock, TaggedProblem, read_tagged

__all__ = ["WosExtractor", "wos_record"]

#: Tags whose values are one per line in plain text and ``; ``-separated in the tab-delimited export.
_MULTI_VALUED = ("AU", "AF", "BA", "BF", "CA", "GP", "C1", "CR", "EM", "RI", "OI")
_REFERENCE_SHAPED = re.compile(r"^[^,\[\]]{1,80}, (1[5-9]\d\d|20\d\d), \S")
_DOCUMENT_TYPES = {"J": "journal", "B": "book", "S": "series", "P": "patent", "C": "conference"}


def wos_record(block: TaggedBlock, source: str, format_name: str = "wos") -> PaperRecord | SkippedEntry:
    """The paper record of one Web of Science block, or the reason it is skipped.

    Examples
    --------
    >>> lines = ["PT J", "AU Kim, S", "AF Kim, Sun", "TI A STUDY", "SO NATURE", "PY 2001", "VL 1", "BP 5",
    ...          "CR LEE J, 1999, NATURE, V2, P3", "NR 1", "UT WOS:000123456789", "ER"]
    >>> record = wos_record(next(read_tagged(lines, "wos")), "a.txt")
    >>> record.authors[0].name, record.authors[0].short_name, record.ids.wos, record.pages, record.references[0].year
    ('Kim, Sun', 'Kim, S', '000123456789', '5', 1999)
    """
    broken = block.broken(source, "put a space between the tag and its value and extract again")
    if broken is not None:
        return broken
    misplaced = _misplaced_references(block)
    if misplaced is not None:
        return SkippedEntry(source=source, line=misplaced[0], reason=misplaced[1])
    if not block.text("TI") and not (block.text("UT") or block.text("DI")):
        return SkippedEntry(
            source=source, line=block.line,
            reason=f"record starting at line {block.line}: no title (TI) and no id (UT, DI) to name the paper by; "
            "the record is skipped",
        )  # fmt: skip
    full, short = block.values("AF"), block.values("AU")
    if not full:
        full, short = short, []
    addresses = [parse_wos_address(line) for line in block.values("C1")]
    tied: dict[str, list[InstitutionRef]] = {}
    untied: list[InstitutionRef] = []
    for address in addresses:
        institution = InstitutionRef(name=address.institution, country=address.country)
        named = [name for name in address.authors if name in full]
        for name in named:
            tied.setdefault(name, []).append(institution)
        if not named:  # tied to no one, or to names the byline does not hold: the paper's address
            untied.append(institution)
    authors = [
        AuthorRef(
            name=name,
            short_name=short[index] if index < len(short) and short[index] != name else None,
            affiliations=_unique(tied.get(name, [])),
        )
        for index, name in enumerate(full)
    ]
    date, precision = publication_date(block.text("PY"), block.text("PD"))
    references = [parse_wos_reference(line) for line in block.values("CR")]
    times_cited = block.text("TC") or block.text("Z9")
    return PaperRecord(
        title=block.text("TI"),
        authors=authors,
        authors_complete=bool(authors),
        author_count=len(authors) or None,
        date=date,
        date_raw=" ".join(filter(None, (block.text("PD"), block.text("PY")))) or None,
        date_precision=precision,
        abstract=block.text("AB"),
        ids=PaperIds(
            doi=normalise_doi(block.text("DI")),
            wos=wos_accession(block.text("UT")),
            pmid=_pmid(block.text("PM")),
        ),
        venue=block.text("SO"),
        venue_abbrev=block.text("J9") or block.text("JI"),
        volume=block.text("VL"),
        issue=block.text("IS"),
        pages=page_range(block.text("BP"), block.text("EP"), block.text("AR")),
        affiliations=_unique(untied),
        keywords=keyword_list(block.text("DE")),
        indexed_terms=keyword_list(block.text("ID")),
        references=references,
        cited_by_count=int(times_cited) if times_cited and times_cited.strip().isdigit() else None,
        provenance=Provenance(source=source, line=block.line, format=format_name),
    )


def _pmid(value: str | None) -> str | None:
    text = (value or "").strip()
    return text if text.isdigit() else None


def _unique(institutions: list[InstitutionRef]) -> list[InstitutionRef]:
    seen: dict[tuple[str, str | None], InstitutionRef] = {}
    for institution in institutions:
        seen.setdefault((institution.name, institution.country), institution)
    return list(seen.values())


def _misplaced_references(block: TaggedBlock) -> tuple[int, str] | None:
    """Where a record's references sit under another tag (the line of the first, and the reason), if they do."""
    stated = (block.text("NR") or "").strip()
    if not stated.isdigit() or len(block.values("CR")) >= int(stated):
        return None
    for tag, occurrences in block.fields.items():
        if tag == "CR" or tag not in _MULTI_VALUED:
            continue
        values = [value for occurrence in occurrences for value in occurrence]
        shaped = [index for index, value in enumerate(values) if _REFERENCE_SHAPED.match(value)]
        if shaped:
            line = block.lines[tag] + shaped[0]
            return line, (
                f"record starting at line {block.line}: it states NR {stated} cited references but its CR field holds "
                f"{len(block.values('CR'))}, and {len(shaped)} reference-shaped line(s) sit under {tag} from line "
                f"{line} (the CR tag is out of place); the record is skipped — move the CR tag to line {line} and "
                "extract again"
            )
    return None


class WosExtractor(Extractor):
    """Web of Science Plain Text and Tab-delimited exports."""

    name = "wos"
    description = "Web of Science export: Plain Text (field-tagged, FN/VR/PT…ER) or Tab-delimited (UTF-8 or UTF-16)"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        text = head.lstrip("\ufeff")
        if text.startswith("FN ") and ("\nPT " in text or "\nVR " in text):
            return True
        first = text.split("\n", 1)[0]
        return first.startswith("PT\t") and all(f"\t{tag}\t" in first for tag in ("AU", "TI", "SO"))

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        text = read_text_file(path)
        first = text.lstrip("\ufeff").split("\n", 1)[0]
        blocks = _tab_blocks(text) if first.startswith("PT\t") else read_tagged(text.splitlines(), "wos")
        for item in blocks:
            if isinstance(item, TaggedProblem):
                yield item.skip(source)
                continue
            try:
                yield wos_record(item, source, self.name)
            except RECORD_DATA_ERRORS as e:
                yield unreadable_record(source, item.line, f"record starting at line {item.line}", e)


def _split_outside_brackets(value: str) -> list[str]:
    """``; ``-separated values, where a bracketed list of names (``[A; B] Inst``) is not split, nor a ``;`` with no
    space after it (Wiley's DOIs hold them: ``3.0.CO;2-0``).

    Examples
    --------
    >>> _split_outside_brackets("[Kim, S; Lee, J] Univ A, Seoul; Univ B, Busan")
    ['[Kim, S; Lee, J] Univ A, Seoul', 'Univ B, Busan']
    >>> _split_outside_brackets("A J, 2000, CANCER, V1, DOI 10.1002/X<1::AID>3.0.CO;2-6; B K, 2001, X")
    ['A J, 2000, CANCER, V1, DOI 10.1002/X<1::AID>3.0.CO;2-6', 'B K, 2001, X']
    """
    parts, depth, start = [], 0, 0
    for index, char in enumerate(value):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0 and value[index + 1 : index + 2] in ("", " "):
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    return [part.strip() for part in parts if part.strip()]


def _tab_blocks(text: str) -> Iterator[TaggedBlock | TaggedProblem]:
    """The rows of a tab-delimited export as tagged blocks (one per record, its line the row's)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, [])
    tags = [tag.strip() for tag in header]
    for row in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(tags) and any(cell.strip() for cell in row[len(tags) :]):
            yield TaggedProblem(
                number, f"the row has {len(row)} cells but the header names {len(tags)} (a tab inside a field)"
            )
            continue
        block = TaggedBlock(number)
        for tag, cell in zip(tags, row, strict=False):
            if not tag or not cell.strip():
                continue
            values = _split_outside_brackets(cell) if tag in _MULTI_VALUED else [cell.strip()]
            block.fields[tag] = [values]
            block.lines[tag] = number
        yield block
