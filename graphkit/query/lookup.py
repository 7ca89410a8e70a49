"""Forgiving author look-up by name: every way people type a name, and a word when several people match.

A query is tried, in order, as:

1. an author id (``orcid:0000-…``, ``gk-a-…``), taken as it is;
2. a spelling of a person's name or name variant, after folding case, accents and punctuation
   (``sham kakade``, ``Stephane d'Ascoli``), in either order (``Kakade, Sham``);
3. a compatible name (:func:`graphkit.core.names.compatible`): initials (``S. Kakade``, ``SM Kakade``),
   a missing middle name, a nickname (``Tom`` for ``Thomas``);
4. one word: a surname (``Kakade``), else a first name (``Sham``).

Where several people match, the one with the most papers is taken (a full spelling before a compatible one),
and the answer says so, naming the others with their ids: :class:`NameMatch` carries them, and the look-up
warns with a :class:`NameChoiceWarning` that the command line prints as a note. Where no one matches, the error
suggests the closest names (RapidFuzz's weighted ratio over the folded names).
"""

from __future__ import annotations

import sys
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field
from rapidfuzz import fuzz, process

from graphkit.core.errors import GraphkitError
from graphkit.core.models import StrictModel
from graphkit.core.names import NICKNAMES, PersonName, compatible, is_initial, parse_name
from graphkit.core.text import fold

__all__ = [
    "AmbiguousNameError",
    "Directory",
    "MatchRule",
    "NameChoiceWarning",
    "NameMatch",
    "Person",
    "UnknownNameError",
]

MatchRule = Literal["id", "spelling", "compatible name", "surname", "first name"]
_SUGGESTIONS = 5
_SUGGESTION_CUTOFF = 70.0
_LISTED = 5


class UnknownNameError(GraphkitError):
    """No author matches a name; the message suggests the closest names."""


class AmbiguousNameError(GraphkitError):
    """Several authors match a name and the caller asked not to choose (``strict=True``)."""


class NameChoiceWarning(UserWarning):
    """Several people match a name and one was taken; the message names it and the others."""


@dataclass(frozen=True)
class Person:
    """One stored author as name look-up sees them: id, name, name variants and number of papers."""

    id: str
    name: str
    variants: tuple[str, ...] = ()
    papers: int = 0


class Candidate(StrictModel):
    """Another person a name matches."""

    id: str
    name: str
    papers: int


class NameMatch(StrictModel):
    """The person a name was taken to mean, how, and who else it matches (most papers first)."""

    query: str
    id: str
    name: str
    papers: int
    rule: MatchRule
    others: list[Candidate] = Field(default_factory=list)

    @property
    def note(self) -> str | None:
        """One line saying which person was taken and who else matches; ``None`` when no one else does.

        Examples
        --------
        >>> import warnings; warnings.simplefilter("ignore", NameChoiceWarning)
        >>> d = Directory([Person("a1", "Ann Lee", papers=5), Person("a2", "A. Lee", papers=1)])
        >>> print(d.match("A. Lee").note)
        'A. Lee' matches 2 people: took Ann Lee (5 papers, id a1); also A. Lee (1 paper, id a2). Pass an id to choose.
        """
        if not self.others:
            return None
        listed = "; ".join(_described(o.name, o.papers, o.id) for o in self.others[:_LISTED])
        more = f" and {len(self.others) - _LISTED} more" if len(self.others) > _LISTED else ""
        return (
            f"{self.query!r} matches {len(self.others) + 1} people: took {_described(self.name, self.papers, self.id)};"
            f" also {listed}{more}. Pass an id to choose."
        )


_PACKAGE = str(Path(__file__).resolve().parents[1])


def _warn(note: str) -> None:
    """Warn at the caller's line outside graphkit (a notebook cell, a script), however deep the look-up ran."""
    frame, level = sys._getframe(0), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1  # type: ignore[assignment]
    warnings.warn(note, NameChoiceWarning, stacklevel=level)


def _described(name: str, papers: int, person_id: str) -> str:
    return f"{name} ({papers} paper{'' if papers == 1 else 's'}, id {person_id})"


