"""Daily-papers feeds: a page header with the page's own date, then title / abstract / metadata.

Per paper::

    Title
    Abstract
      • 4 authors            or an organisation line:  naver-ai NAVER AI Lab  (any text: Google DeepMind)
    ·
    Jun 30, 2024 1          date, optionally followed by the upvote count

The organisation line is known by where it stands — after the abstract, before ``·`` and a date — never by
its text. Some papers have no metadata lines at all (title and abstract only). A bare author count gives
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
_MAX_SHORT_NAME_WORDS = 6
_FEED_TITLE = "Daily Papers"


def organisation_ref(line: str) -> InstitutionRef:
    """An organisation line as the feed prints it: ``slug Name`` (``naver-ai NAVER AI Lab``), a short and a full
    name (``NVIDIA NVIDIA Corporation``), or a name alone (``Google DeepMind``).

    Examples
    --------
    >>> lines = ["naver-ai NAVER AI Lab", "NVIDIA NVIDIA Corporation", "Meta AI"]
    >>> [(o.slug, o.name) for o in map(organisation_ref, lines)]
    [('naver-ai', 'NAVER AI Lab'), (None, 'NVIDIA Corporation'), (None, 'Meta AI')]
    """
    slugged = _ORGANISATION.fullmatch(line)
    if slugged:
        return InstitutionRef(name=slugged["name"], slug=slugged["slug"])
    words = line.split()
    # A short name (a few words at most) before the full one that begins with it: the full name is the
    # organisation's.
    for cut in range(1, min(len(words) // 2, _MAX_SHORT_NAME_WORDS) + 1):
        if words[cut : 2 * cut] == words[:cut]:
            return InstitutionRef(name=" ".join(words[cut:]))
    return InstitutionRef(name=line)


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

    @staticmethod
    def _before_dated_separator(numbered: list[tuple[int, str]], position: int) -> bool:
        """Whether the line at ``position`` is followed by the separator and then a date line."""
        if position + 2 >= len(numbered) or numbered[position + 1][1] != _SEPARATOR:
            return False
        return _DATE_UPVOTES.fullmatch(numbered[position + 2][1]) is not None

    def _read_metadata(self, numbered: list[tuple[int, str]], position: int, draft: PaperDraft, source: str) -> int:
        if position < len(numbered):
            line = numbered[position][1]
            count = _AUTHOR_COUNT.fullmatch(line)
            if count:
                draft.fields["author_count"] = int(count[1])
                position += 1
            elif line != _SEPARATOR and self._before_dated_separator(numbered, position):
                # After the title and abstract, the line before "·" and a date is the organisation, whatever
                # its text: where it stands says what it is.
                draft.fields["organisation"] = organisation_ref(line)
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
