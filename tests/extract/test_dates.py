"""The yearless-date rule, on hand-worked cases."""

from __future__ import annotations

import datetime as dt

from graphkit.extract import extract
from graphkit.extract.dates import parse_listing_date, resolve_year
from tests.conftest import PROFILE_PAGE


def test_explicit_year_is_kept() -> None:
    date = parse_listing_date("Feb 29, 2024")
    assert date is not None and resolve_year(date, 2020, None) == dt.date(2024, 2, 29)


def test_yearless_date_is_the_year_after_the_latest_explicit_year() -> None:
    date = parse_listing_date("Dec 31")
    assert date is not None and resolve_year(date, 2025, None) == dt.date(2026, 12, 31)


def test_as_of_picks_the_latest_occurrence_on_or_before_that_day() -> None:
    date = parse_listing_date("Oct 27")
    assert date is not None
    assert resolve_year(date, 2024, dt.date(2025, 10, 27)) == dt.date(2025, 10, 27)
    assert resolve_year(date, 2024, dt.date(2025, 10, 26)) == dt.date(2024, 10, 27)


def test_impossible_or_uninferable_dates_stay_unresolved() -> None:
    leap = parse_listing_date("Feb 29")
    assert leap is not None and resolve_year(leap, 2024, None) is None  # 2025 has no Feb 29
    assert resolve_year(leap, None, None) is None
    assert parse_listing_date("Smarch 3") is None


def test_as_of_changes_inferred_years_on_a_real_page() -> None:
    papers = {p.title: p for p in extract(PROFILE_PAGE, as_of=dt.date(2026, 1, 10)).papers}
    recurrent = papers["The Recurrent Transformer: Greater Effective Depth and Efficient Decoding"]
    assert (recurrent.date, recurrent.year_inferred) == (dt.date(2025, 4, 23), True)
