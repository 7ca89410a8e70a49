"""Semantic Scholar Graph API responses: a paper (with references and citations), an author with
papers, a paged ``{"offset", "next", "data": [...]}`` list, or a single citation/reference item.

Every full paper object becomes a record with its ids (S2 paper id, DOI, arXiv, DBLP key), authors
(S2 author ids), year or publication date, venue, abstract and reported ``citationCount``. A
paper's ``references`` become its references; each of its ``citations`` becomes a record that
references it, so both directions turn into citation edges. In a paged list the focal paper is
not in the body (only in the request URL), so its items become paper records without edges and
the run says so; ``graphkit fetch s2`` knows the focal paper and keeps the edges.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphkit.core.ids import normalise_arxiv, normalise_doi, normalise_s2
from graphkit.core.models import AuthorIds, AuthorRef, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.extract.base import Entry, Extractor
from graphkit.extract.textio import open_text

__all__ = ["SemanticScholarExtractor", "s2_paper_ids", "s2_record"]


def s2_paper_ids(paper: dict[str, Any]) -> PaperIds:
    """Normalised ids of an S2 paper object."""
    external = paper.get("externalIds") or {}
    return PaperIds(
        s2=normalise_s2(paper.get("paperId")),
        doi=normalise_doi(external.get("DOI")),
        arxiv=normalise_arxiv(external.get("ArXiv")),
        dblp=external.get("DBLP") or None,
    )


def s2_record(
    paper: dict[str, Any], source: str, format_name: str, references: list[PaperIds] | None = None
) -> PaperRecord | None:
    """A record for one S2 paper object; ``None`` when it carries no id and no title."""
    ids = s2_paper_ids(paper)
    title = paper.get("title")
    if not title and not (ids.s2 or ids.doi or ids.arxiv):
        return None
    authors = [
        AuthorRef(name=a["name"], ids=AuthorIds(s2=normalise_s2(a.get("authorId"))) if a.get("authorId") else None)
        for a in paper.get("authors") or []
        if a.get("name")
    ]
    published, year = paper.get("publicationDate"), paper.get("year")
    date = dt.date.fromisoformat(published) if published else (dt.date(year, 1, 1) if year else None)
    return PaperRecord(
        title=title,
        authors=authors,
        authors_complete=bool(authors),
        author_count=len(authors) or None,
        date=date,
        date_precision="day" if published else ("year" if year else None),
        abstract=paper.get("abstract"),
        ids=ids,
        venue=paper.get("venue") or None,
        topics=[f["category"] for f in paper.get("s2FieldsOfStudy") or [] if f.get("category")],
        references=references or [],
        cited_by_count=paper.get("citationCount"),
        provenance=Provenance(source=source, format=format_name),
    )


class SemanticScholarExtractor(Extractor):
    """Semantic Scholar Graph API JSON."""

    name = "s2"
    description = "Semantic Scholar Graph API JSON: paper (+references/citations), author (+papers), paged lists"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        markers = ("semanticscholar", '"citedPaper"', '"citingPaper"', '"externalIds"', '"authorId"')
        return '"paperId"' in head and any(marker in head for marker in markers)

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        try:
            with open_text(path) as handle:
                document = json.load(handle)
        except ValueError as e:
            yield SkippedEntry(source=source, reason=f"not valid JSON ({e})")
            return
        if isinstance(document, dict) and "data" in document:
            self.warn(f"{source}: a paged list holds no focal paper, so its items are read without citation edges")
            items = document["data"] or []
        else:
            items = [document]
        for number, item in enumerate(items, start=1):
            yield from self._item(item, source, number)

    def _item(self, item: Any, source: str, number: int) -> Iterator[Entry]:
        if not isinstance(item, dict):
            yield SkippedEntry(source=source, reason=f"item {number}: not a JSON object")
            return
        if "citedPaper" in item or "citingPaper" in item:
            paper = item.get("citedPaper") or item.get("citingPaper") or {}
            yield self._record_or_skip(paper, source, number)
            return
        if "authorId" in item and "papers" in item:
            for paper in item["papers"] or []:
                yield self._record_or_skip(paper, source, number)
            return
        # S2 lists references it could not match to a paper with a null paperId and no other id.
        references = [ids for ids in map(s2_paper_ids, item.get("references") or []) if ids.s2 or ids.doi or ids.arxiv]
        yield self._record_or_skip(item, source, number, references)
        focal = s2_paper_ids(item)
        for cited in item.get("references") or []:
            yield self._record_or_skip(cited, source, number)
        for citing in item.get("citations") or []:
            yield self._record_or_skip(citing, source, number, [focal])

    def _record_or_skip(
        self, paper: dict[str, Any], source: str, number: int, references: list[PaperIds] | None = None
    ) -> Entry:
        record = s2_record(paper, source, self.name, references)
        if record is None:
            return SkippedEntry(source=source, reason=f"item {number}: a paper with no id and no title")
        return record
