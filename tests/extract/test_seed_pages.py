"""Exact records from the three real seed pages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from graphkit.core.models import PaperRecord
from graphkit.extract import detect_format, extract
from tests.conftest import DAILY_FEED, PROFILE_PAGE, RANKED_LIST, SEED_PAGES

GOLDEN = json.loads((Path(__file__).parents[1] / "golden" / "seed_records.json").read_text("utf-8"))


def _by_title(path: Path) -> dict[str, PaperRecord]:
    return {p.title or "": p for p in extract(path).papers}


def _row(p: PaperRecord) -> dict[str, object]:
    return {
        "line": p.provenance.line,
        "title": p.title,
        "authors": p.author_names,
        "complete": p.authors_complete,
        "count": p.author_count,
        "date": p.date.isoformat() if p.date else None,
        "year_inferred": p.year_inferred,
        "category": p.category,
        "category_raw": p.category_raw,
        "affiliations": [a.name for a in p.affiliations],
        "organisation": p.organisation.name if p.organisation else None,
        "upvotes": p.upvotes,
        "score": p.score,
        "code": p.has_code,
        "abstract_start": (p.abstract or "")[:40],
    }


@pytest.mark.parametrize("page", SEED_PAGES, ids=lambda p: p.name)
def test_every_record_matches_the_reviewed_golden_file(page: Path) -> None:
    # The golden file was reviewed entry by entry against the page text.
    assert [_row(p) for p in extract(page).papers] == GOLDEN[page.name]


def test_formats_are_detected() -> None:
    assert [detect_format(p) for p in SEED_PAGES] == ["profile-page", "daily-feed", "ranked-list"]


def test_profile_page_counts_and_header() -> None:
    result = extract(PROFILE_PAGE)
    assert len(result.papers) == 29
    assert result.skipped == []
    (profile,) = result.profiles
    assert (profile.name, profile.h_index, profile.paper_count, profile.citations) == ("Samy Jelassi", 96, 29, 1059)
    assert (profile.field, profile.novelty_percent, profile.ai_score) == ("cs.LG", 58.0, 54.0)
    assert all(p.profile_author == "Samy Jelassi" for p in result.papers)


def test_profile_page_entries() -> None:
    papers = _by_title(PROFILE_PAGE)
    matching = papers["Matching Features, Not Tokens: Energy-Based Fine-Tuning of Language Models"]
    assert (matching.score, matching.category, matching.date, matching.year_inferred) == (
        87.7,
        "cs.LG",
        dt.date(2026, 3, 12),
        True,
    )
    assert matching.date_raw == "Mar 12"
    lora = papers["LoRA Soups: Merging LoRAs for Practical Skill Composition Tasks"]
    assert (lora.category, lora.category_raw, lora.has_code) == ("cs.CL", "CL", True)
    assert [a.name for a in lora.affiliations] == ["princeton"]
    test_time = papers["Let's (not) just put things in Context: Test-Time Training for Long-Context LLMs"]
    assert [a.slug for a in test_time.affiliations] == ["harvard", "microsoft-research"]
    assert test_time.author_names == ["Rachit Bansal", "Aston Zhang", "Rishabh Tiwari"]
    assert not test_time.authors_complete and test_time.author_count is None
    vit = papers["Vision Transformers provably learn spatial structure"]
    assert vit.authors_complete and vit.author_count == 3 and vit.category == "cs.CV"
    assert papers["Auction learning as a two-player game"].category == "cs.GT"
    assert papers["Towards closing the gap between the theory and practice of SVRG"].category == "math.OC"
    assert papers["Global convergence of neuron birth-death dynamics"].category == "stat.ML"
    assert papers["Length Generalization in Arithmetic Transformers"].author_names[1] == "Stéphane d'Ascoli"


def test_daily_feed_counts_dates_and_metadata() -> None:
    result = extract(DAILY_FEED)
    assert len(result.papers) == 60 and result.skipped == []
    papers = {p.title: p for p in result.papers}
    pretraining = papers["Pre-training under infinite compute"]
    assert (pretraining.date, pretraining.year_inferred, pretraining.author_count) == (dt.date(2025, 9, 18), True, 4)
    assert pretraining.authors == [] and not pretraining.authors_complete
    adamp = papers["AdamP: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant Weights"]
    assert adamp.organisation is not None
    assert (adamp.organisation.slug, adamp.organisation.name, adamp.date) == (
        "naver-ai",
        "NAVER AI Lab",
        dt.date(2020, 6, 15),
    )
    inpo = papers["Iterative Nash Policy Optimization: Aligning LLMs with General Preferences via No-Regret Learning"]
    assert (inpo.date, inpo.upvotes, inpo.year_inferred) == (dt.date(2024, 6, 30), 1, False)
    angles = papers["Angles Don't Lie: Unlocking Training-Efficient RL Through the Model's Own Signals"]
    assert (angles.date, angles.upvotes) == (dt.date(2025, 6, 2), 2)
    bare = papers["Beyond Outliers: A Study of Optimizers Under Quantization"]
    assert bare.date is None and bare.author_count is None and bare.abstract
    assert sum(p.date is None for p in result.papers) == 3


def test_ranked_list_splits_every_title_from_its_byline() -> None:
    result = extract(RANKED_LIST)
    assert len(result.papers) == 50 and result.skipped == []
    papers = _by_title(RANKED_LIST)
    matformer = papers["MatFormer: Nested Transformer for Elastic Inference"]
    assert matformer.author_names == ["Devvrit", "Sneha Kudugunta", "Aditya Kusupati"]
    assert not matformer.authors_complete and [a.name for a in matformer.affiliations] == ["uw"]
    comma_titles = {
        "Pareto Frontiers in Neural Feature Learning: Data, Compute, Width, and Luck": "Benjamin L. Edelman",
        "Connections between Schedule-Free Optimizers, AdEMAMix, and Accelerated SGD Variants": "Depen Morwani",
        "LLC: Accurate, Multi-purpose Learnt Low-dimensional Binary Codes": "Aditya Kusupati",
        "Train for the Worst, Plan for the Best: Understanding Token Ordering in Masked Diffusions": "Jaeyeon Kim",
    }
    for title, first_author in comma_titles.items():
        assert papers[title].author_names[0] == first_author
    assert papers["How Does Critical Batch Size Scale in Pre-training?"].author_names[0] == "Hanlin Zhang"
    assert papers["AdANNS: A Framework for Adaptive Semantic Search"].author_names[2] == "Sharan Ranjit S"
    hardness = papers["Hardness of Independent Learning and Sparse Equilibrium Computation in Markov Games"]
    assert hardness.authors_complete and hardness.author_count == 3
    assert papers["Neural Coordination and Capacity Control for Inventory Management"].category == "eess.SY"
    assert papers["Analysis of a randomized approximation scheme for matrix multiplication"].category == "cs.DS"
    undated = papers["Matryoshka Representation Learning"]
    assert undated.date is None and undated.category is None and undated.score is None
    # every entry of the page: title never ends in a name fragment, every author a plausible name
    assert all(p.abstract for p in result.papers)