class Directory:
    """The people a name can mean, indexed by folded spelling, surname and first given name.

    Parameters
    ----------
    people : iterable of Person
        Every author (from the store's ``author_directory`` query, or a graph in memory).

    Examples
    --------
    >>> d = Directory([Person("a1", "Sham M. Kakade", ("Sham Kakade",), 40), Person("a2", "Ann Lee", (), 3)])
    >>> [d.match(q).name for q in ("sham kakade", "Kakade, Sham", "S. Kakade", "Kakade", "Sham")]
    ['Sham M. Kakade', 'Sham M. Kakade', 'Sham M. Kakade', 'Sham M. Kakade', 'Sham M. Kakade']
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self.people: dict[str, Person] = {}
        self._spellings: dict[str, set[str]] = defaultdict(set)
        self._surnames: dict[str, set[str]] = defaultdict(set)
        self._first_names: dict[str, set[str]] = defaultdict(set)
        for person in people:
            self.people[person.id] = person
            for spelling in {person.name, *person.variants}:
                parsed = parse_name(spelling)
                self._spellings[fold(spelling)].add(person.id)
                self._spellings[parsed.key].add(person.id)
                if parsed.surname:
                    self._surnames[parsed.surname].add(person.id)
                if parsed.given and not is_initial(parsed.given[0]):
                    self._first_names[parsed.given[0]].add(person.id)
        self._folded_names = {fold(person.name): person.name for person in self.people.values()}

    def __len__(self) -> int:
        return len(self.people)

    def match(self, query: str, *, strict: bool = False) -> NameMatch:
        """The person ``query`` names (see the module for the rules).

        Raises
        ------
        UnknownNameError
            No one matches; the message suggests the closest names.
        AmbiguousNameError
            Several people match and ``strict`` is set.
        """
        if query in self.people:
            return self._answer(query, "id", [query])
        text = query.strip()
        wanted = parse_name(text)
        spelled = sorted(self._spellings.get(fold(text), set()) | self._spellings.get(wanted.key, set()))
        named = [
            person_id
            for person_id in sorted(self._surnames.get(wanted.surname, set()))
            if wanted.given and self._compatible(wanted, person_id)
        ]
        full_spelling = bool(wanted.given) and not all(is_initial(g) for g in wanted.given)
        if spelled and full_spelling:
            # A name typed in full and found as typed is that person; compatible ones are listed after.
            return self._answer(query, "spelling", spelled, [i for i in named if i not in spelled], strict=strict)
        if named or spelled:
            rule: MatchRule = "spelling" if spelled and not named else "compatible name"
            return self._answer(query, rule, sorted({*spelled, *named}), strict=strict)
        # A surname alone, particles included ("d'Ascoli", "van der Maaten": parsed as initials and a surname).
        surname = wanted.surname if not wanted.given else fold(text)
        if surname in self._surnames:
            return self._answer(query, "surname", sorted(self._surnames[surname]), strict=strict)
        if not wanted.given and wanted.surname:
            # A first name as typed, else the names it is a nickname of or for (``Bill``: William).
            for given in ({wanted.surname}, NICKNAMES.get(wanted.surname, frozenset())):
                firsts = sorted({i for name in given for i in self._first_names.get(name, set())})
                if firsts:
                    return self._answer(query, "first name", firsts, strict=strict)
        raise UnknownNameError(f"no author named {query!r} in the graph.{self._suggestions(text)}")

    def _compatible(self, wanted: PersonName, person_id: str) -> bool:
        person = self.people[person_id]
        return any(compatible(wanted, parse_name(n)) for n in (person.name, *person.variants))

    def _answer(
        self, query: str, rule: MatchRule, ids: list[str], after: list[str] | None = None, *, strict: bool = False
    ) -> NameMatch:
        ranked = sorted(ids, key=self._rank) + sorted(after or [], key=self._rank)
        chosen, others = self.people[ranked[0]], [self.people[i] for i in ranked[1:]]
        if others and strict:
            listed = "; ".join(_described(p.name, p.papers, p.id) for p in [chosen, *others])
            raise AmbiguousNameError(f"{query!r} matches {len(ranked)} authors: {listed}. Pass one of the ids instead.")
        found = NameMatch(
            query=query, id=chosen.id, name=chosen.name, papers=chosen.papers, rule=rule,
            others=[Candidate(id=p.id, name=p.name, papers=p.papers) for p in others],
        )  # fmt: skip
        if found.note is not None:
            _warn(found.note)
        return found

    def _rank(self, person_id: str) -> tuple[int, str, str]:
        person = self.people[person_id]
        return -person.papers, person.name, person.id

    def _suggestions(self, text: str) -> str:
        found = process.extract(
            fold(text), list(self._folded_names), scorer=fuzz.WRatio, limit=_SUGGESTIONS,
            score_cutoff=_SUGGESTION_CUTOFF,
        )  # fmt: skip
        names = [self._folded_names[key] for key, _score, _index in found]
        return f" Closest: {', '.join(names)}." if names else ""
