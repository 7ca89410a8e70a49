"""Byline parsing and the glued title/byline split, on hand-made cases."""

from __future__ import annotations

import pytest

from graphkit.extract.bylines import is_listed_author, is_plausible_name, parse_byline, split_title_byline


@pytest.mark.parametrize(
    "name",
    [
        "Devvrit",
        "Sham M. Kakade",
        "Stéphane d'Ascoli",
        "Costin-Andrei Oncescu",
        "Chase Van Amburg",
        "Sharan Ranjit S",
        "Lee Cheuk-Kit",
        "Brendan McMahan",
        "Yann LeCun",
        "Laurens van der Maaten",
        "Dean P. Foster",
    ],
)
def test_plausible_names(name: str) -> None:
    assert is_plausible_name(name)


@pytest.mark.parametrize(
    "text",
    [
        "and LuckBenjamin L. Edelman",
        "Former: Nested Transformer",
        "ANNS: A Framework",
        "",
        "LaTeX Tricks",
        "one two three four five six seven",
        "Pre-training?",
    ],
)
def test_implausible_names(text: str) -> None:
    assert not is_plausible_name(text)


def test_byline_with_et_al_and_affiliations() -> None:
    byline = parse_byline("Samy Jelassi, Clara Mohri, David Brandfonbrener et al. · harvard, microsoft-research")
    assert byline is not None
    assert byline.names == ["Samy Jelassi", "Clara Mohri", "David Brandfonbrener"]
    assert not byline.complete
    assert byline.affiliations == ["harvard", "microsoft-research"]


def test_complete_byline() -> None:
    byline = parse_byline("Aaron Defazio, Samy Jelassi")
    assert byline is not None and byline.complete and byline.affiliations == []


def test_abstract_is_not_a_byline() -> None:
    assert parse_byline("We study linear regression under covariate shift, where the marginal distribution") is None


@pytest.mark.parametrize(
    ("line", "title", "first"),
    [
        (
            "SOAP: Improving and Stabilizing Shampoo using AdamNikhil Vyas, Depen Morwani, Rosie Zhao et al.",
            "SOAP: Improving and Stabilizing Shampoo using Adam",
            "Nikhil Vyas",
        ),
        (
            "CoLoR-Filter: Conditional Loss Reduction Filtering for Targeted Language Model Pre-trainingDavid "
            "Brandfonbrener, Hanlin Zhang",
            "CoLoR-Filter: Conditional Loss Reduction Filtering for Targeted Language Model Pre-training",
            "David Brandfonbrener",
        ),
        ("Using BERTJohn Smith", "Using BERT", "John Smith"),
        ("A Study of 360 VideosMatthew Wallingford", "A Study of 360 Videos", "Matthew Wallingford"),
    ],
)
def test_split_title_byline(line: str, title: str, first: str) -> None:
    split = split_title_byline(line)
    assert split is not None
    assert split[0] == title
    assert split[1].names[0] == first


def test_split_fails_without_a_byline() -> None:
    assert split_title_byline("Just A Title With No Authors at all") is None


@pytest.mark.parametrize(
    "item", ["DJ Strouse", "OpenAI", "DeepSeek-AI", "张伟", "Xin (Eric) Wang", "Meta FAIR", "Nguyễn Văn An"]
)
def test_listed_authors_beyond_plain_personal_names(item: str) -> None:
    assert is_listed_author(item)
    byline = parse_byline(f"Ada Lovelace, {item} et al.")
    assert byline is not None and byline.names == ["Ada Lovelace", item]


@pytest.mark.parametrize("item", ["18 pages", "GPT-4", "we study this", "AI @ Meta", "D", "Report no. 5"])
def test_text_that_is_no_author_item(item: str) -> None:
    assert not is_listed_author(item)
    assert parse_byline(f"Ada Lovelace, {item}") is None
