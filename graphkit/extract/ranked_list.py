"""Ranked paper lists: [metadata line], title and byline glued on one line, abstract.

Per paper::

    29.5LGOct 9, 2022                                  optional: [score] subject date [Code]
    The Role of Coverage in Online Reinforcement LearningTengyang Xie, Dylan J. Foster, Yu Bai et al. · mit
    Abstract

The title/byline split is done by :func:`graphkit.extract.bylines.split_title_byline`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graphkit.core.models import AuthorRef, InstitutionRef, SkippedEntry
from graphkit.extract.base import Entry, PageExtractor
from graphkit.extract.bylines import Byline, split_title_byline
from graphkit.extract.listing import MetaLine, PaperDraft, finish_drafts, parse_meta_line

__all__ = ["RankedListExtractor"]

# A line that splits into title + byline is still read as an abstract when it is this long:
# real title lines are short, and abstracts occasionally end in something name-like.
_MAX_TITLE_LINE = 400


class RankedListExtractor(PageExtractor):
    """Ranked list (``003_…`` in the seeds)."""

    name = "ranked-list"
    description = "scraped ranked list: [[score]CATdate] / title+byline glued on one line / abstract"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        lines = [line.strip() for line in head.splitlines() if line.strip()][:40]
        glued = sum(1 for line in lines if len(line) <= _MAX_TITLE_LINE and split_title_byline(line) is not None)
        return glued >= 2

    def parse_page(self, lines: list[str], source: str) -> Iterator[Entry]:
        numbered = [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]
        drafts: list[PaperDraft] = []
        pending_meta: tuple[int, MetaLine] | None = None
        expecting_abstract = False
        for number, line in numbered:
            meta = parse_meta_line(line)
            if meta is not None:
                if pending_meta is not None:
                    yield self._skip(source, pending_meta[0], line, "metadata line with no title line after it")
                pending_meta, expecting_abstract = (number, meta), False
                continue
            split = split_title_byline(line) if len(line) <= _MAX_TITLE_LINE else None
            if expecting_abstract and split is None:
                drafts[-1].fields["abstract"] = line
                expecting_abstract = False
                continue
            if split is None:
                reason = (
                    "could not split the title from the author list (no point where a well-formed list of names "
                    "follows the title)"
                    if len(line) <= _MAX_TITLE_LINE
                    else "long text outside any entry (no title line before it)"
                )
                yield self._skip(source, pending_meta[0] if pending_meta else number, line, reason)
                pending_meta, expecting_abstract = None, False
                continue
            drafts.append(self._draft(number, split, pending_meta))
            pending_meta, expecting_abstract = None, True
        if pending_meta is not None:
            yield self._skip(source, pending_meta[0], "", "metadata line at the end of the page with no entry")
        yield from finish_drafts(drafts, source=source, format_name=self.name, as_of=self.as_of, warn=self.warn)

    @staticmethod
    def _skip(source: str, line: int, text: str, reason: str) -> SkippedEntry:
        return SkippedEntry(source=source, line=line, excerpt=text[:120], reason=reason)

    @staticmethod
    def _draft(number: int, split: tuple[str, Byline], meta: tuple[int, MetaLine] | None) -> PaperDraft:
        title, byline = split
        fields = {
            "title": title,
            "authors": [AuthorRef(name=n) for n in byline.names],
            "authors_complete": byline.complete,
            "author_count": len(byline.names) if byline.complete else None,
            "affiliations": [InstitutionRef(name=slug, slug=slug) for slug in byline.affiliations],
            "abstract": None,
        }
        if meta is None:
            return PaperDraft(line=number, fields=fields)
        meta_number, meta_line = meta
        fields.update(category_raw=meta_line.category_raw, score=meta_line.score, has_code=meta_line.has_code)
        return PaperDraft(line=meta_number, fields=fields, date=meta_line.date)
