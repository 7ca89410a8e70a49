"""Daily-feed pages the seeds do not show: real entries recombined, with organisation lines of every form."""

from __future__ import annotations

import random

import pytest

from graphkit.core.models import PaperRecord
from graphkit.extract import extract
from graphkit.extract.daily_feed import DailyFeedExtractor
from tests.conftest import DAILY_FEED

# Organisation lines as such feeds print them: a lower-case slug and the name, a short and a full name, a name
# alone (capitalised like a title), accents, digits, punctuation — with the name each should give.
ORGANISATIONS = [
    ("naver-ai NAVER AI Lab", "naver-ai", "NAVER AI Lab"),
    ("Google DeepMind", None, "Google DeepMind"),
    ("NVIDIA NVIDIA Corporation", None, "NVIDIA Corporation"),
    ("Université Paris-Saclay", None, "Université Paris-Saclay"),
    ("01-ai 01.AI", "01-ai", "01.AI"),
    ("Tsinghua University & Zhipu AI", None, "Tsinghua University & Zhipu AI"),
    ("Qwen", None, "Qwen"),
    ("allenai Ai2", "allenai", "Ai2"),
    ("The Chinese University of Hong Kong", None, "The Chinese University of Hong Kong"),
]


def _entries() -> tuple[list[str], list[list[str]]]:
    """The seed page's header lines and its entries (each: title, abstract, metadata, "·", date)."""
    lines = [line for line in DAILY_FEED.read_text("utf-8").splitlines() if line.strip()]
    header_end = next(i for i, line in enumerate(lines) if line.strip() == "Oct 27") + 1
    entries, current = [], []
    for line in lines[header_end:]:
        current.append(line)
        if len(current) >= 2 and current[-2].strip() == "·":
            entries.append(current)
            current = []
    return lines[:header_end], [e for e in entries if len(e) == 5]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_organisation_lines_of_any_text_are_known_by_where_they_stand(seed: int) -> None:
    header, entries = _entries()
    assert len(entries) > 40
    rng = random.Random(seed)
    chosen = rng.sample(entries, 30)
    expected = []
    page = list(header)
    for index, (title, abstract, _meta, separator, date) in enumerate(chosen):
        if index % 3 == 2:
            meta, want = "  • 5 authors", None
        else:
            line, slug, name = ORGANISATIONS[index % len(ORGANISATIONS)]
            meta, want = line, (slug, name)
        page += [title, "", abstract, "", meta, separator, date, ""]
        expected.append((title.strip(), want))
    entries_out = list(DailyFeedExtractor().parse_page(page, "recombined.txt"))
    papers = [e for e in entries_out if isinstance(e, PaperRecord)]
    assert [p.title for p in papers] == [title for title, _ in expected]  # no organisation read as a title
    got = [(p.organisation.slug, p.organisation.name) if p.organisation else None for p in papers]
    assert got == [want for _, want in expected]
    assert all(p.date is not None for p in papers)


def test_the_seed_page_itself_reads_as_before() -> None:
    result = extract(DAILY_FEED)
    organisations = [p.organisation.name for p in result.papers if p.organisation]
    assert organisations == ["NAVER AI Lab"] and result.skipped == []
