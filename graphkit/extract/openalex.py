"""OpenAlex works: an API list page (``{"meta", "results": [...]}``), one work, or snapshot JSON Lines.

Per work: ids (OpenAlex W id, DOI, and an arXiv id where a location points at arxiv.org),
``title``, ``publication_date``, ``authorships`` (author id, ORCID, name, and institutions with
ROR, country and lineage), ``referenced_works`` (kept as references, so every citation becomes
an edge), ``cited_by_count`` (the source's count, kept apart from the graph's), the primary
topic and topics, the venue, and the abstract rebuilt from ``abstract_inverted_index``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphkit.core.ids import normalise_arxiv, normalise_doi, normalise_openalex, normalise_orcid, normalise_ror
from graphkit.core.models import (
    AuthorIds,
    AuthorRef,
    CitedWork,
    InstitutionRef,
    PaperIds,
    PaperRecord,
    Provenance,
    SkippedEntry,
)
from graphkit.extract.base import RECORD_DATA_ERRORS, Entry, Extractor, unreadable_record
from graphkit.extract.dates import iso_date
from graphkit.extract.textio import BadLine, iter_text_lines, read_document

__all__ = ["OpenAlexExtractor", "rebuild_abstract"]


def rebuild_abstract(index: dict[str, list[int]] | None) -> str | None:
    """Rebuild an abstract from OpenAlex's inverted index.

    Examples
    --------
    >>> rebuild_abstract({"graphs": [1], "Knowledge": [0], "matter": [2]})
    'Knowledge graphs matter'
    """
    if not index:
        return None
    positions = {position: word for word, places in index.items() for position in places}
    return " ".join(positions[i] for i in sorted(positions)) or None


class OpenAlexExtractor(Extractor):
    """OpenAlex works (API page, single work, or snapshot JSON Lines)."""

    name = "openalex"
    description = "OpenAlex works: API list page, single work JSON, or snapshot JSON Lines (plain or .gz)"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        return '"https://openalex.org/W' in head and ('"authorships"' in head or '"results"' in head)

    def iter_entries(self, path: Path) -> Iterator[Entry]:
        source = str(path)
        lines = iter_text_lines(path)
        first = next(lines, None)
        single = _json_object(first[1]) if isinstance(first, tuple) else None
        if single is not None and "id" in single and "results" not in single:  # snapshot: a work per line, streamed
            yield self._guarded(single, source, 1)
            for item in lines:
                if isinstance(item, BadLine):
                    yield item.skip(source)
                elif item[1].strip():
                    yield self._parse_line(item[1], source, item[0])
            return
        lines.close()
        try:
            document = json.loads(read_document(path))
        except (ValueError, RecursionError) as e:
            reason = "nested too deeply" if isinstance(e, RecursionError) else str(e)
            yield SkippedEntry(source=source, reason=f"not valid JSON ({reason}); nothing in the file can be read")
            return
        works = document.get("results") if isinstance(document, dict) and "results" in document else [document]
        if not isinstance(works, list):
            yield SkippedEntry(source=source, reason="'results' is not a list of works; nothing can be read")
            return
        for number, work in enumerate(works, start=1):
            yield self._guarded(work, source, None, f"result {number}")

    def _parse_line(self, line: str, source: str, number: int) -> Entry:
        try:
            work = json.loads(line)
        except (ValueError, RecursionError) as e:
            reason = "nested too deeply" if isinstance(e, RecursionError) else str(e)
            return SkippedEntry(source=source, line=number, reason=f"not valid JSON ({reason})", excerpt=line[:120])
        return self._guarded(work, source, number)

    def _guarded(self, work: Any, source: str, line: int | None, where: str = "") -> Entry:
        try:
            return self._work(work, source, line, where)
        except RECORD_DATA_ERRORS as e:
            return unreadable_record(source, line, where or f"line {line}", e, str(work)[:120])

    def _work(self, work: Any, source: str, line: int | None, where: str = "") -> Entry:
        if not isinstance(work, dict) or normalise_openalex(work.get("id")) is None:
            return SkippedEntry(source=source, line=line, reason=f"{where or 'line'}: not an OpenAlex work")
        title = work.get("display_name") or work.get("title")
        if not title:
            # Kept: the work is identified by its ids, and may be cited by others.
            self.warn(f"{source}: {where or f'line {line}'}: {work['id']} has no title; kept with its ids")
        ids = work.get("ids") or {}
        arxiv = next(
            (normalise_arxiv(loc.get("landing_page_url")) for loc in work.get("locations") or []
             if "arxiv.org" in (loc.get("landing_page_url") or "")),
            None,
        )  # fmt: skip
        authors = [
            self._author(a) for a in work.get("authorships") or [] if (a.get("author") or {}).get("display_name")
        ]
        published = work.get("publication_date")
        date = iso_date(published)
        if published and date is None:
            place = where or f"line {line}"
            self.warn(f"{source}: {place}: publication_date {published!r} is not a date; the work is kept undated")
        topic = (work.get("primary_topic") or {}).get("display_name")
        topics = [t["display_name"] for t in work.get("topics") or [] if t.get("display_name")]
        venue = ((work.get("primary_location") or {}).get("source") or {}).get("display_name")
        references = [
            CitedWork(ids=PaperIds(openalex=w))
            for w in map(normalise_openalex, work.get("referenced_works") or [])
            if w
        ]
        return PaperRecord(
            title=html.unescape(title) if title else None,
            authors=authors,
            authors_complete=bool(authors),
            author_count=len(authors) or None,
            date=date,
            date_precision="day" if date else None,
            abstract=rebuild_abstract(work.get("abstract_inverted_index")),
            ids=PaperIds(
                openalex=normalise_openalex(work["id"]),
                doi=normalise_doi(work.get("doi") or ids.get("doi")),
                arxiv=arxiv,
            ),
            venue=venue,
            topics=list(dict.fromkeys([topic, *topics])) if topic else topics,
            references=references,
            cited_by_count=work.get("cited_by_count"),
            provenance=Provenance(source=source, line=line, format=self.name),
        )

    @staticmethod
    def _author(authorship: dict[str, Any]) -> AuthorRef:
        author = authorship["author"]
        institutions = [
            InstitutionRef(name=i["display_name"], ror=normalise_ror(i.get("ror")), country=i.get("country_code"))
            for i in authorship.get("institutions") or []
            if i.get("display_name")
        ]
        ids = AuthorIds(openalex=normalise_openalex(author.get("id")), orcid=normalise_orcid(author.get("orcid")))
        return AuthorRef(
            name=author["display_name"], ids=ids if ids.openalex or ids.orcid else None, affiliations=institutions
        )


def _json_object(text: str) -> dict[str, Any] | None:
    """``text`` parsed as one JSON object, or ``None`` (not JSON, not an object, or only part of a document)."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
