"""Listing-page dates, and the rule that supplies years the page left out.

Listing sites print dates as ``Mar 12, 2024`` and drop the year for the current year (``Mar 12``).
graphkit restores the year by one documented rule:

* with ``as_of`` (``--as-of DATE``), a yearless date is its most recent occurrence on or before
  that day;
* otherwise, every yearless date on a page lies in the year after the latest explicit year on
  the same page (the page was captured in the year after the newest dated entry it shows).

A page with yearless dates, no explicit year and no ``as_of`` keeps those dates unresolved
(``date`` is ``None``, ``date_raw`` keeps the text) and says so in a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DATE_PATTERN", "MONTHS", "ListingDate", "iso_date", "parse_listing_date", "resolve_year", "year_start"]

MONTHS = {
    m: i
    for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)
}

DATE_PATTERN = r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?"
_DATE_RE = re.compile(DATE_PATTERN)


@dataclass(frozen=True)
class ListingDate:
    """A date as printed: month and day, and the year where the page gives one."""

    month: int
    day: int
    year: int | None
    raw: str


def parse_listing_date(text: str) -> ListingDate | None:
    """Parse ``Mar 12`` or ``Mar 12, 2024``; ``None`` if the text is not such a date.

    Examples
    --------
    >>> parse_listing_date("Mar 12, 2024")
    ListingDate(month=3, day=12, year=2024, raw='Mar 12, 2024')
    >>> parse_listing_date("Mar 12").year is None
    True
    """
    match = _DATE_RE.fullmatch(text.strip())
    if match is None:
        return None
    year = match["year"]
    return ListingDate(MONTHS[match["month"]], int(match["day"]), int(year) if year else None, text.strip())


def resolve_year(date: ListingDate, latest_explicit_year: int | None, as_of: dt.date | None) -> dt.date | None:
    """Return the full date, applying the module's year rule to yearless dates.

    Returns ``None`` when the year cannot be inferred or the day does not exist (``Feb 30``).

    Examples
    --------
    >>> d = parse_listing_date("Mar 12")
    >>> resolve_year(d, 2025, None)
    datetime.date(2026, 3, 12)
    >>> resolve_year(d, 2025, dt.date(2026, 1, 5))
    datetime.date(2025, 3, 12)
    """
    try:
        if date.year is not None:
            return dt.date(date.year, date.month, date.day)
        if as_of is not None:
            candidate = _safe_date(as_of.year, date.month, date.day)
            if candidate is not None and candidate <= as_of:
                return candidate
            return _safe_date(as_of.year - 1, date.month, date.day)
        if latest_explicit_year is None:
            return None
        return dt.date(latest_explicit_year + 1, date.month, date.day)
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def iso_date(value: object) -> dt.date | None:
    """The date of ISO text (``2024-03-12``, or the start of a timestamp); ``None`` for anything else, including
    days that do not exist and years out of range — the caller keeps the record and reports the date.

    Examples
    --------
    >>> iso_date("2024-03-12T10:00:00Z"), iso_date("2023-02-30"), iso_date(20240312)
    (datetime.date(2024, 3, 12), None, None)
    """
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def year_start(value: object) -> dt.date | None:
    """1 January of a year given as a number or as digits; ``None`` for anything else or a year outside 1–9999.

    Examples
    --------
    >>> year_start(2019), year_start("1998"), year_start(10**30), year_start(True)
    (datetime.date(2019, 1, 1), datetime.date(1998, 1, 1), None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 4:
        value = int(value.strip())
    if not isinstance(value, int) or not dt.MINYEAR <= value <= dt.MAXYEAR:
        return None
    return dt.date(value, 1, 1)
