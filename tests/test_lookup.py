"""Name look-up: every way people type a name, on hand-made directories and on two years of hep-th."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.query.library import run_query
from graphkit.query.lookup import (
    AmbiguousNameError,
    Directory,
    NameChoiceWarning,
    Person,
    UnknownNameError,
)
from graphkit.query.paths import author_directory, find_stored_author
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore

PEOPLE = [
    Person("a1", "Sham M. Kakade", ("Sham Kakade", "S. Kakade"), 40),
    Person("a2", "Ann Lee", ("A. Lee",), 12),
    Person("a3", "A. Lee", (), 1),
    Person("a4", "William Chen", (), 7),
    Person("a5", "Stéphane d'Ascoli", (), 3),
    Person("a6", "Bill Lee", (), 2),
]


@pytest.fixture(scope="module")
def directory() -> Directory:
    return Directory(PEOPLE)


def _quiet(directory: Directory, query: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("error", NameChoiceWarning)
        return directory.match(query).id


@pytest.mark.parametrize(
    ("query", "expected", "rule"),
    [
        ("a1", "a1", "id"),
        ("sham kakade", "a1", "spelling"),
        ("SHAM M KAKADE", "a1", "spelling"),
        ("Kakade, Sham", "a1", "spelling"),
        ("Kakade, S.", "a1", "compatible name"),
        ("SM Kakade", "a1", "compatible name"),
        ("Kakade", "a1", "surname"),
        ("kakade", "a1", "surname"),
        ("Sham", "a1", "first name"),
        ("Stephane d'Ascoli", "a5", "spelling"),
        ("d'Ascoli", "a5", "surname"),
        ("Chen", "a4", "surname"),
        ("Will Chen", "a4", "compatible name"),
        ("William", "a4", "first name"),
    ],
)
def test_one_person_is_found_without_a_note(directory: Directory, query: str, expected: str, rule: str) -> None:
    assert _quiet(directory, query) == expected
    assert directory.match(query).rule == rule


def test_several_people_the_one_with_most_papers_is_taken_and_the_others_named(directory: Directory) -> None:
    with pytest.warns(NameChoiceWarning) as caught:
        found = directory.match("A. Lee")
    assert (found.id, [o.id for o in found.others]) == ("a2", ["a3"])
    assert str(caught[0].message) == (
        "'A. Lee' matches 2 people: took Ann Lee (12 papers, id a2); also A. Lee (1 paper, id a3). "
        "Pass an id to choose."
    )
    # A surname several people share: most papers first, every other one listed.
    with pytest.warns(NameChoiceWarning, match=r"'Lee' matches 3 people: took Ann Lee .* also Bill Lee .*; A\. Lee"):
        assert directory.match("Lee").id == "a2"
    with pytest.raises(AmbiguousNameError, match=r"'Lee' matches 3 authors: Ann Lee \(12 papers, id a2\)"):
        directory.match("Lee", strict=True)


def test_a_full_spelling_beats_a_compatible_one_but_the_others_are_still_named(directory: Directory) -> None:
    # "Ann Lee" is spelled exactly by a2; "A. Lee" (a3) is only compatible with it.
    with pytest.warns(NameChoiceWarning, match=r"took Ann Lee .* also A\. Lee \(1 paper, id a3\)"):
        assert directory.match("Ann Lee").id == "a2"
    # A nickname as a first name alone: Bill is William when no one is called Bill first... here someone is.
    assert _quiet(directory, "Bill") == "a6"


def test_unknown_names_suggest_the_closest(directory: Directory) -> None:
    with pytest.raises(UnknownNameError, match=r"no author named 'Sham Kakde'.*Closest: Sham M\. Kakade"):
        directory.match("Sham Kakde")
    with pytest.raises(UnknownNameError, match=r"Closest: Sham M\. Kakade"):
        directory.match("Kakad")
    with pytest.raises(UnknownNameError, match=r"no author named 'Zzyzx'[^C]*$"):
        directory.match("Zzyzx")


@pytest.fixture(scope="module")
def hepth_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """hep-th's abstracts of 1992 and 1993 (1,900 papers): two Wittens, three Sens."""
    folder = shared_data / "snap-cit-HepTh" / "abstracts"
    db = tmp_path_factory.mktemp("hepth") / "g.lbdb"
    build([folder / f"cit-HepTh-abstracts-{year}.tar.gz" for year in (1992, 1993)], db)
    return db


def test_names_on_hep_th(hepth_store: Path) -> None:
    with EmbeddedStore(hepth_store, read_only=True) as store:
        directory = author_directory(store)
        with warnings.catch_warnings():
            warnings.simplefilter("error", NameChoiceWarning)
            for query in ("E. Witten", "Witten, Edward", "edward witten", "A. Sen", "Sen, Ashoke"):
                found = find_stored_author(store, query, directory=directory)
                assert found.name in {"Edward Witten", "Ashoke Sen"} and not found.others
        with pytest.warns(NameChoiceWarning, match=r"'Witten' matches 2 people: took Edward Witten \(\d+ papers"):
            witten = find_stored_author(store, "Witten")
        assert [o.name for o in witten.others] == ["Louis Witten"] and witten.rule == "surname"
        with pytest.warns(NameChoiceWarning, match=r"'Sen' matches 3 people: took Ashoke Sen"):
            sen = find_stored_author(store, "Sen", directory=directory)
        assert {o.name for o in sen.others} == {"Siddhartha Sen", "Diptiman Sen"}
        assert all(sen.papers > o.papers for o in sen.others)
        with pytest.raises(UnknownNameError, match="Closest: Edward Witten"):
            find_stored_author(store, "Edward Witen")


def test_the_command_line_prints_which_person_it_took(hepth_store: Path) -> None:
    result = CliRunner().invoke(main, ["path", "Witten", "Sen", "--db", str(hepth_store)])
    assert result.exit_code in (0, 1), result.output
    notes = result.stderr.splitlines()
    assert notes[0].startswith("graphkit: note: 'Witten' matches 2 people: took Edward Witten (")
    assert notes[1].startswith("graphkit: note: 'Sen' matches 3 people: took Ashoke Sen (")
    assert "Pass an id to choose." in notes[1]


def test_library_queries_take_names_never_an_empty_answer_for_one(hepth_store: Path) -> None:
    with EmbeddedStore(hepth_store, read_only=True) as store:
        witten = find_stored_author(store, "Edward Witten")
        by_id = run_query(store, "coauthors", {"author_id": witten.id})
        with pytest.warns(NameChoiceWarning, match="'Witten' matches 2 people: took Edward Witten"):
            by_name = run_query(store, "coauthors", {"author_id": "Witten"})
        assert by_name == by_id and by_id
        with pytest.raises(UnknownNameError, match="Closest: Edward Witten"):
            run_query(store, "coauthors", {"author_id": "Edward Witen"})
