"""Clustering scores on hand-worked cases, and the labelled disambiguation sets read from the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import labelled
from benchmarks.bench_disambiguation import exact_name, graphkit_rules, one_per_block, s2and_input, s2and_python
from graphkit.core.text import fold
from graphkit.resolve.evaluate import b_cubed, pairwise

TRUTH = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}


def test_a_perfect_clustering_scores_one() -> None:
    predicted = {m: f"cluster-{person}" for m, person in TRUTH.items()}
    assert b_cubed(predicted, TRUTH).f1 == pytest.approx(1.0)
    assert pairwise(predicted, TRUTH).f1 == pytest.approx(1.0)


def test_everyone_merged_and_everyone_apart() -> None:
    merged = {m: 0 for m in TRUTH}
    # B³ precision: (3·3/6 + 2·2/6 + 1·1/6) / 6 = 14/36; recall 1.
    assert b_cubed(merged, TRUTH).precision == pytest.approx(14 / 36)
    assert b_cubed(merged, TRUTH).recall == 1.0
    # Pairs: 15 predicted, 3 + 1 true.
    assert pairwise(merged, TRUTH).precision == pytest.approx(4 / 15)
    apart = {m: m for m in TRUTH}
    # B³ recall: (3·1/3 + 2·1/2 + 1) / 6 = 3/6; precision 1. No predicted pairs: pairwise precision 1, recall 0.
    assert b_cubed(apart, TRUTH).precision == 1.0
    assert b_cubed(apart, TRUTH).recall == pytest.approx(0.5)
    assert (pairwise(apart, TRUTH).precision, pairwise(apart, TRUTH).recall) == (1.0, 0.0)


def test_one_wrong_merge_of_a_big_cluster_costs_pairwise_more_than_b_cubed() -> None:
    predicted = {"a1": 1, "a2": 1, "a3": 1, "b1": 1, "b2": 2, "c1": 3}
    assert b_cubed(predicted, TRUTH).f1 > pairwise(predicted, TRUTH).f1


def test_clusterings_of_different_mentions_are_refused() -> None:
    with pytest.raises(ValueError, match="different mentions"):
        b_cubed({"a1": 1}, TRUTH)


def test_the_aminer_names_are_read_despite_their_malformed_xml(shared_data: Path) -> None:
    data = labelled.aminer(shared_data)
    assert len(data.records) == 3000  # 3,017 publications; papers shared by two names are one record
    assert (len(data.truth), len(set(data.truth.values())), len(set(data.block.values()))) == (3015, 637, 57)
    # The one target author no byline names is reported, not guessed.
    assert len(data.unlocated) == 1 and "S. Huang" in data.unlocated[0]
    # Entities are decoded ("&amp;" and HTML ones): no title keeps one.
    assert not [r.title for r in data.records if r.title and "&" in r.title and ";" in r.title]
    for mention in list(data.truth)[:200]:
        assert fold(data.byline_name(mention)).split()[-1] == fold(data.block[mention]).split()[-1]


def test_sets_with_ids_as_truth_hide_the_ids(shared_data: Path) -> None:
    data = labelled.dblp(shared_data)
    assert len(data.truth) == 1550
    assert all(a.ids is None and not a.name[-1].isdigit() for r in data.records for a in r.authors)
    homonyms = {person for person in data.truth.values() if person[-4:].isdigit()}
    assert homonyms  # DBLP's numbered namesakes are in the truth, not in the records


def test_the_benchmark_systems_on_aminer(shared_data: Path) -> None:
    data = labelled.aminer(shared_data)
    floor = b_cubed(one_per_block(data), data.truth)
    assert floor.recall == 1.0 and floor.precision < 0.5  # most names are several people
    assert b_cubed(exact_name(data), data.truth).precision >= floor.precision
    scores = b_cubed(graphkit_rules(data, shared_data), data.truth)
    assert 0.0 < scores.precision <= 1.0 and 0.0 < scores.recall <= 1.0


def test_hepth_submitters_are_weak_labels_on_a_whole_corpus(shared_data: Path) -> None:
    data = labelled.hepth_submitters(shared_data)
    assert data.positive_only and len(data.records) == 29555
    # the submitter found in the byline for 20,954 papers, with 7,829 distinct e-mails; 4,185 reported, not guessed
    assert (len(data.truth), len(set(data.truth.values())), len(data.unlocated)) == (20954, 7829, 4185)
    assert all(address == address.lower() and "@" in address for address in data.truth.values())


def test_sets_are_written_in_s2ands_input_format(shared_data: Path) -> None:
    data = labelled.openalex(shared_data)
    payload, mention_of = s2and_input(data)
    papers, signatures = payload["papers"], payload["signatures"]
    assert isinstance(papers, dict) and isinstance(signatures, dict)
    assert len(papers) == len(data.records) and len(signatures) == len(data.truth) == len(mention_of)
    for signature_id, mention in mention_of.items():
        signature = signatures[signature_id]
        paper = papers[str(signature["paper_id"])]
        info = signature["author_info"]
        # The signature's position points at its own name in the paper's byline, and its block is the set's.
        assert paper["authors"][info["position"]]["author_name"] == data.byline_name(mention)
        assert info["block"] == data.block[mention]
        assert info["last"] and fold(data.byline_name(mention)).endswith(info["last"])
    assert all(p["references"] is None and isinstance(p["authors"], list) for p in papers.values())


def test_s2and_rows_need_an_interpreter_that_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert s2and_python(None) is None  # the benchmark then leaves the S2AND rows out and says so
    assert s2and_python("/opt/s2/bin/python") == "/opt/s2/bin/python"
