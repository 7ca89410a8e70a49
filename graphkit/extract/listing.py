"""Pieces shared by the three listing-page formats: the metadata line and page-wide dates.

A listing page's metadata line runs an optional score, a two-letter arXiv subject code, a date
and an optional ``Code`` flag together: ``87.7LGMar 12``, ``CLOct 16, 2024Code``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from graphkit.core.models import PaperRecord, Provenance
from graphkit.core.taxonomy import resolve_category
from graphkit.extract.dates import DATE_PATTERN, ListingDate, parse_listing_date, resolve_year

__all__ = ["MetaLine", "PaperDraft", "finish_drafts", "parse_meta_line"]

_META_RE = re.compile(rf"(?P<score>\d+(?:\.\d+)?)?(?P<cat>[A-Z]{{2}})(?P<date>{DATE_PATTERN})(?P<code>Code)?")


@dataclass(frozen=True)
class MetaLine:
    """A parsed metadata line."""

    score: float | None
    category_raw: str
    date: ListingDate
    has_code: bool


def parse_meta_line(line: str) -> MetaLine | None:
    """Parse a listing metadata line; ``None`` if the line is not one.

    Examples
    --------
    >>> m = parse_meta_line("87.7LGMar 12")
    >>> m.score, m.category_raw, m.date.raw, m.has_code
    (87.7, 'LG', 'Mar 12', False)
    >>> parse_meta_line("CLOct 16, 2024Code").has_code
    True
    """
    match = _META_RE.fullmatch(line.strip())
    if match is None:
        return None
    date = parse_listing_date(match["date"])
    if date is None:  # pragma: no cover - the regex already matched a date
        return None
    score = float(match["score"]) if match["score"] else None
    return MetaLine(score, match["cat"], date, match["code"] is not None)


@dataclass
class PaperDraft:
    """A paper whose year may still need the rest of the page to be known."""

    line: int
    fields: dict[str, Any]
    date: ListingDate | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def finish_drafts(
    drafts: list[PaperDraft],
    *,
    source: str,
    format_name: str,
    as_of: dt.date | None,
    page_dates: list[ListingDate] = (),  # type: ignore[assignment]
    warn: Any = None,
) -> list[PaperRecord]:
    """Resolve every draft's date with the page-wide year rule and build the records.

    ``page_dates`` are dates printed on the page outside the entries (a feed's own date); they
    count towards the latest explicit year.
    """
    all_dates = [d.date for d in drafts if d.date is not None] + list(page_dates)
    explicit_years = [d.year for d in all_dates if d.year is not None]
    latest = max(explicit_years) if explicit_years else None
    records = []
    unresolved = 0
    for draft in drafts:
        fields = dict(draft.fields)
        if draft.date is not None:
            resolved = resolve_year(draft.date, latest, as_of)
            fields["date_raw"] = draft.date.raw
            fields["date"] = resolved
            fields["date_precision"] = "day" if resolved is not None else None
            fields["year_inferred"] = resolved is not None and draft.date.year is None
            unresolved += resolved is None
        category_raw = fields.get("category_raw")
        if category_raw is not None:
            fields["category"] = resolve_category(category_raw)
            if fields["category"] is None and warn is not None:
                warn(f"{source}:{draft.line}: unknown arXiv category code {category_raw!r}")
        fields["provenance"] = Provenance(source=source, line=draft.line, format=format_name)
        records.append(PaperRecord(**fields))
    if unresolved and warn is not None:
        warn(
            f"{source}: {unresolved} date(s) have no year and none can be inferred "
            "(the page shows no explicit year); pass --as-of DATE to set the capture day"
        )
    return records
