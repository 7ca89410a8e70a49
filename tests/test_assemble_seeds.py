"""The graph built from the three real seed pages: the figures and merges of issue 3."""

from __future__ import annotations

import pytest

from graphkit.extract import extract
from graphkit.resolve.assemble import assemble
from graphkit.resolve.graph import KnowledgeGraph
from tests.conftest import EXAMPLES, PROFILE_PAGE


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return assemble(extract(EXAMPLES).records)


def _author(graph: KnowledgeGraph, name: str) -> str:
    (author,) = graph.author_by_name(name)
    return author.id


def test_counts(graph: KnowledgeGraph) -> None:
    counts = graph.counts()
    assert counts["Paper"] == 134
    assert counts["Author"] == 113
    assert counts["AUTHORED"] == 222
    assert counts["COAUTHORED_WITH"] == 186
    assert counts["Category"] == 8
    assert counts["Institution"] == 10


def test_five_papers_listed_on_two_pages_are_merged(graph: KnowledgeGraph) -> None:
    merged = {d.labels[0] for d in graph.decisions if d.entity == "paper" and d.outcome == "merged"}
    assert merged == {
        "Universal Length Generalization with Turing Programs",
        "LoRA Soups: Merging LoRAs for Practical Skill Composition Tasks",
        "Q-Probe: A Lightweight Approach to Reward Maximization for Language Models",
        "Repeat After Me: Transformers are Better than State Space Models at Copying",
        "Mixture of Parrots: Experts improve memorization more than reasoning",
    }
    parrots = next(p for p in graph.papers.values() if p.title and p.title.startswith("Mixture of Parrots"))
    assert len(parrots.sources) == 2 and parrots.score == 20.3 and parrots.abstract


def test_the_profiled_author_wrote_every_paper_on_the_page(graph: KnowledgeGraph) -> None:
    samy = _author(graph, "Samy Jelassi")
    profile_titles = {p.title for p in extract(PROFILE_PAGE).papers}
    samy_titles = {graph.papers[p].title for p in graph.papers_of(samy)}
    assert profile_titles <= samy_titles
    assert len(profile_titles) == 29
    hou = next(p for p in graph.papers.values() if p.title == "Universal Length Generalization with Turing Programs")
    assert graph.authored[(samy, hou.id)] is None  # not among the names shown: position unknown
    author = graph.authors[samy]
    assert (author.profile_h_index, author.profile_citations, author.profile_paper_count) == (96, 1059, 29)


def test_name_variants_are_one_person(graph: KnowledgeGraph) -> None:
    sham = graph.authors[_author(graph, "Sham M. Kakade")]
    assert sham.name == "Sham M. Kakade" and sham.name_variants == ["Sham Kakade"]
    carles = graph.authors[_author(graph, "Carles Domingo-Enrich")]
    assert carles.name_variants == ["Carles Domingo Enrich"]
    rules = {d.rule for d in graph.decisions if d.entity == "author" and d.outcome == "merged"}
    assert rules == {"compatible name variants", "same spelling"}


def test_the_same_person_twice_on_a_paper_is_one_authorship(graph: KnowledgeGraph) -> None:
    extragradient = next(p for p in graph.papers.values() if p.title and p.title.startswith("Extragradient"))
    carles = _author(graph, "Carles Domingo-Enrich")
    assert graph.authored[(carles, extragradient.id)] == 1
    authors = [a for (a, p) in graph.authored if p == extragradient.id]
    assert len(authors) == len(set(authors)) == 2  # Carles and Samy ("et al." hides the rest)
    assert all(a != b for a, b in graph.coauthored_with)


def test_coauthor_weights(graph: KnowledgeGraph) -> None:
    G = graph.coauthor_graph()
    assert G[_author(graph, "Depen Morwani")][_author(graph, "Nikhil Vyas")]["weight"] == 4
    samy = _author(graph, "Samy Jelassi")
    assert G.degree(samy) == 43 == max(d for _, d in G.degree())
    assert G[samy][_author(graph, "Yuanzhi Li")]["weight"] == 4
    assert G[samy][_author(graph, "David Brandfonbrener")]["weight"] == 4
    assert G[samy][_author(graph, "Sham M. Kakade")]["weight"] == 3


def test_categories_and_institutions(graph: KnowledgeGraph) -> None:
    assert set(graph.categories) == {"cs.LG", "cs.CV", "cs.CL", "cs.GT", "math.OC", "stat.ML", "cs.DS", "eess.SY"}
    names = {i.name for i in graph.institutions.values()}
    assert names == {
        "Harvard University", "Microsoft Research", "Princeton University", "University of Washington",
        "Massachusetts Institute of Technology", "Amazon Science", "University of California, Berkeley",
        "Tsinghua University", "Google DeepMind", "NAVER AI Lab",
    }  # fmt: skip
    harvard = next(i for i in graph.institutions.values() if i.name == "Harvard University")
    assert harvard.id == "ror:03vek6s52" and harvard.ror == "https://ror.org/03vek6s52"


def test_networkx_views(graph: KnowledgeGraph) -> None:
    bipartite = graph.authorship_graph()
    assert bipartite.number_of_edges() == 222
    assert bipartite.number_of_nodes() == 134 + 113
    assert graph.citation_graph().number_of_nodes() == 134
