"""Pieces shared by the arXiv formats (snapshot, OAI-PMH, Atom): names, text, categories, records."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from graphkit.core.ids import normalise_doi
from graphkit.core.models import AuthorRef, PaperIds, PaperRecord, Provenance
from graphkit.core.taxonomy import resolve_category
from graphkit.core.text import decode_tex, decode_tex_text

__all__ = ["arxiv_categories", "arxiv_record", "clean_text", "person_name"]


def person_name(first: str | None, last: str | None, suffix: str | None = None) -> str:
    """Display name from name parts, TeX accents decoded and spacing normalised.

    Examples
    --------
    >>> person_name("C.", "Bal\\\\'azs"), person_name("", "Devvrit"), person_name("Jr", "King", "III")
    ('C. Balázs', 'Devvrit', 'Jr King III')
    """
    parts = [decode_tex(p) for p in (first, last, suffix) if p]
    # authors_parsed splits hyphenated initials apart ("C. -P." for "C.-P.").
    return " ".join(" ".join(parts).split()).replace(". -", ".-")


def clean_text(text: str | None) -> str | None:
    """Collapse whitespace (titles and abstracts wrap lines in arXiv metadata)."""
    if text is None:
        return None
    return " ".join(text.split()) or None


def clean_abstract(text: str | None) -> str | None:
    """An abstract with its TeX outside math decoded (:func:`~graphkit.core.text.decode_tex_text`), whitespace
    collapsed."""
    return clean_text(decode_tex_text(text)) if text is not None else None


def arxiv_categories(raw: str | None) -> list[str]:
    """Resolved categories from a space-separated list, primary first, duplicates and aliases folded."""
    return list(_categories(raw or ""))


@lru_cache(maxsize=65536)
def _categories(raw: str) -> tuple[str, ...]:
    resolved = (resolve_category(code) for code in raw.split())
    return tuple(dict.fromkeys(code for code in resolved if code))


def arxiv_record(
    *,
    title: str,
    authors: list[AuthorRef],
    date: dt.date | None,
    categories_raw: str | None,
    abstract: str | None,
    arxiv_id: str,
    doi: str | None,
    journal_ref: str | None,
    provenance: Provenance,
) -> PaperRecord:
    """A paper record as every arXiv format describes one: complete byline, day-precision date."""
    categories = arxiv_categories(categories_raw)
    return PaperRecord(
        title=decode_tex(title),
        authors=authors,
        authors_complete=bool(authors),
        author_count=len(authors) or None,
        date=date,
        date_precision="day" if date else None,
        category=categories[0] if categories else None,
        category_raw=(categories_raw or "").split(" ")[0] or None,
        categories=categories,
        abstract=clean_abstract(abstract),
        ids=PaperIds(arxiv=arxiv_id, doi=normalise_doi(doi)),
        journal_ref=clean_text(journal_ref),
        provenance=provenance,
    )
