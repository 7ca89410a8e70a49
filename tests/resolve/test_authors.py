"""Author resolution on constructed cases with hand-worked answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.core.errors import OverridesError
from graphkit.core.models import AuthorRef, PaperRecord, Provenance
from graphkit.core.names import PersonName, compatible, parse_name
from graphkit.resolve.assemble import assemble
from graphkit.resolve.authors import AuthorResolver, compatible_spellings
from graphkit.resolve.overrides import load_overrides

_SOURCE = Provenance(source="constructed", line=1, format="test")


def _paper(title: str, *names: str, orcids: dict[str, str] | None = None) -> PaperRecord:
    orcids = orcids or {}
    authors = [AuthorRef(name=n, ids={"orcid": orcids.get(n)}) for n in names]
    return PaperRecord(title=title, authors=authors, authors_complete=True, provenance=_SOURCE)


def _people(records: list[PaperRecord], overrides_path: Path | None = None) -> list[list[str]]:
    graph = assemble(records, load_overrides(overrides_path))
    return sorted(sorted([a.name, *a.name_variants]) for a in graph.authors.values())


def test_ambiguous_initials_are_not_merged() -> None:
    records = [
        _paper("Risk bounds of multi-pass SGD", "Jingfeng Wu", "Difan Zou"),
        _paper("Neural scene representations", "Jiajun Wu", "Joshua Tenenbaum"),
        _paper("A third paper on something", "J. Wu", "Alice Example"),
    ]
    people = _people(records)
    assert ["J. Wu"] in people and ["Jingfeng Wu"] in people and ["Jiajun Wu"] in people
    graph = assemble(records)
    (note,) = [d for d in graph.decisions if d.outcome == "kept apart"]
    assert note.labels == ["J. Wu", "Jiajun Wu", "Jingfeng Wu"] and "no candidate shares a coauthor" in note.evidence


def test_shared_coauthors_resolve_an_ambiguous_initial() -> None:
    records = [
        _paper("Risk bounds of multi-pass SGD", "Jingfeng Wu", "Difan Zou"),
        _paper("Neural scene representations", "Jiajun Wu", "Joshua Tenenbaum"),
        _paper("Last iterate risk bounds of SGD", "J. Wu", "Difan Zou"),
    ]
    assert ["J. Wu", "Jingfeng Wu"] in _people(records)
    graph = assemble(records)
    (decision,) = [d for d in graph.decisions if d.rule == "compatible name + shared coauthors"]
    assert "difan zou" in decision.evidence


def test_unambiguous_initial_and_middle_name_variants_merge() -> None:
    people = _people([_paper("Paper one two", "Sham M. Kakade"), _paper("Paper three four", "S. Kakade")])
    assert people == [["S. Kakade", "Sham M. Kakade"]]


def test_different_orcids_keep_namesakes_apart() -> None:
    records = [
        _paper("Paper one two", "Wei Wang", orcids={"Wei Wang": "0000-0001-0000-0001"}),
        _paper("Paper three four", "Wei Wang", orcids={"Wei Wang": "0000-0002-0000-0002"}),
    ]
    graph = assemble(records)
    assert len(graph.authors) == 2
    assert {a.id for a in graph.authors.values()} == {"orcid:0000-0001-0000-0001", "orcid:0000-0002-0000-0002"}
    assert any("different orcid ids" in d.evidence for d in graph.decisions if d.outcome == "kept apart")


def test_same_orcid_merges_different_spellings() -> None:
    orcid = {"Yann LeCun": "0000-0002-1825-0097", "Y. Le Cun": "0000-0002-1825-0097"}
    graph = assemble(
        [_paper("Paper one two", "Yann LeCun", orcids=orcid), _paper("Paper three", "Y. Le Cun", orcids=orcid)]
    )
    assert len(graph.authors) == 1


def test_overrides_file_changes_decisions(tmp_path: Path) -> None:
    records = [
        _paper("Paper one two", "Sham M. Kakade", "Tong Zhang"),
        _paper("Paper three four", "Sham Kakade"),
        _paper("Risk bounds of multi-pass SGD", "Jingfeng Wu"),
        _paper("Neural scene representations", "Jiajun Wu"),
        _paper("A third paper on something", "J. Wu"),
    ]
    assert ["Sham Kakade", "Sham M. Kakade"] in _people(records)
    overrides = tmp_path / "overrides.toml"
    overrides.write_text(
        '[authors]\nmust_not_merge = [["Sham M. Kakade", "Sham Kakade"]]\nmust_merge = [["J. Wu", "Jingfeng Wu"]]\n'
    )
    people = _people(records, overrides)
    assert ["Sham M. Kakade"] in people and ["Sham Kakade"] in people
    assert ["J. Wu", "Jingfeng Wu"] in people and ["Jiajun Wu"] in people


def test_malformed_overrides_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "o.toml"
    path.write_text('[authors]\nmust_merge = "J. Wu"\n')
    with pytest.raises(OverridesError, match=r"o.toml: authors.must_merge"):
        load_overrides(path)
    path.write_text("[authors\n")
    with pytest.raises(OverridesError, match="not valid TOML"):
        load_overrides(path)


def test_resolver_needs_author_mentions() -> None:
    from graphkit.resolve.base import Mention

    with pytest.raises(TypeError):
        AuthorResolver().resolve([Mention(label="x")])


def _all_pairs(keys: list[str], parsed: dict[str, PersonName]) -> dict[str, list[str]]:
    return {k: [o for o in keys if o != k and compatible(parsed[k], parsed[o])] for k in keys}


_GIVEN_NAMES = st.sampled_from(
    ["j", "ji", "jia", "jiajun", "jingfeng", "jun", "x", "xi", "m", "j.-f.", "jing-feng", "jingfeng", "ji.",
     "james", "jim", "jimmy", "jamie", "jo", "joseph", "joe", "j-x"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_GIVEN_NAMES, min_size=1, max_size=3), min_size=2, max_size=25))
def test_compatible_spellings_equal_comparing_every_pair(given_names: list[list[str]]) -> None:
    keys = list(dict.fromkeys(" ".join([*given, "wu"]) for given in given_names if given[0].startswith("j")))
    parsed = {k: parse_name(k) for k in keys}
    assert compatible_spellings(keys, parsed) == _all_pairs(keys, parsed)


def test_a_hyper_authored_paper_is_no_coauthor_evidence() -> None:
    """Sharing only a collaboration paper (over the author limit) does not resolve an ambiguous initial."""
    records = [
        _paper("Gradient descent on neural networks", "Jingfeng Wu", "Difan Zou", "Vladimir Braverman"),
        _paper("Benign overfitting of constant-stepsize SGD", "Jiajun Wu", "Joshua Tenenbaum"),
        _paper("Last iterate risk bounds of SGD", "J. Wu", "Difan Zou", "Vladimir Braverman", "Quanquan Gu"),
    ]
    resolved = assemble(records, coauthor_max_authors=4)
    assert sorted(a.name for a in resolved.authors.values() if "Wu" in a.name) == ["Jiajun Wu", "Jingfeng Wu"]
    capped = assemble(records, coauthor_max_authors=3)
    names = sorted(a.name for a in capped.authors.values() if "Wu" in a.name)
    assert names == ["J. Wu", "Jiajun Wu", "Jingfeng Wu"]
    (note,) = [d for d in capped.decisions if d.rule == "ambiguous name"]
    assert "no candidate shares a coauthor" in note.evidence


def test_a_paper_both_spellings_are_on_is_no_evidence_that_they_are_one_person() -> None:
    """'J. Wu' is ambiguous (Jingfeng, Jiajun). Its only coauthor shared with Jingfeng Wu comes from the one paper
    both are on — two people on one byline — so it stays apart (it used to be merged on that paper's evidence)."""
    records = [
        _paper("Scaling laws for linear regression", "Jingfeng Wu", "J. Wu", "Difan Zou"),
        _paper("Neural scene representations", "Jiajun Wu", "Joshua Tenenbaum"),
    ]
    assert _people(records) == [
        ["Difan Zou"], ["J. Wu"], ["Jiajun Wu"], ["Jingfeng Wu"], ["Joshua Tenenbaum"]
    ]  # fmt: skip
