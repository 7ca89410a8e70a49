"""Listing pages the seeds do not show: real entries recombined into new pages of each of the three layouts."""

from __future__ import annotations

import random

import pytest

from graphkit.core.models import AuthorProfileRecord, PaperRecord, SkippedEntry
from graphkit.extract import extract
from graphkit.extract.bylines import split_title_byline
from graphkit.extract.daily_feed import DailyFeedExtractor
from graphkit.extract.profile_page import ProfilePageExtractor
from graphkit.extract.ranked_list import RankedListExtractor
from tests.conftest import DAILY_FEED, PROFILE_PAGE, RANKED_LIST

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


# --- profile pages and ranked lists: real entries rendered in each layout, in new orders and combinations ---

# Author items that real listings print and the seeds happen not to show: initials in capitals, group authors,
# unspaced scripts, a nickname in parentheses. Each is read as one author.
UNUSUAL_AUTHORS = ["DJ Strouse", "OpenAI", "DeepSeek-AI", "张伟", "Xin (Eric) Wang", "Gemini Team", "Nguyễn Văn An"]


def _seed_papers() -> list[PaperRecord]:
    """Every paper of the three seed pages that carries a byline (the pool to recombine)."""
    papers = [p for page in (PROFILE_PAGE, RANKED_LIST, DAILY_FEED) for p in extract(page).papers]
    with_names = [p for p in papers if p.authors and p.title]
    assert len(with_names) > 60
    return with_names


def _byline(names: list[str], complete: bool, slugs: list[str]) -> str:
    text = ", ".join(names) + ("" if complete else " et al.")
    return text + (" · " + ", ".join(slugs) if slugs else "")


def _meta_line(rng: random.Random, paper: PaperRecord) -> tuple[str, float | None, bool, str]:
    """A metadata line for ``paper`` in one of the forms the sites print: ``[score]CATdate[Code]``."""
    score = round(rng.uniform(1, 99), 1) if rng.random() < 0.5 else None
    code = rng.random() < 0.3
    date = rng.choice(["Mar 12", "Jul 3, 2024", "Dec 15, 2025", "Jan 1"])
    category = rng.choice(["LG", "CL", "CV", "AI", "RO", "ST"])
    line = f"{'' if score is None else score}{category}{date}{'Code' if code else ''}"
    return line, score, code, category


def _recombined(seed: int) -> list[tuple[PaperRecord, list[str], bool]]:
    """Sampled seed papers, each with its byline names, some with unusual authors added after the first."""
    rng = random.Random(seed)
    chosen = []
    for paper in rng.sample(_seed_papers(), 25):
        names = [a.name for a in paper.authors]
        if rng.random() < 0.4:
            names.insert(rng.randint(1, len(names)), rng.choice(UNUSUAL_AUTHORS))
        with_abstract = paper.abstract is not None and rng.random() < 0.8
        chosen.append((paper, names, with_abstract))
    return chosen


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_profile_pages_not_seen_before(seed: int) -> None:
    rng = random.Random(seed)
    entries = _recombined(seed)
    owner = rng.choice(["Stéphane d'Ascoli", "Yann LeCun", "Aäron van den Oord", "DJ Strouse"])
    page = [owner, "", "CV", "h-index12", "240papers", "3,417citations"]
    page += ["Novelty61%", "AI Score70"] if seed % 2 else []  # not every profile shows the scores
    page += ["", f"{len(entries)} Papers", ""]
    expected = []
    for paper, names, with_abstract in entries:
        meta, score, code, category = _meta_line(rng, paper)
        slugs = [a.slug for a in paper.affiliations if a.slug]
        assert paper.title is not None
        page += [meta, "", paper.title, "", _byline(names, paper.authors_complete, slugs), ""]
        if with_abstract:
            assert paper.abstract is not None
            page += [paper.abstract, ""]
        expected.append((paper.title, names, paper.authors_complete, slugs, score, code, category))
    extractor = ProfilePageExtractor()
    out = list(extractor.parse_page(page, "recombined.txt"))
    assert [e for e in out if isinstance(e, SkippedEntry)] == []
    profiles = [e for e in out if isinstance(e, AuthorProfileRecord)]
    assert [(p.name, p.field_raw, p.h_index, p.paper_count, p.citations) for p in profiles] == [
        (owner, "CV", 12, 240, 3417)
    ]
    papers = [e for e in out if isinstance(e, PaperRecord)]
    got = [
        (
            p.title,
            [a.name for a in p.authors],
            p.authors_complete,
            [a.slug for a in p.affiliations],
            p.score,
            p.has_code,
            p.category_raw,
        )
        for p in papers
    ]
    assert got == expected
    assert all(p.profile_author == owner and p.date is not None for p in papers)
    assert [p.abstract is not None for p in papers] == [with_abstract for _, _, with_abstract in entries]


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_ranked_lists_not_seen_before(seed: int) -> None:
    rng = random.Random(seed)
    entries = _recombined(seed)
    titles = [paper.title or "" for paper, _, _ in entries]
    page, expected = [], []
    for index, (paper, names, with_abstract) in enumerate(entries):
        # Titles and bylines of different papers glued together: the split must not depend on the pair.
        title = titles[(index + seed) % len(titles)]
        has_meta = rng.random() < 0.6
        meta = _meta_line(rng, paper) if has_meta else None
        if meta is not None:
            page += [meta[0]]
        slugs = [a.slug for a in paper.affiliations if a.slug]
        page += [title + _byline(names, paper.authors_complete, slugs)]
        if with_abstract:
            assert paper.abstract is not None
            page += [paper.abstract]
        expected.append((title, names, slugs, meta[1:] if meta else (None, False, None), with_abstract))
    out = list(RankedListExtractor().parse_page(page, "recombined.txt"))
    assert [e for e in out if isinstance(e, SkippedEntry)] == []
    papers = [e for e in out if isinstance(e, PaperRecord)]
    got = [
        (
            p.title,
            [a.name for a in p.authors],
            [a.slug for a in p.affiliations],
            (p.score, p.has_code, p.category_raw),
            p.abstract is not None,
        )
        for p in papers
    ]
    assert got == expected


def test_a_glued_line_whose_first_author_is_not_a_plain_name_is_reported_not_guessed() -> None:
    # "ReportOpenAI" could split before "OpenAI" or before "AI": the first author decides the split, so it must be
    # an unambiguous personal name; otherwise the line is a reported skip, never a wrong title.
    out = list(RankedListExtractor().parse_page(["GPT-4 Technical ReportOpenAI", "An abstract."], "page.txt"))
    skips = [e for e in out if isinstance(e, SkippedEntry)]
    # The abstract after it belongs to no entry and is reported too: nothing is attached to the wrong paper.
    assert [s.line for s in skips] == [1, 2] and "could not split the title" in skips[0].reason
    assert not [e for e in out if isinstance(e, PaperRecord)]


def test_every_seed_title_glued_to_every_seed_byline_splits_back() -> None:
    papers = _seed_papers()
    every_paper = [p for page in (PROFILE_PAGE, RANKED_LIST, DAILY_FEED) for p in extract(page).papers]
    titles = sorted({p.title for p in every_paper if p.title})
    bylines = sorted(
        {
            _byline([a.name for a in p.authors], p.authors_complete, [a.slug for a in p.affiliations if a.slug])
            for p in papers
        }
    )
    wrong = []
    for title in titles:
        for byline in bylines:
            split = split_title_byline(title + byline)
            if split is None or split[0] != title:
                wrong.append((title, byline, split and split[0]))
    assert len(titles) * len(bylines) > 9000
    assert wrong == []
