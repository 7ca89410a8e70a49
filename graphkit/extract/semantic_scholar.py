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

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphkit.core.ids import normalise_arxiv, normalise_doi, normalise_s2
from graphkit.core.models import AuthorIds, AuthorRef, CitedWork, PaperIds, PaperRecord, Provenance, SkippedEntry
from graphkit.extract.base import RECORD_DATA_ERRORS, Entry, Extractor, unreadable_record
from graphkit.extract.dates import iso_date, year_start
from graphkit.extract.textio import read_document

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
    day = iso_date(published)
    date = day or year_start(year)
    return PaperRecord(
        title=title,
        authors=authors,
        authors_complete=bool(authors),
        author_count=len(authors) or None,
        date=date,
        date_precision="day" if day else ("year" if date else None),
        abstract=paper.get("abstract"),
        ids=ids,
        venue=paper.get("venue") or None,
        topics=[f["category"] for f in paper.get("s2FieldsOfStudy") or [] if f.get("category")],
        references=[CitedWork(ids=cited) for cited in references or []],
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
            document = json.loads(read_document(path))
        except (ValueError, RecursionError) as e:
            reason = "nested too deeply" if isinstance(e, RecursionError) else str(e)
            yield SkippedEntry(source=source, reason=f"not valid JSON ({reason}); nothing in the file can be read")
            return
        if isinstance(document, dict) and "data" in document:
            self.warn(f"{source}: a paged list holds no focal paper, so its items are read without citation edges")
            items = document["data"] or []
        else:
            items = [document]
        if not isinstance(items, list):
            yield SkippedEntry(source=source, reason="'data' is not a list of items; nothing can be read")
            return
        for number, item in enumerate(items, start=1):
            try:
                yield from self._item(item, source, number)
            except RECORD_DATA_ERRORS as e:
                yield unreadable_record(source, None, f"item {number}", e, str(item)[:120])

    def _item(self, item: Any, source: str, number: int) -> Iterator[Entry]:
        if not isinstance(item, dict):
            yield SkippedEntry(source=source, reason=f"item {number}: not a JSON object")
            return
        if "citedPaper" in item or "citingPaper" in item:
            paper = item.get("citedPaper") or item.get("citingPaper") or {}
            yield self._record_or_skip(paper, source, number)
            return
        if "authorId" in item and "papers" in item:
            for index, paper in enumerate(_list(item, "papers")):
                yield self._record_or_skip(paper, source, number, where=f"item {number}, papers[{index}]")
            return
        # Each cited paper is read once: its record (or skip), and its ids for the focal paper's references. S2
        # lists references it could not match to a paper with a null paperId and no other id; those cite nothing.
        cited_entries = [
            self._record_or_skip(cited, source, number, where=f"item {number}, references[{index}]")
            for index, cited in enumerate(_list(item, "references"))
        ]
        references = [
            e.ids for e in cited_entries if isinstance(e, PaperRecord) and (e.ids.s2 or e.ids.doi or e.ids.arxiv)
        ]
        focal = self._record_or_skip(item, source, number, references)
        yield focal
        yield from cited_entries
        if isinstance(focal, PaperRecord):
            for index, citing in enumerate(_list(item, "citations")):
                yield self._record_or_skip(
                    citing, source, number, [focal.ids], where=f"item {number}, citations[{index}]"
                )

    def _record_or_skip(
        self,
        paper: dict[str, Any],
        source: str,
        number: int,
        references: list[PaperIds] | None = None,
        *,
        where: str = "",
    ) -> Entry:
        where = where or f"item {number}"
        try:
            if not isinstance(paper, dict):
                raise TypeError(f"a paper is a JSON object, not {type(paper).__name__}")
            record = s2_record(paper, source, self.name, references)
        except RECORD_DATA_ERRORS as e:
            return unreadable_record(source, None, where, e, str(paper)[:120])
        if record is None:
            return SkippedEntry(source=source, reason=f"{where}: a paper with no id and no title")
        return record


def _list(item: dict[str, Any], key: str) -> list[Any]:
    """``item[key]`` as a list (missing or null: empty).

    Raises
    ------
    TypeError
        If the value is neither a list nor null (the item is then reported as a skip).
    """
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"{key!r} is {type(value).__name__}, not a list")
    return value
