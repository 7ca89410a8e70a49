"""Personal names: parsing into given names and surname, and the compatibility rule.

Two spellings are *compatible* when they can be the same person:

* the surnames are equal after folding (case, accents, TeX escapes, hyphens and spaces:
  ``Domingo-Enrich`` and ``Domingo Enrich`` fold alike);
* the first given names agree, or one is the initial of the other (``J.`` and ``Jingfeng``);
* the remaining given names agree pairwise in the same way, and one side may have fewer
  (``Sham M. Kakade`` and ``Sham Kakade``).

Compatibility alone never merges two people; :mod:`graphkit.resolve.authors` also checks that the
match is unambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from graphkit.core.text import fold

__all__ = ["NAME_SUFFIXES", "SURNAME_PARTICLES", "PersonName", "compatible", "parse_name"]

# Lower-case words that belong to the surname that follows them ("d'Ascoli", "van der Maaten").
SURNAME_PARTICLES = frozenset(
    {"d", "de", "del", "della", "der", "den", "di", "da", "dos", "das", "du", "la", "le", "van", "von", "ter", "ten",
     "bin", "al", "el", "st"}
)  # fmt: skip
NAME_SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}
"""Name suffixes, folded, with the form a byline shows."""


@dataclass(frozen=True)
class PersonName:
    """A folded name split into given names and surname."""

    given: tuple[str, ...]
    surname: str

    @cached_property
    def key(self) -> str:
        """The folded full name: equal keys are the same spelling."""
        return " ".join((*self.given, self.surname))

    @property
    def block(self) -> tuple[str, str]:
        """Surname and first initial: only names in one block can be compatible."""
        return self.surname, self.given[0][0] if self.given else ""

    @property
    def specificity(self) -> int:
        """How much a spelling says: full given names count more than initials."""
        return sum(len(g) for g in self.given) + len(self.given)


@lru_cache(maxsize=262144)
def parse_name(name: str) -> PersonName:
    """Split a display name into folded given names and surname.

    Examples
    --------
    >>> parse_name("Stéphane d'Ascoli")
    PersonName(given=('stephane',), surname='d ascoli')
    >>> parse_name("Carles Domingo-Enrich") == parse_name("Carles Domingo Enrich")
    True
    >>> parse_name("Devvrit").key
    'devvrit'
    """
    tokens = fold(name).split()
    while len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES:
        tokens.pop()
    if not tokens:
        return PersonName((), "")
    surname_start = len(tokens) - 1
    while surname_start > 1 and tokens[surname_start - 1] in SURNAME_PARTICLES:
        surname_start -= 1
    return PersonName(tuple(tokens[:surname_start]), " ".join(tokens[surname_start:]))


def _given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def compatible(a: PersonName, b: PersonName) -> bool:
    """Return whether two names can belong to one person (see the module rule).

    Examples
    --------
    >>> compatible(parse_name("Sham M. Kakade"), parse_name("Sham Kakade"))
    True
    >>> jingfeng = parse_name("Jingfeng Wu")
    >>> compatible(parse_name("J. Wu"), jingfeng), compatible(parse_name("Jiajun Wu"), jingfeng)
    (True, False)
    """
    if a.surname != b.surname or not a.surname:
        return False
    if not a.given or not b.given:
        return a.given == b.given
    return all(_given_compatible(x, y) for x, y in zip(a.given, b.given, strict=False))
