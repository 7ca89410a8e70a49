"""Semantic Scholar responses: papers, both citation directions, authors, single items."""

from __future__ import annotations

import json
from pathlib import Path

from graphkit.extract import detect_format, extract
from graphkit.store.build import build_graph


def test_paper_with_references_and_citations(shared_data: Path) -> None:
    path = shared_data / "semantic-scholar" / "Paper.json"
    assert detect_format(path) == "s2"
    document = json.loads(path.read_text("utf-8"))
    matched_references = [r for r in document["references"] if r.get("paperId")]
    result = extract(path)
    assert len(result.papers) == 1 + len(document["references"]) + 1000
    turing = result.papers[0]
    assert (turing.title, turing.ids.dblp, turing.ids.doi, turing.cited_by_count) == (
        "Computing Machinery and Intelligence", "journals/x/Turing50", "10.1093/mind/lix.236.433", 10059)  # fmt: skip
    assert turing.authors[0].name == "A. Turing" and turing.authors[0].ids is not None
    assert turing.authors[0].ids.s2 == "2262347"
    graph = build_graph([path])
    node = graph.papers["doi:10.1093/mind/lix.236.433"]
    assert sum(1 for _, cited in graph.cites if cited == node.id) == 1000  # every citing paper
    assert sum(1 for citing, _ in graph.cites if citing == node.id) == len(matched_references)
    assert node.citation_count == 10059  # reported; the graph itself holds 1000 of them


def test_author_with_papers_and_single_items(shared_data: Path) -> None:
    folder = shared_data / "semantic-scholar"
    author = extract(folder / "Author.json")
    assert len(author.papers) == 60
    assert all(any(a.name == "A. Turing" for a in p.authors) for p in author.papers)
    assert len(extract(folder / "Reference.json").papers) == 1
    assert len(extract(folder / "Citation.json").papers) == 1


def test_paged_list_says_it_has_no_focal_paper(tmp_path: Path) -> None:
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"offset": 0, "next": 2, "data": [{"citedPaper": {"paperId": "a" * 40, "title": "X"}}]}))
    result = extract(page, format="s2")
    assert len(result.papers) == 1 and "no focal paper" in result.reports[0].warnings[0]
