"""How a cited reference without an id finds its paper: first author, year, source, volume and first page.

Bibliometric exports name a cited work by a reference string — ``ALLEN PJ, 1966, AM J PHYS, V34, P1185`` (Web of
Science), ``Allen, P.J., Title (1966) Am. J. Phys., 34, pp. 1185-1190`` (Scopus) — and a paper describes itself by
its byline, year, venue (in full, and abbreviated in bibliometric exports), volume and pages. Both are reduced to
the same parts:

* **surname** of the first author, folded (accents, case, spaces, hyphens and apostrophes dropped): ``ALLEN PJ``,
  ``Allen, P.J.``, ``Peter J. Allen`` → ``allen``; ``DASCOLI S`` and ``Stéphane d'Ascoli`` → ``dascoli``;
* **volume** and **first page**: letters and digits only, upper case, leading zeros dropped, an article-number
  prefix (``ARTN``, ``UNSP``, ``e``) dropped, and a page range cut at its dash (``pp. 1185-1190`` → ``1185``);
* **source words**: upper case, punctuation as spaces, and the words that abbreviations leave out dropped
  (:data:`SOURCE_STOPWORDS`: THE, OF, AND, …).

A reference **matches a paper** when surname, year, volume and first page are all known and equal
(:func:`match_key`), and the sources agree (:func:`sources_agree`): every word of the cited source abbreviates a
word of the venue's, in order, starting with the first — a word abbreviates another when it begins with the same
letter and its letters appear in it in order (ISO 4 abbreviations are truncations, ``PHYS`` of PHYSICAL, or
contractions, ``NATL`` of NATIONAL, ``ENGN`` of ENGINEERING); venue words may be skipped (``P R SOC LOND A`` of
PROCEEDINGS OF THE ROYAL SOCIETY OF LONDON SERIES A); a word may be the initials of consecutive venue words
(``USA``, ``JAMA``); a bracketed note is left out (``Nature (London)``); and the cited source may stop early (WoS
cuts its ``J9`` abbreviations at 20 characters: ``IEEE T PATTERN ANAL``). A source missing on either side does not
block a match.

References that match no paper become stub papers; two references are **one cited work** when their
:func:`stub_key` is equal (surname, year, volume, page and all the source's words), or when they share an id.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graphkit.core.names import parse_name
from graphkit.core.text import fold

__all__ = [
    "SOURCE_STOPWORDS",
    "cited_surname",
    "first_page",
    "match_key",
    "source_words",
    "sources_agree",
    "stub_key",
    "volume_key",
]

SOURCE_STOPWORDS = frozenset(
    "THE OF AND IN ON FOR TO AT A AN & DE DES DU DER DIE DAS LA LE LES DI DEL DELLA ET UND".split()
)
"""Words left out of source titles before they are compared (abbreviations leave them out; ``A`` only where
it is not a series letter, see :func:`source_words`)."""

_INITIALS = re.compile(r"^(?:[A-Z]\.?){1,4}$|^(?:[A-Z]\.-?)+[A-Z]?\.?$|^[A-Z]\.?-[A-Z]\.?$")
_ARTICLE_NUMBER = re.compile(r"^(?:ARTN|UNSP|ART|E)(?=\d)")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_TRUNCATED = re.compile(r"^([A-Za-z][A-Za-z'-]+)\.([A-Z]{1,3})$")  # old WoS: COSTADEB.O, CAVALLER.G


def cited_surname(author: str | None) -> str | None:
    """The folded surname of a first author as a reference or a byline prints it.

    ``Surname, Given`` (and ``Surname, I.``) take what precedes the comma; ``SURNAME INITIALS`` (Web of Science
    and MEDLINE short forms) drop the trailing initials; a name in reading order (``Peter J. Allen``) takes its
    surname as :func:`~graphkit.core.names.parse_name` finds it.

    Examples
    --------
    >>> cited_surname("ALLEN PJ"), cited_surname("Arnaud J. A."), cited_surname("Barth, C.")
    ('allen', 'arnaud', 'barth')
    >>> cited_surname("Costa de Beauregard O."), cited_surname("Stéphane d'Ascoli"), cited_surname("[ANONYMOUS]")
    ('costadebeauregard', 'dascoli', None)
    >>> cited_surname("COSTADEB.O"), cited_surname("Smith JA"), cited_surname("John Smith")
    ('costadeb', 'smith', 'smith')
    """
    if not author or "ANONYMOUS" in author.upper():
        return None
    text = author.strip()
    truncated = _TRUNCATED.match(text)
    if truncated:
        text = truncated[1]
    if "," in text:
        surname = text.split(",", 1)[0]
    else:
        words = text.split()
        while len(words) > 1 and _INITIALS.match(words[-1]):
            words.pop()
        surname = " ".join(words) if len(words) < len(text.split()) else parse_name(text).surname
    folded = fold(surname).replace(" ", "")
    return folded or None


def _number(value: str | None) -> str | None:
    if not value:
        return None
    text = _NOT_ALNUM.sub("", value.upper())
    text = _ARTICLE_NUMBER.sub("", text).lstrip("0")
    return text or None


def first_page(pages: str | None) -> str | None:
    """The first page of a page range or an article number, reduced for comparison.

    Examples
    --------
    >>> first_page("pp. 1185-1190"), first_page("P1185"), first_page("ARTN 034001"), first_page("e1002")
    ('1185', '1185', '34001', '1002')
    >>> first_page("L12–L15"), first_page(None)
    ('L12', None)
    """
    if not pages:
        return None
    text = re.sub(r"^\s*(?:pp?\.|P(?=\s?\w))\s*", "", pages.strip(), flags=re.IGNORECASE)
    dash = re.search(r"[-–—]", text)
    return _number(text[: dash.start()] if dash else text)


def volume_key(volume: str | None) -> str | None:
    """A volume reduced for comparison (``V34`` → ``34``)."""
    if not volume:
        return None
    return _number(re.sub(r"^\s*(?:V|VOL\.?)\s?(?=\w)", "", volume.strip(), flags=re.IGNORECASE))


def match_key(author: str | None, year: int | None, volume: str | None, page: str | None) -> str | None:
    """The key a reference and a paper must share to match: ``surname|year|volume|first page`` (all four known).

    Examples
    --------
    >>> match_key("ALLEN PJ", 1966, "34", "1185") == match_key("Allen, Peter J.", 1966, "34", "1185-1190")
    True
    >>> match_key("ALLEN PJ", 1966, None, "1185") is None
    True
    """
    surname, volume_part, page_part = cited_surname(author), volume_key(volume), first_page(page)
    if not (surname and year and volume_part and page_part):
        return None
    return f"{surname}|{year}|{volume_part}|{page_part}"


@lru_cache(maxsize=65536)
def source_words(source: str | None) -> tuple[str, ...]:
    """A source title as the words compared: upper case, folded, punctuation as spaces, stopwords dropped.

    A lone ``A`` (or ``B`` …) is kept: it is a series letter there (``PHYS REV A``).

    Examples
    --------
    >>> source_words("Journal of the American Chemical Society"), source_words("J. Am. Chem. Soc.")
    (('JOURNAL', 'AMERICAN', 'CHEMICAL', 'SOCIETY'), ('J', 'AM', 'CHEM', 'SOC'))
    >>> source_words("PHYS REV A")
    ('PHYS', 'REV', 'A')
    """
    if not source:
        return ()
    # A place or series note in brackets is no part of the title: "Nature (London)", "Social Work (United States)".
    words = fold(re.sub(r"\([^)]*\)", " ", source)).upper().split()
    return tuple(w for w in words if w not in SOURCE_STOPWORDS or (len(w) == 1 and w != "&" and w == words[-1]))


def _abbreviates(short: str, word: str) -> bool:
    if short == word:
        return True
    if not word.startswith(short[0]) or len(short) > len(word):
        return False
    letters = iter(word)
    return all(letter in letters for letter in short)


def _match_at(word: str, full: tuple[str, ...], start: int) -> int | None:
    """Where the venue word(s) ``word`` stands for, from ``start`` on, end: one word it abbreviates, or as many
    consecutive words as it has letters when it is their initials (``USA``, ``JAMA``)."""
    for index in range(start, len(full)):
        if _abbreviates(word, full[index]):
            return index + 1
        if len(word) > 1 and "".join(w[0] for w in full[index : index + len(word)]) == word:
            return index + len(word)
    return None


def sources_agree(cited: str | None, venue: str | None) -> bool:
    """Whether a cited source can be (an abbreviation of) a venue's title; true when either is unknown.

    Examples
    --------
    >>> sources_agree("AM J PHYS", "American Journal of Physics"), sources_agree("PHYS REV D", "Physical Review D")
    (True, True)
    >>> sources_agree("Proc. Natl Acad. Sci. USA", "Proceedings of the National Academy of Sciences of the USA")
    True
    >>> sources_agree("IEEE T PATTERN ANAL", "IEEE Transactions on Pattern Analysis and Machine Intelligence")
    True
    >>> sources_agree("JAMA", "Journal of the American Medical Association"), sources_agree("Nature (London)", "Nature")
    (True, True)
    >>> sources_agree("PHYS REV D", "Physics Letters B"), sources_agree("NATURE", "Nature Physics")
    (False, True)
    """
    short, full = source_words(cited), source_words(venue)
    if not short or not full or short == full:
        return True
    # The first word stands at the venue's start; each next one further on (venue words may be skipped).
    position = _match_at(short[0], full[:1], 0) or (len(short[0]) if _initials_from_start(short[0], full) else None)
    if position is None:
        return False
    for word in short[1:]:
        position = _match_at(word, full, position)
        if position is None:
            return False
    return True


def _initials_from_start(word: str, full: tuple[str, ...]) -> bool:
    return len(word) > 1 and "".join(w[0] for w in full[: len(word)]) == word


def stub_key(
    author: str | None, year: int | None, source: str | None, volume: str | None, page: str | None, text: str | None
) -> str | None:
    """The key under which references to one unmatched work are one stub paper.

    Surname, year, volume, first page and the source's words, each as compared (empty where unknown); a
    reference with none of them is keyed by its folded text.

    Examples
    --------
    >>> stub_key("ALLEN PJ", 1966, "AM J PHYS", "V34", "P1185", None)
    'allen|1966|AM J PHYS|34|1185'
    >>> stub_key(None, None, None, None, None, "Personal communication")
    'text|personal communication'
    """
    parts = [cited_surname(author) or "", str(year or ""), " ".join(source_words(source)), volume_key(volume) or "",
             first_page(page) or ""]  # fmt: skip
    if any(parts):
        return "|".join(parts)
    folded = fold(text or "")
    return f"text|{folded}" if folded else None
