"""PubMed MEDLINE exports (the "PubMed" format): one record per ``PMID-`` block.

Per record: ``FAU`` full names with ``AU`` short forms beside them (a record with ``AU`` only keeps those), each
``AD`` affiliation tied to the author it follows (records since 2014 print them per author; an ``AD`` before any
author belongs to the paper), ``TI``, ``AB``, ``DP`` (``2016 Jan 15``), the journal in full (``JT``) and
abbreviated (``TA``), ``VI``, ``IP``, ``PG``, the DOI (``LID``/``AID`` marked ``[doi]``), ``PMID``, author keywords
(``OT``) and MeSH headings (``MH``: the descriptor, without its qualifiers and the ``*`` marking a major topic).
MEDLINE carries no cited references.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graphkit.core.ids import normalise_doi
from graphkit.core.models import AuthorRef, InstitutionRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.extract.base import RECORD_DATA_ERRORS, Entry, Extractor, read_text_file, unreadable_record
from graphkit.extract.biblio import institution_of, publication_date
from graphkit.extract.tagged import TaggedBlock, TaggedProblem, read_tagged

__all__ = ["MedlineExtractor", "medline_record"]


def _mesh(heading: str) -> str:
    """``Cholesterol/*metabolism`` → ``Cholesterol``; ``*Neoplasms`` → ``Neoplasms``."""
    return heading.split("/", 1)[0].lstrip("*").strip()


def _doi(block: TaggedBlock) -> str | None:
    for tag in ("LID", "AID"):
        for value in block.texts(tag):
            if value.endswith("[doi]"):
                doi = normalise_doi(value.removesuffix("[doi]").strip())
                if doi:
                    return doi
    return None


def medline_record(block: TaggedBlock, source: str, format_name: str = "medline") -> PaperRecord | SkippedEntry:
    """The paper record of one MEDLINE block, or the reason it is skipped.

    Examples
    --------
    >>> lines = ["PMID- 1", "DP  - 2016 Jan 15", "TI  - A study.", "FAU - Gadzalski, Marek", "AU  - Gadzalski M",
    ...          "AD  - Faculty of Biology, University of Lodz, Poland.", "MH  - Cholesterol/*metabolism"]
    >>> r = medline_record(next(read_tagged(lines, "medline")), "m.txt")
    >>> r.authors[0].name, r.authors[0].short_name, r.authors[0].affiliations[0].name, r.indexed_terms, str(r.date)
    ('Gadzalski, Marek', 'Gadzalski M', 'University of Lodz', ['Cholesterol'], '2016-01-15')
    """
    broken = block.broken(source, "fix the line and extract again")
    if broken is not None:
        return broken
    pmid = (block.text("PMID") or "").strip()
    if not pmid.isdigit():
        return SkippedEntry(
            source=source, line=block.line, reason=f"record starting at line {block.line}: PMID {pmid!r} is not a "
            "PubMed id; the record is skipped",
        )  # fmt: skip
    counters: dict[str, int] = {}
    authors: list[AuthorRef] = []
    paper_level: list[InstitutionRef] = []
    full_form = "FAU" in block.fields
    for tag in block.order:
        index = counters.get(tag, 0)
        counters[tag] = index + 1
        value = " ".join(block.fields[tag][index])
        if tag == ("FAU" if full_form else "AU"):
            authors.append(AuthorRef(name=value))
        elif tag == "AU" and full_form and authors and authors[-1].short_name is None:
            authors[-1].short_name = value if value != authors[-1].name else None
        elif tag == "AD":
            found = institution_of(value)
            if found:
                institution = InstitutionRef(name=found[0], country=found[1])
                target = authors[-1].affiliations if authors else paper_level
                if institution not in target:
                    target.append(institution)
    date, precision = publication_date(None, block.text("DP"))
    return PaperRecord(
        title=block.text("TI") or block.text("BTI"),
        authors=authors,
        authors_complete=bool(authors),
        author_count=len(authors) or None,
        date=date,
        date_raw=block.text("DP"),
        date_precision=precision,
        abstract=block.text("AB"),
        ids=PaperIds(pmid=pmid, doi=_doi(block)),
        venue=block.text("JT"),
        venue_abbrev=block.text("TA"),
        volume=block.text("VI"),
        issue=block.text("IP"),
        pages=block.text("PG"),
        affiliations=paper_level,
        keywords=list(dict.fromkeys(block.texts("OT"))),
        indexed_terms=list(dict.fromkeys(filter(None, map(_mesh, block.texts("MH"))))),
        provenance=Provenance(source=source, line=block.line, format=format_name),
    )


class MedlineExtractor(Extractor):
    """PubMed MEDLINE exports."""

    name = "medline"
    description = "PubMed MEDLINE export (PMID- … records, FAU/AU/AD, MH)"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        return head.lstrip("\ufeff").lstrip().startswith("PMID- ")

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        for item in read_tagged(read_text_file(path).splitlines(), "medline"):
            if isinstance(item, TaggedProblem):
                yield item.skip(source)
                continue
            try:
                yield medline_record(item, source, self.name)
            except RECORD_DATA_ERRORS as e:
                yield unreadable_record(source, item.line, f"record starting at line {item.line}", e)
