"""Bylines on listing pages: author lists, ``et al.``, affiliation slugs, glued title lines.

Listing pages print bylines as ``A, B, C et al. · harvard, microsoft-research``. The ranked list
glues the title and the byline together with nothing between them
(``…for Elastic InferenceDevvrit, Sneha Kudugunta, …``); :func:`split_title_byline` undoes that by
trying every point where a capital letter follows a non-space character and taking the first
one whose remainder is a well-formed byline. A title can hold commas and a name can be a single
word, so neither commas nor word counts alone decide.

Two tests of an author item, because the glued split needs more certainty than a byline standing
on its own line:

- :func:`is_plausible_name` (strict): capitalised words, lower-case particles, ``McDonald``-style
  inner capitals. The first name after a glued title must pass it, since it decides the split.
- :func:`is_listed_author` (broad): any short run of words of letters that a listing prints as an
  author — ``DJ Strouse``, ``OpenAI``, ``DeepSeek-AI``, ``张伟``, ``Xin (Eric) Wang`` — but no
  digits, no sentence punctuation, no lower-case words other than particles. Every other item of
  a byline, and every item of a byline on its own line, must pass it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Byline", "is_listed_author", "is_plausible_name", "parse_byline", "split_title_byline"]

# Lower-case name particles accepted after the first word of a name ("Chase van Amburg").
_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "du",
        "la",
        "le",
        "bin",
        "ter",
        "ten",
        "y",
        "zu",
        "al",
        "el",
    }
)
# Capitalised prefixes that legitimately put a capital inside a surname ("McDonald", "LeCun").
_INNER_CAPITAL_PREFIXES = ("Mac", "Mc", "De", "Di", "La", "Le", "Van", "Von", "Du")
_ELISION = re.compile(r"^[dDlLO]['’]")
_MAX_NAME_WORDS = 6
# A listed author (group names included: "Gemini Team", "Meta FAIR") is a few words of letters joined by the
# punctuation names use; a nickname may stand in parentheses.
_LISTED_WORD = re.compile(r"\(?[^\W\d_][^\W\d_.'’-]*(?:[.'’-]+[^\W\d_]+)*\.?\)?")
_MAX_LISTED_WORDS = 8
_ET_AL = " et al."
_AFFILIATION_SEPARATOR = " · "


@dataclass
class Byline:
    """A parsed byline: names in order, whether it is complete, affiliations as given."""

    names: list[str]
    complete: bool
    affiliations: list[str] = field(default_factory=list)


def _is_name_part(part: str) -> bool:
    if not part or not part[0].isalpha() or not part[0].isupper():
        return False
    rest = part[1:]
    if not rest:
        return True
    if rest.isalpha() and rest.islower():
        return True
    for prefix in _INNER_CAPITAL_PREFIXES:
        tail = part[len(prefix) :]
        if (
            part.startswith(prefix)
            and len(tail) > 1
            and tail[0].isupper()
            and tail[1:].isalpha()
            and tail[1:].islower()
        ):
            return True
    return False


def _is_name_word(word: str, first: bool) -> bool:
    if not first and word in _PARTICLES:
        return True
    core = word[:-1] if word.endswith(".") else word
    if not core:
        return False
    core = _ELISION.sub("", core) or core
    return all(_is_name_part(part) for part in re.split(r"[-'’]", core))


def is_plausible_name(text: str) -> bool:
    """Return whether ``text`` looks like one personal name as listing pages print them.

    Examples
    --------
    >>> is_plausible_name("Stéphane d'Ascoli"), is_plausible_name("Devvrit"), is_plausible_name("Sharan Ranjit S")
    (True, True, True)
    >>> is_plausible_name("and LuckBenjamin L. Edelman"), is_plausible_name("Former: Nested Transformer")
    (False, False)
    """
    words = text.split()
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    return all(_is_name_word(word, first=index == 0) for index, word in enumerate(words))


def is_listed_author(text: str) -> bool:
    """Return whether ``text`` can be one author item of a byline on its own line (person or group).

    Examples
    --------
    >>> [is_listed_author(t) for t in ["DJ Strouse", "DeepSeek-AI", "张伟", "Xin (Eric) Wang", "Stéphane d'Ascoli"]]
    [True, True, True, True, True]
    >>> [is_listed_author(t) for t in ["18 pages", "GPT-4", "we study this", "AI @ Meta", "D"]]
    [False, False, False, False, False]
    """
    words = text.split()
    if not words or len(words) > _MAX_LISTED_WORDS or sum(c.isalpha() for c in text) < 2:
        return False
    for index, word in enumerate(words):
        if index and word in _PARTICLES:
            continue
        if not _LISTED_WORD.fullmatch(word):
            return False
        first_letter = next(c for c in word if c.isalpha())
        if first_letter.islower() and not _ELISION.match(word):
            return False
    return True


def parse_byline(text: str, *, first_name: Callable[[str], bool] = is_listed_author) -> Byline | None:
    """Parse ``A, B, C et al. · slug1, slug2``; ``None`` if any item is not an author.

    ``first_name`` tests the first item (the glued split passes the strict :func:`is_plausible_name`);
    every other item must pass :func:`is_listed_author`.

    Examples
    --------
    >>> b = parse_byline("Rosie Zhao, Alexandru Meterez, Sham Kakade et al. · harvard")
    >>> b.names, b.complete, b.affiliations
    (['Rosie Zhao', 'Alexandru Meterez', 'Sham Kakade'], False, ['harvard'])
    >>> parse_byline("OpenAI, DJ Strouse").names
    ['OpenAI', 'DJ Strouse']
    """
    body, _, affiliation_text = text.strip().partition(_AFFILIATION_SEPARATOR)
    body = body.strip()
    complete = not body.endswith(_ET_AL)
    if not complete:
        body = body[: -len(_ET_AL)].rstrip()
    names = [item.strip() for item in body.split(",")]
    # A lone capital is no one's whole name: a text line that ends in one (``… #REQUIRED`` cut at "D") is
    # not a title glued to a byline.
    if sum(c.isalpha() for c in names[0]) < 2 or not first_name(names[0]):
        return None
    if not all(is_listed_author(name) for name in names[1:]):
        return None
    affiliations = [slug.strip() for slug in affiliation_text.split(",") if slug.strip()]
    return Byline(names, complete, affiliations)


def split_title_byline(line: str) -> tuple[str, Byline] | None:
    """Split a ranked-list line where the byline is glued to the end of the title.

    Examples
    --------
    >>> title, byline = split_title_byline(
    ...     "MatFormer: Nested Transformer for Elastic InferenceDevvrit, Sneha Kudugunta, Aditya Kusupati et al.")
    >>> title, byline.names[0]
    ('MatFormer: Nested Transformer for Elastic Inference', 'Devvrit')
    """
    line = line.strip()
    for index in range(1, len(line)):
        char, before = line[index], line[index - 1]
        if not (char.isalpha() and char.isupper()) or before.isspace() or before in "-'’":
            continue
        title = line[:index].strip()
        byline = parse_byline(line[index:], first_name=is_plausible_name)
        if title and byline is not None:
            return title, byline
    return None
