"""Personal names: parsing into given names and surname, and the compatibility rule.

Parsing knows name suffixes (``Jr.``, ``III``: dropped from the comparison), surname particles (``van der
Maaten``), catalogue order (``Sun, C.P.`` is C.P. Sun), hyphenated given names (``Fei-Yue`` is one given name
of two parts, not Fei with a middle name Yue), abbreviations longer than one letter (the transliterated Russian
``Yu.``, ``Ya.``, ``Zh.``), initials typed together (``JM Smith``: J. M.) and common English nicknames
(``Tom`` = ``Thomas``, ``Andy`` = ``Andrew``).

Two spellings are *compatible* when they can be the same person:

* the surnames are equal after folding (case, accents, TeX escapes, hyphens and spaces:
  ``Domingo-Enrich`` and ``Domingo Enrich`` fold alike);
* the first given names agree: equal, one a nickname of the other, or one an abbreviation the other starts with
  (``J.`` and ``Jingfeng``, ``Yu.`` and ``Yuri``); hyphenated names agree part by part (``F.-Y.`` and ``Fei-Yue``)
  or as a whole (``Feiyue`` and ``Fei-Yue``), and a single initial agrees with their first part;
* the remaining given names agree pairwise in the same way, and one side may have fewer
  (``Sham M. Kakade`` and ``Sham Kakade``).

Compatibility alone never merges two people; :mod:`graphkit.resolve.authors` also checks that the
match is unambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graphkit.core.text import fold

__all__ = ["NAME_SUFFIXES", "NICKNAMES", "SURNAME_PARTICLES", "PersonName", "compatible", "is_initial", "parse_name"]

# Lower-case words that belong to the surname that follows them ("d'Ascoli", "van der Maaten").
SURNAME_PARTICLES = frozenset(
    {"d", "de", "del", "della", "der", "den", "di", "da", "dos", "das", "du", "la", "le", "van", "von", "ter", "ten",
     "bin", "al", "el", "st"}
)  # fmt: skip
NAME_SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}
"""Name suffixes, folded, with the form a byline shows."""

_NICKNAME_GROUPS = (
    "andrew andy drew", "anthony tony", "benjamin ben", "charles charlie chuck", "christopher chris",
    "daniel dan danny", "david dave", "donald don", "edward ed ted", "frederick fred", "gregory greg",
    "jacob jake", "james jim jimmy jamie", "jeffrey jeff", "jonathan jon", "joseph joe", "joshua josh",
    "kenneth ken", "lawrence larry", "matthew matt", "michael mike", "nicholas nick", "patrick pat",
    "peter pete", "philip phil", "richard rick dick rich", "robert rob bob bobby", "ronald ron",
    "samuel sam", "stephen steve", "steven steve", "theodore ted theo", "thomas tom tommy", "timothy tim",
    "william will bill billy", "alexander alex", "elizabeth liz beth", "katherine kate kathy",
    "catherine kate cathy", "margaret maggie peggy", "jennifer jenny", "susan sue", "deborah debbie",
    "rebecca becky", "victoria vicky", "alexandra alex", "kimberly kim", "gerald gerry", "raymond ray",
    "douglas doug", "leonard leo len", "vincent vince", "zachary zach",
)  # fmt: skip
NICKNAMES: dict[str, frozenset[str]] = {}
"""Each common English given name (folded) with the names it may stand for (itself included)."""
for _group in _NICKNAME_GROUPS:
    for _name in _group.split():
        NICKNAMES[_name] = NICKNAMES.get(_name, frozenset({_name})) | frozenset(_group.split())
_GLUED_INITIALS = re.compile(r"[A-Z]{2,3}")
_HYPHENS = re.compile(r"[-‐‑–]")


@dataclass(frozen=True)
class PersonName:
    """A folded name split into given names and surname.

    Each given name is folded; an abbreviation ends with ``.`` unless it is a single letter (``j``, ``yu.``), and
    the parts of a hyphenated given name are joined by ``-`` (``fei-yue``, ``f-y``).
    """

    given: tuple[str, ...]
    surname: str
    #: The folded full name as printed (suffixes dropped): equal spellings have equal keys.
    spelling: str = ""

    @property
    def key(self) -> str:
        """The folded full name: equal keys are the same spelling."""
        return self.spelling or " ".join((*self.given, self.surname))

    @property
    def block(self) -> tuple[str, str]:
        """Surname and first initial: only names in one block can be compatible."""
        return self.surname, self.given[0][0] if self.given else ""

    @property
    def specificity(self) -> int:
        """How much a spelling says: full given names count more than initials."""
        return sum(sum(c.isalpha() for c in g) for g in self.given) + len(self.given)


def is_initial(given: str) -> bool:
    """Whether a parsed given name is an abbreviation (``j``, ``yu.``, ``f-y``) rather than a name.

    Examples
    --------
    >>> [is_initial(g) for g in ("j", "yu.", "f-y", "jingfeng", "fei-yue")]
    [True, True, True, False, False]
    """
    return all(len(part) == 1 or part.endswith(".") for part in given.split("-"))


def _given_token(raw: str, glued_initials: bool) -> list[str]:
    """The parsed given name(s) of one printed word."""
    if glued_initials and _GLUED_INITIALS.fullmatch(raw):
        return [letter.lower() for letter in raw]  # "JM" is J. M.
    if "." in raw.rstrip(".") and not _HYPHENS.search(raw):
        # Abbreviations typed together: "C.P." is C. P., "Yu.M." is Yu. M.
        return [_abbreviation(segment) for segment in raw.split(".") if fold(segment)]
    parts = []
    for piece in _HYPHENS.split(raw):  # hyphens join the parts of one given name
        folded = fold(piece).replace(" ", "")
        if folded:
            parts.append(folded + "." if piece.rstrip().endswith(".") and len(folded) > 1 else folded)
    return ["-".join(parts)] if parts else []


def _abbreviation(segment: str) -> str:
    folded = fold(segment).replace(" ", "")
    return folded if len(folded) == 1 else folded + "."


@lru_cache(maxsize=262144)
def parse_name(name: str) -> PersonName:
    """Split a display name into folded given names and surname.

    Examples
    --------
    >>> parse_name("Stéphane d'Ascoli")
    PersonName(given=('stephane',), surname='d ascoli', spelling='stephane d ascoli')
    >>> parse_name("Carles Domingo-Enrich").key == parse_name("Carles Domingo Enrich").key
    True
    >>> parse_name("Fei-Yue Wang").given, parse_name("Yu. M. Makeenko").given, parse_name("JM Smith").given
    (('fei-yue',), ('yu.', 'm'), ('j', 'm'))
    >>> parse_name("Sun, C.P.").given, parse_name("Sun, C.P.").surname
    (('c', 'p'), 'sun')
    >>> parse_name("Devvrit").key
    'devvrit'
    """
    before, comma, after = name.partition(",")
    if comma and after.strip() and fold(after) not in NAME_SUFFIXES and "," not in after:
        name = f"{after.strip()} {before.strip()}"  # catalogue order: "Last, First"
    tokens = fold(name).split()
    while len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES:
        tokens.pop()
    if not tokens:
        return PersonName((), "")
    surname_start = len(tokens) - 1
    while surname_start > 1 and tokens[surname_start - 1] in SURNAME_PARTICLES:
        surname_start -= 1
    surname = " ".join(tokens[surname_start:])
    # The given names, from the printed words before the surname (folding would lose hyphens and dots). A word
    # that runs into the surname ("Domingo-Enrich", surname "enrich") gives its folded parts before it.
    glued = any(c.islower() for c in name)
    given: list[str] = []
    consumed = 0
    for word in name.split():
        word_tokens = fold(word).split()
        if not word_tokens:
            continue
        if consumed + len(word_tokens) > surname_start:
            given.extend(word_tokens[: max(0, surname_start - consumed)])
            break
        given.extend(_given_token(word, glued))
        consumed += len(word_tokens)
    return PersonName(tuple(given), surname, " ".join(tokens))


def _part_compatible(a: str, b: str) -> bool:
    """One part of a given name against another: equal, a nickname, or an abbreviation the other starts with."""
    if a == b:
        return True
    short_a, short_b = a.rstrip("."), b.rstrip(".")
    if len(short_a) == 1 or a.endswith("."):
        if len(short_b) == 1 or b.endswith("."):
            return short_a.startswith(short_b) or short_b.startswith(short_a)
        return short_b.startswith(short_a)
    if len(short_b) == 1 or b.endswith("."):
        return short_a.startswith(short_b)
    return b in NICKNAMES.get(a, ())


def _given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    parts_a, parts_b = a.split("-"), b.split("-")
    if len(parts_a) == len(parts_b):
        return all(_part_compatible(x, y) for x, y in zip(parts_a, parts_b, strict=True))
    if not is_initial(a) and not is_initial(b):
        return a.replace("-", "") == b.replace("-", "")  # "Feiyue" and "Fei-Yue"
    # A single initial stands for a hyphenated name's first part ("F." and "Fei-Yue").
    single, other = (parts_a, parts_b) if len(parts_a) == 1 else (parts_b, parts_a)
    return len(single) == 1 and is_initial(single[0]) and _part_compatible(single[0], other[0])


def compatible(a: PersonName, b: PersonName) -> bool:
    """Return whether two names can belong to one person (see the module rule).

    Examples
    --------
    >>> compatible(parse_name("Sham M. Kakade"), parse_name("Sham Kakade"))
    True
    >>> jingfeng = parse_name("Jingfeng Wu")
    >>> compatible(parse_name("J. Wu"), jingfeng), compatible(parse_name("Jiajun Wu"), jingfeng)
    (True, False)
    >>> compatible(parse_name("Fei-Yue Wang"), parse_name("Fei Wang")), compatible(parse_name("Tom Banks"),
    ...     parse_name("Thomas Banks")), compatible(parse_name("Yu. Makeenko"), parse_name("Yuri Makeenko"))
    (False, True, True)
    """
    if a.surname != b.surname or not a.surname:
        return False
    if not a.given or not b.given:
        return a.given == b.given
    first_a, first_b = a.given[0], b.given[0]
    if ("-" in first_a) != ("-" in first_b) and (is_initial(first_a) or is_initial(first_b)):
        # Initials against a hyphenated name stand for its parts: "C. P." is "Chang-Pu", "C. Q." is not.
        parts_a = [part for given in a.given for part in given.split("-")]
        parts_b = [part for given in b.given for part in given.split("-")]
        return all(_part_compatible(x, y) for x, y in zip(parts_a, parts_b, strict=False))
    return all(_given_compatible(x, y) for x, y in zip(a.given, b.given, strict=False))
