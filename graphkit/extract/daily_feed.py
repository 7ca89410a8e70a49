"""Daily-papers feeds: a page header with the page's own date, then title / abstract / metadata.

Per paper::

    Title
    Abstract
      • 4 authors            or an organisation line:  naver-ai NAVER AI Lab
    ·
    Jun 30, 2024 1          date, optionally followed by the upvote count

Some papers have no metadata lines at all (title and abstract only). A bare author count gives
no names, so such records have an empty byline, ``authors_complete`` false and the count kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from graphkit.core.models import InstitutionRef, SkippedEntry
from graphkit.extract.base import Entry, PageExtractor
from graphkit.extract.dates import DATE_PATTERN, ListingDate, parse_listing_date
from graphkit.extract.listing import PaperDraft, finish_drafts

__all__ = ["DailyFeedExtractor"]

_AUTHOR_COUNT = re.compile(r"•\s*(\d+)\s+authors?")
_DATE_UPVOTES = re.compile(rf"(?P<date>{DATE_PATTERN})(?: (?P<upvotes>\d+))?")
_ORGANISATION = re.compile(r"(?P<slug>[a-z0-9][a-z0-9-]*) (?P<name>\S.*)")
_SEPARATOR = "·"
_FEED_TITLE = "Daily Papers"


class DailyFeedExtractor(PageExtractor):
    """Daily-papers feed (``001_…`` in the seeds)."""

    name = "daily-feed"
    description = "scraped daily-papers feed: title / abstract / '• N authors' or organisation / · / date [upvotes]"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        lines = [line.strip() for line in head.splitlines()]
        return _FEED_TITLE in lines[:40] or sum(1 for line in lines if _AUTHOR_COUNT.fullmatch(line)) >= 2

    def parse_page(self, lines: list[str], source: str) -> Iterator[Entry]:
        numbered = [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]
        start, page_dates = self._skip_header(numbered)
        drafts: list[PaperDraft] = []
        position = start
        while position < len(numbered):
            number, title = numbered[position]
            if self._is_metadata(numbered, position):
                yield SkippedEntry(
                    source=source,
                    line=number,
                    excerpt=title[:120],
                    reason="metadata line with no title and abstract before it",
                )
                position += 1
                continue
            position += 1
            abstract = None
            if position < len(numbered) and not self._is_metadata(numbered, position):
                abstract = numbered[position][1]
                position += 1
            draft = PaperDraft(line=number, fields={"title": title, "abstract": abstract, "authors_complete": False})
            position = self._read_metadata(numbered, position, draft, source)
            drafts.append(draft)
        yield from finish_drafts(
            drafts, source=source, format_name=self.name, as_of=self.as_of, page_dates=page_dates, warn=self.warn
        )

    @staticmethod
    def _skip_header(numbered: list[tuple[int, str]]) -> tuple[int, list[ListingDate]]:
        """Return where the entries start and the page's own date(s).

        The header ends at the first line that is a bare date (the page's date), if that comes
        within the first lines; a page without one starts at its first line.
        """
        for index, (_, line) in enumerate(numbered[:12]):
            date = parse_listing_date(line)
            if date is not None:
                return index + 1, [date]
        return 0, []

    @staticmethod
    def _is_metadata(numbered: list[tuple[int, str]], position: int) -> bool:
        line = numbered[position][1]
        if line == _SEPARATOR or _AUTHOR_COUNT.fullmatch(line):
            return True
        # An organisation line is only metadata when the separator follows it; otherwise it is
        # a title that happens to start with a lower-case word.
        next_line = numbered[position + 1][1] if position + 1 < len(numbered) else ""
        return bool(_ORGANISATION.fullmatch(line)) and next_line == _SEPARATOR

    def _read_metadata(self, numbered: list[tuple[int, str]], position: int, draft: PaperDraft, source: str) -> int:
        if position < len(numbered):
            line = numbered[position][1]
            count = _AUTHOR_COUNT.fullmatch(line)
            if count:
                draft.fields["author_count"] = int(count[1])
                position += 1
            elif self._is_metadata(numbered, position) and line != _SEPARATOR:
                organisation = _ORGANISATION.fullmatch(line)
                assert organisation is not None
                draft.fields["organisation"] = InstitutionRef(name=organisation["name"], slug=organisation["slug"])
                position += 1
        if position < len(numbered) and numbered[position][1] == _SEPARATOR:
            position += 1
            if position < len(numbered):
                match = _DATE_UPVOTES.fullmatch(numbered[position][1])
                if match:
                    draft.date = parse_listing_date(match["date"])
                    draft.fields["upvotes"] = int(match["upvotes"]) if match["upvotes"] else None
                    position += 1
                    return position
            self.warn(f"{source}:{draft.line}: '·' separator with no date after it; the paper is kept undated")
        return position
