"""The name parser and the compatibility rule on the error classes of issue 14, each case worked by hand."""

from __future__ import annotations

import pytest

from graphkit.core.models import AuthorRef, PaperRecord, Provenance
from graphkit.core.names import compatible, parse_name
from graphkit.resolve.assemble import assemble

_SOURCE = Provenance(source="constructed", line=1, format="test")


@pytest.mark.parametrize(
    ("name", "given", "surname"),
    [
        ("Fei-Yue Wang", ("fei-yue",), "wang"),  # a hyphenated given name is one name of two parts
        ("F.-Y. Wang", ("f-y",), "wang"),
        ("Jean-Bernard Zuber", ("jean-bernard",), "zuber"),
        ("Yu. M. Makeenko", ("yu.", "m"), "makeenko"),  # transliterated Russian initials
        ("Ya.I. Kogan", ("ya.", "i"), "kogan"),
        ("Zh. Alferov", ("zh.",), "alferov"),
        ("JM Maldacena", ("j", "m"), "maldacena"),  # initials typed together
        ("C.P. Sun", ("c", "p"), "sun"),
        ("Sun, C.P.", ("c", "p"), "sun"),  # catalogue order
        ("Gates, S. James", ("s", "james"), "gates"),
        ("S. James Gates, Jr.", ("s", "james"), "gates"),  # a suffix is not a surname
        ("Curtis G. Callan Jr.", ("curtis", "g"), "callan"),
        ("Laurens van der Maaten", ("laurens",), "van der maaten"),
        ("Carles Domingo-Enrich", ("carles", "domingo"), "enrich"),  # compound surnames fold as before
    ],
)
def test_parsing(name: str, given: tuple[str, ...], surname: str) -> None:
    parsed = parse_name(name)
    assert (parsed.given, parsed.surname) == (given, surname)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Fei-Yue Wang", "Fei Wang", False),
        ("Hong-Hong Liu", "Hong Liu", False),
        ("Fei-Yue Wang", "F.-Y. Wang", True),
        ("Fei-Yue Wang", "Feiyue Wang", True),
        ("Fei-Yue Wang", "F. Wang", True),
        ("Fei-Yue Wang", "Fei-Yun Wang", False),
        ("Tom Banks", "Thomas Banks", True),
        ("Andy Strominger", "Andrew Strominger", True),
        ("Bill Zajc", "William Zajc", True),
        ("Stephen Shenker", "Steven Shenker", False),  # two names that share a nickname are not one name
        ("Yu. Makeenko", "Yuri Makeenko", True),
        ("Yu. Makeenko", "Yakov Makeenko", False),
        ("Ya. Kogan", "Ian Kogan", False),
        ("JM Maldacena", "Juan M. Maldacena", True),
        ("JM Maldacena", "Juan Maldacena", True),
        ("JM Maldacena", "J. P. Maldacena", False),
        ("Sun, C.P.", "Chang-Pu Sun", True),  # initials stand for a hyphenated name's parts
        ("C. Q. Sun", "Chang-Pu Sun", False),
        ("F. Y. Wang", "Fei-Yue Wang", True),
        ("Sun, C.P.", "C. P. Sun", True),
    ],
)
def test_compatibility(a: str, b: str, same: bool) -> None:
    assert compatible(parse_name(a), parse_name(b)) is same
    assert compatible(parse_name(b), parse_name(a)) is same


def _paper(title: str, *names: str) -> PaperRecord:
    return PaperRecord(
        title=title, authors=[AuthorRef(name=n) for n in names], authors_complete=True, provenance=_SOURCE
    )


def test_a_hyphenated_given_name_is_not_merged_with_its_first_part() -> None:
    graph = assemble(
        [
            _paper("Parallel control and management for intelligent transportation", "Fei-Yue Wang", "Ming Li"),
            _paper("Graph neural networks for molecules", "Fei Wang", "Jia Zhang"),
        ]
    )
    assert sorted(a.name for a in graph.authors.values()) == ["Fei Wang", "Fei-Yue Wang", "Jia Zhang", "Ming Li"]


def test_a_nickname_and_its_name_are_one_person_when_nothing_else_is_compatible() -> None:
    graph = assemble(
        [
            _paper("Matrix theory and the holographic principle", "Tom Banks", "Willy Fischler"),
            _paper("M theory as a matrix model", "Thomas Banks", "Stephen Shenker"),
        ]
    )
    banks = [a for a in graph.authors.values() if "Banks" in a.name]
    assert len(banks) == 1 and sorted([banks[0].name, *banks[0].name_variants]) == ["Thomas Banks", "Tom Banks"]
