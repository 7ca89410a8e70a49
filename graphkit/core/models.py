"""Typed records that cross stage boundaries.

Extractors produce :data:`Record` values (a :class:`PaperRecord` or an :class:`AuthorProfileRecord`)
plus :class:`SkippedEntry` reports; everything later (resolution, the graph, the stores) reads
these and nothing else. Every model forbids unknown fields, so a typo in a field name fails
loudly instead of silently dropping data.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AnyRecord",
    "AuthorIds",
    "AuthorProfileRecord",
    "AuthorRef",
    "CitationRecord",
    "CitedWork",
    "DatePrecision",
    "FileReport",
    "InstitutionRef",
    "PaperIds",
    "PaperRecord",
    "Provenance",
    "Record",
    "SkippedEntry",
    "StrictModel",
]

DatePrecision = Literal["day", "month", "year"]


class StrictModel(BaseModel):
    """Base of every graphkit model: unknown fields are an error, never ignored."""

    model_config = ConfigDict(extra="forbid")


class Provenance(StrictModel):
    """Where a record came from: a file (and the 1-based line its entry starts on) or a URL."""

    source: str
    line: int | None = None
    format: str

    def location(self) -> str:
        """Return ``source:line`` (or just ``source``) for messages.

        Examples
        --------
        >>> Provenance(source="a.txt", line=3, format="ranked-list").location()
        'a.txt:3'
        """
        return self.source if self.line is None else f"{self.source}:{self.line}"


class PaperIds(StrictModel):
    """External identifiers of a paper, each in its normalised form (or ``None``)."""

    arxiv: str | None = None
    doi: str | None = None
    openalex: str | None = None
    s2: str | None = None
    dblp: str | None = None
    #: Web of Science accession number (``UT``, without ``WOS:``), Scopus EID, PubMed id.
    wos: str | None = None
    scopus: str | None = None
    pmid: str | None = None


class AuthorIds(StrictModel):
    """External identifiers of a person, each in its normalised form (or ``None``)."""

    orcid: str | None = None
    openalex: str | None = None
    s2: str | None = None
    dblp: str | None = None
    #: Scopus author id (digits).
    scopus: str | None = None


class InstitutionRef(StrictModel):
    """An institution as a source names it.

    ``name`` is the text as given (a slug such as ``harvard`` on a profile page, a display name
    such as ``NAVER AI Lab`` on a feed); ``slug`` is the source's short key where it has one.
    """

    name: str
    slug: str | None = None
    ror: str | None = None
    country: str | None = None


class AuthorRef(StrictModel):
    """One name in a byline, with whatever identifiers and affiliations the source attaches.

    ``name`` is the fullest form the source gives (WoS ``AF``, MEDLINE ``FAU``); ``short_name`` the abbreviated
    form it prints beside it, where it prints both (``AU``: ``Kim, S``).
    """

    name: str
    short_name: str | None = None
    # None rather than an empty AuthorIds: most bylines carry no ids, and large builds hold
    # millions of these.
    ids: AuthorIds | None = None
    affiliations: list[InstitutionRef] = Field(default_factory=list)


class CitedWork(StrictModel):
    """One work a paper cites: its ids where the source gives them, and how the reference describes it.

    Sources with structured references (OpenAlex, Semantic Scholar) give only ``ids``; bibliometric exports give a
    reference string (``text``: a Web of Science ``CR`` line, a Scopus reference) parsed into its first author (as
    printed: ``ALLEN PJ``, ``Barth, C.``), year, source (``AM J PHYS``), volume and first page. Resolution matches
    a cited work to a paper by its ids, else by that description (:mod:`graphkit.core.citekeys`).
    """

    ids: PaperIds = Field(default_factory=PaperIds)
    first_author: str | None = None
    year: int | None = None
    source: str | None = None
    volume: str | None = None
    page: str | None = None
    text: str | None = None


class PaperRecord(StrictModel):
    """One listed paper, exactly as one source describes it.

    ``authors`` is in byline order. ``authors_complete`` is false when the source truncates the
    list (``et al.``) or gives only a count; ``author_count`` is the count the source states (or
    the length of a complete list). ``date`` is ISO; ``year_inferred`` marks a year that the page
    left out and graphkit supplied (see :mod:`graphkit.extract.dates`). ``category`` is the full
    arXiv code (``cs.LG``) and ``category_raw`` the code as printed (``LG``).
    ``profile_author`` names the author whose profile page listed the paper: that person wrote
    it even where the byline shown stops before their name. ``title`` is ``None`` only for a
    record that identifies its paper by id alone (some OpenAlex works have no title). ``categories`` lists every arXiv
    category (the primary first); ``references`` are the ids of the works the paper cites;
    ``cited_by_count`` is the citation count the source reports, kept apart from the citations
    the graph itself holds. ``venue`` is the journal or proceedings as named in full, ``venue_abbrev`` its
    abbreviation where the source prints one (WoS ``J9``, Scopus "Abbreviated Source Title", MEDLINE ``TA``);
    ``pages`` is the page range or article number as printed. ``keywords`` are the authors' own keywords,
    ``indexed_terms`` those an index assigned (WoS Keywords Plus, Scopus index keywords, MeSH headings).
    """

    kind: Literal["paper"] = "paper"
    title: str | None = None
    authors: list[AuthorRef] = Field(default_factory=list)
    authors_complete: bool = False
    author_count: int | None = None
    date: dt.date | None = None
    date_raw: str | None = None
    date_precision: DatePrecision | None = None
    year_inferred: bool = False
    category: str | None = None
    category_raw: str | None = None
    categories: list[str] = Field(default_factory=list)
    affiliations: list[InstitutionRef] = Field(default_factory=list)
    organisation: InstitutionRef | None = None
    upvotes: int | None = None
    score: float | None = None
    has_code: bool = False
    abstract: str | None = None
    profile_author: str | None = None
    ids: PaperIds = Field(default_factory=PaperIds)
    venue: str | None = None
    venue_abbrev: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    journal_ref: str | None = None
    topics: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    indexed_terms: list[str] = Field(default_factory=list)
    references: list[CitedWork] = Field(default_factory=list)
    cited_by_count: int | None = None
    provenance: Provenance

    @property
    def author_names(self) -> list[str]:
        """The byline as plain names."""
        return [author.name for author in self.authors]


class AuthorProfileRecord(StrictModel):
    """The header of an author profile page: who it is about and the metrics it shows."""

    kind: Literal["author_profile"] = "author_profile"
    name: str
    field: str | None = None
    field_raw: str | None = None
    h_index: int | None = None
    paper_count: int | None = None
    citations: int | None = None
    novelty_percent: float | None = None
    ai_score: float | None = None
    provenance: Provenance


class CitationRecord(StrictModel):
    """One citation from an edge list: ``citing`` cites ``cited`` (optionally on ``date``)."""

    kind: Literal["citation"] = "citation"
    citing: PaperIds
    cited: PaperIds
    date: dt.date | None = None
    provenance: Provenance


AnyRecord = PaperRecord | AuthorProfileRecord | CitationRecord
"""Any record an extractor yields."""

Record = Annotated[AnyRecord, Field(discriminator="kind")]
"""Any record, tagged by ``kind`` for validation from JSON."""


class SkippedEntry(StrictModel):
    """An entry an extractor could not turn into a record, with where and why."""

    source: str
    line: int | None = None
    reason: str
    excerpt: str = ""

    def location(self) -> str:
        """Return ``source:line`` for messages."""
        return self.source if self.line is None else f"{self.source}:{self.line}"


class FileReport(StrictModel):
    """What extraction did with one input file."""

    source: str
    format: str
    records: int = 0
    papers: int = 0
    profiles: int = 0
    citations: int = 0
    skipped: list[SkippedEntry] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
